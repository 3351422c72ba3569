"""Slip arithmetic on fuzzy dates, target chains, outcomes and company scorecards."""

import datetime
import itertools

import pytest
from hypothesis import given

from fuzzydate.core import FuzzyDate
from tests.conftest import make_company, make_event
from tests.fuzzydate.test_core import fuzzy_dates
from timeline.models import Event
from timeline.slip_report import SlipReport, slip_report
from timeline.slips import (
    Outcome,
    Promise,
    Scorecard,
    compare,
    describe_slip,
    months_between,
)

D = datetime.date
TODAY = D(2026, 6, 15)
_pks = itertools.count(1)


def fd(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def target(date: str, *, status="announced", supersedes=None, announced="") -> Event:
    """An unsaved target with a primary key: enough for the arithmetic, no database."""
    return Event(
        pk=next(_pks),
        kind="target",
        date=fd(date),
        status=status,
        announced=fd(announced) if announced else None,
        supersedes_id=supersedes.pk if supersedes else None,
    )


def milestone(date: str, *, fulfils: Event) -> Event:
    return Event(pk=next(_pks), kind="milestone", date=fd(date), fulfils_id=fulfils.pk)


def only_promise(*events: Event) -> Promise:
    (promise,) = SlipReport.build(events, today=TODAY).promises
    return promise


# --- Months and single comparisons ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2025, 12, 31), D(2027, 3, 1), 15),
        (D(2025, 12, 31), D(2025, 12, 1), 0),
        (D(2027, 1, 1), D(2026, 11, 30), -2),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
    ],
)
def test_months_between_counts_calendar_months(start, end, months):
    assert months_between(start, end) == months


def test_approximate_year_met_within_the_year_is_on_time():
    assert compare(fd("~2027"), fd("Mar 2027")) == (Outcome.ON_TIME, 0)


@pytest.mark.parametrize(
    ("promised", "achieved"),
    [
        ("2027", "Mar 2027"),
        ("H2 2026", "Q3 2026"),
        ("mid-2025", "2025"),  # the milestone's year overlaps the promised months
        ("Q4 2026", "2026-12-31"),
        ("late 2020s", "2028"),
        ("by 2030", "2026"),  # a deadline met well before it is kept, not "early"
    ],
)
def test_overlapping_periods_are_on_time(promised, achieved):
    assert compare(fd(promised), fd(achieved)).outcome == Outcome.ON_TIME


@pytest.mark.parametrize(
    ("promised", "achieved", "months"),
    [
        ("2025", "Mar 2026", 3),
        ("Q3 2026", "2027", 4),  # at least: from the end of Sep 2026 to the start of 2027
        ("~2027", "H2 2028", 7),
        ("2026-03-01", "2026-03-20", 0),  # late, but by less than a month
    ],
)
def test_a_milestone_wholly_after_the_promise_is_late_by_months(promised, achieved, months):
    assert compare(fd(promised), fd(achieved)) == (Outcome.LATE, months)


def test_a_milestone_wholly_before_the_promise_is_early():
    assert compare(fd("2027"), fd("Q2 2026")) == (Outcome.EARLY, -7)


@pytest.mark.parametrize(
    ("outcome", "months", "at_least", "words"),
    [
        (Outcome.LATE, 15, False, "late by 15 months"),
        (Outcome.LATE, 1, False, "late by 1 month"),
        (Outcome.LATE, 0, False, "late by under a month"),
        (Outcome.EARLY, -7, False, "early by 7 months"),
        (Outcome.ON_TIME, 0, False, "on time"),
        (Outcome.OPEN, 24, False, "open, moved 24 months later"),
        (Outcome.OPEN, -12, False, "open, moved 12 months earlier"),
        (Outcome.OPEN, 0, False, "still open"),
        (Outcome.OPEN, 6, True, "open, overdue by at least 6 months"),
        (Outcome.ABANDONED, None, False, "abandoned"),
        (Outcome.MET_UNDATED, None, False, "met, date not recorded"),
    ],
)
def test_slips_are_described_in_words(outcome, months, at_least, words):
    assert describe_slip(outcome, months, at_least=at_least) == words


@given(fuzzy_dates())
def test_a_promise_met_exactly_as_stated_is_on_time(value):
    assert compare(value, value) == (Outcome.ON_TIME, 0)


@given(fuzzy_dates(), fuzzy_dates())
def test_the_sign_of_the_months_agrees_with_the_outcome(promised, achieved):
    outcome, months = compare(promised, achieved)
    if outcome == Outcome.LATE:
        assert months >= 0 and achieved.earliest > promised.latest
    elif outcome == Outcome.EARLY:
        assert months <= 0 and achieved.latest < promised.earliest
    else:
        assert months == 0


