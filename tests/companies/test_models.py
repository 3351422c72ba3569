"""Companies, partnerships and sources."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.models import Company, Partnership
from tests.conftest import make_company, make_partnership, make_source

pytestmark = pytest.mark.django_db


def test_a_company_cannot_partner_with_itself_in_the_database():
    company = make_company()
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(developer=company, partner=company, kind="supply")


def test_self_partnership_is_refused_in_plain_words_by_validation():
    company = make_company()
    partnership = Partnership(developer=company, partner=company, kind="supply")
    with pytest.raises(ValidationError) as error:
        partnership.full_clean()
    assert "cannot partner with itself" in str(error.value)


def test_partnership_shows_only_when_both_companies_are_published():
    visible = make_partnership()
    make_partnership(partner=make_company(published=False))
    assert list(Partnership.objects.published()) == [visible]


def test_source_published_date_is_fuzzy_and_orders_newest_first():
    old = make_source(published_on="2024-04-28")
    new = make_source(published_on="Jul 2025")
    undated = make_source()
    assert str(new.published_on) == "Jul 2025"
    from companies.models import Source

    assert list(Source.objects.all()) == [new, old, undated]


def test_company_history_records_source_changes():
    company = make_company()
    company.sources.add(make_source(title="A report"))
    assert company.history.count() >= 2
    assert [row.source.title for row in company.history.latest().sources.all()] == ["A report"]


def test_natural_keys_find_rows_as_csv_and_fixtures_name_them():
    partnership = make_partnership()
    key = partnership.natural_key()
    assert Partnership.objects.get_by_natural_key(*key) == partnership
    assert Company.objects.get_by_natural_key(partnership.developer.slug) == partnership.developer
