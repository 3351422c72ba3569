"""Nothing destructive happens on one click: each action first shows what it will change."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from imports.models import ImportBatch
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-passphrase-9")
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def test_restore_unpublish_and_delete_each_ask_first(desktop, editor):
    page = desktop.page
    log_in(page, desktop.base_url)
    event = Event.objects.get(slug="quantumscape-qse-5-b-sample-production")
    original = event.title
    desktop.open(f"/admin/timeline/event/{event.pk}/change/")
    page.fill("#id_title", "QuantumScape ships B-samples")
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()

    # Restore a version: the confirmation lists the change; only its button restores.
    desktop.open(f"/admin/timeline/event/{event.pk}/history/")
    page.get_by_role("link", name="Restore this version…").first.click()
    changes = page.locator("#restore-changes")
    assert "QuantumScape ships B-samples" in changes.inner_text()
    assert original in changes.inner_text()
    assert Event.objects.get(pk=event.pk).title == "QuantumScape ships B-samples"
    page.get_by_role("button", name="Yes, restore this version").click()
    page.wait_for_url(re.compile(r"/history/$"))
    assert Event.objects.get(pk=event.pk).title == original

    # Unpublish from the list: a page lists what becomes a draft.
    desktop.open("/admin/timeline/event/")
    page.locator(f"input[name=_selected_action][value='{event.pk}']").check()
    page.select_option("select[name=action]", "unpublish")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    row = page.locator("#publish-changes tbody tr")
    assert row.count() == 1 and original in row.inner_text()
    assert "public → draft" in row.inner_text()
    assert Event.objects.get(pk=event.pk).published
    page.get_by_role("button", name="Yes, make 1 draft").click()
    page.wait_for_load_state()
    assert not Event.objects.get(pk=event.pk).published

    # Delete, then restore the deleted entry: both list what goes and what comes back.
    desktop.open(f"/admin/timeline/event/{event.pk}/delete/")
    assert f"Event: {original}" in page.locator("#content").inner_text()
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert not Event.objects.filter(pk=event.pk).exists()
    desktop.open("/admin/timeline/event/deleted/")
    page.get_by_role("link", name="Restore…").first.click()
    assert original in page.locator("#restore-values").inner_text()
    assert not Event.objects.filter(pk=event.pk).exists()
    page.get_by_role("button", name="Yes, restore this event").click()
    page.wait_for_load_state()
    assert Event.objects.filter(pk=event.pk).exists()


def test_reverting_an_import_lists_what_it_deletes_before_it_does(desktop, editor):
    page = desktop.page
    log_in(page, desktop.base_url)
    desktop.open("/admin/imports/importbatch/upload/events/")
    page.set_input_files("input[type=file]", str(UPDATES / "events.csv"))
    page.locator("form:has(input[type=file]) [type=submit]").click()
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    batch = ImportBatch.objects.get()
    events = Event.objects.count()

    # The import ran as a job; its page links the batch.
    page.get_by_role("link", name=re.compile(r"import batch #\d+")).click()
    page.get_by_role("link", name="Revert this batch…").click()
    deleted = page.locator("#revert-deleted li")
    assert deleted.count() == 3
    assert "Example target for CATL" in page.locator("#revert-deleted").inner_text()
    assert Event.objects.count() == events
    page.get_by_role("button", name="Yes, revert this batch").click()
    page.wait_for_load_state()
    assert Event.objects.count() == events - 3
    batch.refresh_from_db()
    assert batch.is_reverted
