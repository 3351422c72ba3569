"""Keep every public promise's summary (`PromiseSummary`) and every company's ladder
standing (`Standing`) current as content changes.

`promises_refresh(pks)` rewrites the summaries of every chain the given events belong to, or
belonged to before the write, and the standings of their companies; `promises_rebuild()`
rewrites them all (after a snapshot load, a synthetic dataset or a restore). Saves, deletes
and relinks of events, restatements, companies and sources refresh what they touch at once,
in the writer's transaction (`connect_signals`). Bulk writes that send no signals (CSV
imports, batch reverts) call `promises_refresh` themselves.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
)
from django.utils import timezone

from companies.models import Company, Source

from .ladder import ladder_rows
from .models import Event, PromiseSummary, Restatement, Standing
from .slip_report import slip_report
from .slips import Promise, Step

CHUNK = 500
EVENTS_PER_GROUP = 2000  # events read at once to rewrite standings: bounds the memory it takes


def _step_data(step: Step) -> dict:
    source = step.source
    target = step.target
    return {
        "target": {"slug": target.slug, "title": target.title, "status": target.status},
        "date": str(step.date),
        "stage": step.stage or "",
        "stage_label": step.stage_label,
        "announced": str(step.announced) if step.announced else "",
        "moved_months": step.moved_months,
        "how": step.how,
        "replaced": str(step.replaced) if step.replaced else "",
        "source": {"url": source.url, "title": source.title} if source else None,
    }


def _summary(promise: Promise) -> PromiseSummary:
    return PromiseSummary(
        current=promise.current,
        first=promise.first,
        milestone=promise.milestone,
        first_date=promise.first_date,
        current_date=promise.current_date,
        outcome=promise.outcome,
        met_months=promise.met_months,
        moved_months=promise.moved_months,
        moves=promise.moves,
        history_text=promise.history_text,
        steps=[_step_data(step) for step in promise.steps],
    )


def _write(promises: list[Promise]) -> None:
    for start in range(0, len(promises), CHUNK):
        chunk = promises[start : start + CHUNK]
        summaries = PromiseSummary.objects.bulk_create([_summary(p) for p in chunk])
        through = PromiseSummary.chain_companies.through
        through.objects.bulk_create(
            through(promisesummary_id=summary.pk, company_id=company.pk)
            for summary, promise in zip(summaries, chunk, strict=True)
            for company in promise.companies
        )


def promises_refresh(event_pks: Iterable[int], *, company_ids: Iterable[int] = ()) -> None:
    """Rewrite the summaries of the public chains these events belong to, and the ladder
    standings of their companies (and of `company_ids`, say companies an event left).

    A large import names tens of thousands of events: they are taken a chunk at a time, so
    each query stays within the database's limits and only one chunk's chains are in memory.
    """
    pks = sorted(set(event_pks))
    companies = set(company_ids)
    for start in range(0, len(pks), CHUNK):
        companies |= _summaries_refresh(set(pks[start : start + CHUNK]))
    standings_refresh(companies)


def _summaries_refresh(pks: set[int]) -> set[int]:
    """Rewrite the summaries of the chains of `pks`; return the companies of those chains."""
    report = slip_report(Event.objects.published().linked_to(pks), today=timezone.localdate())
    members = pks | {target.pk for p in report.promises for target in p.targets}
    stale = Q(current__in=members) | Q(first__in=members) | Q(milestone__in=pks)
    for _ in range(2):  # a concurrent refresh of the same chain may win the race once
        try:
            with transaction.atomic():
                PromiseSummary.objects.filter(stale).delete()
                _write(report.promises)
            break
        except IntegrityError:
            continue
    links = Event.companies.through.objects.filter(event__in=members)
    return set(links.values_list("company_id", flat=True))


def promises_rebuild() -> int:
    """Rewrite every summary from the published events; returns how many promises there are."""
    report = slip_report(Event.objects.published(), today=timezone.localdate())
    with transaction.atomic():
        Standing.objects.all().delete()
        PromiseSummary.objects.all().delete()
        _write(report.promises)
        standings_refresh(Company.objects.values_list("pk", flat=True))
    return len(report.promises)


def standings_refresh(company_ids: Iterable[int]) -> None:
    """Rewrite the ladder standings of these companies from their events and summaries."""
    for chunk in _company_groups(sorted(set(company_ids))):
        events = list(
            Event.objects.published()
            .live()
            .filter(companies__in=chunk)
            .distinct()
            .prefetch_related(Prefetch("companies", queryset=Company.objects.filter(pk__in=chunk)))
        )
        targets = [event.pk for event in events if event.is_target]
        summaries = {s.current_id: s for s in PromiseSummary.objects.filter(current__in=targets)}
        promise_of = summaries.get  # looked up by target primary key
        rows = ladder_rows(
            Company.objects.filter(pk__in=chunk), events, lambda t, of=promise_of: of(t.pk)
        )
        with transaction.atomic():
            Standing.objects.filter(company__in=chunk).delete()
            Standing.objects.bulk_create(rows)


def _company_groups(ids: list[int]) -> Iterable[list[int]]:
    """The companies in groups of at most CHUNK, whose events together stay near
    EVENTS_PER_GROUP, so that a refresh after a large import holds a group's events only."""
    through = Event.companies.through
    counts = {}
    for start in range(0, len(ids), CHUNK):
        rows = through.objects.filter(company__in=ids[start : start + CHUNK])
        counts.update(rows.values_list("company").annotate(events=Count("event")))
    group, events = [], 0
    for pk in ids:
        if group and (len(group) == CHUNK or events + counts.get(pk, 0) > EVENTS_PER_GROUP):
            yield group
            group, events = [], 0
        group.append(pk)
        events += counts.get(pk, 0)
    if group:
        yield group


