"""The admin as an editor lives in it: lists, forms, validation, history, review and access."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Partnership, Source
from editorial.history import versions_of
from editorial.locking import VERSION_FIELD
from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Briefing, Challenge, Event, Horizon

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    "companies/source",
    "companies/company",
    "companies/partnership",
    "timeline/event",
    "timeline/horizon",
    "timeline/challenge",
    "timeline/briefing",
]


@pytest.mark.parametrize("model", CONTENT_MODELS)
def test_editor_opens_every_list_add_and_history_page(editor_client, snapshot, model):
    app_label, model_name = model.split("/")
    changelist = editor_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    assert editor_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
    first = changelist.context["cl"].result_list[0]
    change = reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk])
    assert editor_client.get(change).status_code == 200
    history = reverse(f"admin:{app_label}_{model_name}_history", args=[first.pk])
    assert editor_client.get(history).status_code == 200


def test_event_list_shows_every_snapshot_event_with_fuzzy_dates(editor_client, snapshot):
    response = editor_client.get(reverse("admin:timeline_event_changelist"))
    content = response.content.decode()
    for event in Event.objects.all():
        assert event.title in content
    assert "mid-2024" in content and "~2027" in content


def test_company_list_shows_every_snapshot_company(editor_client, snapshot):
    response = editor_client.get(reverse("admin:companies_company_changelist") + "?all=")
    content = response.content.decode()
    for name in ["Samsung SDI", "CATL", "QuantumScape", "Ford", "Volkswagen / PowerCo"]:
        assert name in content


def test_filters_by_year_and_kind(editor_client, snapshot):
    url = reverse("admin:timeline_event_changelist")
    response = editor_client.get(url, {"year": "2027", "kind__exact": "target"})
    titles = {event.title for event in response.context["cl"].result_list}
    assert titles == {
        "Samsung SDI all-solid-state mass production",
        "CATL small-batch all-solid-state production",
        "BMW: broader commercialisation later in the decade",
    }


def event_form(**overrides):
    from companies.models import Company

    data = {
        "title": "New pilot line",
        "slug": "new-pilot-line",
        "companies": [Company.objects.get(slug="catl").pk],
        "date": "q3 2026",
        "kind": "milestone",
        "stage": "pilot_line",
        "chemistry": "all_solid",
        "status": "",
        "announced": "",
        "summary": "",
        "published": "on",
    }
    data.update(overrides)
    return data


def test_editor_adds_an_event_typing_a_fuzzy_date(editor_client, editor, snapshot):
    response = editor_client.post(reverse("admin:timeline_event_add"), event_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="new-pilot-line")
    assert str(event.date) == "Q3 2026"
    assert event.history.latest().history_user == editor


def test_unreadable_date_gets_a_plain_message_and_saves_nothing(editor_client, snapshot):
    response = editor_client.post(reverse("admin:timeline_event_add"), event_form(date="soon"))
    assert response.status_code == 200
    assert 'Cannot read "soon"' in html.unescape(response.content.decode())
    assert not Event.objects.filter(slug="new-pilot-line").exists()


def test_milestone_with_a_status_is_refused_in_plain_words(editor_client, snapshot):
    response = editor_client.post(reverse("admin:timeline_event_add"), event_form(status="delayed"))
    assert "Only targets have a status" in response.content.decode()


def test_publish_action_lists_what_changes_then_publishes_on_confirmation(editor_client, snapshot):
    Event.objects.filter(slug="catl-small-batch-production").update(published=False)
    draft = Event.objects.get(slug="catl-small-batch-production")
    public = Event.objects.filter(published=True).first()
    data = {"action": "publish", "_selected_action": [draft.pk, public.pk]}

    asked = editor_client.post(reverse("admin:timeline_event_changelist"), data)

    assert asked.status_code == 200
    assert [entry.pk for entry in asked.context["changing"]] == [draft.pk]
    assert [entry.pk for entry in asked.context["unchanged"]] == [public.pk]
    assert "<del>draft</del> → <ins>public</ins>" in asked.content.decode()
    assert not Event.objects.get(pk=draft.pk).published  # asking writes nothing

    editor_client.post(reverse("admin:timeline_event_changelist"), {**data, "post": "yes"})
    assert Event.objects.get(pk=draft.pk).published


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("admin:timeline_event_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_unpublish_action_makes_drafts_and_records_who(editor_client, editor, snapshot):
    event = Event.objects.get(slug="catl-small-batch-production")
    response = editor_client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "unpublish", "_selected_action": [event.pk], "post": "yes"},
        follow=True,
    )
    assert "1 unpublished (now drafts)." in response.content.decode()
    event.refresh_from_db()
    assert not event.published
    assert event.history.latest().history_user == editor


def test_drafts_are_listed_and_filterable_in_the_admin(editor_client, snapshot):
    Event.objects.filter(slug="catl-small-batch-production").update(published=False)
    url = reverse("admin:timeline_event_changelist")
    drafts = editor_client.get(url, {"published__exact": "0"}).context["cl"].result_list
    assert [event.slug for event in drafts] == ["catl-small-batch-production"]


def test_change_form_of_a_draft_links_to_its_page_on_the_site(editor_client):
    event = make_event(published=False)
    response = editor_client.get(reverse("admin:timeline_event_change", args=[event.pk]))
    assert "View on site" in response.content.decode()


# -- The admin home


def test_admin_home_shows_what_needs_attention_and_the_latest_changes(editor_client, editor):
    draft = make_event(title="Draft pilot line", published=False)
    make_event(kind="target", date="2020", title="Old target")
    draft._history_user = editor
    draft.save()

    response = editor_client.get(reverse("admin:index"))

    page = html.unescape(response.content.decode())
    assert "Needs attention" in page
    assert "Draft events" in page and "?published__exact=0" in page
    assert "Overdue targets" in page and "Published events not verified recently" in page
    assert "Latest changes" in page
    assert "Draft pilot line (Oct 2024)" in page
    assert reverse("admin:timeline_event_history", args=[draft.pk]) in page
    assert reverse("admin:timeline_review") in page


def test_admin_home_counts_drafts_per_model(editor_client, snapshot):
    Event.objects.filter(slug="catl-small-batch-production").update(published=False)
    Company.objects.filter(slug="catl").update(published=False)
    page = html.unescape(editor_client.get(reverse("admin:index")).content.decode())
    assert "Draft events" in page and "Draft companies" in page


def build_rows(count: int) -> None:
    """`count` entries of every content model, each with related rows, all changed once."""
    for n in range(count):
        source = make_source()
        developer, partner = make_company(), make_company(role="automaker")
        developer.sources.add(source)
        make_partnership(developer=developer, partner=partner).sources.add(source)
        event = make_event(companies=[developer, partner], sources=[source], kind="target")
        event.title = f"Changed {n}"
        event.save()
        Horizon.objects.create(
            slug=f"h-{n}-{event.pk}", label=f"~{n}", first_year=2020, last_year=2030, headline="h"
        )
        challenge = Challenge.objects.create(slug=f"c-{event.pk}", title=f"C {n}", summary="s")
        challenge.events.add(event)
        Briefing.objects.create(slug=f"b-{event.pk}", title=f"B {n}", body="b")


def queries_for(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:timeline_review",
        *(f"admin:{model.replace('/', '_')}_changelist" for model in CONTENT_MODELS),
        *(f"admin:{model.replace('/', '_')}_deleted" for model in CONTENT_MODELS),
    ],
)
def test_admin_lists_run_the_same_queries_for_5_and_50_rows(editor_client, url_name):
    url = reverse(url_name)
    build_rows(5)
    for model in [Event, Company, Partnership, Source, Horizon, Challenge, Briefing]:
        model.objects.order_by("pk").first().delete()  # something in the deleted lists
    small = queries_for(editor_client, url)
    build_rows(45)
    for model in [Event, Company, Partnership, Source]:
        model.objects.order_by("-pk").first().delete()
    assert queries_for(editor_client, url) == small


@pytest.mark.parametrize(
    "make_entry",
    [
        lambda: make_event(companies=[make_company(), make_company()], sources=[make_source()]),
        lambda: make_partnership(),
        lambda: make_company(),
    ],
    ids=["event", "partnership", "company"],
)
def test_history_pages_run_the_same_queries_for_5_and_50_versions(
    editor_client, editor, make_entry
):
    entry = make_entry()
    opts = entry._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[entry.pk])

    def grow_to(count):
        while versions_of(entry).count() < count:
            entry.summary = f"Version {versions_of(entry).count()}"
            entry._history_user = editor
            entry.save()

    grow_to(5)
    small = queries_for(editor_client, url)
    grow_to(50)
    assert queries_for(editor_client, url) == small


# -- The review queue


def test_review_queue_lists_stale_overdue_and_unsourced_entries(editor_client):
    stale = make_event(title="Unchecked claim", last_verified=datetime.date(2020, 1, 1))
    overdue = make_event(title="Missed target", kind="target", date="2021")
    fresh = make_event(
        title="Fresh claim", last_verified=datetime.date.today(), sources=[make_source()]
    )

    response = editor_client.get(reverse("admin:timeline_review"))

    sections = {section["key"]: section["rows"] for section in response.context["sections"]}
    assert stale in sections["stale-events"]
    assert overdue in sections["overdue-targets"]
    assert fresh not in sections["stale-events"] and fresh not in sections["unsourced-events"]
    page = html.unescape(response.content.decode())
    assert "Mark verified today" in page
    assert reverse("admin:timeline_event_change", args=[stale.pk]) in page


def test_mark_verified_today_takes_an_entry_off_the_queue_and_records_it(editor_client, editor):
    company = make_company(name="Unchecked Cells", last_verified=None)
    company.sources.add(make_source())
    url = reverse("admin:timeline_review_verified", args=["company", company.pk])

    response = editor_client.post(url, follow=True)

    assert "“Unchecked Cells” is marked verified today." in response.content.decode()
    company.refresh_from_db()
    assert company.last_verified == datetime.date.today()
    assert company.history.latest().history_user == editor
    sections = {section["key"]: section["rows"] for section in response.context["sections"]}
    assert company not in sections["stale-companies"]


def test_mark_verified_needs_a_post_and_a_known_model(editor_client):
    event = make_event()
    assert (
        editor_client.get(
            reverse("admin:timeline_review_verified", args=["event", event.pk])
        ).status_code
        == 405
    )
    assert (
        editor_client.post(
            reverse("admin:timeline_review_verified", args=["source", event.pk])
        ).status_code
        == 404
    )
    assert (
        editor_client.post(
            reverse("admin:timeline_review_verified", args=["event", 999999])
        ).status_code
        == 404
    )


# -- Access: anonymous visitors, editors and superusers on every page and action

USER_PAGES = [
    ("admin:auth_user_changelist", []),
    ("admin:auth_user_add", []),
    ("admin:auth_group_changelist", []),
    ("admin:auth_group_add", []),
]


def content_pages():
    """Every editor page of the admin, for the snapshot content."""
    pages = [
        reverse("admin:index"),
        reverse("admin:app_list", args=["companies"]),
        reverse("admin:app_list", args=["timeline"]),
        reverse("admin:timeline_review"),
        reverse("admin:imports_importbatch_changelist"),
        reverse("admin:autocomplete")
        + "?app_label=timeline&model_name=event&field_name=companies&term=CATL",
    ]
    for csv_model in ["sources", "companies", "partnerships", "events"]:
        pages += [
            reverse("admin:imports_upload", args=[csv_model]),
            reverse("admin:imports_export", args=[csv_model]),
            reverse("admin:imports_template", args=[csv_model]),
        ]
    for model in CONTENT_MODELS:
        app_label, model_name = model.split("/")
        entry = Company._meta.apps.get_model(app_label, model_name).objects.order_by("pk").first()
        versions = versions_of(entry)
        name = f"admin:{app_label}_{model_name}"
        compare = f"?from={versions.last().history_id}&to={versions.first().history_id}"
        pages += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
            reverse(f"{name}_change", args=[entry.pk]),
            reverse(f"{name}_history", args=[entry.pk]),
            reverse(f"{name}_history_compare", args=[entry.pk]) + compare,
            reverse(f"{name}_deleted"),
            reverse(f"{name}_delete", args=[entry.pk]),
        ]
    return pages


@pytest.fixture
def versioned_snapshot(snapshot, editor):
    """The snapshot with a second version of every entry, so there are versions to compare."""
    for model in [Source, Company, Partnership, Event, Horizon, Challenge, Briefing]:
        entry = model.objects.order_by("pk").first()
        entry._history_user = editor
        entry.save()


def test_anonymous_visitor_is_sent_to_log_in_from_every_page(client, versioned_snapshot):
    for url in content_pages() + [reverse(name, args=args) for name, args in USER_PAGES]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_editor_opens_every_editor_page(editor_client, versioned_snapshot):
    for url in content_pages():
        assert editor_client.get(url).status_code == 200, url


@pytest.mark.parametrize(("name", "args"), USER_PAGES)
def test_editor_cannot_reach_users_or_groups(editor_client, name, args):
    assert editor_client.get(reverse(name, args=args)).status_code == 403


def test_superuser_opens_every_page(admin_client, versioned_snapshot):
    for url in content_pages() + [reverse(name, args=args) for name, args in USER_PAGES]:
        assert admin_client.get(url).status_code == 200, url


def editor_actions():
    """Every state-changing admin action, as (description, request, check that it happened)."""
    event = Event.objects.get(slug="catl-small-batch-production")
    company = Company.objects.get(slug="catl")
    first_version = versions_of(event).last()
    Event.objects.filter(slug="bmw-broader-commercialisation").delete()
    gone = versions_of(Event, Event.history.filter(history_type="-").first().id).first()
    changelist = reverse("admin:timeline_event_changelist")
    source = Source.objects.order_by("pk").first()
    return [
        (
            "unpublish",
            (changelist, {"action": "unpublish", "_selected_action": [event.pk], "post": "yes"}),
            lambda: not Event.objects.get(pk=event.pk).published,
        ),
        (
            "restore a version",
            (
                reverse(
                    "admin:timeline_event_history_restore",
                    args=[event.pk, first_version.history_id],
                ),
                {},
            ),
            lambda: versions_of(event).first().history_change_reason.startswith("Restored"),
        ),
        (
            "restore a deleted entry",
            (reverse("admin:timeline_event_deleted_restore", args=[gone.id]), {}),
            lambda: Event.objects.filter(pk=gone.id).exists(),
        ),
        (
            "mark verified",
            (reverse("admin:timeline_review_verified", args=["company", company.pk]), {}),
            lambda: Company.objects.get(pk=company.pk).last_verified == datetime.date.today(),
        ),
        (
            "delete",
            (reverse("admin:companies_source_delete", args=[source.pk]), {"post": "yes"}),
            lambda: not Source.objects.filter(pk=source.pk).exists(),
        ),
        (
            "add",
            (
                reverse("admin:companies_source_add"),
                {"url": "https://example.org/new-report", "title": "New report", "kind": "news"},
            ),
            lambda: Source.objects.filter(url="https://example.org/new-report").exists(),
        ),
    ]


def test_anonymous_visitor_can_take_no_action(client, versioned_snapshot):
    for description, (url, data), happened in editor_actions():
        response = client.post(url, data)
        assert response.status_code == 302, description
        assert response["Location"].startswith(reverse("admin:login")), description
        assert not happened(), description


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_editors_and_superusers_take_every_action(
    who, editor_client, admin_client, versioned_snapshot
):
    client = editor_client if who == "editor" else admin_client
    for description, (url, data), happened in editor_actions():
        response = client.post(url, data)
        assert response.status_code == 302, description
        assert happened(), description


def test_staff_without_the_editor_role_is_refused_the_pages_and_actions(
    client, django_user_model, versioned_snapshot
):
    client.force_login(django_user_model.objects.create_user("visitor", is_staff=True))
    for url in content_pages()[3:]:
        assert client.get(url).status_code == 403, url
    for description, (url, data), happened in editor_actions():
        assert client.post(url, data).status_code == 403, description
        assert not happened(), description


# -- Tried as a new editor would


def test_a_new_editor_drafts_publishes_changes_compares_restores_and_reviews(client, editor):
    factorial = make_company(name="Factorial Energy", slug="factorial-energy")
    make_company(name="Old Cells", last_verified=datetime.date(2020, 1, 1))

    # Log in as a person would, through the login page.
    login = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-passphrase-9", "next": "/admin/"},
    )
    assert login.status_code == 302

    # Make a draft event.
    add = client.post(
        reverse("admin:timeline_event_add"),
        {
            "title": "Factorial B-samples to Mercedes",
            "slug": "factorial-b-samples",
            "companies": [factorial.pk],
            "date": "Oct 2024",
            "kind": "milestone",
            "chemistry": "all_solid",
        },
    )
    assert add.status_code == 302, add.context["adminform"].form.errors
    event = Event.objects.get(slug="factorial-b-samples")
    assert not event.published
    assert client.get("/admin/").status_code == 200

    # Publish it from the list, confirming on the page that lists what changes.
    client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk], "post": "yes"},
    )
    assert Event.objects.get(pk=event.pk).published

    # Change its date in the form.
    change_url = reverse("admin:timeline_event_change", args=[event.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: value for key, value in data.items() if value not in (None, False)}
    assert VERSION_FIELD in data  # the version the editor loaded travels with the form
    data.update(published="on", date="Q1 2025", companies=[factorial.pk])
    assert client.post(change_url, data).status_code == 302
    assert str(Event.objects.get(pk=event.pk).date) == "Q1 2025"

    # Compare the first version with the latest, in words.
    first, latest = versions_of(event).last(), versions_of(event).first()
    compare = client.get(
        reverse("admin:timeline_event_history_compare", args=[event.pk]),
        {"from": first.history_id, "to": latest.history_id},
    )
    assert {str(change) for change in compare.context["changes"]} >= {
        "Date: Oct 2024 → Q1 2025",
        "Published: no → yes",
    }

    # Restore the first version: a draft dated Oct 2024 again.
    client.post(reverse("admin:timeline_event_history_restore", args=[event.pk, first.history_id]))
    event.refresh_from_db()
    assert (str(event.date), event.published) == ("Oct 2024", False)

    # The anonymous public never sees the draft...
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404

    # ...and the editor finds the stale company in the review queue.
    client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-passphrase-9", "next": "/admin/"},
    )
    review = client.get(reverse("admin:timeline_review"))
    assert "Old Cells" in review.content.decode()


def test_staff_without_permissions_cannot_learn_a_drafts_address(client, django_user_model):
    from django.contrib.contenttypes.models import ContentType

    draft = make_event(slug="secret-pilot-line", title="Secret pilot line", published=False)
    url = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Event).pk, draft.pk]
    )
    staff = django_user_model.objects.create_user("intern", is_staff=True)
    client.force_login(staff)

    response = client.get(url)

    assert response.status_code == 404
    assert "secret-pilot-line" not in response.get("Location", "")
    assert b"secret-pilot-line" not in response.content


def test_editors_still_go_from_the_admin_to_a_drafts_preview(editor_client):
    from django.contrib.contenttypes.models import ContentType

    draft = make_event(slug="secret-pilot-line", published=False)
    url = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Event).pk, draft.pk]
    )
    response = editor_client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("/timeline/secret-pilot-line/")
