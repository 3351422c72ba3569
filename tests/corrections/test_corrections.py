"""Corrections from readers: the form, its refusals, the editors' queue and the public log."""

import pytest
from django.test import Client, override_settings

from corrections.models import Correction, Status
from tests.conftest import make_company, make_event, make_partnership

pytestmark = pytest.mark.django_db

GOOD = {
    "what_is_wrong": "The date should be H1 2028, not 2027.",
    "source_url": "https://example.org/press/new-date",
    "email": "",
    "website": "",
}


@pytest.fixture
def event():
    return make_event(title="Mass production", slug="mass-production", kind="target", date="2027")


def report_url(kind="event", key="mass-production"):
    return f"/corrections/report/{kind}/{key}/"


def test_every_entry_page_links_to_the_form(client, event):
    make_company(slug="bmw")
    for page, form in [
        ("/timeline/mass-production/", report_url()),
        ("/companies/bmw/", report_url("company", "bmw")),
    ]:
        assert f'href="{form}"' in client.get(page).content.decode()
        assert client.get(form).status_code == 200


def test_a_good_report_is_queued_and_published_nowhere(client, event):
    response = client.post(report_url(), GOOD)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    correction = Correction.objects.get()
    assert correction.status == Status.NEW
    assert correction.entry_label == str(event)
    assert correction.client_key and "127.0.0.1" not in correction.client_key
    assert "H1 2028" not in client.get("/corrections/").content.decode()
    assert "H1 2028" not in client.get("/timeline/mass-production/").content.decode()


def test_a_report_about_a_partnership_or_draft(client):
    partnership = make_partnership()
    assert client.post(report_url("partnership", partnership.pk), GOOD).status_code == 302
    make_event(slug="draft", published=False)
    assert client.get(report_url("event", "draft")).status_code == 404
    assert client.get(report_url("banana", "draft")).status_code == 404


HOSTILE = [
    ("huge text", {"what_is_wrong": "x" * 200_000}),
    ("NUL byte", {"what_is_wrong": "Wrong date\x00 here, see source"}),
    ("NUL in URL", {"source_url": "https://example.org/\x00"}),
    ("bad URL", {"source_url": "javascript:alert(1)"}),
    ("no URL", {"source_url": ""}),
    ("too short", {"what_is_wrong": "bad"}),
    ("bad e-mail", {"email": "not-an-address"}),
    ("huge URL", {"source_url": "https://example.org/" + "a" * 1000}),
]


@pytest.mark.parametrize("name,change", HOSTILE, ids=[name for name, _ in HOSTILE])
def test_hostile_input_gets_a_message_and_stores_nothing(client, event, name, change):
    response = client.post(report_url(), {**GOOD, **change})
    assert response.status_code == 400
    assert "Your report was not sent" in response.content.decode()
    assert not Correction.objects.exists()


def test_the_spam_trap_refuses_and_stores_nothing(client, event):
    response = client.post(report_url(), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 400
    assert "only automated senders do" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(event):
    client = Client(enforce_csrf_checks=True)
    assert client.post(report_url(), GOOD).status_code == 403
    assert not Correction.objects.exists()


def test_the_form_carries_a_csrf_token_and_is_never_cached(client, event):
    response = client.get(report_url())
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@override_settings(SSTRACKER_CORRECTIONS_PER_HOUR=2)
def test_reports_are_limited_per_client_address(client, event):
    for _ in range(2):
        assert client.post(report_url(), GOOD).status_code == 302
    refused = client.post(report_url(), GOOD)
    assert refused.status_code == 429
    assert "too many reports" in refused.content.decode()
    assert Correction.objects.count() == 2
    other = client.post(report_url(), GOOD, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


@override_settings(SSTRACKER_CORRECTIONS_PER_HOUR=1)
def test_a_forged_forwarded_header_does_not_escape_the_limit(client, event):
    assert client.post(report_url(), GOOD).status_code == 302
    forged = client.post(report_url(), GOOD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert forged.status_code == 429


def test_an_editor_accepts_a_report_and_it_appears_in_the_log(client, editor_client, event):
    client.post(report_url(), {**GOOD, "email": "reader@example.org"})
    correction = Correction.objects.get()
    change_url = f"/admin/corrections/correction/{correction.pk}/change/"
    assert editor_client.get("/admin/corrections/correction/?status__exact=new").status_code == 200
    page = editor_client.get(change_url)
    assert page.status_code == 200
    refused = editor_client.post(
        change_url, {"status": "accepted", "correction": "", "editor_note": ""}
    )
    assert refused.status_code == 200
    assert "Say what was corrected" in refused.content.decode()
    editor_client.post(
        change_url,
        {
            "status": "accepted",
            "correction": "Date corrected from 2027 to H1 2028.",
            "editor_note": "Checked the press release.",
        },
    )
    correction.refresh_from_db()
    assert correction.status == Status.ACCEPTED and correction.decided
    log = client.get("/corrections/").content.decode()
    assert "Date corrected from 2027 to H1 2028." in log
    assert "Mass production" in log
    for private in ["reader@example.org", "Checked the press release", "should be H1 2028"]:
        assert private not in log


def test_the_accept_action_needs_the_corrected_line(editor_client, client, event):
    client.post(report_url(), GOOD)
    client.post(report_url(), GOOD)
    first, second = Correction.objects.order_by("pk")
    first.correction = "Date corrected."
    first.save()
    editor_client.post(
        "/admin/corrections/correction/",
        {"action": "accept", "_selected_action": [first.pk, second.pk]},
    )
    assert list(Correction.objects.order_by("pk").values_list("status", flat=True)) == [
        "accepted",
        "new",
    ]
    editor_client.post(
        "/admin/corrections/correction/", {"action": "reject", "_selected_action": [second.pk]}
    )
    second.refresh_from_db()
    assert second.status == Status.REJECTED
    assert "Date corrected." in client.get("/corrections/").content.decode()


@pytest.mark.parametrize("page", ["abc", "999", "%00"])
def test_the_log_answers_bad_page_numbers_with_not_found(client, page):
    assert client.get(f"/corrections/?page={page}").status_code == 404


def test_a_body_beyond_the_upload_limit_is_refused_without_an_error(client, event):
    response = client.post(report_url(), {**GOOD, "what_is_wrong": "x" * 3_000_000})
    assert response.status_code == 400
    assert not Correction.objects.exists()
