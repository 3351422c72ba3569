"""The event and partnership rules an import checks, beyond what each field allows alone.

These are the rules the models enforce in `clean()` and in their database constraints,
told per row and column so that a file is refused with every reason before anything is
written: a company cannot partner with itself; only targets have a status (a target
without one is "announced"); a milestone that fulfils a target cannot become a target;
only a target supersedes, and only another target, never itself, and never in a loop.
The last two look at the whole file and the stored events together.
"""

from companies.models import Partnership
from timeline.models import Event, EventKind, TargetStatus

from .chunks import chunked
from .rows import CsvImport, Row


def default_status(instance) -> None:
    """A target written without a status is "announced"."""
    if isinstance(instance, Event) and instance.kind == EventKind.TARGET and not instance.status:
        instance.status = TargetStatus.ANNOUNCED


def check_row_rules(importer: CsvImport, instance, row: Row) -> None:
    """The rules one row must keep, checked on the entry it fills."""
    if importer.model is Event:
        _check_event(importer, instance, row)
    elif (
        importer.model is Partnership
        and instance.developer_id
        and instance.developer_id == instance.partner_id
    ):
        importer.fail(
            row, "partner", row.values.get("partner"), "A company cannot partner with itself."
        )


def _check_event(importer: CsvImport, event: Event, row: Row) -> None:
    default_status(event)
    if event.kind == EventKind.MILESTONE and event.status:
        importer.fail(
            row,
            "status",
            event.status,
            "Only targets have a status; leave it empty for a milestone.",
        )
    if event.kind == EventKind.TARGET and event.fulfils_id:
        importer.fail(
            row,
            "kind",
            event.kind,
            "This milestone fulfils a target in the database, so it cannot become a target.",
        )
    if "supersedes" in row.values:
        supersedes = bool(row.values["supersedes"])
    else:
        supersedes = bool(event.supersedes_id)  # kept from the database
    if supersedes and event.kind != EventKind.TARGET:
        importer.fail(
            row,
            "supersedes",
            row.values.get("supersedes") or "",
            "Only a target can supersede an earlier target.",
        )
    if row.values.get("supersedes") and row.values["supersedes"] == event.slug:
        importer.fail(row, "supersedes", event.slug, "A target cannot supersede itself.")


def check_file_rules(importer: CsvImport) -> None:
    """The rules that look at every row of the file and the stored entries together."""
    if importer.model is Event and "supersedes" in importer.by_name:
        _check_supersedes_targets(importer)
        _check_supersedes_cycles(importer)


def _check_supersedes_targets(importer: CsvImport) -> None:
    """The superseded event must be a target, whether it is in the file or stored."""
    rows = importer.rows
    file_kinds = {
        row.key[0]: row.values.get("kind") for row in rows if row.key and "kind" in row.values
    }
    wanted = {row.values.get("supersedes") for row in rows} - {None, ""}
    stored_kinds = {}
    for chunk in chunked(wanted - file_kinds.keys()):
        stored_kinds.update(Event.objects.filter(slug__in=chunk).values_list("slug", "kind"))
    for row in rows:
        target = row.values.get("supersedes")
        kind = file_kinds.get(target, stored_kinds.get(target))
        if target and kind and kind != EventKind.TARGET:
            importer.fail(
                row,
                "supersedes",
                target,
                "This event is a milestone; a target can only supersede another target.",
            )


def _check_supersedes_cycles(importer: CsvImport) -> None:
    """No row may close a loop of targets superseding each other, through the file or not."""
    chain = dict(
        Event.objects.filter(supersedes__isnull=False).values_list("slug", "supersedes__slug")
    )
    for row in importer.rows:
        if row.key and "supersedes" in row.values:
            chain[row.key[0]] = row.values["supersedes"]
    acyclic: set[str] = set()
    for row in importer.rows:
        if not row.key or row.failed:
            continue
        path, current = [], row.key[0]
        while current and current not in acyclic and current not in path:
            path.append(current)
            current = chain.get(current)
        if current and current in path:
            loop = path[path.index(current) :] + [current]
            if row.key[0] in loop:
                importer.fail(
                    row,
                    "supersedes",
                    row.values.get("supersedes") or "",
                    "This would make a loop of targets superseding each other: "
                    + " → ".join(loop)
                    + ".",
                )
                continue
        acyclic.update(path)
