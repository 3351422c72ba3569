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
    """Every `Attention` item of the admins of the models this editor may see."""
    request = context["request"]
    items = []
    for model in _visible_models(context):
        model_admin = admin.site._registry.get(model)
        if hasattr(model_admin, "attention"):
            items += model_admin.attention(request)
    return items


@register.simple_tag(takes_context=True)
def recent_changes(context, limit=10):
    """The newest recorded changes across the models this editor may see, with links."""
    models = []
    for model in _visible_models(context):
        try:
            history_model_for(model)
        except NotHistoricalModelError:
            continue
        models.append(model)
    changes = latest_changes(models, limit=limit)
    rows = []
    for change in changes:
        opts = change.model._meta
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.record.id]
            )
        except NoReverseMatch:
            url = ""
        rows.append({"change": change, "url": url, "model_name": opts.verbose_name})
    return rows