@given(fuzzy_dates(), fuzzy_dates(), fuzzy_dates())
def test_a_later_milestone_never_scores_better(promised, first, second):
    earlier, later = sorted([first, second], key=lambda value: value.earliest)
    if earlier.latest <= later.latest:
        assert compare(promised, earlier).months <= compare(promised, later).months


# --- Chains and outcomes --------------------------------------------------------------------


def test_a_chain_reads_oldest_first_with_announcement_dates():
    first = target("2025", announced="Apr 2024", status="delayed")
    second = target("2027", announced="Dec 2024", supersedes=first)
    promise = only_promise(second, first)
    assert promise.targets == (first, second)
    assert promise.history_text == "announced Apr 2024 for 2025 → announced Dec 2024 for 2027"
    assert [step.moved_months for step in promise.steps] == [None, 24]
    assert promise.moved_months == 24


def test_a_chain_met_on_its_last_date_is_late_against_the_first():
    first = target("2025", status="delayed")
    second = target("2027", status="achieved", supersedes=first)
    promise = only_promise(first, second, milestone("Mar 2027", fulfils=second))
    assert promise.outcome == Outcome.LATE
    assert promise.slip_months == 15
    assert promise.label == "late by 15 months"


def test_the_earliest_fulfilling_milestone_decides():
    promised = target("2026", status="achieved")
    promise = only_promise(
        promised,
        milestone("2027", fulfils=promised),
        milestone("Q3 2026", fulfils=promised),
    )
    assert str(promise.milestone.date) == "Q3 2026"
    assert promise.outcome == Outcome.ON_TIME


def test_a_milestone_wins_over_a_cancelled_status():
    promised = target("2026", status="cancelled")
    assert only_promise(promised, milestone("2026", fulfils=promised)).outcome == (Outcome.ON_TIME)


def test_an_open_target_not_yet_due_slips_by_how_far_it_moved():
    first = target("2026")
    second = target("2028", supersedes=first)
    promise = only_promise(first, second)
    assert (promise.outcome, promise.slip_months, promise.is_overdue) == (Outcome.OPEN, 24, False)


def test_an_overdue_open_target_slips_at_least_until_today():
    promise = only_promise(target("2025"))
    assert promise.is_overdue
    assert promise.slip_months == months_between(D(2025, 12, 31), TODAY) == 6
    assert promise.label == "open, overdue by at least 6 months"


def test_a_cancelled_target_with_no_successor_is_abandoned():
    first = target("2025", status="delayed")
    promise = only_promise(first, target("2026", status="cancelled", supersedes=first))
    assert (promise.outcome, promise.slip_months) == (Outcome.ABANDONED, None)


def test_a_cancelled_target_that_was_replaced_is_not_abandoned():
    first = target("2025", status="cancelled")
    assert only_promise(first, target("2027", supersedes=first)).outcome == Outcome.OPEN


def test_achieved_without_a_milestone_is_met_with_no_date():
    promise = only_promise(target("2024", status="achieved"))
    assert (promise.outcome, promise.slip_months) == (Outcome.MET_UNDATED, None)


def test_links_to_events_outside_the_set_are_cut():
    hidden = target("2024")
    shown = target("2026", supersedes=hidden)
    promise = only_promise(shown)
    assert promise.targets == (shown,)
    assert only_promise(shown, milestone("2026", fulfils=hidden)).milestone is None


def test_a_fork_makes_one_promise_per_branch():
    root = target("2025", status="delayed")
    left = target("2026", supersedes=root)
    right = target("2028", supersedes=root)
    report = SlipReport.build([root, left, right], today=TODAY)
    chains = sorted(tuple(t.pk for t in p.targets) for p in report.promises)
    assert chains == [(root.pk, left.pk), (root.pk, right.pk)]


def test_a_loop_of_supersedes_links_still_ends():
    first, second = target("2025"), target("2026")
    first.supersedes_id, second.supersedes_id = second.pk, first.pk
    (promise,) = SlipReport.build([first, second], today=TODAY).promises
    assert set(promise.targets) == {first, second}


def test_moved_lists_largest_slip_first_and_leaves_out_kept_promises():
    kept = target("2026", status="achieved")
    slight = target("2025", status="achieved")
    big_first = target("2025", status="delayed")
    big = target("2029", supersedes=big_first)
    report = SlipReport.build(
        [
            kept,
            milestone("2026", fulfils=kept),
            slight,
            milestone("Feb 2026", fulfils=slight),
            big_first,
            big,
        ],
        today=TODAY,
    )
    assert [p.current for p in report.moved()] == [big, slight]


