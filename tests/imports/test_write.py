"""What a written import stores: new rows, updates, references between rows, history."""

import pytest

from tests.conftest import make_event, make_source
from tests.imports.conftest import EVENT_HEADER, run
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_rows_may_refer_to_targets_later_in_the_file(catl):
    report = run(
        "events",
        EVENT_HEADER
        + "late,Later,catl,2028,target,middle\nmiddle,Middle,catl,2027,target,early\n"
        + "early,Early,catl,2026,target,\n",
    )
    assert report.written and report.new == 3
    assert Event.objects.get(slug="late").supersedes.slug == "middle"
    assert Event.objects.get(slug="middle").supersedes.slug == "early"
    # Each new event has one history record, already pointing at its predecessor.
    record = Event.objects.get(slug="late").history.get()
    assert record.supersedes_id == Event.objects.get(slug="middle").pk


def test_choices_by_label_in_any_case_and_flags_in_any_spelling(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind,stage,chemistry,published\n"
        "a,A,catl,mid 2024,MILESTONE,r&d,All Solid-State,TRUE\n"
        "b,B,catl,q3 2026,Target,pilot_line,,0\n",
    )
    assert report.written
    a, b = Event.objects.get(slug="a"), Event.objects.get(slug="b")
    assert (a.kind, a.stage, a.chemistry, a.published) == (
        "milestone",
        "research",
        "all_solid",
        True,
    )
    assert str(a.date) == "mid-2024" and a.date_start.isoformat() == "2024-05-01"
    assert (b.chemistry, b.status, b.published) == ("", "announced", False)
    assert str(b.date) == "Q3 2026"


def test_update_writes_history_under_the_user_and_the_batch(catl, editor):
    source = make_source(url="https://example.org/a")
    make_event(slug="x", title="Old title", companies=[catl])
    report = run(
        "events",
        "slug,title,companies,date,kind,sources\n"
        "x,New title,catl,Oct 2024,milestone,https://example.org/a\n",
        user=editor,
    )
    assert report.updated == 1
    row = report.rows[0]
    assert ("title", "Old title", "New title") in row.changes
    assert ("sources", "", "https://example.org/a") in row.changes
    event = Event.objects.get(slug="x")
    assert event.title == "New title" and list(event.sources.all()) == [source]
    record = event.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason == report.batch.change_reason
    assert [s.source_id for s in record.sources.all()] == [source.pk]


def test_columns_left_out_of_the_file_are_kept(catl):
    make_event(slug="x", title="Title", summary="Kept summary", companies=[catl])
    run("events", "slug,title,companies,date,kind\nx,Other title,catl,Oct 2024,milestone\n")
    assert Event.objects.get(slug="x").summary == "Kept summary"
