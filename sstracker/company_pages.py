"""Public pages about companies that draw on the timeline as well.

The directory (with each company's count of events), a company's profile (its milestones,
targets, slips and scorecard, or the profile as published on a past day), the scorecards
side by side, and the bibliography of sources with what cites each. They combine both apps,
so they live above both; the pages that need companies alone are in `companies.views`.
"""

from collections import defaultdict

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from companies.filters import CompanyFilterSet
from companies.models import Company, Role
from pagekit.views import DraftPreviewMixin, FilteredListMixin, References
from timeline.as_of import AsOfError, past_day_for
from timeline.models import Event, PromiseSummary
from timeline.outcomes import Outcome
from timeline.public import bibliography, companies_with_event_count
from timeline.slip_report import slip_report
from timeline.slips import Scorecard
from timeline.views import as_of_requested, render_as_of_problem

# What a scorecard reads of each promise summary.
SCORED_FIELDS = ("outcome", "met_months", "moved_months", "moves", "first_end", "current_end")


class CompanyListView(FilteredListMixin, ListView):
    """The directory, grouped by role in the order of `Role` (cell developers first)."""

    filterset_class = CompanyFilterSet
    template_name = "companies/company_list.html"
    context_object_name = "company_list"

    def get_filter_queryset(self):
        return companies_with_event_count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        companies = self.object_list
        context["groups"] = [
            (label, members)
            for value, label in Role.choices
            if (members := [company for company in companies if company.role == value])
        ]
        return context


class CompanyDetailView(DraftPreviewMixin, DetailView):
    """A company's profile; with `?as_of=YYYY-MM-DD`, the profile as published that day.

    Its targets come with their chains and slips, and the page with the company's scorecard.
    """

    queryset = Company.objects.for_profile()

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.past_day = None
        if as_of_requested(request):
            try:
                self.past_day = past_day_for(request.GET["as_of"], today=self.today)
            except AsOfError as error:
                return render_as_of_problem(request, str(error))
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.past_day is None:
            return super().get_object(queryset)
        company = self.past_day.company(self.kwargs["slug"])
        if company is None:
            raise Http404("No company was published at this address on that day.")
        return company

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        if self.past_day is None:
            events = list(company.events.published().for_listing().chronological())
            # Only the chains this company's events belong to, not every target on record.
            report = slip_report(Event.objects.published().linked_to(events), today=self.today)
            partnerships = [
                *company.partnerships_as_developer.all(),
                *company.partnerships_as_partner.all(),
            ]
            challenges = company.challenges.all()
        else:
            events = self.past_day.events_of(company)
            report = self.past_day.slip_report()
            partnerships = self.past_day.partnerships_of(company)
            challenges = self.past_day.challenges_of(company)
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
            past_day=self.past_day,
        )
        return context


class ScorecardListView(ListView):
    """`/companies/scorecards/`: how each company's public targets turned out, side by side,
    from the kept promise summaries; 50 companies a page."""

    template_name = "companies/scorecard_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            Company.objects.published()
            .filter(promise_summaries__isnull=False)
            .distinct()
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        companies = list(context["object_list"])
        summaries = PromiseSummary.objects.filter(chain_companies__in=companies).only(
            *SCORED_FIELDS
        )
        by_company = defaultdict(list)
        for link in PromiseSummary.chain_companies.through.objects.filter(
            company__in=companies
        ).values_list("company_id", "promisesummary_id"):
            by_company[link[0]].append(link[1])
        kept = {summary.pk: summary for summary in summaries}
        context["object_list"] = [
            (company, Scorecard.of(kept[pk] for pk in by_company[company.pk]))
            for company in companies
        ]
        context["measured"] = PromiseSummary.objects.filter(
            ~Q(outcome=Outcome.OPEN) | Q(moves__gt=0) | Q(current_end__lt=timezone.localdate())
        ).exists()
        return context


class SourceListView(ListView):
    """`/sources/`: the bibliography, each source with the public entries that cite it."""

    template_name = "companies/source_list.html"
    queryset = bibliography()
    paginate_by = 100
