"""The public changelog: `/changes/`, its CSV file, and each entry's own history page."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from pagekit.views import FilteredListMixin

from .export import write_changes_csv
from .filters import ChangeFilterSet
from .models import ChangelogEntry
from .services import changelog_refresh

PAGE_SIZE = 50


class ChangeListView(FilteredListMixin, ListView):
    """Every public change, newest first, filtered by company, kind of entry and of change."""

    filterset_class = ChangeFilterSet
    template_name = "changelog/change_list.html"
    context_object_name = "change_list"
    paginate_by = PAGE_SIZE

    def get_filter_queryset(self):
        changelog_refresh()
        return ChangelogEntry.objects.all()


def change_csv(request):
    """The changelog as CSV, filtered as the page is; a bad filter value is a 400."""
    changelog_refresh()
    filterset = ChangeFilterSet(request.GET, queryset=ChangelogEntry.objects.all())
    if not filterset.is_valid():
        problems = " ".join(
            f"{filterset.form.fields[name].label}: {' '.join(errors)}"
            for name, errors in filterset.form.errors.items()
        )
        return HttpResponse(
            f"These filters could not be applied. {problems}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sstracker-changes.csv"'
    write_changes_csv(filterset.qs, response, base_url=request.build_absolute_uri("/")[:-1])
    return response


class EntryHistoryView(ListView):
    """The public changes of one entry: `/timeline/<slug>/history/` and the like."""

    template_name = "changelog/entry_history.html"
    context_object_name = "change_list"
    paginate_by = PAGE_SIZE
    entry_model = None

    def get_queryset(self):
        changelog_refresh()
        entries = self.entry_model.objects.all()
        if hasattr(entries, "published"):
            entries = entries.published()
        self.entry = get_object_or_404(entries, slug=self.kwargs["slug"])
        return ChangelogEntry.objects.of_entry(self.entry)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        context["entry_kind"] = self.entry_model._meta.verbose_name
        return context