# --- Refreshing what a write touches ----------------------------------------------------------
# In the writer's own transaction, so a write that is rolled back leaves its summaries as
# they were. An admin save refreshes a few times (the row, then each relation): a handful of
# small queries each.


def _refresh(pks: Iterable[int]) -> None:
    promises_refresh(pk for pk in pks if pk is not None)


def _neighbours(event: Event) -> set[int]:
    linked = Event.objects.filter(Q(supersedes=event.pk) | Q(fulfils=event.pk))
    return {event.supersedes_id, event.fulfils_id, *linked.values_list("pk", flat=True)}


def _event_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh({instance.pk, instance.supersedes_id, instance.fulfils_id})


def _event_deleting(sender, instance, **kwargs):
    instance._promise_neighbours = _neighbours(instance)


def _event_deleted(sender, instance, **kwargs):
    _refresh(getattr(instance, "_promise_neighbours", set()))


def _companies_changed(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("post_") and isinstance(instance, Event):
        # A company the event left must lose it from its standing too.
        promises_refresh({instance.pk}, company_ids=pk_set or ())


def _restatement_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh({instance.target_id})


def _company_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        links = Event.companies.through.objects.filter(company=instance)
        promises_refresh(links.values_list("event_id", flat=True), company_ids={instance.pk})


def _source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh(instance.restatements.values_list("target_id", flat=True))


def _after_migrate(sender, **kwargs):
    """An installation that had targets before summaries existed gets them at once."""
    if not PromiseSummary.objects.exists() and Event.objects.published().targets().exists():
        promises_rebuild()


def connect_signals(app_config) -> None:
    uid = "promise-summaries"
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid=f"{uid}-migrate")
    post_save.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}-event")
    pre_delete.connect(_event_deleting, sender=Event, dispatch_uid=f"{uid}-event-deleting")
    post_delete.connect(_event_deleted, sender=Event, dispatch_uid=f"{uid}-event-deleted")
    m2m_changed.connect(
        _companies_changed, sender=Event.companies.through, dispatch_uid=f"{uid}-companies"
    )
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_restatement_changed, sender=Restatement, dispatch_uid=f"{uid}-r-{name}")
    post_save.connect(_company_saved, sender=Company, dispatch_uid=f"{uid}-company")
    post_save.connect(_source_saved, sender=Source, dispatch_uid=f"{uid}-source")
