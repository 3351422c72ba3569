"""Resolving a file's references: unknown keys and clashing unique values are named."""

import pytest

from tests.imports.conftest import EVENT_HEADER, only_error, run

pytestmark = pytest.mark.django_db


def test_unknown_source_says_to_import_it_first(catl):
    error = only_error(
        run("companies", "slug,name,role,sources\nnew,New,automaker,https://nowhere.example/\n")
    )
    assert error.column == "sources" and "Import the source first" in error.reason


def test_unknown_superseded_event(catl):
    error = only_error(run("events", EVENT_HEADER + "x,X,catl,2027,target,no-such-target\n"))
    assert (error.column, error.value) == ("supersedes", "no-such-target")


def test_company_name_already_taken_by_another_slug(catl):
    error = only_error(run("companies", "slug,name,role\ncatl-2,CATL,automaker\n"))
    assert error.column == "name" and "already has it" in error.reason
