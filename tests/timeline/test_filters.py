"""The timeline's filters mean the same on today's page and on a past day's page.

The as-of view filters rows rebuilt from history in memory with the filter set's own
definitions; these tests run every filter, with every value it offers, through both paths
against today's data and require the same events.
"""

import datetime
import itertools

import pytest
from django.http import QueryDict
from django.utils import timezone

from companies.models import Company
from tests.conftest import make_company, make_event
from timeline.as_of import PastDay
from timeline.choices import Chemistry, EventKind, Stage, TargetStatus
from timeline.filters import EventFilterSet
from timeline.models import Event

pytestmark = pytest.mark.django_db

TEXTS = ["factorial", "Pilot", "SOLID", "i7", "mass production", "no such words"]


@pytest.fixture
def events(snapshot):
    """The seeded events plus a few that exercise stages, statuses and wide dates."""
    maker = make_company(name="Pilot Cells", slug="pilot-cells")
    make_event(title="Pilot line opens", date="Q3 2026", stage="pilot_line", companies=[maker])
    make_event(
        title="Delayed target",
        kind="target",
        status="delayed",
        date="H2 2027",
        chemistry="semi_solid",
        companies=[maker],
    )
    make_event(title="A draft", published=False, companies=[maker])
    return Event.objects.public()


def values_offered() -> list[tuple[str, str]]:
    """Every (filter, value) a reader can pick, and free text and years for the rest."""
    companies = Company.objects.published().values_list("slug", flat=True)
    return [
        *(("company", slug) for slug in companies),
        *(("kind", value) for value in EventKind.values),
        *(("stage", value) for value in Stage.values),
        *(("chemistry", value) for value in Chemistry.values),
        *(("status", value) for value in TargetStatus.values),
        *(("year_from", str(year)) for year in range(2023, 2032)),
        *(("year_to", str(year)) for year in range(2023, 2032)),
        *(("q", text) for text in TEXTS),
    ]


def both_paths(query: dict) -> tuple[list[str], list[str]] | None:
    """The slugs each path keeps, or None when the form refuses the values (on both)."""
    data = QueryDict(mutable=True)
    data.update(query)
    today_page = EventFilterSet(data, queryset=Event.objects.public())
    past_day_page = EventFilterSet(data, queryset=Event.objects.none())
    assert today_page.is_valid() == past_day_page.is_valid()
    if not today_page.is_valid():
        return None
    rows = PastDay(timezone.localdate()).events
    return (
        sorted(event.slug for event in today_page.qs),
        sorted(event.slug for event in past_day_page.filter_rows(rows)),
    )


def test_every_filter_value_gives_the_same_events_today_and_as_of_today(events):
    for name, value in values_offered():
        from_database, from_history = both_paths({name: value})
        assert from_database == from_history, f"{name}={value}"


def test_filters_combined_give_the_same_events_on_both_paths(events):
    offered = values_offered()
    pairs = [
        (first, second)
        for first, second in itertools.combinations(offered, 2)
        if first[0] != second[0]
    ]
    matched_some = 0
    for (name_a, value_a), (name_b, value_b) in pairs[::7]:
        if (outcome := both_paths({name_a: value_a, name_b: value_b})) is None:
            continue  # a year range that runs backwards: refused with a message on both
        from_database, from_history = outcome
        assert from_database == from_history, f"{name_a}={value_a}&{name_b}={value_b}"
        matched_some += bool(from_database)
    assert matched_some > 10  # the combinations are not all empty


def test_the_parity_runs_on_rows_that_differ_from_the_database(events):
    """The past-day path reads history records, not today's tables: prove the two sources
    are separate by comparing a day before a change."""
    event = Event.objects.get(slug="samsung-sdi-mass-production")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    event.history.update(history_date=timezone.now() - datetime.timedelta(days=2))
    event.stage = "pilot_line"
    event.save()
    data = QueryDict("stage=pilot_line")
    past = EventFilterSet(data, queryset=Event.objects.none())
    assert past.is_valid()
    then = [e.slug for e in past.filter_rows(PastDay(yesterday).events)]
    now = [e.slug for e in EventFilterSet(data, queryset=Event.objects.public()).qs]
    assert "samsung-sdi-mass-production" in now
    assert "samsung-sdi-mass-production" not in then
