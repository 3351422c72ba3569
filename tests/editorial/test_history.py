"""Versions in plain words, restored with their related entries; deleted entries brought back."""

import pytest

from editorial.history import (
    RestoreError,
    Versions,
    deleted_entries,
    deleted_entry_restore,
    latest_changes,
    version_restore,
    versions_of,
)
from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("maria")


def save(entry, user, **changes):
    for name, value in changes.items():
        setattr(entry, name, value)
    entry._history_user = user
    entry.save()
    return entry


def changes_between(older, newer):
    model = older.instance_type
    return [str(change) for change in Versions(model, [older, newer]).changes(older, newer)]


def test_changes_use_labels_choice_names_and_fuzzy_dates_as_typed(user):
    event = make_event(title="Pilot line", date="Oct 2024", kind="target", stage="pilot_line")
    first = versions_of(event).first()
    save(event, user, date="mid-2026", stage="mass_production", published=False)
    latest = versions_of(event).first()

    assert changes_between(first, latest) == [
        "Date: Oct 2024 → mid-2026",
        "Stage: Pilot line → Mass production",
        "Published: yes → no",
    ]


def test_changes_name_added_and_removed_companies(user):
    ford, factorial = make_company(name="Ford"), make_company(name="Factorial Energy")
    event = make_event(companies=[ford])
    before = versions_of(event).first()
    event._history_user = user
    event.companies.set([factorial])
    after = versions_of(event).first()

    assert changes_between(before, after) == ["Companies: added Factorial Energy; removed Ford"]


def test_changes_name_a_related_entry_deleted_since(user):
    ford = make_company(name="Ford")
    event = make_event(companies=[ford, make_company(name="Stellantis")])
    before = versions_of(event).first()
    ford.delete()
    save(event, user, title="Stellantis road test")
    after = versions_of(event).first()

    assert changes_between(before, after) == [
        f"Title: {before.title} → Stellantis road test",
        "Companies: removed Ford (deleted)",
    ]


def test_a_foreign_key_change_is_told_by_name(user):
    old_target = make_event(title="Production start", date="2025", kind="target")
    new_target = make_event(title="Production start, delayed", date="2027", kind="target")
    before = versions_of(new_target).first()
    save(new_target, user, supersedes=old_target)

    assert changes_between(before, versions_of(new_target).first()) == [
        "Supersedes: (empty) → Production start (2025)"
    ]


def test_history_of_a_page_of_versions_runs_a_fixed_number_of_queries(
    user, django_assert_num_queries
):
    event = make_event(sources=[make_source()])
    for year in range(2026, 2046):
        save(event, user, date=str(year))
    records = list(versions_of(event).select_related("history_user"))

    # Versions of events: one query per related list (companies, sources), one per named model.
    with django_assert_num_queries(4):
        described = Versions(Event, records).changes_from_previous()
    assert len(described) == len(records)
    assert [str(change) for change in described[0][1]] == ["Date: 2044 → 2045"]


def test_restore_brings_back_fields_and_companies_as_one_recorded_version(user):
    ford, factorial = make_company(name="Ford"), make_company(name="Factorial Energy")
    event = make_event(title="First", date="2025", companies=[ford])
    first = versions_of(event).first()
    save(event, user, title="Second", date="2027")
    event.companies.set([factorial])
    count = versions_of(event).count()

    restored = version_restore(record=first, user=user)

    event.refresh_from_db()
    assert (event.title, str(event.date)) == ("First", "2025")
    assert list(event.companies.all()) == [ford]
    assert restored.notes == []
    assert versions_of(event).count() == count + 1
    latest = versions_of(event).first()
    assert latest.history_user == user
    assert latest.history_change_reason.startswith("Restored version of ")
    assert latest.history_change_reason.endswith(" by maria")
    assert changes_between(first, latest) == []


def test_restore_leaves_out_companies_deleted_since_and_says_so(user):
    ford, catl = make_company(name="Ford"), make_company(name="CATL")
    event = make_event(companies=[ford, catl])
    first = versions_of(event).first()
    ford.delete()

    restored = version_restore(record=first, user=user)

    assert list(Event.objects.get(pk=event.pk).companies.all()) == [catl]
    assert restored.notes == ["Companies: left out Ford (deleted), which no longer exist."]


def test_restore_refuses_a_slug_now_used_by_another_entry(user):
    event = make_event(slug="pilot-line")
    first = versions_of(event).first()
    save(event, user, slug="pilot-line-2024")
    make_event(slug="pilot-line")

    with pytest.raises(RestoreError, match="(?i)slug already exists"):
        version_restore(record=first, user=user)
    assert Event.objects.get(pk=event.pk).slug == "pilot-line-2024"


def test_restore_refuses_a_partnership_whose_company_is_gone(user):
    partnership = make_partnership()
    record = versions_of(partnership).first()
    developer = partnership.developer
    partnership.delete()
    developer.delete()

    with pytest.raises(RestoreError, match="restore it first"):
        version_restore(record=record, user=user)


def test_deleted_entry_is_listed_and_restored_with_its_companies(user):
    ford = make_company(name="Ford")
    event = make_event(title="Road test", companies=[ford], sources=[make_source()])
    pk = event.pk
    event._history_user = user
    event.delete()

    deleted = list(deleted_entries(Event))
    assert [(record.id, record.title, record.history_user) for record in deleted] == [
        (pk, "Road test", user)
    ]

    deleted_entry_restore(model=Event, object_id=pk, user=user)

    event = Event.objects.get(pk=pk)
    assert list(event.companies.all()) == [ford]
    assert event.sources.count() == 1
    assert list(deleted_entries(Event)) == []


def test_restoring_an_entry_that_exists_is_refused(user):
    event = make_event()
    with pytest.raises(RestoreError, match="restored already"):
        deleted_entry_restore(model=Event, object_id=event.pk, user=user)


def test_latest_changes_across_models_name_entries_and_users(user):
    event = make_event(title="Pilot line")
    save(event, user, title="Pilot line opened")
    partnership = make_partnership()
    save(partnership, user, summary="Joint development agreement.")

    changes = latest_changes([Event, type(partnership)], limit=3)

    assert [(change.label, change.action, change.record.history_user) for change in changes] == [
        (str(partnership), "Changed", user),
        (str(partnership), "Added", None),
        ("Pilot line opened (Oct 2024)", "Changed", user),
    ]
