"""`/methodology/`: what the tracker's words mean and how its numbers are made.

Every definition on the page comes from the code the site runs on: the vocabularies beside
the model choices (`timeline.choices`, `companies.choices`), the ladder's scale
(`timeline.choices.SCALE`), the stale threshold from the settings, and the fuzzy date table
from `fuzzydate` parsing example strings. Nothing here is a second copy that could drift.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from companies.choices import (
    ELECTROLYTES,
    PARTNERSHIP_KINDS,
    PARTNERSHIP_STATUSES,
    ROLES,
    SOURCE_KINDS,
)
from fuzzydate.core import ACCEPTED_FORMS, FuzzyDate, FuzzyDateError
from timeline.choices import CHEMISTRIES, EVENT_KINDS, SCALE, STAGES, TARGET_STATUSES

# Grouped as the page shows them: (section id, heading, vocabularies).
DEFINITIONS = [
    ("terms-events", "Milestones and targets", [EVENT_KINDS, STAGES, TARGET_STATUSES]),
    ("terms-chemistry", "Chemistry", [CHEMISTRIES, ELECTROLYTES]),
    (
        "terms-companies",
        "Companies and partnerships",
        [ROLES, PARTNERSHIP_KINDS, PARTNERSHIP_STATUSES],
    ),
]

# What an editor may type, one example of each form `fuzzydate` reads.
FUZZY_EXAMPLES = [
    "2024-10-28",
    "28 Oct 2024",
    "October 2024",
    "q3 2026",
    "second half of 2026",
    "early 2025",
    "mid 2024",
    "end of 2025",
    "2027",
    "2020s",
    "late 2020s",
    "end of the decade",
    "around 2027",
    "by 2030",
]
REFUSED_EXAMPLES = ["soon", "FY2026", "summer 2026", "27"]


@dataclass(frozen=True)
class FuzzyExample:
    typed: str
    stored: str
    earliest: datetime.date
    latest: datetime.date


def fuzzy_examples(today: datetime.date) -> list[FuzzyExample]:
    rows = []
    for text in FUZZY_EXAMPLES:
        date = FuzzyDate.parse(text, today=today)
        rows.append(FuzzyExample(text, str(date), date.earliest, date.latest))
    return rows


def refused_examples(today: datetime.date) -> list[tuple[str, str]]:
    refused = []
    for text in REFUSED_EXAMPLES:
        try:
            FuzzyDate.parse(text, today=today)
        except FuzzyDateError as error:
            # The list of accepted forms is on the page once, not after every example.
            refused.append((text, str(error).split(" Accepted:")[0]))
    return refused


def methodology(request):
    today = timezone.localdate()
    stages = {term.value: term for term in STAGES}
    return render(
        request,
        "methodology.html",
        {
            "definitions": DEFINITIONS,
            "scale": [stages[stage.value] for stage in SCALE],
            "fuzzy_examples": fuzzy_examples(today),
            "refused_examples": refused_examples(today),
            "accepted_forms": ACCEPTED_FORMS,
            "source_kinds": SOURCE_KINDS,
            "stale_days": settings.SSTRACKER_STALE_AFTER_DAYS,
        },
    )
