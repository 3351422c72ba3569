"""View building blocks shared by public pages: numbered references, draft previews for
editors, and lists narrowed by a filter set from the query string."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse


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

    def cite(self, sources) -> list[tuple[int, object]]:
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
        if not getattr(entry, "is_public", entry.published):
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
