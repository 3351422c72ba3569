"""Rebuild the search index from the content, as after a bulk load."""

from django.core.management.base import BaseCommand

from timeline.search_index import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rewrite every search entry and the vocabulary from the companies, events, challenges "
        "and sources. Writes keep the index current; run this after changing the database "
        "behind the site's back."
    )

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries.")
