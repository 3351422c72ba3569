"""Keep the search index (`SearchEntry`, `SearchTerm`) current as content changes.

`search_index_refresh(...)` rewrites the entries of the given companies, events, challenges
and sources: their text, normalised for matching (`timeline.spelling`), and whether readers
may see them (a published company; a published, live event; every challenge; a source that a
public page cites). `search_index_rebuild()` rewrites them all, after a snapshot load, a
synthetic dataset or a restore. Saves, deletes and relinks refresh what they touch at once, in
the writer's transaction (`connect_signals`); bulk writes that send no signals (CSV imports,
batch reverts) call `search_index_refresh` themselves, as they do for the promise summaries.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

from companies.models import Company, Partnership, Source

from .models import (
    Briefing,
    Challenge,
    Event,
    Horizon,
    SearchEntry,
    SearchKind,
    SearchTerm,
)
from .public import public_sources
from .spelling import clean_text, normalise_text

CHUNK = 500
TERM_LENGTH = range(3, 101)  # shorter words are never corrected; longer ones are not words


def _join(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def _lines(*parts) -> str:
    """The parts of an entry's text as one passage, as its snippet shows them."""
    return " · ".join(str(part).strip() for part in parts if part)


def _entry(kind, item, *, title: str, meta: str, body: str, public: bool) -> SearchEntry:
    title, body = clean_text(title), clean_text(body)
    return SearchEntry(
        kind=kind,
        object_id=item.pk,
        public=public,
        title=title[:300],
        url=item.get_absolute_url()[:500],
        meta=clean_text(meta)[:300],
        body=body,
        title_words=normalise_text(title),
        body_words=normalise_text(body),
    )


def _companies(ids: list[int]) -> list[SearchEntry]:
    return [
        _entry(
            SearchKind.COMPANY,
            company,
            title=company.name,
            meta=_join(company.get_role_display(), company.get_electrolyte_display()),
            body=_lines(
                company.summary,
                company.technology,
                company.get_electrolyte_display(),
                company.get_role_display(),
                company.country,
            ),  # fmt: skip
            public=company.published,
        )
        for company in Company.objects.filter(pk__in=ids)
    ]


def _events(ids: list[int]) -> list[SearchEntry]:
    # Live: not replaced by a published later target (`EventQuerySet.live`), read as one
    # indexed lookup per chunk rather than a subquery per event.
    replacing = Event.objects.published().filter(supersedes__in=ids)
    replaced = set(replacing.values_list("supersedes_id", flat=True))
    events = Event.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("companies", queryset=Company.objects.published().order_by("name"))
    )
    entries = []
    for event in events:
        names = [company.name for company in event.companies.all()]
        entries.append(
            _entry(
                SearchKind.EVENT,
                event,
                title=event.title,
                meta=_join(event.get_kind_display(), event.date, ", ".join(names)),
                body=_lines(
                    event.summary,
                    *names,
                    event.get_stage_display(),
                    event.get_chemistry_display(),
                ),  # fmt: skip
                public=event.published and event.pk not in replaced,
            )
        )
    return entries


def _challenges(ids: list[int]) -> list[SearchEntry]:
    return [
        _entry(
            SearchKind.CHALLENGE,
            challenge,
            title=challenge.title,
            meta="",
            body=_lines(challenge.summary, challenge.detail),
            public=True,
        )
        for challenge in Challenge.objects.filter(pk__in=ids)
    ]


def _sources(ids: list[int]) -> list[SearchEntry]:
    public = set(public_sources().filter(pk__in=ids).values_list("pk", flat=True))
    entries = []
    for source in Source.objects.filter(pk__in=ids):
        entry = _entry(
            SearchKind.SOURCE,
            source,
            title=source.title,
            meta=_join(source.publisher, source.get_kind_display(), source.published_on),
            body=source.publisher,
            public=source.pk in public,
        )
        entry.url = source.url[:500]  # a source found is read where it was published
        entries.append(entry)
    return entries


