"""A target is one promise with one live date and a dated history, wherever readers look."""

import csv
import datetime
import io
import json

import icalendar
import pytest
from django.urls import reverse

from tests.companies.test_admin import page_form_data
from tests.conftest import make_company, make_event, make_source
from tests.editorial.test_locking import form_data
from timeline.models import Event, Restatement
from timeline.services import NEEDS_A_KIND

pytestmark = pytest.mark.django_db


def restate_in_admin(client, event, **changes):
    url = reverse("admin:timeline_event_change", args=[event.pk])
    data = form_data(client.get(url), **changes)
    data.update({"restatements-TOTAL_FORMS": "0", "restatements-INITIAL_FORMS": "0"})
    return client.post(url, data)


@pytest.fixture
def sdi(snapshot):
    return Event.objects.get(slug="samsung-sdi-mass-production")


@pytest.fixture
def news():
    return make_source(url="https://example.org/sdi-h1-2028", title="SDI moves to H1 2028")


# --- The editor says what a new date is ---------------------------------------------------


def test_changing_a_published_targets_date_asks_correction_or_restatement(editor_client, sdi):
    response = restate_in_admin(editor_client, sdi, date="H1 2028")
    assert response.status_code == 200
    assert NEEDS_A_KIND in response.content.decode()
    sdi.refresh_from_db()
    assert str(sdi.date) == "~2027" and not sdi.restatements.exists()


def test_a_restatement_in_the_admin_keeps_the_earlier_date(editor_client, sdi, news):
    response = restate_in_admin(
        editor_client,
        sdi,
        date="H1 2028",
        date_change="restatement",
        restated="Jun 2026",
        restatement_source=str(news.pk),
    )
    assert response.status_code == 302
    sdi.refresh_from_db()
    assert (str(sdi.date), str(sdi.announced)) == ("H1 2028", "Jun 2026")
    (kept,) = sdi.restatements.all()
    assert (str(kept.date), str(kept.announced), kept.source) == ("~2027", "Dec 2024", news)


def test_a_restatement_without_its_day_and_source_is_refused(editor_client, sdi):
    response = restate_in_admin(editor_client, sdi, date="H1 2028", date_change="restatement")
    html = response.content.decode()
    assert response.status_code == 200
    assert "needs the day" in html and "needs the source" in html
    assert not Restatement.objects.exists()


def test_a_correction_changes_the_date_and_records_no_slip(editor_client, sdi):
    response = restate_in_admin(editor_client, sdi, date="2028", date_change="correction")
    assert response.status_code == 302
    sdi.refresh_from_db()
    assert str(sdi.date) == "2028" and not sdi.restatements.exists()
    assert str(sdi.history.first().date) == "2028"  # the correction is in the history


def test_a_draft_target_moves_without_the_question(editor_client):
    draft = make_event(kind="target", date="2027", published=False)
    assert restate_in_admin(editor_client, draft, date="2029").status_code == 302


def test_restoring_an_older_date_asks_too_then_records_the_restatement(editor_client, sdi, news):
    old = sdi.history.earliest()
    sdi.date = "2029"
    sdi.save()
    url = reverse("admin:timeline_event_history_restore", args=[sdi.pk, old.history_id])
    listed = editor_client.get(url)  # first the page of what changes, as for every restore
    assert [(c.old, c.new) for c in listed.context["plan"].changes if c.label == "Date"] == [
        ("2029", "~2027")
    ]
    page = editor_client.post(url)
    assert page.status_code == 200 and "correction or restatement" in page.content.decode()
    sdi.refresh_from_db()
    assert str(sdi.date) == "2029"
    response = editor_client.post(
        url,
        {"date_change": "restatement", "restated": "Mar 2026", "restatement_source": news.pk},
    )
    assert response.status_code == 302
    sdi.refresh_from_db()
    assert (str(sdi.date), str(sdi.announced)) == ("~2027", "Mar 2026")
    assert [str(r.date) for r in sdi.restatements.all()] == ["2029"]


# --- Readers see one live date, with its history ------------------------------------------


