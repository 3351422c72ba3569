"""Keep the changelog caught up with the history records.

`changelog_refresh()` reads the history records written since it last ran (whoever wrote
them: the admin, an import, a restore, a command) and writes one `ChangelogEntry` per public
change. Every changelog surface calls it first; when nothing is new it costs two queries.
Two processes catching up at once do not tell a record twice: each chunk moves its table's
cursor under a row lock, and a chunk whose cursor moved meanwhile is dropped.
`changelog_rebuild()` forgets every entry and tells the whole history again.
"""

import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from editorial.history import Versions, history_model_for, names_of, with_related
from timeline.models import Event, Restatement

from .describe import TRACKED_MODELS, Describer, PublicSets, companies_of, kind_of, public_url
from .models import ChangeKind, ChangelogCursor, ChangelogEntry

CHUNK = 2000
# Records of one entry this close together are one save (its fields, then its relations).
SAME_SAVE = datetime.timedelta(seconds=5)


def _history_label(model) -> str:
    return history_model_for(model)._meta.label_lower


def _pending() -> list[tuple[type, int, int]]:
    """(model, last history id told, newest history id) of each table with news."""
    told = dict(ChangelogCursor.objects.values_list("history_model", "last_history_id"))
    quote = connection.ops.quote_name
    # Table names come from the models, never from a request.
    tables = [quote(history_model_for(m)._meta.db_table) for m in TRACKED_MODELS]
    columns = ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        newest = cursor.fetchone()
    pending = []
    for model, latest in zip(TRACKED_MODELS, newest, strict=True):
        last = told.get(_history_label(model), 0)
        if latest is not None and latest > last:
            pending.append((model, last, latest))
    return pending


def changelog_refresh() -> int:
    """Tell every history record written since the last run; return the entries written."""
    pending = _pending()
    if not pending:
        return 0
    public = PublicSets.load()
    written = 0
    for model, last, newest in pending:
        while last < newest:
            last, count = _tell_chunk(model, last, newest, public)
            written += count
    return written


def changelog_rebuild() -> int:
    with transaction.atomic():
        ChangelogEntry.objects.all().delete()
        ChangelogCursor.objects.all().delete()
    return changelog_refresh()


def _records(model, after: int, newest: int) -> tuple[list, list]:
    """The next chunk of records after `after`, and the last earlier record of each entry."""
    history = history_model_for(model).objects
    records = list(
        with_related(history.filter(history_id__gt=after, history_id__lte=newest)).order_by(
            "history_id"
        )[:CHUNK]
    )
    latest_before = (
        history.filter(id__in={record.id for record in records}, history_id__lte=after)
        .order_by()
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    previous = list(with_related(history.filter(history_id__in=latest_before)))
    return records, previous


def _describer(model, versions: Versions, public: PublicSets, records) -> Describer:
    names = {}
    for model_field in versions.fields:
        if model_field.many_to_many:
            ids = set()
            for record in records:
                ids |= versions.related_ids(record, model_field.name)
            names[model_field.related_model] = names_of(model_field.related_model, ids)
    restated = set()
    if model is Event:
        rows = Restatement.objects.filter(target_id__in={r.id for r in records})
        restated = {(target, str(date)) for target, date in rows.values_list("target_id", "date")}
    return Describer(model, versions, public, names, restated)


def _tell_chunk(model, after: int, newest: int, public: PublicSets) -> tuple[int, int]:
    records, previous = _records(model, after, newest)
    versions = Versions(model, [*previous, *records])
    describer = _describer(model, versions, public, [*previous, *records])
    latest = {record.id: record for record in previous}
    entries, companies = [], []
    told_last = {}  # entry id -> (its latest ChangelogEntry of this chunk, its companies)
    for record in records:
        told = describer.tell(latest.get(record.id), record)
        latest[record.id] = record
        if told is None:
            continue
        ids = companies_of(model, record, versions, public)
        if record.id in told_last and _merge(*told_last[record.id], told, record, ids):
            continue
        entry = ChangelogEntry(
            history_model=_history_label(model),
            history_id=record.history_id,
            entry_model=model._meta.label_lower,
            entry_id=record.id,
            changed=record.history_date,
            kind=kind_of(model, record),
            change=told.change,
            title=told.title[:400],
            text=told.text,
        )
        entries.append(entry)
        companies.append(ids)
        told_last[record.id] = (entry, ids)
    urls = {pk: public_url(model, record, public) for pk, record in latest.items()}
    for entry in entries:
        entry.url = urls[entry.entry_id]
    earlier = {record.id: public_url(model, record, public) for record in previous}
    moved = [pk for pk, url in earlier.items() if urls[pk] != url]
    return _write(model, after, records[-1].history_id, entries, companies, moved, urls)


def _merge(entry: ChangelogEntry, entry_companies: set, told, record, ids: set) -> bool:
    """Fold a change of relations into the entry's previous change when both are one save.

    An admin save or an import writes a record for the fields, then one per changed
    relation; readers see one change. Returns False when the two are separate changes.
    """
    if not told.relations_only:
        return False
    if record.history_date - entry.changed > SAME_SAVE:
        return False
    entry_companies |= ids
    if entry.change in (ChangeKind.CHANGED, ChangeKind.RESTATED):
        entry.text += "; " + "; ".join(told.parts)
        if told.change == ChangeKind.RESTATED:
            entry.change = ChangeKind.RESTATED
    return True


def _write(model, after, upto, entries, companies, moved, urls) -> tuple[int, int]:
    try:
        return _write_locked(model, after, upto, entries, companies, moved, urls)
    except IntegrityError:
        # Another process wrote the same records first (SQLite takes no row locks): what
        # is left is told by the next refresh, from the cursor that process moved.
        return upto, 0


def _write_locked(model, after, upto, entries, companies, moved, urls) -> tuple[int, int]:
    label = _history_label(model)
    with transaction.atomic():
        cursor, _ = ChangelogCursor.objects.select_for_update().get_or_create(history_model=label)
        if cursor.last_history_id != after:
            return cursor.last_history_id, 0  # told meanwhile by another process
        ChangelogEntry.objects.bulk_create(entries)
        through = ChangelogEntry.companies.through
        through.objects.bulk_create(
            through(changelogentry_id=entry.pk, company_id=company_id)
            for entry, ids in zip(entries, companies, strict=True)
            for company_id in ids
        )
        # An entry whose address changed or that left the public pages: its earlier
        # changes link to where it is now, or nowhere.
        for pk in moved:
            ChangelogEntry.objects.filter(entry_model=model._meta.label_lower, entry_id=pk).exclude(
                url=urls[pk]
            ).update(url=urls[pk])
        cursor.last_history_id = upto
        cursor.save(update_fields=["last_history_id"])
    return upto, len(entries)


def latest_public_change():
    """When published content last changed (the newest changelog entry), or None."""
    changelog_refresh()
    return ChangelogEntry.objects.values_list("changed", flat=True).first()
