"""No lost edits: the second of two editors to save the same entry is told what changed."""

import html
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from editorial.locking import VERSION_FIELD
from tests.conftest import editors_group, make_company, make_event
from timeline.models import Event

pytestmark = pytest.mark.django_db


def form_data(response, **changes) -> dict:
    """What a browser sends back from a rendered admin change form, with some fields changed."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def test_second_save_is_refused_with_what_the_first_editor_changed(editors):
    anna, ben = editors
    factorial = make_company(name="Factorial Energy")
    event = make_event(title="B-sample delivery", date="Oct 2024", companies=[make_company()])
    url = reverse("admin:timeline_event_change", args=[event.pk])
    anna_form, ben_form = anna.get(url), ben.get(url)

    anna_data = form_data(anna_form, date="2026", companies=[str(factorial.pk)])
    assert anna.post(url, anna_data).status_code == 302

    response = ben.post(url, form_data(ben_form, title="B-samples delivered to Mercedes"))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "anna changed this entry while you were editing" in page
    assert "They changed Date: Oct 2024 → 2026" in page
    assert "They changed Companies: added Factorial Energy; removed Company" in page
    assert 'value="B-samples delivered to Mercedes"' in page  # Ben's input is kept
    event.refresh_from_db()
    assert (event.title, str(event.date)) == ("B-sample delivery", "2026")


def test_saving_again_after_the_conflict_keeps_both_editors_changes(editors):
    anna, ben = editors
    event = make_event(title="Pilot line", date="2025")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    anna_form, ben_form = anna.get(url), ben.get(url)
    assert anna.post(url, form_data(anna_form, date="2026")).status_code == 302
    refused = ben.post(url, form_data(ben_form, title="Pilot line opened"))

    # The refused form is merged: Anna's date is in it, beside Ben's title.
    response = ben.post(url, form_data(refused))

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, str(event.date)) == ("Pilot line opened", "2026")


def test_an_import_or_command_between_load_and_save_also_counts(editors):
    anna, _ = editors
    event = make_event(title="Pilot line")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    form = anna.get(url)
    Event.objects.get(pk=event.pk).save()  # a write from outside the admin, recorded

    response = anna.post(url, form_data(form, title="Pilot line opened"))

    assert "an import or command changed this entry" in html.unescape(response.content.decode())
    assert Event.objects.get(pk=event.pk).title == "Pilot line"


def test_saves_one_after_the_other_go_through(editors):
    anna, _ = editors
    event = make_event(title="Pilot line")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    assert anna.post(url, form_data(anna.get(url), title="Pilot line 1")).status_code == 302
    assert anna.post(url, form_data(anna.get(url), title="Pilot line 2")).status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Pilot line 2"


def test_a_form_without_the_loaded_version_is_refused(editors):
    anna, _ = editors
    event = make_event(title="Pilot line")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    data = form_data(anna.get(url), title="Scripted change")
    del data[VERSION_FIELD]

    response = anna.post(url, data)

    assert response.status_code == 200
    assert Event.objects.get(pk=event.pk).title == "Pilot line"


def test_adding_an_entry_needs_no_version(editors):
    anna, _ = editors
    response = anna.get(reverse("admin:timeline_event_add"))
    assert VERSION_FIELD not in response.context["adminform"].form.fields


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes one writer at a time: no row locks"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_at_the_same_moment_one_wins_and_one_is_told(django_user_model):
    """Both editors press save at once: the row lock makes the second wait, then refuses it."""
    group = editors_group()
    event = make_event(title="Pilot line")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    posts = []
    for name in ["anna", "ben"]:
        browser = Client()
        browser.force_login(django_user_model.objects.create_user(name, is_staff=True))
        browser.session.save()
        django_user_model.objects.get(username=name).groups.add(group)
        posts.append((browser, form_data(browser.get(url), title=f"Pilot line by {name}")))
    start = threading.Barrier(len(posts))
    statuses = []

    def save(browser, data):
        start.wait()
        try:
            statuses.append(browser.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200, 302]
    assert Event.objects.get(pk=event.pk).title in {"Pilot line by anna", "Pilot line by ben"}
