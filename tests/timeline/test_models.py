"""Events, targets and their rules, as editors and readers meet them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fuzzydate.core import FuzzyDate
from tests.conftest import make_company, make_event
from timeline.models import Event, Horizon

pytestmark = pytest.mark.django_db


def test_event_date_keeps_its_precision_and_fills_sortable_bounds():
    event = make_event(date="mid-2024")
    event.refresh_from_db()
    assert str(event.date) == "mid-2024"
    assert isinstance(event.date, FuzzyDate)
    assert (event.date_start.isoformat(), event.date_end.isoformat()) == (
        "2024-05-01",
        "2024-08-31",
    )


def test_events_sort_by_date_whatever_the_precision():
    later = make_event(date="~2027")
    early = make_event(date="mid-2024")
    middle = make_event(date="Q3 2026")
    assert list(Event.objects.all()) == [early, middle, later]


def test_published_excludes_drafts():
    public = make_event()
    make_event(published=False)
    assert list(Event.objects.published()) == [public]


def test_unreadable_date_is_refused_with_the_accepted_forms():
    event = Event(slug="x", title="X", date="soon", kind="milestone")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    message = " ".join(error.value.message_dict["date"])
    assert "soon" in message and "Q3 2026" in message


def test_a_target_cannot_supersede_itself_in_the_database():
    target = make_event(kind="target")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=target.pk).update(supersedes=target)


def test_a_milestone_has_no_status_in_the_database():
    event = make_event(kind="milestone")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(status="delayed")


def test_supersedes_loop_is_refused_in_plain_words():
    first = make_event(kind="target", date="2025")
    second = make_event(kind="target", date="2027", supersedes=first)
    first.supersedes = second
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert "loop" in error.value.message_dict["supersedes"][0]


def test_history_records_date_changes_and_company_changes():
    event = make_event(date="2026")
    event.date = "2027"
    event.save()
    event.companies.add(make_company(name="Added Co"))
    dates = [str(record.date) for record in event.history.all()]
    assert "2026" in dates and "2027" in dates
    latest = event.history.latest()
    assert "Added Co" in {row.company.name for row in latest.companies.all()}


def test_horizon_years_must_be_in_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        Horizon.objects.create(slug="x", label="x", first_year=2030, last_year=2027, headline="x")
