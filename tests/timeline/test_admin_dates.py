"""The event admin says what a fuzzy date means and lists dates in their canonical form."""

import pytest
from django.urls import reverse

from tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_after_validation_the_form_shows_the_dates_first_and_last_day(admin_client):
    event = make_event(date="2026")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    # A title left empty sends the form back: the date typed is read and explained beside it.
    response = admin_client.post(url, {"title": "", "date": "2027-28", "kind": "milestone"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reads as 2027\u20132028: 1 Jan 2027 to 31 Dec 2028" in page


def test_a_fiscal_year_is_refused_in_the_form_saying_why(admin_client):
    event = make_event(date="2026")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    response = admin_client.post(url, {"title": "T", "date": "FY2026", "kind": "milestone"})
    page = response.content.decode()
    assert "a fiscal year starts in a different month at each company" in page
    event.refresh_from_db()
    assert str(event.date) == "2026"


def test_the_change_list_shows_ranges_in_canonical_form(admin_client):
    make_event(date="between 2026 and 2028", title="Range event")
    page = admin_client.get(reverse("admin:timeline_event_changelist")).content.decode()
    assert "2026\u20132028" in page
