"""The rules every event keeps, each defined once with its message.

Rules about one row (`EVENT_RULES`) are the database's check constraints and, in Python,
what model validation and the CSV importer check before writing; see `companies.rules`.
Rules about the rows an event links to (the target it supersedes or fulfils, and loops of
targets superseding each other) need those rows, so callers pass a way to look them up:
the model reads the database, the importer reads the database and the file.

`apply_defaults()` is the one place where a target without a status becomes "announced",
and `walk_back()` is the one walk along `supersedes` links.
"""

from collections.abc import Callable, Hashable, Iterable

from django.db.models import F, Q

from companies.rules import Rule, broken_rules

from .choices import EventKind, TargetStatus

DEFAULT_TARGET_STATUS = TargetStatus.ANNOUNCED


def apply_defaults(event) -> None:
    """Fill what an event may leave blank: a target's status is "announced" until told."""
    if event.kind == EventKind.TARGET and not event.status:
        event.status = DEFAULT_TARGET_STATUS


def _is_target(event) -> bool:
    return event.kind == EventKind.TARGET


SUPERSEDES_NOT_ITSELF = Rule(
    name="event_not_superseding_itself",
    field="supersedes",
    message="A target cannot supersede itself.",
    condition=~Q(supersedes=F("pk")),
    holds=lambda e: e.supersedes_id is None or e.supersedes_id != e.pk,
)
FULFILS_NOT_ITSELF = Rule(
    name="event_not_fulfilling_itself",
    field="fulfils",
    message="A milestone cannot fulfil itself.",
    condition=~Q(fulfils=F("pk")),
    holds=lambda e: e.fulfils_id is None or e.fulfils_id != e.pk,
)
STATUS_ONLY_ON_TARGETS = Rule(
    name="event_status_only_on_targets",
    field="status",
    message="Only targets have a status; leave it empty for a milestone.",
    condition=Q(kind=EventKind.TARGET) | Q(status=""),
    holds=lambda e: _is_target(e) or not e.status,
)
SUPERSEDES_ONLY_ON_TARGETS = Rule(
    name="event_supersedes_only_targets",
    field="supersedes",
    message="Only a target can supersede an earlier target.",
    condition=Q(kind=EventKind.TARGET) | Q(supersedes__isnull=True),
    holds=lambda e: _is_target(e) or e.supersedes_id is None,
)
FULFILS_ONLY_ON_MILESTONES = Rule(
    name="event_fulfils_only_milestones",
    field="fulfils",
    message="Only a milestone can fulfil a target.",
    condition=Q(kind=EventKind.MILESTONE) | Q(fulfils__isnull=True),
    holds=lambda e: e.kind == EventKind.MILESTONE or e.fulfils_id is None,
)

EVENT_RULES = (
    SUPERSEDES_NOT_ITSELF,
    FULFILS_NOT_ITSELF,
    STATUS_ONLY_ON_TARGETS,
    SUPERSEDES_ONLY_ON_TARGETS,
    FULFILS_ONLY_ON_MILESTONES,
)

# Rules about the events an event links to.
SUPERSEDED_IS_A_TARGET = "A target can only supersede another target; this one is a milestone."
FULFILLED_IS_A_TARGET = "A milestone can only fulfil a target; this one is a milestone."
SUPERSEDES_LOOP = "This would make a loop of targets superseding each other"


def broken_event_rules(event) -> dict[str, str]:
    """Messages for the one-row rules `event` breaks, by field."""
    return broken_rules(EVENT_RULES, event)


def linked_kind_problems(event, *, kind_of: Callable[[int], str | None]) -> dict[str, str]:
    """Messages when the event `event` supersedes or fulfils is not a target.

    `kind_of(pk)` gives the kind of the event with that key, or None if unknown.
    """
    problems = {}
    if event.supersedes_id and kind_of(event.supersedes_id) == EventKind.MILESTONE:
        problems["supersedes"] = SUPERSEDED_IS_A_TARGET
    if event.fulfils_id and kind_of(event.fulfils_id) == EventKind.MILESTONE:
        problems["fulfils"] = FULFILLED_IS_A_TARGET
    return problems


def walk_back(
    start: Hashable, earlier_of: Callable[[Hashable], Hashable | None], *, stop: Iterable = ()
) -> tuple[list, Hashable | None]:
    """Follow `supersedes` links from `start` to ever earlier targets.

    `earlier_of(x)` is what `x` supersedes (None at the start of a chain). Returns the chain
    walked, newest first, each member once, and the member it ran into a second time when the
    links make a loop (else None). The walk also ends, without a loop, on reaching a member of
    `stop` (chains already known to end well), which keeps checking many chains linear in
    their total length.
    """
    stop = stop if isinstance(stop, set | frozenset | dict) else set(stop)
    chain, seen = [start], {start}
    while (earlier := earlier_of(chain[-1])) is not None and earlier not in stop:
        if earlier in seen:
            return chain, earlier
        chain.append(earlier)
        seen.add(earlier)
    return chain, None


LOOP_NAMES_SHOWN = 6


def loop_message(chain: list, again: Hashable) -> str:
    """The loop message, naming the targets in the loop: "… each other: a → b → a.".

    A long loop is named by its first targets and its length, so a file of thousands of
    targets in one loop gets a short message per row.
    """
    loop = chain[chain.index(again) :]
    names = [str(key) for key in loop]
    if len(names) > LOOP_NAMES_SHOWN:
        names = [*names[:LOOP_NAMES_SHOWN], f"… ({len(loop)} targets)"]
    return f"{SUPERSEDES_LOOP}: {' → '.join([*names, str(again)])}."
