"""The public datasets offered on `/data/`: each as CSV in the import format, and as JSON.

The CSV files are written by the same resources that read editors' imports
(`imports.resources`), so a downloaded file has exactly the columns
and cell formats of the documented CSV formats and can be imported back unchanged. They hold
only what the pages show: published rows, and in list cells only published companies.
The JSON files hold the same rows as the API's lists, without paging.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from api.serializers import (
    ChallengeSerializer,
    CompanySerializer,
    EventSerializer,
    PartnershipSerializer,
    PromiseSerializer,
    SourceSerializer,
)
from changelog.services import latest_public_change
from companies.models import Company, Partnership
from imports.resources import (
    CompanyResource,
    CsvResource,
    EventResource,
    PartnershipResource,
    SourceResource,
)
from timeline.models import Challenge, Event, PromiseSummary
from timeline.public import public_sources
from timeline.slip_report import attach_promises

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


class PublicEventResource(EventResource):
    """The events format, with a `supersedes` link to a draft target left empty.

    The base resource joins the superseded target whatever its state; prefetching only the
    published ones instead leaves the others as None, which the column writes as "".
    """

    def get_export_queryset_for(self, queryset):
        return (
            super()
            .get_export_queryset_for(queryset)
            .select_related(None)
            .prefetch_related(Prefetch("supersedes", queryset=Event.objects.published()))
        )


@dataclass(frozen=True)
class Dataset:
    """One downloadable dataset. `resource` is None when there is no CSV import format."""

    slug: str
    title: str
    description: str
    queryset: Callable[[], QuerySet]
    serializer: type
    resource: type[CsvResource] | None = None
    # Gives the rows what their JSON reads beyond the table (an event's earlier dates).
    prepare: Callable[[list], None] | None = None

    @property
    def csv_filename(self) -> str:
        return f"sstracker-{self.slug}.csv"

    @property
    def json_filename(self) -> str:
        return f"sstracker-{self.slug}.json"

    def columns(self) -> list[str]:
        return [column.column_name for column in self.resource().get_columns()]


DATASETS = [
    Dataset(
        slug="companies",
        title="Companies",
        description="Cell developers, automakers, industrialisers and suppliers.",
        queryset=Company.objects.public,
        serializer=CompanySerializer,
        resource=CompanyResource,
    ),
    Dataset(
        slug="events",
        title="Milestones and targets",
        description="What happened when, and what is promised for when: one row per "
        "promise, at its live date (earlier dates are in the promises dataset), with the "
        "`supersedes` links that make slips data.",
        # `for_listing` prefetches published companies only; the resource's own plain
        # prefetch of the same relation then adds nothing, so drafts stay out of the cells.
        queryset=Event.objects.public,
        serializer=EventSerializer,
        resource=PublicEventResource,
        prepare=lambda events: attach_promises(events, today=timezone.localdate()),
    ),
    Dataset(
        slug="promises",
        title="Promises and their dates",
        description="Every public target's promise: each date it stood at (restated by the "
        "company or replaced by a later target), how far it moved and how it turned out. "
        "JSON only: computed from the events, as on /timeline/slips/.",
        queryset=lambda: (
            PromiseSummary.objects.for_listing()
            .with_slip_order(timezone.localdate())
            .order_by("-slip_order", "first_end", "first_id")
        ),
        serializer=PromiseSerializer,
    ),
    Dataset(
        slug="partnerships",
        title="Partnerships",
        description="Who works with whom, since when, and whether it still runs.",
        queryset=Partnership.objects.public,
        serializer=PartnershipSerializer,
        resource=PartnershipResource,
    ),
    Dataset(
        slug="sources",
        title="Sources",
        description="Every source a public entry cites.",
        queryset=public_sources,
        serializer=SourceSerializer,
        resource=SourceResource,
    ),
    Dataset(
        slug="challenges",
        title="Technical challenges",
        description="The problems still being solved, with the companies and events that "
        "bear on each. JSON only: challenges are edited in the admin, not imported.",
        queryset=Challenge.objects.public,
        serializer=ChallengeSerializer,
    ),
]
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def csv_rows(dataset: Dataset) -> Iterable[list[str]]:
    """The header and one row per public entry, exactly as the import reads them."""
    return dataset.resource().export_rows(dataset.queryset())


def write_csv(dataset: Dataset, stream) -> None:
    csv.writer(stream).writerows(csv_rows(dataset))


def json_document(dataset: Dataset, *, request) -> dict:
    """The dataset with what a reuser needs to cite it.

    `generated` is when published content last changed, not the time of the request, so the
    same data downloads as the same bytes.
    """
    latest = latest_public_change()
    rows = list(dataset.queryset())
    if dataset.prepare is not None:
        dataset.prepare(rows)
    items = dataset.serializer(rows, many=True, context={"request": request})
    return {
        "dataset": dataset.slug,
        "title": dataset.title,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": "sstracker, " + request.build_absolute_uri("/"),
        "generated": latest.isoformat(timespec="seconds") if latest else None,
        "items": items.data,
    }
