"""How fresh each entry is: last verified (or not yet), its newest source, and a "may be out
of date" note past the stale threshold."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from pagekit.freshness import freshness_of, newest_source_date
from tests.conftest import make_company, make_event, make_source

pytestmark = pytest.mark.django_db

STALE_NOTE = "This entry may be out of date"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def page(client, entry) -> str:
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_event_never_verified_says_so_and_may_be_out_of_date(client):
    older = make_source(url="https://example.org/a", published_on="mid-2024")
    newer = make_source(url="https://example.org/b", published_on="Dec 2024")
    event = make_event(sources=[newer, older])
    html = page(client, event)
    assert "Not yet verified" in html
    assert STALE_NOTE in html and "no editor has verified it" in html
    assert "<dt>Newest source</dt>" in html and "Dec 2024" in html


def test_an_event_verified_recently_shows_the_day_and_no_note(client):
    event = make_event(last_verified=days_ago(10))
    html = page(client, event)
    assert "<dt>Last verified</dt>" in html
    assert f'<time datetime="{days_ago(10):%Y-%m-%d}">' in html
    assert STALE_NOTE not in html


def test_an_entry_verified_longer_ago_than_the_threshold_may_be_out_of_date(client):
    event = make_event(last_verified=days_ago(181))
    html = page(client, event)
    assert STALE_NOTE in html
    assert f"last verified it against its sources on {days_ago(181):%-d %B %Y}" in html


@override_settings(SSTRACKER_STALE_AFTER_DAYS=7)
def test_the_threshold_is_a_setting(client):
    company = make_company(last_verified=days_ago(10))
    assert STALE_NOTE in page(client, company)


def test_a_company_page_shows_its_freshness(client):
    source = make_source(published_on="2024-10-28")
    company = make_company(last_verified=days_ago(3))
    company.sources.set([source])
    html = page(client, company)
    assert f'<time datetime="{days_ago(3):%Y-%m-%d}">' in html
    assert "2024-10-28" in html
    assert STALE_NOTE not in html


def test_list_rows_show_freshness(client):
    source = make_source(published_on="Apr 2025")
    company = make_company(name="Fresh Cells", last_verified=days_ago(2))
    company.sources.set([source])
    make_event(companies=[company], sources=[source])
    timeline = client.get("/timeline/").content.decode()
    assert "Not yet verified" in timeline and "newest source Apr 2025" in timeline
    companies = client.get("/companies/").content.decode()
    card = companies[companies.index("Fresh Cells") :]
    assert f'Last verified <time datetime="{days_ago(2):%Y-%m-%d}">' in card
    assert "newest source Apr 2025" in card


def test_the_newest_source_is_the_latest_dated_one():
    class Source:
        def __init__(self, text, start):
            self.published_on, self.published_start = text, start

    sources = [
        Source("2024", datetime.date(2024, 1, 1)),
        Source("", None),
        Source("Mar 2025", datetime.date(2025, 3, 1)),
    ]
    assert newest_source_date(sources) == "Mar 2025"
    assert newest_source_date([Source("", None)]) is None


def test_freshness_judges_by_the_day_given():
    class Entry:
        last_verified = datetime.date(2025, 1, 1)

    assert not freshness_of(Entry(), today=datetime.date(2025, 6, 30)).stale
    assert freshness_of(Entry(), today=datetime.date(2025, 7, 1)).stale


def test_an_entry_without_a_source_says_so_rather_than_giving_a_date(client):
    html = page(client, make_event())
    assert "<dt>Newest source</dt>" in html and "no public source yet" in html
