"""Editing a company with its partnerships inline loses no one else's partnership edits."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Company, Partnership
from editorial.history import version_restore, versions_of
from imports.services import csv_import
from tests.conftest import editors_group, make_company, make_partnership

pytestmark = pytest.mark.django_db


def value_data(name: str, value) -> dict:
    if value is None or value is False:
        return {}
    if value is True:
        return {name: "on"}
    if isinstance(value, list | tuple):
        return {name: [str(item) for item in value]}
    return {name: str(value)}


def page_form_data(response, **changes) -> dict:
    """What a browser sends back from an admin change page: the form, every inline row and
    the management forms, with some fields changed (by their HTML names)."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        data.update(value_data(form[name].html_name, form[name].value()))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data.update(value_data(formset.management_form[name].html_name,
                                   formset.management_form[name].value()))  # fmt: skip
        for row in formset.forms:
            for name in row.fields:
                data.update(value_data(row[name].html_name, row[name].value()))
    data.update(changes)
    return data


@pytest.fixture
def editors(django_user_model):
    """Two logged-in editors, each with their own browser."""
    group = editors_group()
    browsers = []
    for name in ["anna", "ben"]:
        user = django_user_model.objects.create_user(name, is_staff=True)
        user.groups.add(group)
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    return browsers


@pytest.fixture
def partnership():
    developer = make_company(name="Factorial Energy")
    partner = make_company(name="Mercedes-Benz", role="automaker")
    return make_partnership(developer=developer, partner=partner, summary="Joint B-samples.")


def test_a_partnership_changed_elsewhere_is_merged_into_the_companys_form(editors, partnership):
    anna, ben = editors
    company_url = reverse("admin:companies_company_change", args=[partnership.developer.pk])
    anna_page = anna.get(company_url)
    partnership_url = reverse("admin:companies_partnership_change", args=[partnership.pk])
    ben_page = ben.get(partnership_url)
    ben_data = page_form_data(ben_page, summary="Joint B-samples, road tests in 2025.")
    assert ben.post(partnership_url, ben_data).status_code == 302

    response = anna.post(company_url, page_form_data(anna_page, summary="Sulfide cells."))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "In the partnership “" in page
    assert "ben changed this entry while you were editing" in page
    assert "They changed Summary: Joint B-samples. → Joint B-samples, road tests in 2025." in page
    partnership.refresh_from_db()
    assert partnership.summary == "Joint B-samples, road tests in 2025."
    assert partnership.developer.summary != "Sulfide cells."  # nothing of the save was written

    # The returned form holds Ben's summary: saving it keeps his change and writes Anna's.
    again = anna.post(company_url, page_form_data(response))
    assert again.status_code == 302
    partnership.refresh_from_db()
    assert partnership.summary == "Joint B-samples, road tests in 2025."
    assert partnership.developer.summary == "Sulfide cells."


def test_saving_a_company_writes_no_history_for_untouched_partnerships(editors, partnership):
    anna, _ = editors
    company_url = reverse("admin:companies_company_change", args=[partnership.developer.pk])
    records = partnership.history.count()

    response = anna.post(company_url, page_form_data(anna.get(company_url), summary="New."))

    assert response.status_code == 302
    assert partnership.history.count() == records


def test_a_partnership_edited_inline_is_saved_when_no_one_else_changed_it(editors, partnership):
    anna, _ = editors
    company_url = reverse("admin:companies_company_change", args=[partnership.developer.pk])
    page = anna.get(company_url)
    formset = page.context["inline_admin_formsets"][0].formset
    field = formset.forms[0]["summary"].html_name

    assert (
        anna.post(company_url, page_form_data(page, **{field: "Edited inline."})).status_code == 302
    )
    assert Partnership.objects.get(pk=partnership.pk).summary == "Edited inline."


def test_deleting_a_company_first_lists_everything_it_takes_with_it(editors, partnership):
    anna, _ = editors
    company = partnership.developer
    url = reverse("admin:companies_company_delete", args=[company.pk])

    asked = anna.get(url)

    page = re.sub(r"<[^>]+>", "", html.unescape(asked.content.decode()))
    assert asked.status_code == 200
    assert f"Company: {company}" in page  # the entry itself
    assert f"Partnership: {partnership}" in page  # and what goes with it
    assert 'name="post" value="yes"' in asked.content.decode()
    assert Company.objects.filter(pk=company.pk).exists()  # asking deletes nothing
    anna.post(url, {"post": "yes"})
    assert not Partnership.objects.filter(pk=partnership.pk).exists()


def test_an_inline_row_both_changed_is_offered_side_by_side(editors, partnership):
    anna, ben = editors
    company_url = reverse("admin:companies_company_change", args=[partnership.developer.pk])
    anna_page = anna.get(company_url)
    row = anna_page.context["inline_admin_formsets"][0].formset.forms[0]
    partnership_url = reverse("admin:companies_partnership_change", args=[partnership.pk])
    ben_data = page_form_data(ben.get(partnership_url), summary="Ben's summary.")
    assert ben.post(partnership_url, ben_data).status_code == 302

    merged = anna.post(
        company_url, page_form_data(anna_page, **{row["summary"].html_name: "Anna's."})
    )

    assert merged.status_code == 200
    merge = merged.context["edit_merges"][0]
    assert merge.title.startswith("In the partnership")
    conflict = merge.conflicts[0]
    assert (conflict.theirs, conflict.yours) == ("Ben's summary.", "Anna's.")
    data = page_form_data(merged)
    data[merge.conflicts_key] = "summary"
    data[conflict.key] = "yours"
    assert anna.post(company_url, data).status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).summary == "Anna's."


def test_an_import_or_a_restore_between_load_and_save_is_merged_like_an_edit(editors):
    anna, _ = editors
    company = make_company(
        name="Blue Solutions", slug="blue-solutions", summary="Polymer.", electrolyte="oxide"
    )
    url = reverse("admin:companies_company_change", args=[company.pk])
    page = anna.get(url)
    header = "slug,name,role,electrolyte,summary,published\n"
    row = "blue-solutions,Blue Solutions,cell_developer,polymer,Polymer.,yes\n"
    assert csv_import(model="companies", content=(header + row).encode(), file_name="c.csv").batch

    merged = anna.post(url, page_form_data(page, technology="Lithium-metal polymer"))
    assert merged.status_code == 200  # merged, not written
    assert merged.context["adminform"].form["electrolyte"].value() == "polymer"

    version_restore(record=versions_of(company).last(), user=None)  # electrolyte back
    again = anna.post(url, page_form_data(merged))
    assert again.status_code == 200  # the restore is merged too
    assert again.context["adminform"].form["electrolyte"].value() == "oxide"
    assert anna.post(url, page_form_data(again)).status_code == 302
    company.refresh_from_db()
    assert (company.technology, company.electrolyte) == ("Lithium-metal polymer", "oxide")