@pytest.fixture
def restated(sdi, news, editor):
    from timeline.services import PromisedTerms, target_restate

    earlier = PromisedTerms.of(sdi)
    sdi.date = "H1 2028"
    target_restate(target=sdi, earlier=earlier, restated="Jun 2026", source=news, user=editor)
    sdi.save()
    return sdi


@pytest.fixture
def superseded(snapshot):
    catl = Event.objects.get(slug="catl-small-batch-production")
    later = make_event(
        slug="catl-2028",
        title="CATL small-batch production, moved",
        kind="target",
        date="2028",
        announced="Jan 2026",
        companies=list(catl.companies.all()),
        supersedes=catl,
    )
    return catl, later


def test_the_timeline_shows_one_live_date_with_the_earlier_one_folded(client, restated):
    response = client.get("/timeline/?company=samsung-sdi")
    assert [str(e.date) for e in response.context["event_list"]] == ["H1 2028"]
    html = response.content.decode()
    assert "H1 2028" in html
    assert 'was <span class="event__was-date">~2027</span>' in html
    assert "restated Jun 2026" in html and "https://example.org/sdi-h1-2028" in html


def test_a_replaced_target_is_folded_under_its_replacement(client, superseded):
    catl, later = superseded
    html = client.get("/timeline/?company=catl").content.decode()
    assert html.count(f'href="{catl.get_absolute_url()}"') == 0
    assert later.title in html and "replaced Jan 2026 by a later target" in html
    page = client.get(catl.get_absolute_url()).content.decode()
    assert "is not a live promise any more" in page and later.title in page


def test_home_next_targets_show_only_live_dates(client, restated, superseded):
    html = client.get("/").content.decode()
    next_targets = html[html.index('id="targets-heading"') :]
    next_targets = next_targets[: next_targets.index("</section>")]
    assert "~2027" not in next_targets.replace('was <span class="event__was-date">~2027', "")
    assert "CATL small-batch production, moved" in next_targets
    assert "CATL small-batch all-solid-state production" not in next_targets


def test_the_calendar_holds_one_entry_per_promise(client, restated, superseded):
    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics").content)
    entries = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    (sdi,) = [e for summary, e in entries.items() if "Samsung SDI" in summary]
    assert sdi["dtstart"].dt == datetime.date(2028, 1, 1)
    assert not [s for s in entries if "CATL small-batch all-solid-state production" in s]
    assert [s for s in entries if "CATL small-batch production, moved" in s]


def test_the_api_lists_live_dates_with_their_earlier_ones(client, restated, superseded):
    rows = client.get("/api/events/?kind=target&page_size=50").json()["results"]
    slugs = [row["slug"] for row in rows]
    assert "catl-small-batch-production" not in slugs and "catl-2028" in slugs
    (sdi,) = [row for row in rows if row["slug"] == "samsung-sdi-mass-production"]
    assert sdi["date"] == "H1 2028"
    (was,) = sdi["earlier_dates"]
    assert (was["date"], was["how"], was["replaced"]) == ("~2027", "restated", "Jun 2026")
    assert was["source"] == "https://example.org/sdi-h1-2028"
    detail = client.get("/api/events/catl-small-batch-production/").json()
    assert detail["replaced_by"] == "catl-2028"


def test_the_downloads_hold_live_rows_and_the_promises_their_dates(client, restated, superseded):
    rows = csv.DictReader(io.StringIO(client.get("/data/events.csv").content.decode()))
    slugs = [row["slug"] for row in rows]
    assert "catl-small-batch-production" not in slugs and "catl-2028" in slugs
    promises = json.loads(client.get("/data/promises.json").content)["items"]
    (sdi,) = [p for p in promises if p["targets"][-1]["slug"] == "samsung-sdi-mass-production"]
    assert [step["date"] for step in sdi["targets"]] == ["~2027", "H1 2028"]


def test_slips_and_the_scorecard_show_the_restatement(client, restated):
    slips = client.get("/timeline/slips/").content.decode()
    assert "Samsung SDI all-solid-state mass production" in slips
    assert "announced Dec 2024 for ~2027 → announced Jun 2026 for H1 2028" in slips.replace(
        "Announced", "announced"
    )
    company = client.get("/companies/samsung-sdi/").content.decode()
    assert "restated Jun 2026" in company


