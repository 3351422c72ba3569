"""Editors preview drafts at their public address; for everyone else a draft does not exist."""

import pytest
from django.test import Client

from tests.conftest import make_company, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_event():
    return make_event(title="Secret pilot line", published=False, slug="secret-pilot-line")


def test_anonymous_visitor_gets_404_for_a_draft_event(client, draft_event):
    assert client.get("/timeline/secret-pilot-line/").status_code == 404


def test_editor_sees_the_draft_with_a_banner_and_an_admin_link(editor_client, draft_event):
    response = editor_client.get("/timeline/secret-pilot-line/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft: not published" in html
    assert f"/admin/timeline/event/{draft_event.pk}/change/" in html
    assert "private" in response["Cache-Control"]


def test_published_event_has_no_draft_banner_for_editors(editor_client):
    make_event(slug="public-one")
    assert "Draft: not published" not in editor_client.get("/timeline/public-one/").content.decode()


def test_editor_previews_a_draft_company(editor_client):
    make_company(slug="stealth-cells", name="Stealth Cells", published=False)
    assert Client().get("/companies/stealth-cells/").status_code == 404
    response = editor_client.get("/companies/stealth-cells/")
    assert response.status_code == 200
    assert "Draft: not published" in response.content.decode()


def test_drafts_stay_off_lists_and_search_even_for_editors(editor_client, draft_event):
    assert b"Secret pilot line" not in editor_client.get("/timeline/").content
    assert b"Secret pilot line" not in editor_client.get("/search/?q=Secret").content
    assert b"Secret pilot line" not in editor_client.get("/feeds/events/").content
    assert b"Secret pilot line" not in editor_client.get("/api/events/").content


def test_a_user_without_admin_access_cannot_preview(client, django_user_model, draft_event):
    reader = django_user_model.objects.create_user("reader", password="a-long-passphrase-9")
    client.force_login(reader)
    assert client.get("/timeline/secret-pilot-line/").status_code == 404
