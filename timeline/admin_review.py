"""The review queue, an admin page of the event admin: what an editor should check next.

The rules live in `timeline.review`; these views only list, link and record. Saving a
milestone that may meet an open target leads to a page that offers to link them.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies.models import Company
from editorial.admin import Attention

from . import review
from .models import Event
from .services import milestone_meets
from .slips import OVERDUE

REVIEW_ROWS = 100  # rows listed per section of the review queue


class ReviewQueueMixin:
    """The review queue, an admin page of the event admin: what to check next.

    Stale companies and events, overdue targets, and entries without a source, each row with
    "mark verified today" (where the entry has a verified date) and a link to edit it. The
    rules live in `timeline.review`; this only lists and records.
    """

    verifiable_models = {"company": Company, "event": Event}

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="timeline_review"),
            path(
                "review/verified/<str:model_name>/<int:pk>/",
                view(require_POST(self.mark_verified_view)),
                name="timeline_review_verified",
            ),
            path(
                "review/verified/<str:model_name>/",
                view(require_POST(self.mark_many_verified_view)),
                name="timeline_review_verified_many",
            ),
            path(
                "<int:pk>/meets/",
                view(self.meets_view),
                name="timeline_event_meets",
            ),
            *super().get_urls(),
        ]

    def _admin_for(self, model):
        return self.admin_site._registry[model]

    def _section(self, request, key, title, description, queryset, verify=False):
        model_admin = self._admin_for(queryset.model)
        if not model_admin.has_view_or_change_permission(request):
            return None
        if verify:
            # Only an entry that cites a source can be verified against it.
            through = queryset.model.sources.through.objects
            field = f"{queryset.model._meta.model_name}_id"
            queryset = queryset.annotate(
                has_source=Exists(through.filter(**{field: OuterRef("pk")}))
            )
        rows = list(queryset[: REVIEW_ROWS + 1])
        return {
            "key": key,
            "title": title,
            "description": description,
            "rows": rows[:REVIEW_ROWS],
            "more": len(rows) > REVIEW_ROWS,
            "opts": queryset.model._meta,
            "verify": verify and model_admin.has_change_permission(request),
        }

    def _sections(self, request, today) -> list[dict]:
        days = settings.SSTRACKER_STALE_AFTER_DAYS
        stale_note = f"Never verified, or last verified more than {days} days ago."
        unsourced_note = "Every public claim needs a source."
        overdue_note = f"{OVERDUE} Update the status or the date, or add the milestone that met it."
        specs = [
            ("overdue-targets", "Overdue targets", overdue_note,
             review.overdue_targets(today), True),
            ("stale-events", "Stale events", stale_note, review.stale_events(today), True),
            ("stale-companies", "Stale companies", stale_note, review.stale_companies(today), True),
            ("unsourced-events", "Events without a source", unsourced_note,
             review.unsourced_events(), False),
            ("unsourced-companies", "Companies without a source", unsourced_note,
             review.unsourced_companies(), False),
            ("unsourced-partnerships", "Partnerships without a source", unsourced_note,
             review.unsourced_partnerships(), False),
        ]  # fmt: skip
        sections = [self._section(request, *spec) for spec in specs]
        return [section for section in sections if section is not None]

    def review_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review queue",
            "today": today,
            "sections": self._sections(request, today),
            "pairs": review.unlinked_pairs(REVIEW_ROWS),
            "can_link": self.has_change_permission(request),
            "row_limit": REVIEW_ROWS,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/timeline/review_queue.html", context)

    def meets_view(self, request, pk):
        """Offer to link a milestone to the open targets it may meet; link on POST."""
        milestone = get_object_or_404(Event, pk=pk)
        if not self.has_change_permission(request, milestone):
            raise PermissionDenied
        candidates = review.open_targets_met_by(milestone)
        change_url = reverse("admin:timeline_event_change", args=[milestone.pk])
        if request.method == "POST":
            chosen = candidates.filter(pk=request.POST.get("target") or None).first()
            if chosen is None:
                messages.info(request, f"“{milestone}” is not linked to a target.")
                return HttpResponseRedirect(change_url)
            try:
                milestone_meets(milestone=milestone, target=chosen, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"“{milestone}” now meets the target “{chosen}”.")
            return HttpResponseRedirect(change_url)
        if not candidates.exists():
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Does this milestone meet a target?",
            "milestone": milestone,
            "candidates": candidates.prefetch_related("companies"),
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/timeline/event_meets.html", context)

    def mark_verified_view(self, request, model_name, pk):
        model = self.verifiable_models.get(model_name)
        if model is None:
            raise Http404("Only companies and events have a verified date.")
        entry = get_object_or_404(model, pk=pk)
        if not self._admin_for(model).has_change_permission(request, entry):
            raise PermissionDenied
        try:
            review.entry_mark_verified(entry=entry, user=request.user, today=timezone.localdate())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{entry}” is marked verified today.")
        return HttpResponseRedirect(reverse("admin:timeline_review"))

    def mark_many_verified_view(self, request, model_name):
        """The review queue's bulk action: every ticked entry of one section, one version each."""
        model = self.verifiable_models.get(model_name)
        if model is None:
            raise Http404("Only companies and events have a verified date.")
        if not self._admin_for(model).has_change_permission(request):
            raise PermissionDenied
        chosen = [pk for pk in request.POST.getlist("entry") if pk.isascii() and pk.isdigit()]
        entries = model.objects.filter(pk__in=chosen).order_by("pk")
        if not chosen:
            messages.warning(request, "Tick the entries to mark verified first; nothing changed.")
            return HttpResponseRedirect(reverse("admin:timeline_review"))
        verified, refused = review.entries_mark_verified(
            entries=entries, user=request.user, today=timezone.localdate()
        )
        if verified:
            noun = (
                model._meta.verbose_name if len(verified) == 1 else model._meta.verbose_name_plural
            )
            messages.success(request, f"{len(verified)} {noun} marked verified today.")
        for message in refused:
            messages.error(request, message)
        return HttpResponseRedirect(reverse("admin:timeline_review"))

    def attention(self, request) -> list[Attention]:
        """The admin home's lines for events, and for the review queue as a whole."""
        today = timezone.localdate()
        events = review.event_counts(today)
        companies = review.company_counts(today)
        partnerships = review.partnership_counts()
        queue = reverse("admin:timeline_review")
        return [
            Attention("Overdue targets", events["overdue"], f"{queue}#overdue-targets"),
            Attention(
                "Published events not verified recently", events["stale"], f"{queue}#stale-events"
            ),
            Attention(
                "Published companies not verified recently",
                companies["stale"],
                f"{queue}#stale-companies",
            ),
            Attention(
                "Public entries without a source",
                events["unsourced"] + companies["unsourced"] + partnerships["unsourced"],
                f"{queue}#unsourced-events",
            ),
            self.drafts_attention(events["drafts"]),
            self.scheduled_attention(),
        ]
