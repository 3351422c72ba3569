"""Rows that move a published target's date or stage say what the move is.

The same rule as the admin form (`timeline.services`): when a row changes the date or stage
of a target that is published, its `date_change` cell says `correction` (the tracker had it
wrong) or `restatement` (the company moved it). A restatement also needs `restated` (when the
company announced the new date) and `restatement_source` (the URL of a source already in the
sources list); the writer then keeps the earlier date and stage as a `Restatement` and the
target's `announced` becomes the restated day. A file that changes a published target's date
without saying is refused, row by row, and nothing is written.
"""

from dataclasses import dataclass

from companies.models import Source
from timeline.choices import DateChange
from timeline.models import Event
from timeline.services import (
    NEEDS_A_KIND,
    RESTATEMENT_NEEDS_A_DAY,
    RESTATEMENT_NEEDS_A_SOURCE,
    PromisedTerms,
    date_change_needed,
)

from .chunks import chunked
from .rows import CsvImport, Row

UNKNOWN_SOURCE = "Unknown source: no source has this URL. Import the source first (sources.csv)."


@dataclass
class PlannedRestatement:
    """The earlier date and stage of a target that a row restates, for the writer."""

    target: Event
    earlier: PromisedTerms
    restated: object
    source_id: int

    def describe(self) -> str:
        return f"restatement, announced {self.restated}; earlier {self.earlier.date} kept"


class DateChanges:
    """Checks the rows of an events file that move published targets."""

    def __init__(self, importer: CsvImport):
        self.importer = importer
        urls = {row.values.get("restatement_source") for row in importer.rows} - {None, ""}
        self.sources: dict[str, int] = {}
        for chunk in chunked(urls):
            self.sources.update(Source.objects.filter(url__in=chunk).values_list("url", "pk"))

    @staticmethod
    def before(instance: Event) -> tuple[bool, PromisedTerms]:
        """What a stored event promises before the row's values are applied."""
        return (instance.published and instance.is_target, PromisedTerms.of(instance))

    def check(self, before, instance: Event, row: Row) -> PlannedRestatement | None:
        """Refuse a silent move of a published target; plan the restatement a row asks for."""
        was_public_target, earlier = before
        after = PromisedTerms(instance.date, instance.stage)
        if not date_change_needed(
            published=was_public_target, kind="target", before=earlier, after=after
        ):
            return None
        kind = row.values.get("date_change")
        if not kind:
            self.importer.fail(row, "date_change", "", self._needs_a_kind(earlier, after))
            return None
        if kind != DateChange.RESTATEMENT:
            return None
        return self._restatement(instance, earlier, row)

    def _restatement(self, instance, earlier, row) -> PlannedRestatement | None:
        restated = row.values.get("restated")
        url = row.values.get("restatement_source") or ""
        if not restated:
            self.importer.fail(row, "restated", "", RESTATEMENT_NEEDS_A_DAY)
        if not url:
            self.importer.fail(row, "restatement_source", "", RESTATEMENT_NEEDS_A_SOURCE)
        elif url not in self.sources:
            self.importer.fail(row, "restatement_source", url, UNKNOWN_SOURCE)
        if row.failed:
            return None
        instance.announced = restated
        return PlannedRestatement(instance, earlier, restated, self.sources[url])

    @staticmethod
    def _needs_a_kind(earlier: PromisedTerms, after: PromisedTerms) -> str:
        moves = []
        if str(earlier.date) != str(after.date):
            moves.append(f"date {earlier.date} → {after.date}")
        if (earlier.stage or "") != (after.stage or ""):
            moves.append(f"stage {earlier.stage or 'none'} → {after.stage or 'none'}")
        return f"{NEEDS_A_KIND} Fill date_change ({'; '.join(moves)})."
