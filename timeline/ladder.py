"""The ladder: "when can I buy one?" at a glance, one row per company.

Every company sits on one common scale of stages, from R&D to customer deployment
(`SCALE`; a partnership or agreement is not a step on it):

- **Shown**: the most advanced stage among the company's published milestones (a milestone
  is something that happened, with a date and, where we have one, a source). A tie goes to
  the earliest milestone that reached the stage.
- **Promised**: the company's current target, the open one (announced or delayed, not met,
  not replaced) with the most advanced stage, the earliest if several share it (a target
  whose stage the sources do not state comes after any staged one); with how many times its
  promise moved and by how many months (see `timeline.slips`).
- **Chemistry**: semi-solid or all-solid, as the company's dated events say; "not stated"
  when none says.

`ladder_rows()` does not query: it takes the companies, their public events (with companies
prefetched) and their targets' promises. The rows are kept in the database as `Standing`s,
current with every write (`timeline.promise_summaries`), so the ladder reads one table.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from companies.models import Company

from .choices import BOTH, NOTHING, RANK, RANK_OR_NONE, SCALE, Chemistry, EventKind
from .models import Standing
from .outcomes import Outcome

__all__ = ["BOTH", "RANK", "SCALE", "ladder_rows"]


def _on_scale(event) -> bool:
    return event.stage in RANK


def _most_advanced(events: list):
    """The event with the highest stage on the scale, the earliest among equals; events whose
    stage is not stated come last."""
    return min(events, key=lambda e: (-RANK.get(e.stage, -1), e.date.sort_key), default=None)


def _chemistry(events: list) -> str:
    stated = {e.chemistry for e in events} & {Chemistry.ALL_SOLID, Chemistry.SEMI_SOLID}
    if len(stated) == 2:
        return BOTH
    return stated.pop() if stated else ""


def ladder_rows(
    companies: Iterable[Company], events: Iterable, promise_of: Callable
) -> list[Standing]:
    """Each company's standing (unsaved), most advanced first.

    `events` are public, live events with their companies prefetched; `promise_of(target)`
    gives a target's promise (a `Promise` or a `PromiseSummary`), or None.
    """
    by_company = defaultdict(list)
    for event in events:
        for company in event.companies.all():
            by_company[company.pk].append(event)
    rows = []
    for company in companies:
        own = by_company.get(company.pk, [])
        milestones = [e for e in own if e.kind == EventKind.MILESTONE and _on_scale(e)]
        open_targets = []
        for target in (e for e in own if e.kind == EventKind.TARGET and e.stage in RANK_OR_NONE):
            promise = promise_of(target)
            if promise is not None and promise.outcome == Outcome.OPEN:
                open_targets.append(target)
        target = _most_advanced(open_targets)
        shown = _most_advanced(milestones)
        rows.append(
            Standing(
                company=company,
                shown=shown,
                shown_rank=RANK[shown.stage] if shown is not None else NOTHING,
                target=target,
                target_rank=RANK.get(target.stage, NOTHING) if target is not None else NOTHING,
                promise=promise_of(target) if target is not None else None,
                chemistry=_chemistry(own),
            )
        )
    return sorted(rows, key=lambda row: row.sort_key)
