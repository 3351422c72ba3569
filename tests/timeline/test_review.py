"""The review queue's rules, judged on a fixed day."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from companies.models import Company
from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Event
from timeline.review import (
    VERIFIED_REASON,
    company_counts,
    entries_mark_verified,
    entry_mark_verified,
    event_counts,
    overdue_targets,
    partnership_counts,
    stale_companies,
    stale_events,
    unsourced_companies,
    unsourced_events,
    unsourced_partnerships,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("date", "day", "overdue"),
    [
        ("2026", datetime.date(2026, 12, 31), False),
        ("2026", datetime.date(2027, 1, 1), True),
        ("mid-2025", datetime.date(2025, 8, 31), False),
        ("mid-2025", datetime.date(2025, 9, 1), True),
        ("Q3 2026", datetime.date(2026, 10, 1), True),
        ("by ~2030", datetime.date(2027, 1, 1), False),
    ],
)
def test_a_target_is_overdue_once_its_latest_possible_day_has_passed(date, day, overdue):
    target = make_event(kind="target", date=date)
    assert (target in overdue_targets(day)) is overdue


@pytest.mark.parametrize("status", ["achieved", "cancelled"])
def test_a_target_with_an_outcome_is_not_overdue(status):
    make_event(kind="target", date="2024", status=status)
    assert not overdue_targets(TODAY).exists()


def test_a_milestone_is_never_overdue():
    make_event(kind="milestone", date="2020")
    assert not overdue_targets(TODAY).exists()


def test_stale_means_never_verified_or_verified_longer_ago_than_the_setting(settings):
    settings.SSTRACKER_STALE_AFTER_DAYS = 180
    never = make_event(last_verified=None)
    long_ago = make_event(last_verified=TODAY - datetime.timedelta(days=181))
    at_the_limit = make_event(last_verified=TODAY - datetime.timedelta(days=180))
    recent = make_event(last_verified=TODAY)

    stale = list(stale_events(TODAY))

    assert never in stale and long_ago in stale
    assert at_the_limit not in stale and recent not in stale
    assert stale[0] == never  # never verified comes first


def test_the_stale_limit_follows_the_setting(settings):
    settings.SSTRACKER_STALE_AFTER_DAYS = 30
    company = make_company(last_verified=TODAY - datetime.timedelta(days=31))
    assert list(stale_companies(TODAY)) == [company]


def test_drafts_are_reviewed_too():
    draft = make_company(published=False)
    assert draft in stale_companies(TODAY)


def test_entries_without_a_source_are_listed():
    cited = make_source()
    sourced_event = make_event(sources=[cited])
    bare_event = make_event()
    sourced_company = make_company()
    sourced_company.sources.add(cited)
    bare_partnership = make_partnership()
    sourced_partnership = make_partnership()
    sourced_partnership.sources.add(cited)

    assert bare_event in unsourced_events() and sourced_event not in unsourced_events()
    assert sourced_company not in unsourced_companies()
    assert set(bare_event.companies.all()) <= set(unsourced_companies())
    assert list(unsourced_partnerships()) == [bare_partnership]


def test_mark_verified_records_a_version_with_the_editor(editor):
    event = make_event(last_verified=None, sources=[make_source()])

    entry_mark_verified(entry=event, user=editor, today=TODAY)

    assert Event.objects.get(pk=event.pk).last_verified == TODAY
    record = event.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, VERIFIED_REASON)
    assert event not in stale_events(TODAY)


def test_a_verified_company_leaves_the_queue(editor):
    company = make_company()
    company.sources.add(make_source())
    entry_mark_verified(entry=company, user=editor, today=TODAY)
    assert not stale_companies(TODAY).filter(pk=company.pk).exists()
    assert Company.objects.get(pk=company.pk).history.latest().history_user == editor


def test_counts_agree_with_the_lists_in_one_query_each(django_assert_num_queries):
    cited = make_source()
    make_event(kind="target", date="2024", sources=[cited, make_source()])
    make_event(published=False, last_verified=TODAY)
    make_partnership()

    with django_assert_num_queries(3):
        events, companies, partnerships = (
            event_counts(TODAY),
            company_counts(TODAY),
            partnership_counts(),
        )

    # The home page counts only what readers see; the queue lists drafts too.
    assert events == {
        "drafts": Event.objects.filter(published=False).count(),
        "stale": stale_events(TODAY).filter(published=True).count(),
        "overdue": overdue_targets(TODAY).filter(published=True).count(),
        "unsourced": unsourced_events().filter(published=True).count(),
    }
    assert events["drafts"] == 1 and events["overdue"] == 1 and events["unsourced"] == 0
    assert unsourced_events().count() == 1
    assert companies == {
        "drafts": 0,
        "stale": stale_companies(TODAY).filter(published=True).count(),
        "unsourced": unsourced_companies().filter(published=True).count(),
    }
    assert partnerships == {"unsourced": 1}


def test_an_entry_without_a_source_cannot_be_marked_verified(editor):
    event = make_event(title="Bare claim", last_verified=None)
    versions = event.history.count()
    with pytest.raises(ValidationError, match="“Bare claim.*” cites no source"):
        entry_mark_verified(entry=event, user=editor, today=TODAY)
    assert Event.objects.get(pk=event.pk).last_verified is None
    assert event.history.count() == versions


def test_marking_several_verified_refuses_only_the_unsourced_ones(editor):
    sourced = [make_event(sources=[make_source()]) for _ in range(3)]
    bare = make_event(title="Bare claim")
    verified, refused = entries_mark_verified(entries=[*sourced, bare], user=editor, today=TODAY)
    assert verified == sourced
    assert len(refused) == 1 and "Bare claim" in refused[0]
    assert Event.objects.filter(last_verified=TODAY).count() == 3
    for event in sourced:
        assert event.history.latest().history_change_reason == VERIFIED_REASON
