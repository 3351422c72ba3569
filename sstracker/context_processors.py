"""Values every public page shows, such as when the data last changed."""

import functools

from django.db.models import Max, Subquery
from django.db.models.functions import Coalesce, Greatest

from companies.models import Company, Partnership
from timeline.models import Event


def site(request):
    # A callable, so that only a page that shows the date runs the query, and only once.
    return {"data_updated": functools.cache(data_updated)}


def data_updated():
    """When published content last changed, in one query over companies, partnerships, events.

    Drafts do not count. Any of the three may have no row yet, so each argument of Greatest
    falls back on the others rather than on a made-up date.
    """

    def companies():
        return Max("updated")

    def partnerships():
        return Subquery(Partnership.objects.published().order_by("-updated").values("updated")[:1])

    def events():
        return Subquery(Event.objects.published().order_by("-updated").values("updated")[:1])

    return Company.objects.published().aggregate(
        latest=Greatest(
            Coalesce(companies(), partnerships(), events()),
            Coalesce(partnerships(), events(), companies()),
            Coalesce(events(), companies(), partnerships()),
        )
    )["latest"]
