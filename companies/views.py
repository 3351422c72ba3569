"""Public pages about companies, partnerships and sources."""

from urllib.parse import urlencode

from django.shortcuts import redirect
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


class FilteredListMixin:
    """A list narrowed by a filter set from the query string, for `ListView`.

    Values that do not validate give an empty list and the form's messages, never an error.
    The object list is a Python list, so a page can read it twice (a chart and a list).
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
        return list(self.filterset.qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filterset=self.filterset,
            chips=self.filterset.chips(),
            total=len(self.object_list),
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


class CompanyDetailView(DetailView):
    queryset = Company.objects.published().for_profile()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        # Events belong to the timeline app, which builds on this one; the reverse relation
        # hands back its QuerySet, read rules included, without an import.
        events = list(company.events.published().for_listing().chronological())
        chains = company.events.model.objects.published().target_chains()
        targets = [event for event in events if event.is_target]
        for target in targets:
            chain = chains.get(target.pk, [])
            target.chain = chain if len(chain) > 1 else []
        partners = [
            (partnership, partnership.partner)
            for partnership in company.partnerships_as_developer.all()
        ] + [
            (partnership, partnership.developer)
            for partnership in company.partnerships_as_partner.all()
        ]
        context.update(
            references=References(),
            partners=partners,
            milestones=[event for event in events if not event.is_target],
            targets=targets,
            challenges=company.challenges.all(),
        )
        return context


class PartnershipListView(ListView):
    queryset = Partnership.objects.published().for_listing()


class SourceListView(ListView):
    queryset = Source.objects.bibliography()
