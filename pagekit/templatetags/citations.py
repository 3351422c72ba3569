"""Numbered citations: `{% cite references event.sources.all %}` renders "[1] [2]" links.

`references` is the page's `pagekit.views.References`; the first page element that cites
a source gives it its number, and `includes/_references.html` lists them all at the end.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def cite(references, sources):
    cited = references.cite(sources)
    if not cited:
        return format_html('<span class="no-source">{}</span>', "no public source yet")
    links = format_html_join(
        "",
        '<a class="cite" href="#ref-{0}" title="{1}">[{0}]</a>',
        ((number, source.title) for number, source in cited),
    )
    return format_html('<span class="cites">{}</span>', links)
