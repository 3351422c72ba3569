"""The public changelog: what readers see of changes, and what they never see."""

import csv
import io

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from changelog.models import ChangelogEntry
from changelog.services import changelog_rebuild, changelog_refresh
from companies.models import Company
from fuzzydate import FuzzyDate
from tests.conftest import make_company, make_event, make_source
from timeline.models import Event
from timeline.services import PromisedTerms, target_restate

pytestmark = pytest.mark.django_db


def texts(client, url="/changes/"):
    response = client.get(url)
    assert response.status_code == 200
    return [change.text for change in response.context["change_list"]]


def test_a_new_published_event_is_told_in_words(client):
    make_event(title="QSE-5 B-samples shipped", date="Oct 2024")
    assert "New milestone: QSE-5 B-samples shipped (Oct 2024)" in texts(client)


def test_a_restated_target_shows_its_old_and_new_date(client):
    company = make_company(name="Samsung SDI")
    target = make_event(
        title="Samsung SDI mass production", kind="target", date="~2027", companies=[company]
    )
    changelog_refresh()
    earlier = PromisedTerms(date=target.date, stage=target.stage, announced=target.announced)
    target_restate(
        target=target,
        earlier=earlier,
        restated=FuzzyDate.parse("Jun 2026"),
        source=make_source(),
    )
    target.date = "H1 2028"
    target.save()
    newest = texts(client)[0]
    assert newest.startswith("Samsung SDI mass production: date ~2027 → H1 2028 (restated)")
    assert ChangelogEntry.objects.first().change == "restated"


def test_draft_edits_never_appear_and_publishing_does(client):
    draft = make_event(title="Secret plan", published=False)
    draft.title = "Secret plan, renamed"
    draft.save()
    assert not any("Secret" in text for text in texts(client))
    draft.published = True
    draft.save()
    assert texts(client)[0] == "Published: Secret plan, renamed (Oct 2024)"
    assert not any("renamed" in text and "→" in text for text in texts(client))


def test_admin_only_fields_and_editors_names_never_appear(client):
    editor = get_user_model().objects.create_user("alice-the-editor")
    event = make_event(title="Pilot line opens")
    changelog_refresh()
    count = ChangelogEntry.objects.count()
    event.last_verified = "2026-01-05"
    event._history_user = editor
    event.save()
    changelog_refresh()
    assert ChangelogEntry.objects.count() == count  # only an admin-only field changed
    event.title = "Pilot line opened"
    event._history_user = editor
    event.save()
    page = client.get("/changes/").content.decode()
    assert "Pilot line opened: title Pilot line opens → Pilot line opened" in page
    for url in ["/changes/", "/changes.csv", "/changes/feed/"]:
        body = client.get(url).content.decode()
        assert "alice-the-editor" not in body
        assert "verified" not in body.lower()


def test_a_draft_company_is_never_named_in_an_events_change(client):
    event = make_event(title="Joint pilot")
    changelog_refresh()
    event.companies.add(make_company(name="Hidden Partner", published=False))
    event.companies.add(make_company(name="Known Partner"))
    page = client.get("/changes/").content.decode()
    assert "Known Partner" in page
    assert "Hidden Partner" not in page


def test_unpublishing_and_deleting_are_told_without_links(client):
    event = make_event(title="Withdrawn claim")
    changelog_refresh()
    event.published = False
    event.title = "Never public title"
    event.save()
    assert texts(client)[0] == "Withdrawn milestone: Withdrawn claim"
    assert "Never public" not in client.get("/changes/").content.decode()
    assert all(not change.url for change in ChangelogEntry.objects.of_entry(event))


def test_filters_by_company_kind_and_change(client):
    bmw = make_company(name="BMW", slug="bmw")
    make_event(title="BMW target", kind="target", date="2030", companies=[bmw])
    make_event(title="Other milestone")
    assert texts(client, "/changes/?company=bmw&kind=target") == ["New target: BMW target (2030)"]
    assert "New milestone: Other milestone (Oct 2024)" in texts(client, "/changes/?change=new")


