"""Print PostgreSQL's plan for the queries the public pages lean on, and whether each uses an
index. Run by `bench/pages.py` against the benchmark database; usable on its own:

    DATABASE_URL=postgres://... DJANGO_SECRET_KEY=x python bench/explain_queries.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sstracker.settings")

import django

django.setup()

from companies.models import Company, Partnership  # noqa: E402
from timeline.models import Event  # noqa: E402


def queries():
    company = Company.objects.filter(slug__startswith="synthetic-").order_by("pk").first()
    events = Event.objects.published()
    yield "timeline, first page", events.chronological()[:50]
    yield "timeline, deep page", events.chronological()[10000:10050]
    yield "timeline, by year", events.filter(date_start__year__gte=2027).chronological()[:50]
    yield "events of one company", company.events.published().chronological()
    yield "feed: latest changes", events.order_by("-updated", "-pk")[:20]
    yield "event by slug", Event.objects.filter(slug="synthetic-event-5")
    yield "company by slug", Company.objects.filter(slug=company.slug)
    yield "partnerships of one company", Partnership.objects.filter(developer=company)
    yield "overdue targets", events.targets().filter(status="announced", date_end__lt="2026-01-01")


def main():
    print("| query | uses an index | plan (first line) |")
    print("|---|---|---|")
    for name, queryset in queries():
        plan = queryset.explain()
        uses_index = "Index" in plan
        first = plan.splitlines()[0].strip()[:90]
        print(f"| {name} | {'yes' if uses_index else 'NO'} | `{first}` |")


if __name__ == "__main__":
    main()
