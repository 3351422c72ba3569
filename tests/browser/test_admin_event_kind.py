"""The event form in Chromium: only the fields for the chosen kind are open."""

import pytest

from tests.browser.test_admin_csp import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_choosing_the_kind_opens_only_its_fields(desktop, editor):
    page = desktop.page
    log_in(page, desktop.base_url)
    desktop.open("/admin/timeline/event/add/")
    milestone_fields = page.locator("fieldset.event-kind-milestone")
    status = page.locator("#id_status")
    page.select_option("#id_kind", "target")
    assert status.is_visible() and not milestone_fields.is_visible()
    page.select_option("#id_kind", "milestone")
    assert milestone_fields.is_visible() and not status.is_visible()


def test_without_scripts_both_sets_of_fields_stay_open(browser, site, editor):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, site.url)
    page.goto(site.url + "/admin/timeline/event/add/")
    assert page.locator("fieldset.event-kind-milestone").is_visible()
    assert page.locator("fieldset.event-kind-target").first.is_visible()
    context.close()
