"""Make a large, realistic, deterministic dataset for load tests and benchmarks.

Every synthetic row is marked: slugs start with `synthetic-` and source URLs live under
https://synthetic.invalid/, so `seed_synthetic --remove` takes them all away again (with
their history) and the real content is never touched. `make run` never loads it.

`--history` gives every synthetic entry the history an editor's work would leave: a
"created" record with its links, and a "changed" record on each target that was replaced.
"""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from changelog.services import changelog_rebuild, changelog_refresh
from companies.models import (
    Company,
    Electrolyte,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Role,
    Source,
    SourceKind,
)
from editorial.database import analyze
from fuzzydate.core import FuzzyDate, Precision
from timeline.models import (
    Chemistry,
    Event,
    EventKind,
    PromiseSummary,
    Stage,
    Standing,
    TargetStatus,
)
from timeline.promise_summaries import promises_rebuild
from timeline.search_index import search_index_rebuild

PREFIX = "synthetic-"
URL_ROOT = "https://synthetic.invalid/"
BATCH = 2000
CHANGE_REASON = "Synthetic data"

# Names mix scripts on purpose: pages, search and CSV must cope with all of them.
NAME_PARTS = [
    "Volta", "Ionis", "Solido", "Kathode", "Anoda", "Lumen", "Nordcell", "Ampère", "Ström",
    "Żarów", "Øresund", "Ćelija", "Batería", "Bateria", "電池", "固態", "전지", "Энергия",
    "Lithos", "Ceramix", "Sulfa", "Polymeris", "Gelion", "Quanta", "Fuji", "Kōbō",
]  # fmt: skip
COUNTRIES = ["China", "Japan", "South Korea", "Germany", "France", "United States", "Sweden"]


def synthetic_date(rng: random.Random) -> str:
    year = rng.randint(2018, 2032)
    precision = rng.choice(list(Precision))
    if precision == Precision.DAY:
        value = FuzzyDate(precision, year, rng.randint(1, 12), rng.randint(1, 28))
    elif precision == Precision.MONTH:
        value = FuzzyDate(precision, year, rng.randint(1, 12))
    elif precision == Precision.QUARTER:
        value = FuzzyDate(precision, year, rng.randint(1, 4))
    elif precision == Precision.HALF:
        value = FuzzyDate(precision, year, rng.randint(1, 2))
    elif precision in (Precision.PART, Precision.DECADE_PART):
        decade = year - year % 10 if precision == Precision.DECADE_PART else year
        value = FuzzyDate(precision, decade, rng.randint(1, 3))
    elif precision == Precision.DECADE:
        value = FuzzyDate(precision, year - year % 10)
    elif precision == Precision.YEARS:
        value = FuzzyDate(precision, year, year + rng.randint(1, 3))
    else:
        value = FuzzyDate(precision, year, approximate=rng.random() < 0.3)
    return str(value)


def write_history(model, entries, *, update: bool = False) -> int:
    """One history record per entry, with its many-to-many links as they stand, in bulk."""
    records = model.history.bulk_history_create(
        entries, batch_size=BATCH, update=update, default_change_reason=CHANGE_REASON
    )
    record_of = {record.id: record.pk for record in records}
    for m2m_field in model.history.model._history_m2m_fields:
        through = m2m_field.remote_field.through
        source = get_m2m_field_name(m2m_field) + "_id"
        target = get_m2m_reverse_field_name(m2m_field) + "_id"
        history_links = HistoricalRecords.m2m_models[m2m_field]
        ids = list(record_of)
        for start in range(0, len(ids), BATCH):
            links = through.objects.filter(**{f"{source}__in": ids[start : start + BATCH]})
            history_links.objects.bulk_create(
                [
                    history_links(id=pk, history_id=record_of[owner], **{source: owner, target: to})
                    for pk, owner, to in links.values_list("pk", source, target)
                ],
                batch_size=BATCH,
            )
    return len(records)


def raw_delete(queryset) -> int:
    """Delete rows in one statement, without signals (and so without history records)."""
    matching = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    return matching._raw_delete(matching.db)


