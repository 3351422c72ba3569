"""Values as readers see them: a missing one says so, a term links to its definition.

`{{ company.country|stated }}` shows the value, or "not stated in our sources" when the
sources give none. `{% term "stage" event.stage event.get_stage_display %}` shows the label
linked to its definition on the methodology page (`/methodology/#stage-pilot-line`), or the
same "not stated" note.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from pagekit.vocabulary import term_anchor

register = template.Library()

NOT_STATED = "not stated in our sources"


def not_stated():
    return format_html('<span class="not-stated">{}</span>', NOT_STATED)


@register.filter
def stated(value):
    if value in (None, ""):
        return not_stated()
    return value


@register.simple_tag
def term(vocabulary: str, value: str, label: str):
    if not value:
        return not_stated()
    return format_html(
        '<a class="term" href="{}#{}">{}</a>',
        reverse("methodology"),
        term_anchor(vocabulary, value),
        label,
    )