@pytest.mark.parametrize(
    "query",
    [
        "?kind=banana",
        "?company=no-such-company",
        "?company=%00",
        "?change=%00",
        "?kind=" + "x" * 5000,
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(client, query):
    make_event()
    response = client.get("/changes/" + query)
    assert response.status_code == 200
    assert b"These filters could not be applied" in response.content
    assert response.context["change_list"] == []
    assert client.get("/changes.csv" + query).status_code == 400


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1e9", "%00"])
def test_bad_page_numbers_are_not_found(client, page):
    make_event()
    assert client.get(f"/changes/?page={page}").status_code == 404


def test_pages_hold_fifty_changes_newest_first(client):
    for n in range(55):
        make_event(title=f"Event number {n}", companies=[make_company()])
    changelog_refresh()
    first = client.get("/changes/")
    assert len(first.context["change_list"]) == 50
    assert first.context["change_list"][0].changed >= first.context["change_list"][49].changed
    assert client.get("/changes/?page=2").status_code == 200


def test_the_page_costs_the_same_few_queries_whatever_the_size(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        make_event()
    client.get("/changes/")  # told once; later requests only check for news
    with django_assert_max_num_queries(6):
        client.get("/changes/")
    for _ in range(60):
        make_event()
    client.get("/changes/")
    with django_assert_max_num_queries(6):
        client.get("/changes/?page=2")


def test_the_csv_lists_every_change_with_formulas_escaped(client):
    make_event(title="=HYPERLINK(1)")
    response = client.get("/changes.csv?kind=milestone")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["changed", "kind", "change", "entry", "description", "url"]
    assert rows[1][3] == "'=HYPERLINK(1)"
    assert rows[1][5].startswith("http://testserver/timeline/")


def test_the_feed_parses_and_lists_the_latest_change_first(client):
    event = make_event(title="Fleet test")
    changelog_refresh()
    event.date = "2026"
    event.save()
    feed = feedparser.parse(client.get("/changes/feed/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].title == "Fleet test: date Oct 2024 → 2026"
    assert "New milestone: Fleet test (Oct 2024)" in [entry.title for entry in feed.entries]


def test_each_entry_page_links_its_own_history(client):
    company = make_company(name="Factorial", slug="factorial")
    event = make_event(title="Road test", companies=[company], slug="road-test")
    make_event(title="Unrelated")
    page = client.get("/timeline/road-test/").content.decode()
    assert 'href="/timeline/road-test/history/"' in page
    assert texts(client, "/timeline/road-test/history/") == ["New milestone: Road test (Oct 2024)"]
    assert (
        'href="/companies/factorial/history/"'
        in client.get("/companies/factorial/").content.decode()
    )
    assert texts(client, "/companies/factorial/history/") == ["New company: Factorial"]
    event.published = False
    event.save()
    assert client.get("/timeline/road-test/history/").status_code == 404


def test_a_draft_company_has_no_history_page(client):
    make_company(slug="secret", published=False)
    assert client.get("/companies/secret/history/").status_code == 404


def test_rebuild_tells_the_same_changes_again():
    make_event(title="One")
    Company.objects.update()  # no history
    changelog_refresh()
    before = list(ChangelogEntry.objects.values_list("text", flat=True))
    changelog_rebuild()
    assert list(ChangelogEntry.objects.values_list("text", flat=True)) == before


def test_a_second_refresh_writes_nothing():
    make_event()
    assert changelog_refresh() > 0
    assert changelog_refresh() == 0
    assert Event.objects.count() == 1


def test_the_rebuild_command_reports_what_it_wrote():
    make_event()
    out = io.StringIO()
    call_command("changelog_rebuild", stdout=out)
    assert f"Changelog rebuilt: {ChangelogEntry.objects.count()} public changes." in out.getvalue()


def test_synthetic_data_is_told_when_loaded_and_forgotten_when_removed(snapshot):
    out = io.StringIO()
    call_command("seed_synthetic", "--companies", "5", "--events", "20", "--history", stdout=out)
    assert ChangelogEntry.objects.filter(url__contains="synthetic-").exists()
    call_command("seed_synthetic", "--remove", stdout=out)
    assert not ChangelogEntry.objects.filter(url__contains="synthetic-").exists()
    assert ChangelogEntry.objects.filter(text__startswith="New company: BMW").exists()
