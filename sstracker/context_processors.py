"""Values every public page shows, such as when the data last changed."""

import functools

from django.db import connection
from django.db.models import DateTimeField, Value

from companies.models import Company, Partnership
from timeline.models import Event


def site(request):
    # A callable, so that only a page that shows the date runs the query, and only once.
    return {"data_updated": functools.cache(data_updated)}


def data_updated():
    """When published content last changed: the latest `updated` of published companies,
    partnerships and events, or None when there are none. Drafts do not count.

    Every page shows it. Building its query through the ORM cost far more than running it, so
    the SQL is built once per database (`latest_change_sql`) and run as it is.
    """
    sql, params = latest_change_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    output = Value(None, output_field=DateTimeField())
    for converter in connection.ops.get_db_converters(output):
        value = converter(value, output, connection)
    return value


@functools.cache
def latest_change_sql(vendor: str) -> tuple[str, tuple]:
    """One query: the greatest of each model's latest published change (MAX skips the models
    that have none)."""
    latest = [
        rows.order_by("-updated").values("updated")[:1].query.sql_with_params()
        for rows in (
            Company.objects.published(),
            Partnership.objects.published(),
            Event.objects.published(),
        )
    ]
    union = " UNION ALL ".join(f"SELECT ({sql}) AS updated" for sql, _ in latest)
    sql = f"SELECT MAX(updated) FROM ({union}) AS latest"  # noqa: S608 -- the ORM's SQL only
    return sql, tuple(param for _, params in latest for param in params)
