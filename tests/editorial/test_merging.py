"""Merge, never lose: a save over someone else's newer version is merged, field by field."""

import html

import pytest
from django.urls import reverse

from editorial.merging import CONFLICTS_FIELD, KEEP_FIELD
from tests.conftest import make_company, make_event
from tests.editorial.test_locking import form_data
from timeline.models import Event

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def merged(response) -> dict:
    """The merged form as the browser posts it back, the hidden list of conflicts included."""
    data = form_data(response)
    data[CONFLICTS_FIELD] = response.context["adminform"].form.data.get(CONFLICTS_FIELD, "")
    return data


def two_saves(editors, event, anna_changes: dict, ben_changes: dict):
    """Both open the event; Anna saves first, then Ben saves what he typed."""
    anna, ben = editors
    url = reverse("admin:timeline_event_change", args=[event.pk])
    anna_form, ben_form = anna.get(url), ben.get(url)
    assert anna.post(url, form_data(anna_form, **anna_changes)).status_code == 302
    return url, ben.post(url, form_data(ben_form, **ben_changes))


def test_fields_only_they_changed_take_their_values_and_yours_stay(editors):
    event = make_event(title="Pilot line", summary="A pilot line.", date="2025")
    url, response = two_saves(
        editors, event, {"summary": "A pilot line in Boston."}, {"title": "Pilot line opened"}
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["summary"].value() == "A pilot line in Boston."  # theirs, taken
    assert form["title"].value() == "Pilot line opened"  # yours, kept
    assert "Taken from their version: Summary." in page_text(response)
    assert Event.objects.get(pk=event.pk).title == "Pilot line"  # nothing written yet

    assert editors[1].post(url, merged(response)).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.summary) == ("Pilot line opened", "A pilot line in Boston.")


def test_many_to_many_changes_by_the_other_editor_are_kept(editors):
    first, second = make_company(name="QuantumScape"), make_company(name="PowerCo")
    event = make_event(title="B-samples", companies=[first])
    url, response = two_saves(
        editors, event, {"companies": [str(first.pk), str(second.pk)]}, {"title": "B-samples out"}
    )

    assert editors[1].post(url, merged(response)).status_code == 302
    event.refresh_from_db()
    assert event.title == "B-samples out"
    assert set(event.companies.values_list("name", flat=True)) == {"QuantumScape", "PowerCo"}


def test_fields_both_changed_are_offered_side_by_side(editors):
    event = make_event(title="Pilot line", summary="A pilot line.")
    url, response = two_saves(
        editors, event, {"summary": "Anna's summary."}, {"summary": "Ben's summary."}
    )

    page = page_text(response)
    row = response.context["edit_merges"][0].conflicts[0]
    assert (row.label, row.theirs, row.yours) == ("Summary", "Anna's summary.", "Ben's summary.")
    assert f'name="{KEEP_FIELD}summary" value="theirs"' in page
    assert f'name="{KEEP_FIELD}summary" value="yours"' in page


@pytest.mark.parametrize(("choice", "kept"), [("theirs", "Anna's."), ("yours", "Ben's.")])
def test_the_chosen_value_is_saved(editors, choice, kept):
    event = make_event(title="Pilot line", summary="A pilot line.")
    url, response = two_saves(editors, event, {"summary": "Anna's."}, {"summary": "Ben's."})

    data = merged(response)
    data[KEEP_FIELD + "summary"] = choice
    assert editors[1].post(url, data).status_code == 302
    assert Event.objects.get(pk=event.pk).summary == kept


def test_saving_a_merge_without_choosing_writes_nothing(editors):
    event = make_event(title="Pilot line", summary="A pilot line.")
    url, response = two_saves(editors, event, {"summary": "Anna's."}, {"summary": "Ben's."})

    again = editors[1].post(url, merged(response))

    assert again.status_code == 200
    assert "Choose whose value to keep" in page_text(again)
    assert again.context["edit_merges"][0].conflicts[0].name == "summary"
    assert Event.objects.get(pk=event.pk).summary == "Anna's."


def test_a_third_save_during_the_merge_is_merged_in_too(editors, django_user_model):
    """Saving the merged form after yet another change never reverts that change."""
    event = make_event(title="Pilot line", summary="A pilot line.", date="2025")
    url, response = two_saves(editors, event, {"summary": "Anna's."}, {"summary": "Ben's."})
    other = Event.objects.get(pk=event.pk)
    other.date = "2027"
    other._history_user = django_user_model.objects.get(username="anna")
    other.save()  # Anna again, after Ben's form was merged

    data = merged(response)
    data[KEEP_FIELD + "summary"] = "theirs"
    again = editors[1].post(url, data)
    assert again.status_code == 200  # merged again, not written
    assert again.context["adminform"].form["date"].value() == "2027"
    assert editors[1].post(url, merged(again)).status_code == 302
    event.refresh_from_db()
    assert (event.summary, str(event.date)) == ("Anna's.", "2027")


def test_an_import_or_command_between_load_and_save_is_merged(editors):
    anna, _ = editors
    event = make_event(title="Pilot line", summary="Old.")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    form = anna.get(url)
    written = Event.objects.get(pk=event.pk)
    written.summary = "Written by a command."
    written.save()

    response = anna.post(url, form_data(form, title="Pilot line opened"))

    assert "an import or command changed this entry" in page_text(response)
    assert anna.post(url, merged(response)).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.summary) == ("Pilot line opened", "Written by a command.")


def test_the_same_change_by_both_is_no_conflict(editors):
    event = make_event(title="Pilot line")
    url, response = two_saves(editors, event, {"title": "Same"}, {"title": "Same"})
    assert response.context["edit_merges"][0].conflicts == []


def test_a_long_text_both_changed_also_shows_what_differs_word_by_word(editors):
    text = "A pilot line in Kyoto with room for two hundred people and a test track."
    event = make_event(title="Pilot line", summary=text)
    url, response = two_saves(
        editors,
        event,
        {"summary": text.replace("Kyoto", "Osaka")},
        {"summary": text.replace("two hundred", "three hundred")},
    )

    page = page_text(response)
    assert "What differs from theirs" in page
    assert "<del>Osaka </del><ins>Kyoto </ins>" in page
    assert "<del>two </del><ins>three </ins>" in page
