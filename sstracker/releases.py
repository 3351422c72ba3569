"""Publish a citable release: every public dataset, frozen as one zip file.

The zip holds, under one folder named after the release: each dataset as CSV (in the import
format) and JSON (as on `/data/`), `changes.csv` with every public change since the previous
release, a `README.md` with the licence and how to cite this release, and `SHA256SUMS` with
the checksum of every other file (`sha256sum -c SHA256SUMS` checks them). Every entry has
the release's date as its timestamp and fixed permissions, and the bytes are stored once,
so the file a reader downloads today is the file cited a year ago.
"""

import hashlib
import io
import json
import zipfile
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from changelog.export import write_changes_csv
from changelog.models import ChangelogEntry
from changelog.services import latest_public_change

from . import open_data
from .models import RELEASE_NAME_MAX_LENGTH, Release

TITLE = "Solid-state battery tracker"


class ReleaseError(Exception):
    """A release that cannot be published as asked; the message says why."""


def release_name_problem(name: str) -> str:
    """Why `name` cannot name a new release, or ""."""
    if not name:
        return "A release needs a name, e.g. 2026-12."
    if len(name) > RELEASE_NAME_MAX_LENGTH:
        return f"A release name has at most {RELEASE_NAME_MAX_LENGTH} characters."
    try:
        Release._meta.get_field("name").run_validators(name)
    except ValidationError:
        return (
            f"“{name[:60]}” cannot name a release: use only letters, digits, hyphens and "
            "underscores, e.g. 2026-12."
        )
    if Release.objects.filter(name=name).exists():
        return f"There is already a release named “{name}”: releases never change, pick a new name."
    return ""


def release_publish(*, name: str, site_url: str) -> Release:
    """Freeze the published data now as the release `name`; `site_url` is the site's address
    (e.g. https://sstracker.example), used in links and in the citation."""
    if problem := release_name_problem(name):
        raise ReleaseError(problem)
    with transaction.atomic():
        previous = Release.objects.listed().first()
        created = timezone.now().replace(microsecond=0)
        data_as_of = latest_public_change()
        archive = release_archive(
            name=name,
            created=created,
            data_as_of=data_as_of,
            previous=previous,
            site_url=site_url.rstrip("/"),
        )
        return Release.objects.create(
            name=name,
            created=created,
            data_as_of=data_as_of,
            previous=previous,
            archive=archive,
            sha256=hashlib.sha256(archive).hexdigest(),
            size=len(archive),
        )


class SiteAddress:
    """Stands in for a request where the datasets build absolute links: the site's address."""

    def __init__(self, site_url: str):
        self.site_url = site_url
        self.GET = {}  # no query parameters for links to carry over
        self.versioning_scheme = None

    def build_absolute_uri(self, location: str = "/") -> str:
        return urljoin(self.site_url + "/", location)


def release_files(*, name, created, data_as_of, previous, site_url) -> dict[str, bytes]:
    """The release's files by name, SHA256SUMS last."""
    request = SiteAddress(site_url)
    files = {}
    for dataset in open_data.DATASETS:
        if dataset.resource is not None:
            stream = io.StringIO()
            open_data.write_csv(dataset, stream)
            files[f"{dataset.slug}.csv"] = stream.getvalue().encode()
        document = open_data.json_document(dataset, request=request)
        text = json.dumps(document, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False)
        files[f"{dataset.slug}.json"] = text.encode()
    changes = ChangelogEntry.objects.all()
    if previous is not None:
        changes = changes.filter(changed__gt=previous.created)
    stream = io.StringIO()
    write_changes_csv(changes, stream, base_url=site_url)
    files["changes.csv"] = stream.getvalue().encode()
    files["README.md"] = readme(
        name=name, created=created, data_as_of=data_as_of, previous=previous, site_url=site_url
    ).encode()
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {filename}\n"
        for filename, data in sorted(files.items())
    ).encode()
    return files


def release_archive(**release) -> bytes:
    files = release_files(**release)
    stamp = timezone.localtime(release["created"]).timetuple()[:6]
    folder = f"sstracker-{release['name']}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for filename, data in files.items():
            info = zipfile.ZipInfo(f"{folder}/{filename}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def citation(*, name, created, site_url) -> str:
    day = timezone.localtime(created).date().isoformat()
    return (
        f"sstracker, “{TITLE}”, release {name} ({day}), "
        f"{site_url}/data/releases/{name}/, {open_data.LICENCE_NAME}."
    )


def readme(*, name, created, data_as_of, previous, site_url) -> str:
    since = (
        f"since release {previous.name} ({timezone.localtime(previous.created):%Y-%m-%d})"
        if previous
        else "since the tracker began"
    )
    as_of = data_as_of.isoformat(timespec="seconds") if data_as_of else "no published content"
    listed = "\n".join(
        f"- `{d.slug}.json`"
        + (f", `{d.slug}.csv`" if d.resource else "")
        + f": {d.title}. {d.description}"
        for d in open_data.DATASETS
    )
    return f"""# sstracker release {name}

{TITLE}: companies, partnerships, milestones, targets and the sources behind them.

- Release: {name}, published {timezone.localtime(created).isoformat(timespec="seconds")}
- Published content last changed: {as_of}
- Site: {site_url}/

## Files

{listed}
- `changes.csv`: every public change {since}, newest first.
- `SHA256SUMS`: the SHA-256 checksum of every other file; check with `sha256sum -c SHA256SUMS`.

CSV files use the tracker's import format (UTF-8, comma separated, lists separated by ";").
Drafts are never included.

## Licence

{open_data.LICENCE_NAME}: {open_data.LICENCE_URL}

## How to cite

{citation(name=name, created=created, site_url=site_url)}
"""