def test_an_overdue_target_is_marked_for_readers(client):
    make_event(kind="target", title="Long overdue", date="2020", companies=[make_company()])
    html = client.get("/timeline/").content.decode()
    item = html[html.index("Long overdue") :]
    assert "Overdue" in item[: item.index("</article>")]


# --- Dates sit where they mean ------------------------------------------------------------


def test_a_late_2020s_target_has_its_own_heading_not_2027(client, snapshot):
    html = client.get("/timeline/?kind=target").content.decode()
    assert 'id="year-2027–2029"' in html
    section = html[html.index('id="year-2027–2029"') :]
    assert "BMW: broader commercialisation" in section[: section.index("</section>")]
    plain_2027 = html[html.index('id="year-2027"') :]
    assert "BMW" not in plain_2027[: plain_2027.index("</section>")]


def test_the_2030_band_lists_the_late_2020s_target(client, snapshot):
    # "~2030: ... broader adoption closer to the end of the decade" spans 2029 to 2030.
    html = client.get("/").content.decode()
    band = html[html.index('id="horizon-2030"') :]
    assert "BMW: broader commercialisation" in band[: band.index("</li>\n")]


def test_the_year_filter_offers_wholly_inside_or_overlapping(client, snapshot):
    inside = client.get("/timeline/?year_from=2029&year_to=2029").context["event_list"]
    overlapping = client.get("/timeline/?year_from=2029&year_to=2029&match=overlap")
    assert list(inside) == []
    assert [e.slug for e in overlapping.context["event_list"]] == ["bmw-broader-commercialisation"]
    assert "Overlapping the years" in overlapping.content.decode()


def test_filter_choices_offer_only_values_with_events_and_their_counts(client, snapshot):
    html = client.get("/timeline/").content.decode()
    assert "Road test (2)" in html and "A-sample" not in html.split('id="id_stage"')[1][:2000]
    assert "Ford (" not in html  # Ford has no event
    asked = client.get("/timeline/?stage=a_sample").content.decode()
    assert "A-sample (0)" in asked  # the value asked for stays, with its count


# --- Milestones meet promises and the ladder -------------------------------------------------


def test_saving_a_milestone_offers_the_open_target_it_may_meet(editor_client, snapshot):
    catl = make_company(slug="catl-cells", name="CATL Cells")
    target = make_event(kind="target", stage="pilot_line", date="2027", companies=[catl])
    milestone = make_event(kind="milestone", stage="pilot_line", date="Mar 2027", companies=[catl])
    url = reverse("admin:timeline_event_change", args=[milestone.pk])
    data = form_data(editor_client.get(url), title="Pilot line opens")
    data.update({"restatements-TOTAL_FORMS": "0", "restatements-INITIAL_FORMS": "0"})
    response = editor_client.post(url, data)
    meets = reverse("admin:timeline_event_meets", args=[milestone.pk])
    assert response["Location"] == meets
    page = editor_client.get(meets).content.decode()
    assert target.title in page
    editor_client.post(meets, {"target": target.pk})
    milestone.refresh_from_db()
    assert milestone.fulfils == target
    queue = editor_client.get(reverse("admin:timeline_review")).content.decode()
    assert "Link: it meets this target" not in queue


def test_the_review_queue_lists_likely_unlinked_pairs(editor_client):
    company = make_company()
    target = make_event(kind="target", stage="b_sample", date="2026", companies=[company])
    milestone = make_event(kind="milestone", stage="b_sample", date="Oct 2025", companies=[company])
    html = editor_client.get(reverse("admin:timeline_review")).content.decode()
    section = html[html.index('id="unlinked-milestones"') :]
    assert milestone.title in section and target.title in section
    assert "Link: it meets this target" in section


