"""`{% freshness entry as fresh %}`: how fresh an entry is (see `pagekit.freshness`).

Reads the entry's `last_verified` and its prefetched `sources`, and judges staleness by
today's date in the site's time zone.
"""

from django import template
from django.utils import timezone

from pagekit.freshness import freshness_of

register = template.Library()


@register.simple_tag
def freshness(entry):
    sources = entry.sources.all() if hasattr(entry, "sources") else ()
    return freshness_of(entry, today=timezone.localdate(), sources=sources)
