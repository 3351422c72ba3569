"""The query planner knows how big the tables are after every bulk load, and JIT stays off."""

import pytest
from django.core.management import call_command
from django.db import connection

from editorial.database import analyze
from tests.conftest import make_company

pytestmark = pytest.mark.django_db


def planner_row_estimate(table: str) -> int | None:
    """How many rows the database's planner believes `table` holds (None: no statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            estimate = cursor.fetchone()[0]
            return None if estimate < 0 else round(estimate)
        if "sqlite_stat1" not in connection.introspection.table_names(cursor):
            return None
        # One row per index (or one for the table): each starts with the table's row count.
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()
        return None if row is None else int(row[0].split()[0])


def test_analyze_records_the_row_counts_of_the_projects_tables():
    for _ in range(7):
        make_company()
    analyze()
    assert planner_row_estimate("companies_company") == 7


def test_loading_the_snapshot_refreshes_the_statistics():
    for _ in range(3):  # a count no other test leaves behind in the statistics
        make_company()
    call_command("load_snapshot", verbosity=0)
    assert planner_row_estimate("companies_company") == 15


def test_seeding_synthetic_data_refreshes_the_statistics():
    call_command("seed_synthetic", companies=23, events=40, verbosity=0)
    assert planner_row_estimate("companies_company") == 23
    assert planner_row_estimate("timeline_event") == 40


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is a PostgreSQL feature")
def test_the_apps_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
