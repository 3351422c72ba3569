"""Database upkeep that any app may ask for after writing many rows at once."""

from django.db import DEFAULT_DB_ALIAS, connections


def analyze(using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the query planner's statistics on every table the project's models use.

    Call it after a bulk load (a snapshot, synthetic data, a restore, a large import).
    PostgreSQL's autovacuum gets there eventually, but until it does the planner guesses
    row counts from an empty table and can pick plans that cost seconds per request.
    """
    connection = connections[using]
    tables = connection.introspection.django_table_names(only_existing=True)
    if not tables:
        return
    quoted = [connection.ops.quote_name(table) for table in sorted(tables)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(quoted)}")
        elif connection.vendor == "sqlite":
            for table in quoted:
                cursor.execute(f"ANALYZE {table}")
