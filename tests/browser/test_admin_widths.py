"""Admin pages fit the window: no sideways scrolling at 1280 px, inlines included, and change
forms usable on a 375 px phone. Every changelist, add and change page of the seeded data."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from companies.models import Company
from tests.browser.conftest import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-passphrase-9"


def admin_pages(user) -> tuple[list[str], list[str]]:
    """(every list page, every form page) the user may open, for every registered model."""
    request = RequestFactory().get("/admin/")
    request.user = user
    lists = [reverse("admin:index"), reverse("admin:timeline_review")]
    forms = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        lists.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            forms.append(reverse(f"{name}_add"))
        if not model_admin.has_change_permission(request):
            continue
        # Several entries per model, the widest forms included: every company (partnership
        # inlines), the first few of the rest.
        for entry in model._default_manager.order_by("pk")[:12]:
            forms.append(reverse(f"{name}_change", args=[entry.pk]))
    return lists, forms


def overflow(page) -> tuple[int, int]:
    return page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )


def logged_in(browser, site, viewport, username):
    page = Page(browser, site.url, viewport)
    page.page.goto(site.url + "/admin/login/")
    page.page.fill("#id_username", username)
    page.page.fill("#id_password", PASSWORD)
    page.page.click("input[type=submit]")
    page.page.wait_for_url(site.url + "/admin/")
    return page


@pytest.fixture
def boss(site, django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)


def test_no_admin_page_scrolls_sideways_at_1280(browser, site, boss):
    lists, forms = admin_pages(boss)
    page = logged_in(browser, site, {"width": 1280, "height": 900}, boss.username)
    too_wide = {}
    for path in lists + forms:
        page.open(path)
        scroll_width, client_width = overflow(page.page)
        if scroll_width > client_width:
            too_wide[path] = scroll_width
    page.close()
    assert len(forms) > 20
    assert too_wide == {}, f"wider than the 1280 px window: {too_wide}"


def test_change_forms_do_not_scroll_sideways_on_a_phone(browser, site, boss):
    _lists, forms = admin_pages(boss)
    page = logged_in(browser, site, {"width": 375, "height": 812}, boss.username)
    too_wide = {}
    for path in forms:
        page.open(path)
        scroll_width, client_width = overflow(page.page)
        if scroll_width > client_width:
            too_wide[path] = scroll_width
    page.close()
    assert too_wide == {}, f"wider than a 375 px phone: {too_wide}"


def test_the_partnership_inlines_fit_the_company_form_at_1280(browser, site, boss):
    company = Company.objects.filter(partnerships_as_partner__isnull=False).first()
    page = logged_in(browser, site, {"width": 1280, "height": 900}, boss.username)
    page.open(reverse("admin:companies_company_change", args=[company.pk]))
    widths = page.page.evaluate(
        "[...document.querySelectorAll('.inline-group .tabular')]"
        ".map(box => box.scrollWidth - box.clientWidth)"
    )
    page.close()
    assert widths and all(extra <= 0 for extra in widths), widths
