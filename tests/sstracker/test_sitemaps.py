"""sitemap.xml lists the public pages and nothing else; robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest

from tests.conftest import make_company, make_event

pytestmark = pytest.mark.django_db


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def sitemap_urls(client) -> set[str]:
    """Every address the sitemap index leads to, through its sections."""
    sections = [loc.text for loc in read(client, "/sitemap.xml").findall("s:sitemap/s:loc", NS)]
    assert sections
    return {
        loc.text
        for section in sections
        for loc in read(client, section.removeprefix("http://testserver")).findall(
            "s:url/s:loc", NS
        )
    }


def test_the_sitemap_lists_public_pages_and_leaves_drafts_out(client):
    make_company(slug="public-co")
    make_company(slug="draft-co", published=False)
    make_event(slug="public-event")
    make_event(slug="draft-event", published=False)
    urls = sitemap_urls(client)
    assert "http://testserver/companies/public-co/" in urls
    assert "http://testserver/timeline/public-event/" in urls
    assert "http://testserver/timeline/" in urls
    assert {"http://testserver/changes/", "http://testserver/corrections/"} <= urls
    assert not any("draft" in url for url in urls)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_past_views(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /*?as_of=" in text
    assert "admin" not in text  # the admin address is not advertised


def test_a_large_section_is_split_into_pages(client, settings):
    from sstracker import sitemaps

    for n in range(3):
        make_event(slug=f"event-{n}")
    sitemaps.EventSitemap.limit = 2
    try:
        sections = [loc.text for loc in read(client, "/sitemap.xml").findall("s:sitemap/s:loc", NS)]
        pages = [url for url in sections if "sitemap-events.xml" in url]
        assert pages == [
            "http://testserver/sitemap-events.xml",
            "http://testserver/sitemap-events.xml?p=2",
        ]
        assert (
            len(sitemap_urls(client) & {f"http://testserver/timeline/event-{n}/" for n in range(3)})
            == 3
        )
    finally:
        sitemaps.EventSitemap.limit = sitemaps.PAGE_SIZE


def test_the_sitemap_lists_the_methodology(client):
    assert "http://testserver/methodology/" in sitemap_urls(client)
