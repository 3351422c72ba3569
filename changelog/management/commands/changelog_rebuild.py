"""`manage.py changelog_rebuild`: tell the whole history again as the public changelog."""

from django.core.management.base import BaseCommand

from changelog.services import changelog_rebuild


class Command(BaseCommand):
    help = "Forget the stored changelog lines and write them again from the history records."

    def handle(self, *args, **options):
        written = changelog_rebuild()
        self.stdout.write(f"Changelog rebuilt: {written} public changes.")
