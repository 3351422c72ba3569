"""Reverting an import batch: what it restores, deletes, and refuses."""

import io
import time

import pytest

from companies.models import Company
from imports.services import batch_revert, csv_export
from tests.conftest import make_event
from tests.imports.conftest import EVENT_HEADER, UPDATES, run
from timeline.models import Event, PromiseSummary

pytestmark = pytest.mark.django_db


def test_revert_restores_changed_and_deletes_created_entries(snapshot, editor):
    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    original = stream.getvalue()
    report = run("events", (UPDATES / "events.csv").read_bytes(), user=editor)
    run_update = run(
        "events",
        "slug,title,companies,date,kind\ncatl-small-batch-production,Renamed,catl,~2027,target\n",
        user=editor,
    )
    batch_revert(batch=run_update.batch, user=editor)
    outcome = batch_revert(batch=report.batch, user=editor)
    assert outcome == {"restored": 0, "deleted": 3}
    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    assert stream.getvalue() == original
    record = Event.objects.get(slug="catl-small-batch-production").history.latest()
    assert record.history_user == editor and record.history_change_reason.startswith("Reverted")


def test_revert_refuses_when_a_created_company_is_now_used(catl):
    report = run("companies", "slug,name,role\nnewco,NewCo,supplier\n")
    make_event(slug="uses-newco", companies=[Company.objects.get(slug="newco")])
    with pytest.raises(Exception, match="used elsewhere"):
        batch_revert(batch=report.batch, user=None)
    assert Company.objects.filter(slug="newco").exists()


def test_a_batch_of_two_thousand_events_reverts_in_bulk_within_seconds(catl, editor):
    size = 2000
    lines = [
        f"bulk-{n},Bulk {n},catl,2027,target,{f'bulk-{n - 1}' if n % 2 else ''}\n"
        for n in range(size)
    ]
    report = run("events", EVENT_HEADER + "".join(lines), user=editor)
    assert report.new == size
    start = time.perf_counter()
    outcome = batch_revert(batch=report.batch, user=editor)
    elapsed = time.perf_counter() - start
    assert outcome == {"restored": 0, "deleted": size}
    assert not Event.objects.filter(slug__startswith="bulk-").exists()
    assert not PromiseSummary.objects.exists()
    removed = Event.history.filter(history_type="-", history_change_reason__startswith="Reverted")
    assert removed.count() == size and removed.filter(history_user=editor).count() == size
    assert elapsed < 10, f"reverting {size} events took {elapsed:.1f} s"  # one by one: 79 s
