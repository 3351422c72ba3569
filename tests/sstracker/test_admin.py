"""The admin as an editor lives in it: lists, forms, validation and history."""

import html

import pytest
from django.urls import reverse

from timeline.models import Event

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


def test_publish_action_publishes_drafts(editor_client, snapshot):
    Event.objects.filter(slug="catl-small-batch-production").update(published=False)
    editor_client.post(
        reverse("admin:timeline_event_changelist"),
        {
            "action": "publish",
            "_selected_action": [Event.objects.get(slug="catl-small-batch-production").pk],
        },
    )
    assert Event.objects.get(slug="catl-small-batch-production").published


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("admin:timeline_event_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