BUILDERS = {
    SearchKind.COMPANY: _companies,
    SearchKind.EVENT: _events,
    SearchKind.CHALLENGE: _challenges,
    SearchKind.SOURCE: _sources,
}
FIELDS = ["public", "title", "url", "meta", "body", "title_words", "body_words"]


def _write(kind: str, ids: list[int]) -> None:
    entries = BUILDERS[kind](ids)
    present = {entry.object_id for entry in entries}
    SearchEntry.objects.filter(kind=kind, object_id__in=set(ids) - present).delete()
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=FIELDS
    )
    terms = {
        word
        for entry in entries
        if entry.public
        for word in f"{entry.title_words} {entry.body_words}".split()
        if len(word) in TERM_LENGTH and not word.isdigit()
    }
    SearchTerm.objects.bulk_create([SearchTerm(term=term) for term in terms], ignore_conflicts=True)


def search_index_refresh(
    *,
    companies: Iterable[int] = (),
    events: Iterable[int] = (),
    challenges: Iterable[int] = (),
    sources: Iterable[int] = (),
) -> None:
    """Rewrite the entries of these rows (by primary key); a row that no longer exists loses
    its entry."""
    wanted = {
        SearchKind.COMPANY: companies,
        SearchKind.EVENT: events,
        SearchKind.CHALLENGE: challenges,
        SearchKind.SOURCE: sources,
    }
    with transaction.atomic():
        for kind, pks in wanted.items():
            ids = sorted({pk for pk in pks if pk is not None})
            for start in range(0, len(ids), CHUNK):
                _write(kind, ids[start : start + CHUNK])


def search_index_rebuild() -> int:
    """Rewrite every entry and the vocabulary; returns how many entries there are."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        search_index_refresh(
            companies=Company.objects.values_list("pk", flat=True),
            events=Event.objects.values_list("pk", flat=True),
            challenges=Challenge.objects.values_list("pk", flat=True),
            sources=Source.objects.values_list("pk", flat=True),
        )
        return SearchEntry.objects.count()


def search_index_touch(model, pks: Iterable[int]) -> None:
    """Refresh what rows of `model` written in bulk (without signals) reach: their own entries,
    the events that name a company, the sources they cite, a replaced target's liveness."""
    ids = list(pks)
    if model is Company:
        companies = Company.objects.filter(pk__in=ids)
        search_index_refresh(
            companies=ids,
            events=Event.objects.filter(companies__in=ids).values_list("pk", flat=True),
            sources=Source.objects.filter(companies__in=companies).values_list("pk", flat=True),
        )
        partnerships = Partnership.objects.filter(developer__in=ids) | Partnership.objects.filter(
            partner__in=ids
        )
        model, ids = Partnership, list(partnerships.values_list("pk", flat=True))
    if model is Event:
        events = Event.objects.filter(pk__in=ids)
        replaced = events.exclude(supersedes=None).values_list("supersedes_id", flat=True)
        search_index_refresh(
            events=[*ids, *replaced],
            sources=Source.objects.filter(events__in=ids).values_list("pk", flat=True),
        )
    elif model is Partnership:
        cited = Source.objects.filter(partnerships__in=ids).values_list("pk", flat=True)
        search_index_refresh(sources=cited)
    elif model is Source:
        search_index_refresh(sources=ids)


# --- Refreshing what a write touches ----------------------------------------------------------


def _sources_of(instance) -> list[int]:
    return list(instance.sources.values_list("pk", flat=True))


def _company_neighbours(company: Company) -> dict:
    """A company's name is in its events' text; its flag decides whether its sources and its
    partnerships' sources are cited in public."""
    partnerships = Partnership.objects.filter(developer=company) | Partnership.objects.filter(
        partner=company
    )
    cited = Source.objects.filter(partnerships__in=partnerships).values_list("pk", flat=True)
    return {
        "events": list(company.events.values_list("pk", flat=True)),
        "sources": [*_sources_of(company), *cited],
    }


def _company_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index_refresh(companies={instance.pk}, **_company_neighbours(instance))