EXPECTED_LADDER = {
    # company: (shown stage, current target stage and date, chemistry)
    "NIO": ("Customer deployment", None, "Semi-solid"),
    "WeLion": ("Customer deployment", None, "Semi-solid"),
    "BMW": ("Road test", "late 2020s", "All solid-state"),
    "Solid Power": ("Road test", "late 2020s", "All solid-state"),
    "Factorial Energy": ("Road test", "2026", "All solid-state"),
    "Mercedes-Benz": ("Road test", None, "All solid-state"),
    "Stellantis": ("Validation", "2026", "All solid-state"),
    "QuantumScape": ("B-sample", None, "All solid-state"),
    "Samsung SDI": (None, "~2027", "All solid-state"),
    "CATL": (None, "~2027", "All solid-state"),
    "Ford": (None, None, ""),
}


def test_the_ladder_shows_every_seeded_company_from_the_snapshot(client, snapshot):
    rows = {row.company.name: row for row in client.get("/ladder/").context["rows"]}
    for name, (shown, target_date, chemistry) in EXPECTED_LADDER.items():
        row = rows[name]
        assert (row.shown.get_stage_display() if row.shown else None) == shown, name
        assert (str(row.target.date) if row.target else None) == target_date, name
        assert row.chemistry_label == chemistry, name
    assert len(rows) == 12  # every published company has a row


def test_the_ladder_filters_by_chemistry_and_role(client, snapshot):
    semi = client.get("/ladder/?chemistry=semi_solid").context["rows"]
    assert {row.company.name for row in semi} == {"NIO", "WeLion"}
    automakers = client.get("/ladder/?role=automaker").context["rows"]
    assert {row.company.role for row in automakers} == {"automaker"}


def test_the_ladder_counts_moves_and_draws_without_javascript(client, restated):
    response = client.get("/ladder/")
    (sdi,) = [row for row in response.context["rows"] if row.company.name == "Samsung SDI"]
    assert (sdi.moves, sdi.moved_months) == (1, 6)
    html = response.content.decode()
    assert '<svg class="ladder-chart"' in html and "<script" not in html
    assert "1 time, +6 months" in html


# --- Empty flagship pages explain themselves ------------------------------------------------


def test_an_empty_slips_page_says_what_it_will_show_and_links_to_the_ladder(client, snapshot):
    html = client.get("/timeline/slips/").content.decode()
    assert "No target has moved yet" in html and "Restatement: the company moved it" in html
    assert 'href="/ladder/"' in html


def test_scorecards_with_nothing_measured_say_why(client, snapshot):
    html = client.get("/companies/scorecards/").content.decode()
    assert "no slip to measure yet" in html and 'href="/ladder/"' in html


def test_restatements_count_as_moves_in_the_past_day_view(client, restated):
    today = datetime.date.today().isoformat()
    html = client.get(f"/timeline/?as_of={today}&company=samsung-sdi").content.decode()
    assert "H1 2028" in html and "restated Jun 2026" in html


def test_the_feed_shows_one_live_date_per_promise(client, superseded):
    import feedparser

    titles = [
        entry.title for entry in feedparser.parse(client.get("/feeds/events/").content).entries
    ]
    assert any("CATL small-batch production, moved (2028)" in title for title in titles)
    assert not any("CATL small-batch all-solid-state production" in title for title in titles)


def test_an_earlier_date_changed_elsewhere_is_merged_into_the_targets_form(
    admin_client, restated, django_user_model
):
    """Superusers edit earlier dates inline (editors record them through the question)."""
    url = reverse("admin:timeline_event_change", args=[restated.pk])
    page = admin_client.get(url)
    restatement = restated.restatements.get()
    restatement.stage = "pilot_line"
    restatement._history_user = django_user_model.objects.create_user("other")
    restatement.save()  # another editor, on the restatement alone

    merged = admin_client.post(url, page_form_data(page, title="Samsung SDI, moved"))

    assert merged.status_code == 200
    assert merged.context["edit_merges"][0].taken == ["Stage"]
    assert admin_client.post(url, page_form_data(merged)).status_code == 302
    restatement.refresh_from_db()
    assert restatement.stage == "pilot_line"
    assert Event.objects.get(pk=restated.pk).title == "Samsung SDI, moved"
