"""`manage.py publish_release NAME`: freeze the published data as a citable release."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sstracker.releases import ReleaseError, release_publish


class Command(BaseCommand):
    help = "Freeze every public dataset, the changelog since the last release, a README and "
    help += "checksums as one zip, served at /data/releases/NAME/."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The release's name, e.g. 2026-12.")
        parser.add_argument(
            "--site-url",
            default=settings.SSTRACKER_SITE_URL,
            help="The site's public address, for links and the citation "
            "(default: SSTRACKER_SITE_URL).",
        )

    def handle(self, *args, name, site_url, **options):
        try:
            release = release_publish(name=name, site_url=site_url)
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Published release {release.name}: {release.size} bytes, "
            f"SHA-256 {release.sha256}, at {site_url.rstrip('/')}{release.get_absolute_url()}"
        )
