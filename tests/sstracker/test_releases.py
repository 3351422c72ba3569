"""Citable releases: one frozen zip per release, identical on every download."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from sstracker.models import Release, ReleaseImmutableError
from sstracker.releases import release_publish
from tests.conftest import make_company, make_event

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example"


def members(release_bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(release_bytes)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_command_publishes_a_release_served_byte_identical(client):
    make_event(title="Shown milestone")
    make_event(title="Hidden draft", published=False)
    out = io.StringIO()
    call_command("publish_release", "2026-12", "--site-url", SITE, stdout=out)
    assert "Published release 2026-12" in out.getvalue()
    first = client.get("/data/releases/2026-12/")
    second = client.get("/data/releases/2026-12/")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert 'filename="sstracker-2026-12.zip"' in first["Content-Disposition"]
    assert first.content == second.content
    release = Release.objects.get()
    assert hashlib.sha256(first.content).hexdigest() == release.sha256
    assert release.sha256 in client.get("/data/").content.decode()


def test_the_zip_holds_every_dataset_the_changes_a_readme_and_checksums():
    make_event(title="Shown milestone")
    make_event(title="Hidden draft", published=False)
    release = release_publish(name="first", site_url=SITE)
    files = members(bytes(release.archive))
    names = {name.removeprefix("sstracker-first/") for name in files}
    for dataset in ["companies", "events", "partnerships", "sources"]:
        assert {f"{dataset}.csv", f"{dataset}.json"} <= names
    assert {"challenges.json", "promises.json", "changes.csv", "README.md", "SHA256SUMS"} <= names
    events = json.loads(files["sstracker-first/events.json"])
    assert [item["title"] for item in events["items"]] == ["Shown milestone"]
    changes = files["sstracker-first/changes.csv"].decode()
    assert "New milestone: Shown milestone" in changes and "Hidden draft" not in changes
    readme = files["sstracker-first/README.md"].decode()
    day = release.created.date().isoformat()
    assert f"release first ({day}), {SITE}/data/releases/first/, CC BY 4.0" in readme
    assert "https://creativecommons.org/licenses/by/4.0/" in readme
    sums = files["sstracker-first/SHA256SUMS"].decode().splitlines()
    assert len(sums) == len(files) - 1
    for line in sums:
        digest, filename = line.split("  ")
        assert hashlib.sha256(files[f"sstracker-first/{filename}"]).hexdigest() == digest
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(release.archive)).infolist()}
    assert len(stamps) == 1


def test_the_next_release_holds_only_the_changes_since_the_previous_one():
    make_event(title="Before the first release")
    release_publish(name="one", site_url=SITE)
    Release.objects.filter(name="one").update(created="2000-01-01T00:00:00Z")
    make_company(name="After the first release")
    second = release_publish(name="two", site_url=SITE)
    rows = list(
        csv.reader(io.StringIO(members(second.archive)["sstracker-two/changes.csv"].decode()))
    )
    texts = [row[4] for row in rows[1:]]
    assert "New company: After the first release" in texts
    assert second.previous.name == "one"
    assert "since release one" in members(second.archive)["sstracker-two/README.md"].decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "needs a name"),
        ("has space", "use only letters, digits"),
        ("../../etc", "use only letters, digits"),
        ("nul\x00byte", "use only letters, digits"),
        ("x" * 51, "at most 50 characters"),
    ],
)
def test_bad_names_are_refused_with_a_message(name, message):
    with pytest.raises(CommandError, match=message):
        call_command("publish_release", name)
    assert not Release.objects.exists()


def test_a_name_cannot_be_used_twice_and_a_release_never_changes():
    release = release_publish(name="once", site_url=SITE)
    with pytest.raises(CommandError, match="already a release named"):
        call_command("publish_release", "once")
    release.name = "renamed"
    with pytest.raises(ReleaseImmutableError):
        release.save()
    assert Release.objects.get().name == "once"


@pytest.mark.parametrize("url", ["/data/releases/nothing/", "/data/releases/%00/"])
def test_an_unknown_release_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_editor_publishes_a_release_in_the_admin_and_can_only_read_it(editor_client):
    make_event(title="Shown milestone")
    refused = editor_client.post("/admin/sstracker/release/add/", {"name": "bad name"})
    assert refused.status_code == 200
    assert "use only letters, digits" in refused.content.decode()
    response = editor_client.post("/admin/sstracker/release/add/", {"name": "2027-01"})
    assert response.status_code == 302
    release = Release.objects.get()
    assert members(release.archive)
    page = editor_client.get(f"/admin/sstracker/release/{release.pk}/change/")
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert editor_client.get(f"/admin/sstracker/release/{release.pk}/delete/").status_code == 403


def test_open_data_json_is_byte_identical_between_requests(client):
    make_event(title="Shown milestone")
    first = client.get("/data/events.json").content
    assert client.get("/data/events.json").content == first
    generated = json.loads(first)["generated"]
    assert generated is not None