def _event_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        # The target it replaces stops being live; one it no longer replaces is live again.
        replaced = {instance.supersedes_id, getattr(instance, "_search_replaced", None)}
        search_index_refresh(events={instance.pk, *replaced}, sources=_sources_of(instance))


def _event_saving(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        stored = Event.objects.filter(pk=instance.pk).values_list("supersedes_id", flat=True)
        instance._search_replaced = stored.first()


def _deleting(sender, instance, **kwargs):
    """Before a delete: what the entry's text or visibility reaches, read while it exists."""
    touched = {"sources": _sources_of(instance) if hasattr(instance, "sources") else []}
    if isinstance(instance, Company):
        touched = _company_neighbours(instance)
    elif isinstance(instance, Event):
        touched["events"] = [instance.supersedes_id]
    instance._search_touched = touched


def _deleted(sender, instance, **kwargs):
    own = {Company: "companies", Event: "events", Challenge: "challenges", Source: "sources"}
    touched = dict(getattr(instance, "_search_touched", {}))
    if sender in own:
        key = own[sender]
        touched[key] = [*touched.get(key, []), instance.pk]
    search_index_refresh(**touched)


def _challenge_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index_refresh(challenges={instance.pk})


def _partnership_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # its sources are public while both its companies are
        search_index_refresh(sources=_sources_of(instance))


def _source_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index_refresh(sources={instance.pk})


def _sources_relinked(sender, instance, action, reverse, pk_set=None, **kwargs):
    """Citing a source or no longer citing it may make it public or hide it."""
    if reverse:  # source.companies.add(...) and the like
        if action.startswith("post_"):
            search_index_refresh(sources={instance.pk})
    elif action == "pre_clear":
        instance._search_cleared = _sources_of(instance)
    elif action == "post_clear":
        search_index_refresh(sources=getattr(instance, "_search_cleared", ()))
    elif action in ("post_add", "post_remove"):
        search_index_refresh(sources=pk_set or ())


def _event_companies_relinked(sender, instance, action, reverse, pk_set=None, **kwargs):
    """An event's text holds its companies' names."""
    if not reverse:
        if action.startswith("post_"):
            search_index_refresh(events={instance.pk})
    elif action == "pre_clear":
        instance._search_cleared = list(instance.events.values_list("pk", flat=True))
    elif action == "post_clear":
        search_index_refresh(events=getattr(instance, "_search_cleared", ()))
    elif action in ("post_add", "post_remove"):
        search_index_refresh(events=pk_set or ())


def _after_migrate(sender, **kwargs):
    """An installation that had content before the index existed gets it at once."""
    if not SearchEntry.objects.exists() and (
        Company.objects.exists() or Event.objects.exists() or Source.objects.exists()
    ):
        search_index_rebuild()


def connect_signals(app_config) -> None:
    uid = "search-index"
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid=f"{uid}-migrate")
    post_save.connect(_company_saved, sender=Company, dispatch_uid=f"{uid}-company")
    post_save.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}-event")
    pre_save.connect(_event_saving, sender=Event, dispatch_uid=f"{uid}-event-saving")
    post_save.connect(_challenge_saved, sender=Challenge, dispatch_uid=f"{uid}-challenge")
    post_save.connect(_source_saved, sender=Source, dispatch_uid=f"{uid}-source")
    post_save.connect(_partnership_saved, sender=Partnership, dispatch_uid=f"{uid}-partnership")
    for model in (Company, Event, Challenge, Source, Partnership, Horizon, Briefing):
        name = model._meta.model_name
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"{uid}-{name}-deleting")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-{name}-deleted")
    for model in (Company, Event, Partnership, Challenge, Horizon, Briefing):
        through = model.sources.through
        m2m_changed.connect(
            _sources_relinked, sender=through, dispatch_uid=f"{uid}-{through._meta.model_name}"
        )
    m2m_changed.connect(
        _event_companies_relinked, sender=Event.companies.through, dispatch_uid=f"{uid}-companies"
    )
