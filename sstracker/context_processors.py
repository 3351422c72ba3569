"""Values every public page shows: when the content last changed, and how recent its news is."""

import functools

from django.db.models import Max, Subquery
from django.db.models.functions import Coalesce, Greatest

from companies.models import Company, Partnership
from pagecache import remembered
from timeline.models import Event


def site(request):
    # A callable, so that only a page that shows the dates runs the query, and only once per
    # content version in each process.
    return {"freshness": functools.cache(lambda: remembered("site-freshness", site_freshness))}


def site_freshness() -> dict:
    """Two different dates, in one query, drafts left out.

    - `last_edited`: the latest change to published content (companies, partnerships, events).
    - `latest_fact`: the date of the newest published milestone, as its source gave it
      ("Jul 2025"): the newest thing the tracker records as having happened.

    Any of the three may have no row yet, so each argument of Greatest falls back on the
    others rather than on a made-up date.
    """

    def companies():
        return Max("updated")

    def partnerships():
        return Subquery(Partnership.objects.published().order_by("-updated").values("updated")[:1])

    def events():
        return Subquery(Event.objects.published().order_by("-updated").values("updated")[:1])

    newest_milestone = Subquery(
        Event.objects.published()
        .milestones()
        .order_by("-date_start", "-date_end", "pk")
        .values("date")[:1]
    )
    # An aggregate over no company still returns one row, so the milestone's date is read
    # whether or not any company is published: the Max of a subquery, or the subquery alone.
    values = Company.objects.published().aggregate(
        last_edited=Greatest(
            Coalesce(companies(), partnerships(), events()),
            Coalesce(partnerships(), events(), companies()),
            Coalesce(events(), companies(), partnerships()),
        ),
        latest_fact=Coalesce(Max(newest_milestone), newest_milestone),
    )
    field = Event._meta.get_field("date")
    values["latest_fact"] = field.to_python(values["latest_fact"] or None)
    return values
