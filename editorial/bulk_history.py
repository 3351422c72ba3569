"""History records for entries written with bulk queries, copied in SQL from the rows as stored.

django-simple-history writes nothing for bulk queries (`bulk_create`, `bulk_update`), and
its own bulk helper builds a Python object per record and skips the many-to-many snapshot.
`write_history` copies the rows instead (INSERT ... SELECT, one statement per table and
chunk): the same records, with the acting user, the change reason and the many-to-many
rows, in a fraction of the time.

Works for any model with `HistoricalRecords`, many-to-many fields included when they are
listed in `m2m_fields`.
"""

from itertools import islice

from django.db import connection, models
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Entries per statement: small enough for SQLite's variable limit, large enough to stay fast.
CHUNK = 1000

# What each copied record gets besides the entry's own columns, in the order of the values.
_EXTRA_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user")


def write_history(model, pks: list[int], history_type: str, *, user, reason: str) -> None:
    """One history record per entry in `pks`, of `history_type` ("+", "~"), as stored now."""
    if not pks:
        return
    history_meta = model.history.model._meta
    moment = timezone.now()
    stamp = history_meta.get_field("history_date").get_db_prep_value(moment, connection)
    marks = [stamp, reason, history_type, getattr(user, "pk", None)]
    remaining = iter(pks)
    with connection.cursor() as cursor:
        while chunk := list(islice(remaining, CHUNK)):
            cursor.execute(*_copy_rows(model, chunk, marks))
            for m2m in model.history.model._history_m2m_fields:
                cursor.execute(*_copy_m2m_rows(model, m2m, chunk, marks[:3]))


def _copy_rows(model, chunk: list[int], marks: list) -> tuple[str, list]:
    """INSERT ... SELECT of the entries' tracked columns, with date, reason, type and user."""
    history_model = model.history.model
    history_meta = history_model._meta
    quote = connection.ops.quote_name
    tracked = [quote(f.column) for f in history_model.tracked_fields]
    extra = [quote(history_meta.get_field(name).column) for name in _EXTRA_FIELDS]
    pk_column = quote(model._meta.pk.column)
    placeholders = ", ".join(["%s"] * len(chunk))
    # Only quoted table and column names from the models are formatted in; values are parameters.
    sql = (
        f"INSERT INTO {quote(history_meta.db_table)} ({', '.join(tracked + extra)}) "  # noqa: S608
        f"SELECT {', '.join(tracked)}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {pk_column} IN ({placeholders})"
    )
    return sql, [*marks, *chunk]


def _copy_m2m_rows(model, m2m, chunk: list[int], marks: list) -> tuple[str, list]:
    """The entries' many-to-many rows, tied to the records `_copy_rows` just wrote.

    Those records are found by their date, reason and type, all three shared by one call.
    """
    history_meta = model.history.model._meta
    history_m2m = HistoricalRecords.m2m_models[m2m]._meta
    through = m2m.remote_field.through._meta
    quote = connection.ops.quote_name
    owner = quote(through.get_field(m2m.m2m_field_name()).column)
    target = quote(through.get_field(m2m.m2m_reverse_field_name()).column)
    columns = [quote(through.pk.column), owner, target]
    date, reason, kind = (quote(history_meta.get_field(name).column) for name in _EXTRA_FIELDS[:3])
    id_column = quote(history_meta.get_field(model._meta.pk.name).column)
    history_pk = quote(history_meta.pk.column)
    placeholders = ", ".join(["%s"] * len(chunk))
    # As in `_copy_rows`: names from the models, quoted; values are parameters.
    sql = (
        f"INSERT INTO {quote(history_m2m.db_table)} "  # noqa: S608
        f"({', '.join(columns)}, {quote(history_m2m.get_field('history').column)}) "
        f"SELECT {', '.join('t.' + c for c in columns)}, h.{history_pk} "
        f"FROM {quote(through.db_table)} t JOIN {quote(history_meta.db_table)} h "
        f"ON h.{id_column} = t.{owner} "
        f"WHERE h.{date} = %s AND h.{reason} = %s AND h.{kind} = %s "
        f"AND t.{owner} IN ({placeholders}) AND h.{id_column} IN ({placeholders})"
    )
    return sql, [*marks, *chunk, *chunk]


def delete_with_history(model, pks: list[int], *, user, reason: str) -> None:
    """Delete entries in bulk, each with one "-" history record, sending no per-entry signal.

    Django's own delete sends two signals per entry, and the history and summary receivers
    behind them cost several queries each: thousands of entries took tens of seconds. Here
    every step is one statement per chunk: the history records (lists included), the
    entries' list rows, references to them set to null or their dependent rows deleted as
    their `on_delete` says, then the entries. The caller checks beforehand that nothing the
    editor wrote still refers to them, and refreshes whatever it derives from them.
    """
    write_history(model, pks, "-", user=user, reason=reason)
    quote = connection.ops.quote_name
    table, pk_column = quote(model._meta.db_table), quote(model._meta.pk.column)
    remaining = iter(pks)
    while chunk := list(islice(remaining, CHUNK)):
        _delete_dependents(model, chunk)
        placeholders = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            # Only quoted names from the model are formatted in; the keys are parameters.
            cursor.execute(
                f"DELETE FROM {table} WHERE {pk_column} IN ({placeholders})",  # noqa: S608
                chunk,
            )


def _delete_dependents(model, chunk: list[int]) -> None:
    """What refers to the entries in `chunk`: list rows, then other rows by their on_delete."""
    for m2m in model._meta.local_many_to_many:
        through = m2m.remote_field.through
        through._base_manager.filter(**{f"{m2m.m2m_field_name()}__in": chunk}).delete()
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue  # the model's own fields
        if relation.many_to_many:
            through = relation.through
            column = relation.field.m2m_reverse_field_name()
            through._base_manager.filter(**{f"{column}__in": chunk}).delete()
            continue
        related = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": chunk}
        )
        if relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
        elif relation.on_delete is models.CASCADE:
            related.delete()
        # DO_NOTHING: history records keep naming deleted entries, as they should.
