"""The event and partnership rules an import checks across fields and rows."""

import pytest

from tests.conftest import make_event
from tests.imports.conftest import EVENT_HEADER, only_error, run
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_supersedes_cycle_is_refused_on_every_row_in_it(catl):
    report = run(
        "events",
        EVENT_HEADER + "a,A,catl,2026,target,b\nb,B,catl,2027,target,c\nc,C,catl,2028,target,a\n",
    )
    assert [(e.line, e.column) for e in report.errors] == [
        (2, "supersedes"),
        (3, "supersedes"),
        (4, "supersedes"),
    ]
    assert "loop of targets" in report.errors[0].reason
    assert not Event.objects.exists()


def test_cycle_through_a_stored_event_is_refused(catl):
    first = make_event(slug="first", kind="target", companies=[catl])
    make_event(slug="second", kind="target", companies=[catl], supersedes=first)
    error = only_error(
        run("events", EVENT_HEADER + f"first,First,{catl.slug},Oct 2024,target,second\n")
    )
    assert "first → second → first" in error.reason


def test_milestone_cannot_supersede_or_have_a_status(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind,status,supersedes\n"
        "t,T,catl,2026,target,,\n"
        "m,M,catl,2026,milestone,delayed,t\n",
    )
    assert {(e.line, e.column) for e in report.errors} == {(3, "status"), (3, "supersedes")}


def test_partnership_with_itself_is_refused(catl):
    error = only_error(run("partnerships", "developer,partner,kind\ncatl,catl,supply\n"))
    assert error.column == "partner" and "itself" in error.reason
