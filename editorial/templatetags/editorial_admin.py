"""Template tags for the admin home: what needs attention, and the latest changes.

Both look only at the models the editor may see (the admin's `available_apps`). A ModelAdmin
says what needs attention in its model by defining `attention(request)`, which returns
`editorial.admin.Attention` items.
"""

from django import template
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from simple_history.exceptions import NotHistoricalModelError

from ..history import history_model_for, latest_changes

register = template.Library()


def _visible_models(context):
    for app in context.get("available_apps", []):
        for entry in app["models"]:
            yield entry["model"]


@register.simple_tag(takes_context=True)
def needs_attention(context):
    """The `Attention` items of the admins of the models this editor may see that count
    something: `urgent` ones first, then the others (drafts)."""
    request = context["request"]
    items = []
    for model in _visible_models(context):
        model_admin = admin.site._registry.get(model)
        if hasattr(model_admin, "attention"):
            items += [item for item in model_admin.attention(request) if item.count]
    return {
        "urgent": [item for item in items if item.urgent],
        "other": [item for item in items if not item.urgent],
    }


# A run of at least this many writes in a row with the same reason by the same user (a
# snapshot load, an import batch) shows as one line, so it does not push out everything else.
FOLD_RUNS_OF = 4


def _runs(changes):
    """Consecutive changes grouped by (reason, user); changes without a reason stand alone."""
    runs = []
    for change in changes:
        reason = change.record.history_change_reason or ""
        key = (reason, change.record.history_user_id)
        if reason and runs and runs[-1][0] == key:
            runs[-1][1].append(change)
        else:
            runs.append((key, [change]))
    return runs


def _change_row(change) -> dict:
    opts = change.model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.record.id])
    except NoReverseMatch:
        url = ""
    return {"change": change, "url": url, "model_name": opts.verbose_name}


def _folded_row(changes) -> dict:
    kinds = sorted({str(change.model._meta.verbose_name_plural) for change in changes})
    return {
        "change": changes[0],
        "folded": len(changes),
        "reason": changes[0].record.history_change_reason,
        "kinds": ", ".join(kinds),
    }


@register.simple_tag(takes_context=True)
def recent_changes(context, limit=10):
    """The newest recorded changes across the models this editor may see, with links; long
    runs of writes made together (a snapshot load, an import) fold into one line."""
    models = []
    for model in _visible_models(context):
        try:
            history_model_for(model)
        except NotHistoricalModelError:
            continue
        models.append(model)
    # Read further back than the rows shown, so that folded runs leave room for the rest.
    changes = latest_changes(models, limit=limit * 5)
    rows = []
    for _key, run in _runs(changes):
        if len(run) >= FOLD_RUNS_OF:
            rows.append(_folded_row(run))
        else:
            rows += [_change_row(change) for change in run]
    return rows[:limit]