def test_milestones_and_targets_out_of_order_build_the_same_report():
    first = target("2025", status="delayed")
    second = target("2027", supersedes=first)
    events = [first, second, milestone("2027", fulfils=second)]
    forwards = SlipReport.build(events, today=TODAY).promises
    backwards = SlipReport.build(reversed(events), today=TODAY).promises
    assert [(p.targets, p.milestone) for p in forwards] == [
        (p.targets, p.milestone) for p in backwards
    ]


# --- Scorecards -----------------------------------------------------------------------------


def test_a_scorecard_counts_promises_and_takes_the_median_slip():
    on_time = target("2026", status="achieved")
    late = target("2025", status="achieved")
    moved_first = target("2026", status="delayed")
    moved = target("2028", supersedes=moved_first)
    dropped = target("2027", status="cancelled")
    report = SlipReport.build(
        [
            on_time,
            milestone("2026", fulfils=on_time),
            late,
            milestone("Jun 2026", fulfils=late),
            moved_first,
            moved,
            dropped,
        ],
        today=TODAY,
    )
    card = Scorecard.of(report.promises)
    assert (card.on_time, card.late, card.open, card.abandoned, card.total) == (1, 1, 1, 1, 4)
    assert card.moved == 1
    assert card.median_slip == 6  # of 0, 6 and 24 months; abandoned has no slip


def test_an_empty_scorecard_has_no_median():
    card = Scorecard.of([])
    assert (card.total, card.median_slip) == (0, None)


@pytest.mark.django_db
def test_company_scorecards_count_only_published_events_of_each_company():
    bmw = make_company(name="BMW")
    sdi = make_company(name="Samsung SDI")
    first = make_event(companies=[bmw], kind="target", date="2025", status="delayed")
    second = make_event(companies=[bmw], kind="target", date="2027", supersedes=first)
    make_event(companies=[bmw], kind="milestone", date="Mar 2027", fulfils=second)
    make_event(companies=[sdi], kind="target", date="~2027", published=False)
    kept = make_event(companies=[sdi], kind="target", date="2026", status="achieved")
    make_event(companies=[sdi], kind="milestone", date="Q2 2026", fulfils=kept)

    report = slip_report(Event.objects.published(), today=TODAY)

    cards = dict(report.scorecards([bmw, sdi]))
    assert (cards[bmw].late, cards[bmw].total, cards[bmw].median_slip) == (1, 1, 15)
    assert (cards[sdi].on_time, cards[sdi].total) == (1, 1)


@pytest.mark.django_db
def test_a_draft_in_the_middle_of_a_chain_splits_it(django_assert_num_queries):
    first = make_event(kind="target", date="2025", status="delayed")
    draft = make_event(kind="target", date="2026", supersedes=first, published=False)
    last = make_event(kind="target", date="2027", supersedes=draft)

    with django_assert_num_queries(4):  # events, companies, sources, restatements
        report = slip_report(Event.objects.published(), today=TODAY)
        chains = sorted(tuple(t.pk for t in p.targets) for p in report.promises)

    assert chains == [(first.pk,), (last.pk,)]


@pytest.mark.django_db
def test_loading_the_report_takes_the_same_queries_whatever_the_size(
    django_assert_num_queries,
):
    def grow(n):
        for _ in range(n):
            company = make_company()
            first = make_event(companies=[company], kind="target", date="2025")
            second = make_event(companies=[company], kind="target", date="2027", supersedes=first)
            make_event(companies=[company], kind="milestone", date="2027", fulfils=second)

    grow(2)
    with django_assert_num_queries(4):
        small = slip_report(Event.objects.published(), today=TODAY)
        [promise.companies for promise in small.promises]
    grow(10)
    with django_assert_num_queries(4):
        large = slip_report(Event.objects.published(), today=TODAY)
        [promise.companies for promise in large.promises]
    assert (len(small.promises), len(large.promises)) == (2, 12)


def test_an_open_target_not_yet_due_and_never_moved_leaves_the_median_alone():
    late = target("2025", status="achieved")
    report = SlipReport.build(
        [late, milestone("Dec 2026", fulfils=late), target("2029"), target("2030")], today=TODAY
    )
    card = Scorecard.of(report.promises)
    assert (card.late, card.open, card.median_slip) == (1, 2, 12)
