"""Two editors in two browsers save the same event: the second save merges, nothing is lost."""

import pytest

from tests.browser.conftest import DESKTOP, SCREENSHOTS, Page
from tests.conftest import editors_group, make_company, make_event
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-passphrase-9"


@pytest.fixture
def two_editors(browser, live_server, django_user_model):
    """Anna and Ben, each logged in to the admin in a browser context of their own."""
    group = editors_group()
    pages = []
    for name in ["anna", "ben"]:
        user = django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        user.groups.add(group)
        page = Page(browser, live_server.url, DESKTOP)
        page.open("/admin/login/")
        page.page.fill("#id_username", name)
        page.page.fill("#id_password", PASSWORD)
        page.page.click("input[type=submit]")
        page.page.wait_for_url(live_server.url + "/admin/")
        pages.append(page)
    yield pages
    for page in pages:
        page.close()
    assert [error for page in pages for error in page.errors] == []


def save(page):
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()


def test_the_second_editor_gets_a_merge_and_keeps_both_changes(two_editors):
    anna, ben = two_editors
    event = make_event(
        title="Pilot line",
        summary="A pilot line in Kyoto.",
        date="2025",
        companies=[make_company(name="Kyoto Cells")],
    )
    path = f"/admin/timeline/event/{event.pk}/change/"
    anna_page, ben_page = anna.open(path), ben.open(path)

    anna_page.fill("#id_summary", "A pilot line in Kyoto, opened in March.")
    anna_page.fill("#id_date", "Mar 2025")
    save(anna_page)
    assert "was changed successfully" in anna_page.content()

    ben_page.fill("#id_title", "Kyoto pilot line opens")
    ben_page.fill("#id_summary", "Kyoto's pilot line opens.")
    save(ben_page)

    # Nothing written: the form is merged and asks about the one field both changed.
    assert Event.objects.get(pk=event.pk).title == "Pilot line"
    assert "anna changed this entry while you were editing" in ben_page.content()
    assert ben_page.input_value("#id_date") == "Mar 2025"  # Anna's, taken
    assert ben_page.input_value("#id_title") == "Kyoto pilot line opens"  # Ben's, kept
    conflict = ben_page.locator(".edit-merge__row")
    assert conflict.count() == 1
    assert conflict.locator("th").inner_text() == "Summary"
    assert "A pilot line in Kyoto, opened in March." in conflict.inner_text()
    assert "Kyoto's pilot line opens." in conflict.inner_text()

    ben_page.screenshot(path=str(SCREENSHOTS / "admin-merge.png"), full_page=True)
    conflict.get_by_label("Keep theirs").check()
    save(ben_page)

    assert "was changed successfully" in ben_page.content()
    event.refresh_from_db()
    assert event.title == "Kyoto pilot line opens"
    assert event.summary == "A pilot line in Kyoto, opened in March."
    assert str(event.date) == "Mar 2025"
    assert [record.history_user.username for record in event.history.all()[:2]] == [
        "ben",
        "anna",
    ]
