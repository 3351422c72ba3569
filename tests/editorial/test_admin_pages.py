"""History pages in the admin: versions in words, compare any two, restore, deleted entries."""

import html

import pytest
from django.urls import reverse

from editorial.history import versions_of
from tests.conftest import make_company, make_event
from timeline.models import Event

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def edit(event, user, **changes):
    for name, value in changes.items():
        setattr(event, name, value)
    event._history_user = user
    event.save()


@pytest.fixture
def event(editor):
    event = make_event(title="B-sample delivery", date="Oct 2024", companies=[make_company()])
    edit(event, editor, date="2026")
    return event


def test_history_page_lists_versions_with_what_each_changed_and_who(editor_client, event):
    response = editor_client.get(reverse("admin:timeline_event_history", args=[event.pk]))

    assert response.status_code == 200
    page = text(response)
    assert "Date:" in page and "Oct 2024" in page and "2026" in page
    assert "editor" in page
    assert "current version" in page
    assert page.count("Restore this version…") == len(response.context["rows"]) - 1


def test_compare_two_versions_field_by_field(editor_client, event):
    first, *_, latest = reversed(versions_of(event))
    url = reverse("admin:timeline_event_history_compare", args=[event.pk])

    response = editor_client.get(url, {"from": latest.history_id, "to": first.history_id})

    assert response.status_code == 200
    changes = [str(change) for change in response.context["changes"]]
    assert "Date: Oct 2024 → 2026" in changes
    assert response.context["older"] == first  # shown oldest to newest whatever the choice
    assert "Restore the older version" in text(response)


@pytest.mark.parametrize(
    "query",
    [{}, {"from": "1"}, {"from": "x", "to": "y"}, {"from": "999998", "to": "999999"}],
)
def test_comparing_without_two_versions_of_this_entry_explains_and_goes_back(
    editor_client, event, query
):
    url = reverse("admin:timeline_event_history_compare", args=[event.pk])
    response = editor_client.get(url, query, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:timeline_event_history", args=[event.pk]
    )
    assert "versions" in text(response)


def test_restore_is_one_post_and_is_itself_recorded(editor_client, editor, event):
    first = versions_of(event).last()
    url = reverse("admin:timeline_event_history_restore", args=[event.pk, first.history_id])

    response = editor_client.post(url, follow=True)

    assert "Restored the version of" in text(response)
    event.refresh_from_db()
    assert str(event.date) == "Oct 2024"
    latest = versions_of(event).first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Restored version of")


def test_restore_asks_first_listing_what_changes_and_a_get_writes_nothing(editor_client, event):
    first = versions_of(event).last()
    url = reverse("admin:timeline_event_history_restore", args=[event.pk, first.history_id])
    versions = versions_of(event).count()

    response = editor_client.get(url)

    assert response.status_code == 200
    page = text(response)
    assert "Date" in page and "2026" in page and "Oct 2024" in page  # now → after the restore
    assert 'name="csrfmiddlewaretoken"' in page and 'method="post"' in page
    assert versions_of(event).count() == versions
    assert str(Event.objects.get(pk=event.pk).date) == "2026"
    assert editor_client.put(url).status_code == 405


def test_restoring_a_deleted_entry_asks_first_listing_what_is_recreated(editor_client, event):
    pk = event.pk
    event.delete()
    url = reverse("admin:timeline_event_deleted_restore", args=[pk])

    response = editor_client.get(url)

    assert response.status_code == 200
    values = dict(response.context["plan"].values)
    assert values["Title"] == "B-sample delivery" and values["Date"] == "2026"
    assert not Event.objects.filter(pk=pk).exists()


def test_restore_of_another_entrys_version_is_not_found(editor_client, event):
    other = make_event()
    record = versions_of(other).first()
    url = reverse("admin:timeline_event_history_restore", args=[event.pk, record.history_id])
    assert editor_client.post(url).status_code == 404


