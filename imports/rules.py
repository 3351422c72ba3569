"""The event and partnership rules an import checks, beyond what each field allows alone.

The rules and their messages are the models' own (`companies.rules`, `timeline.rules`): the
same words reach an editor from the admin form, a refused write and a CSV error report. Here
they are told per row and column, before anything is written, on what a row *would* store:
a reference to an event defined in the same file counts by its key, so a loop or a milestone
that supersedes is found whether its targets are stored or new. The loop check and the kind
of superseded targets look at the whole file and the stored events together.
"""

from dataclasses import dataclass

from companies.models import Partnership
from companies.rules import PARTNERSHIP_RULES, broken_rules
from timeline import rules as event_rules
from timeline.models import Event, EventKind

from .chunks import chunked
from .rows import CsvImport, Row

# A rule about a field that is no column of the file is reported on the column that broke it:
# a stored milestone's `fulfils` makes its new kind the problem.
COLUMN_OF_FIELD = {"fulfils": "kind"}


@dataclass(frozen=True)
class Stored:
    """What the rules read of a row, with events named by key rather than by id."""

    pk: object
    kind: str = ""
    status: str = ""
    supersedes_id: object = None
    fulfils_id: object = None
    developer_id: object = None
    partner_id: object = None


def default_status(instance) -> None:
    """A target written without a status is "announced" (`timeline.rules.apply_defaults`)."""
    if isinstance(instance, Event):
        event_rules.apply_defaults(instance)


def _stored_view(importer: CsvImport, instance, row: Row) -> Stored:
    if importer.model is Partnership:
        return Stored(
            pk=row.key,
            developer_id=row.values.get("developer"),
            partner_id=row.values.get("partner"),
        )
    if "supersedes" in row.values:
        supersedes = row.values["supersedes"] or None  # a key, stored or in the file
    else:
        supersedes = instance.supersedes_id  # kept from the database
    return Stored(
        pk=row.key[0] if row.key else None,
        kind=instance.kind,
        status=instance.status,
        supersedes_id=supersedes,
        fulfils_id=instance.fulfils_id,
    )


def check_row_rules(importer: CsvImport, instance, row: Row) -> None:
    """The one-row rules the entry must keep, reported on the row's columns."""
    if importer.model is Event:
        default_status(instance)
        row_rules = event_rules.EVENT_RULES
    elif importer.model is Partnership:
        row_rules = PARTNERSHIP_RULES
    else:
        return
    for field, message in broken_rules(row_rules, _stored_view(importer, instance, row)).items():
        column = COLUMN_OF_FIELD.get(field, field)
        value = row.values.get(column, getattr(instance, column, ""))
        importer.fail(row, column, value if value is not None else "", message)


def check_file_rules(importer: CsvImport) -> None:
    """The rules that look at every row of the file and the stored entries together."""
    if importer.model is Event and "supersedes" in importer.by_name:
        _check_supersedes_targets(importer)
        _check_supersedes_loops(importer)


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
            importer.fail(row, "supersedes", target, event_rules.SUPERSEDED_IS_A_TARGET)


def _check_supersedes_loops(importer: CsvImport) -> None:
    """No row may close a loop of targets superseding each other, through the file or not.

    Each link is walked once: a chain known to end well stops later walks, and every member
    of a loop found is reported at once, so a file of thousands of targets in one loop is
    checked in time linear in its length.
    """
    links = dict(
        Event.objects.filter(supersedes__isnull=False).values_list("slug", "supersedes__slug")
    )
    for row in importer.rows:
        if row.key and "supersedes" in row.values:
            links[row.key[0]] = row.values["supersedes"] or None
    settled: set[str] = set()  # walked already: ends well, or a member of a loop
    in_loops: dict[str, str] = {}  # a member of a loop -> the loop's message
    for row in importer.rows:
        if not row.key or row.failed:
            continue
        slug = row.key[0]
        if slug not in settled:
            chain, again = event_rules.walk_back(slug, links.get, stop=settled)
            settled.update(chain)
            if again is not None:
                message = event_rules.loop_message(chain, again)
                in_loops.update(dict.fromkeys(chain[chain.index(again) :], message))
        if slug in in_loops:
            importer.fail(row, "supersedes", row.values.get("supersedes") or "", in_loops[slug])
