"""Scheduled publishing in Chromium: an editor schedules a draft, readers see it at that time."""

import datetime
import time

import pytest
from django.utils import timezone

from tests.browser.test_admin_csp import log_in
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLUG = "catl-small-batch-production"


def test_an_editor_schedules_a_draft_and_it_goes_public_at_that_time(
    browser, desktop, editor, settings
):
    # As in production: pages cached on the server and in the reader's browser.
    settings.PAGECACHE_SECONDS = 600
    Event.objects.filter(slug=SLUG).update(published=False)
    event = Event.objects.get(slug=SLUG)
    at = timezone.localtime() + datetime.timedelta(seconds=20)

    page = desktop.page
    log_in(page, desktop.base_url)
    desktop.open(f"/admin/timeline/event/{event.pk}/change/")
    page.fill("#id_publish_at_0", at.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", at.strftime("%H:%M:%S"))
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()
    assert "is scheduled: it goes public on" in page.content()

    desktop.open("/admin/timeline/event/?publication=scheduled")
    assert event.title in page.content()

    reader = browser.new_context()
    reader_page = reader.new_page()
    assert reader_page.goto(desktop.base_url + event.get_absolute_url()).status == 404
    link = f'href="{event.get_absolute_url()}"'
    before = reader_page.goto(desktop.base_url + "/timeline/")
    assert link not in before.text()
    assert int(before.headers["cache-control"].split("max-age=")[1].split(",")[0]) <= 20

    time.sleep(max(0, (at - timezone.localtime()).total_seconds()) + 1)
    assert reader_page.goto(desktop.base_url + event.get_absolute_url()).status == 200
    assert link in reader_page.goto(desktop.base_url + "/timeline/").text()
    assert SLUG in reader_page.goto(desktop.base_url + "/api/events/").text()
    reader.close()
