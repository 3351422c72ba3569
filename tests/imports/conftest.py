"""What the import tests share: a company to refer to, and a short way to import text."""

from pathlib import Path

import pytest
from django.conf import settings

from companies.models import Company, Partnership, Source
from imports.services import csv_import
from tests.conftest import make_company
from timeline.models import Event

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"
EVENT_HEADER = "slug,title,companies,date,kind,supersedes\n"
MODELS = {"sources": Source, "companies": Company, "partnerships": Partnership, "events": Event}


def run(model: str, text: str | bytes, **options):
    content = text.encode() if isinstance(text, str) else text
    return csv_import(model=model, content=content, file_name=f"{model}.csv", **options)


def only_error(report):
    assert not report.written
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


def history_count() -> int:
    return sum(model.history.count() for model in MODELS.values())


@pytest.fixture
def catl(db):
    return make_company(slug="catl", name="CATL")
