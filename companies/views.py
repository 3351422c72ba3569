"""Public pages about companies, partnerships and sources."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from .filters import CompanyFilterSet
from .models import Company, Partnership, Role, Source


class References:
    """The numbered references of one page: a source gets its number where first cited.

    Templates cite with `{% cite references some.sources.all %}` (see the `citations` tag
    library) and list them at the end with `includes/_references.html`, so the numbers
    follow the order a reader meets the claims.
    """

    def __init__(self, sources=()):
        self._numbers = {}
        self.sources = []
        self.cite(sources)

    def cite(self, sources) -> list[tuple[int, Source]]:
        cited = []
        for source in sources:
            if source.pk not in self._numbers:
                self.sources.append(source)
                self._numbers[source.pk] = len(self.sources)
            cited.append((self._numbers[source.pk], source))
        return cited

    def __iter__(self):
        return iter(enumerate(self.sources, start=1))

    def __len__(self):
        return len(self.sources)


class DraftPreviewMixin:
    """Editors may open a draft at its public address, under a banner; for anyone else a draft
    does not exist (404). Lists, search, feeds and counts never show drafts to anyone.

    `get_queryset` returns every row for a previewing editor and only published rows otherwise;
    pages of editors are never cached (see `pagecache`).
    """

    def can_preview_drafts(self) -> bool:
        user = self.request.user
        model = self.model or self.queryset.model
        permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
        return user.is_authenticated and user.is_staff and user.has_perm(permission)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.can_preview_drafts() else queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        if not entry.published:
            opts = entry._meta
            context["draft_admin_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk]
            )
        return context


class FilteredListMixin:
    """A list narrowed by a filter set from the query string, for `ListView`.

    Values that do not validate give an empty list and the form's messages, never an error.
    The query stays lazy, so a paginated page reads only its own rows.
    """

    filterset_class = None

    def get(self, request, *args, **kwargs):
        # The filter form sends every field, most of them empty: drop those, so that the
        # address a reader bookmarks or shares names only the filters in use.
        given = [(key, value) for key, values in request.GET.lists() for value in values]
        kept = [(key, value) for key, value in given if value.strip()]
        if len(kept) < len(given):
            return redirect(f"{request.path}?{urlencode(kept)}" if kept else request.path)
        return super().get(request, *args, **kwargs)

    def get_filter_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET, queryset=self.get_filter_queryset(), request=self.request
        )
        if not self.filterset.is_valid():
            return []
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        context.update(
            filterset=self.filterset,
            chips=self.filterset.chips(),
            total=paginator.count if paginator else len(self.object_list),
        )
        return context


class CompanyListView(FilteredListMixin, ListView):
    """The directory, grouped by role in the order of `Role` (cell developers first)."""

    filterset_class = CompanyFilterSet
    template_name = "companies/company_list.html"
    context_object_name = "company_list"

    def get_filter_queryset(self):
        return Company.objects.published().with_event_count().order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        companies = self.object_list
        context.update(
            groups=[
                (label, members)
                for value, label in Role.choices
                if (members := [company for company in companies if company.role == value])
            ],
        )
        return context


def as_of_requested(request) -> bool:
    return "as_of" in request.GET


def timeline_events():
    """The timeline's events, reached through the relation: this app must not import that one."""
    return Company._meta.get_field("events").related_model.objects


class CompanyDetailView(DraftPreviewMixin, DetailView):
    """A company's profile; with `?as_of=YYYY-MM-DD`, the profile as published that day.

    Its targets come with their chains and slips, and the page with the company's scorecard.
    Timeline data is reached through `Company.events`, whose model belongs to the timeline
    app: this app must not import that one.
    """

    queryset = Company.objects.for_profile()

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.snapshot = None
        if as_of_requested(request):
            try:
                self.snapshot = timeline_events().snapshot(request.GET["as_of"], today=self.today)
            except ValueError as error:
                return render_as_of_problem(request, str(error))
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.snapshot is None:
            return super().get_object(queryset)
        company = self.snapshot.company(self.kwargs["slug"])
        if company is None:
            raise Http404("No company was published at this address on that day.")
        return company

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        if self.snapshot is None:
            events = list(company.events.published().for_listing().chronological())
            # Only the chains this company's events belong to, not every target on record.
            report = timeline_events().published().linked_to(events).slip_report(today=self.today)
            partnerships = [
                *company.partnerships_as_developer.all(),
                *company.partnerships_as_partner.all(),
            ]
            challenges = company.challenges.all()
        else:
            events = self.snapshot.events_of(company)
            report = self.snapshot.slip_report()
            partnerships = self.snapshot.partnerships_of(company)
            challenges = self.snapshot.challenges_of(company)
        # One entry per promise: its current target, showing the earlier dates it replaced.
        targets = []
        for target in (event for event in events if event.is_target):
            target.promise = report.for_target(target)
            if target.promise is None or target.promise.current.pk == target.pk:
                targets.append(target)
        partners = [
            (p, p.partner if p.developer_id == company.pk else p.developer) for p in partnerships
        ]
        context.update(
            references=References(),
            partners=sorted(partners, key=lambda pair: pair[1].name.casefold()),
            milestones=[event for event in events if not event.is_target],
            targets=targets,
            challenges=challenges,
            scorecard=report.scorecard(company),
            snapshot=self.snapshot,
        )
        return context


class ScorecardListView(ListView):
    """`/companies/scorecards/`: how each company's public targets turned out, side by side."""

    template_name = "companies/scorecard_list.html"

    def get_queryset(self):
        report = timeline_events().published().slip_report(today=timezone.localdate())
        return report.scorecards(Company.objects.published().order_by("name"))


def render_as_of_problem(request, message: str):
    """A plain page saying why the requested day cannot be shown, with a way back."""
    return render(request, "as_of_problem.html", {"message": message}, status=400)


class PartnershipListView(ListView):
    queryset = Partnership.objects.published().for_listing()
    paginate_by = 100


class SourceListView(ListView):
    queryset = Source.objects.bibliography()
    paginate_by = 100