def test_deleted_entry_is_listed_and_restored_from_the_admin(editor_client, event):
    pk = event.pk
    event.delete()
    deleted_url = reverse("admin:timeline_event_deleted")

    listing = editor_client.get(deleted_url)
    assert "B-sample delivery (2026)" in text(listing)
    history = editor_client.get(reverse("admin:timeline_event_history", args=[pk]))
    assert "was deleted" in text(history)

    response = editor_client.post(
        reverse("admin:timeline_event_deleted_restore", args=[pk]), follow=True
    )

    assert "Restored the deleted entry" in text(response)
    assert Event.objects.filter(pk=pk).exists()
    assert "B-sample delivery" not in text(editor_client.get(deleted_url))


def test_history_of_an_entry_that_never_existed_is_not_found(editor_client, db):
    assert (
        editor_client.get(reverse("admin:timeline_event_history", args=[999999])).status_code == 404
    )


@pytest.mark.parametrize("versions", [5, 50])
def test_history_page_runs_a_fixed_number_of_queries(
    editor_client, editor, django_assert_num_queries, versions
):
    event = make_event(companies=[make_company(), make_company()])
    while versions_of(event).count() < versions:
        edit(event, editor, title=f"Version {versions_of(event).count()}")
    url = reverse("admin:timeline_event_history", args=[event.pk])
    editor_client.get(url)  # warm the session and content-type caches

    # Session, user, user and group permissions; the entry; the count and the page of versions;
    # companies and sources of those versions; names of the companies.
    with django_assert_num_queries(10):
        assert editor_client.get(url).status_code == 200


@pytest.mark.parametrize("deleted", [5, 50])
def test_deleted_list_runs_a_fixed_number_of_queries(
    editor_client, django_assert_num_queries, deleted
):
    for _ in range(deleted):
        make_event().delete()
    url = reverse("admin:timeline_event_deleted")
    editor_client.get(url)

    # Session, user, user and group permissions; the count and the page of deletions.
    with django_assert_num_queries(6):
        response = editor_client.get(url)
    assert response.context["page_obj"].paginator.count == deleted


class TestAccess:
    def urls(self, event):
        record = versions_of(event).last()
        return {
            "history": reverse("admin:timeline_event_history", args=[event.pk]),
            "compare": reverse("admin:timeline_event_history_compare", args=[event.pk])
            + f"?from={record.history_id}&to={versions_of(event).first().history_id}",
            "deleted": reverse("admin:timeline_event_deleted"),
        }

    def test_anonymous_visitors_are_sent_to_log_in(self, client, event):
        for url in self.urls(event).values():
            response = client.get(url)
            assert response.status_code == 302
            assert reverse("admin:login") in response["Location"]
        record = versions_of(event).last()
        restore = reverse(
            "admin:timeline_event_history_restore", args=[event.pk, record.history_id]
        )
        assert client.post(restore).status_code == 302
        assert str(Event.objects.get(pk=event.pk).date) == "2026"

    def test_staff_without_permissions_is_refused(self, client, django_user_model, event):
        client.force_login(django_user_model.objects.create_user("visitor", is_staff=True))
        for url in self.urls(event).values():
            assert client.get(url).status_code == 403
        record = versions_of(event).last()
        restore = reverse(
            "admin:timeline_event_history_restore", args=[event.pk, record.history_id]
        )
        assert client.post(restore).status_code == 403

    def test_superuser_sees_every_page(self, admin_client, event):
        for url in self.urls(event).values():
            assert admin_client.get(url).status_code == 200


def test_simple_historys_own_revert_form_leads_to_the_confirmation(editor_client, event):
    first = versions_of(event).last()
    old_form = f"/admin/timeline/event/{event.pk}/history/{first.history_id}/"

    for response in (editor_client.get(old_form), editor_client.post(old_form, {"title": "X"})):
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "admin:timeline_event_history_restore", args=[event.pk, first.history_id]
        )
    assert str(Event.objects.get(pk=event.pk).date) == "2026"  # nothing restored yet