class Command(BaseCommand):
    help = "Create (or --remove) a deterministic synthetic dataset marked with 'synthetic-'."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=1000)
        parser.add_argument("--events", type=int, default=20000)
        parser.add_argument("--sources", type=int, default=None, help="Default: events / 4.")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed.")
        parser.add_argument(
            "--draft-share", type=float, default=0.05, help="Share of drafts (0 to 1)."
        )
        parser.add_argument(
            "--history", action="store_true", help="Give every entry its history records too."
        )
        parser.add_argument("--remove", action="store_true", help="Delete all synthetic rows.")

    def handle(self, *args, **options):
        if options["remove"]:
            self.stdout.write(f"Removed {self.remove()}.")
            return
        if options["companies"] < 2 or options["events"] < 0:
            raise CommandError("Give at least 2 companies and 0 or more events.")
        if Company.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("Synthetic data is already loaded; run with --remove first.")
        with transaction.atomic():
            counts = self.create(options)
            if options["history"]:
                counts["history records"] = self.create_history()
            # The planner must see the new rows before the summaries (and the first page)
            # query them: statistics taken when the tables were small pick quadratic plans.
            analyze()
            counts["promises"] = promises_rebuild()  # bulk writes send no signals
            counts["search entries"] = search_index_rebuild()
        # Told now rather than by the first reader of the changelog or a JSON download.
        counts["changelog lines"] = changelog_refresh()
        analyze()  # the planner must see the new rows before the first page asks for them
        self.stdout.write(
            "Created "
            + ", ".join(f"{count} {label}" for label, count in counts.items())
            + " (synthetic)."
        )

    def remove(self) -> str:
        # Synthetic rows were made without history, so they go without it too: deleting them
        # through the ORM would write one history record per row and take minutes.
        events = Event.objects.filter(slug__startswith=PREFIX)
        companies = Company.objects.filter(slug__startswith=PREFIX)
        sources = Source.objects.filter(url__startswith=URL_ROOT)
        partnerships = Partnership.objects.filter(
            Q(developer__in=companies) | Q(partner__in=companies)
        )
        links = [
            Event.companies.through.objects.filter(Q(event__in=events) | Q(company__in=companies)),
            Event.sources.through.objects.filter(Q(event__in=events) | Q(source__in=sources)),
            Company.sources.through.objects.filter(
                Q(company__in=companies) | Q(source__in=sources)
            ),
            Partnership.sources.through.objects.filter(
                Q(partnership__in=partnerships) | Q(source__in=sources)
            ),
        ]
        history = [
            Event.history.filter(slug__startswith=PREFIX),
            Company.history.filter(slug__startswith=PREFIX),
            Source.history.filter(url__startswith=URL_ROOT),
            Partnership.history.filter(
                Q(developer_id__in=companies.values("pk"))
                | Q(partner_id__in=companies.values("pk"))
            ),
        ]
        with transaction.atomic():
            # Promise summaries are derived: drop them all, and build them again at the end.
            raw_delete(Standing.objects.all())
            raw_delete(PromiseSummary.chain_companies.through.objects.all())
            raw_delete(PromiseSummary.objects.all())
            for records in history:
                for m2m_field in records.model._history_m2m_fields:
                    history_links = HistoricalRecords.m2m_models[m2m_field]
                    raw_delete(history_links.objects.filter(history__in=records))
                raw_delete(records)
            for queryset in links:
                raw_delete(queryset)
            Event.objects.filter(Q(supersedes__in=events) | Q(fulfils__in=events)).update(
                supersedes=None, fulfils=None
            )
            removed = {
                "partnerships": raw_delete(partnerships),
                "events": raw_delete(events),
                "companies": raw_delete(companies),
                "sources": raw_delete(sources),
            }
            promises_rebuild()
            search_index_rebuild()
        changelog_rebuild()  # their history went with them: so do their changelog lines
        return ", ".join(f"{count} {label}" for label, count in removed.items())

    def create_history(self) -> int:
        events = Event.objects.filter(slug__startswith=PREFIX)
        companies = Company.objects.filter(slug__startswith=PREFIX)
        return (
            write_history(Source, Source.objects.filter(url__startswith=URL_ROOT))
            + write_history(Company, companies)
            + write_history(Partnership, Partnership.objects.filter(developer__in=companies))
            + write_history(Event, events)
            + write_history(Event, events.filter(supersedes__isnull=False), update=True)
        )

    def create(self, options) -> dict[str, int]:
        # Reproducible made-up data, not secrets: a seeded generator is what is wanted.
        rng = random.Random(options["seed"])  # noqa: S311
        maker = SyntheticMaker(rng, draft_share=options["draft_share"], today=date.today())
        sources = maker.sources(options["sources"] or max(1, options["events"] // 4))
        companies = maker.companies(options["companies"], sources)
        partnerships = maker.partnerships(companies)
        events = maker.events(options["events"], companies, sources)
        chained = maker.target_chains(events)
        return {
            "sources": len(sources),
            "companies": len(companies),
            "partnerships": len(partnerships),
            "events": len(events),
            "target chains": len(chained),
        }


class SyntheticMaker:
    """Writes each kind of synthetic row in bulk, drawing every choice from one seeded `rng`."""

    def __init__(self, rng: random.Random, *, draft_share: float, today: date):
        self.rng = rng
        self.draft_share = draft_share
        self.today = today

    def _published(self) -> bool:
        return self.rng.random() >= self.draft_share

    def _last_verified(self) -> date:
        return self.today - timedelta(days=self.rng.randint(0, 720))

    def _month(self, first_year: int, last_year: int) -> str:
        rng = self.rng
        return str(
            FuzzyDate(Precision.MONTH, rng.randint(first_year, last_year), rng.randint(1, 12))
        )

    def sources(self, count: int) -> list[Source]:
        rng = self.rng
        return Source.objects.bulk_create(
            [
                Source(
                    url=f"{URL_ROOT}source/{n}",
                    title=f"Synthetic report {n}: {rng.choice(NAME_PARTS)} update",
                    publisher=rng.choice(["Synthetic Wire", "Synthetic Daily", "Synthetic PR"]),
                    kind=rng.choice(list(SourceKind)),
                    published_on=self._month(2018, 2026),
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )

    def companies(self, count: int, sources: list[Source]) -> list[Company]:
        rng = self.rng
        companies = Company.objects.bulk_create(
            [
                Company(
                    name=f"{rng.choice(NAME_PARTS)} {rng.choice(NAME_PARTS)} {n}",
                    slug=f"{PREFIX}company-{n}",
                    role=rng.choice(list(Role)),
                    country=rng.choice(COUNTRIES),
                    electrolyte=rng.choice(list(Electrolyte)),
                    technology=rng.choice(["sulfide separator", "oxide ceramic", "polymer film"]),
                    summary=f"Synthetic company number {n}.",
                    published=self._published(),
                    last_verified=self._last_verified(),
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        Company.sources.through.objects.bulk_create(
            [
                Company.sources.through(company_id=company.pk, source_id=rng.choice(sources).pk)
                for company in companies
            ],
            batch_size=BATCH,
        )
        return companies

    def partnerships(self, companies: list[Company]) -> dict:
        rng = self.rng
        partnerships = {}
        for _ in range(len(companies)):
            developer, partner = rng.sample(companies, 2)
            kind = rng.choice(list(PartnershipKind))
            partnerships[(developer.pk, partner.pk, kind)] = Partnership(
                developer=developer,
                partner=partner,
                kind=kind,
                status=rng.choice(list(PartnershipStatus)),
                started=str(FuzzyDate(Precision.YEAR, rng.randint(2016, 2025))),
                summary="Synthetic partnership.",
            )
        Partnership.objects.bulk_create(partnerships.values(), batch_size=BATCH)
        return partnerships

    def _event(self, n: int) -> Event:
        rng = self.rng
        kind = rng.choice(list(EventKind))
        is_target = kind == EventKind.TARGET
        return Event(
            slug=f"{PREFIX}event-{n}",
            title=f"{rng.choice(NAME_PARTS)} {rng.choice(list(Stage)).label} {n}",
            date=synthetic_date(rng),
            kind=kind,
            stage=rng.choice(list(Stage)),
            chemistry=rng.choice(list(Chemistry)),
            status=rng.choice(list(TargetStatus)) if is_target else "",
            announced=self._month(2018, 2025) if is_target else "",
            summary=f"Synthetic event number {n} <em>with markup</em> & ampersands.",
            published=self._published(),
            last_verified=self._last_verified(),
        )

    def events(self, count: int, companies: list[Company], sources: list[Source]) -> list[Event]:
        rng = self.rng
        events = Event.objects.bulk_create([self._event(n) for n in range(count)], batch_size=BATCH)
        through = Event.companies.through
        through.objects.bulk_create(
            [
                through(event_id=event.pk, company_id=company.pk)
                for event in events
                for company in rng.sample(companies, rng.choice([1, 1, 1, 2]))
            ],
            batch_size=BATCH,
        )
        Event.sources.through.objects.bulk_create(
            [
                Event.sources.through(event_id=event.pk, source_id=rng.choice(sources).pk)
                for event in events
                if rng.random() < 0.9
            ],
            batch_size=BATCH,
        )
        return events

    def target_chains(self, events: list[Event]) -> list[Event]:
        """About one target in five replaces an earlier target."""
        targets = [event for event in events if event.kind == EventKind.TARGET]
        chained = []
        for earlier, later in zip(targets, targets[1:], strict=False):
            if self.rng.random() < 0.2 and earlier.date_start <= later.date_start:
                later.supersedes = earlier
                chained.append(later)
        Event.objects.bulk_update(chained, ["supersedes"], batch_size=BATCH)
        return chained
