"""The rules a row must keep, each defined once with its message.

A `Rule` holds the same rule twice, once as SQL for the database's `CheckConstraint` and once
as Python for model validation and the CSV importer, which check rows before they reach the
database. Both read the message from here, so an editor gets the same words from the admin
form, a CSV error report and a refused write. `timeline.rules` defines the events' rules
with the same class.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q


@dataclass(frozen=True)
class Rule:
    """One rule about a single row: its name, the field it concerns, and its message."""

    name: str
    field: str
    message: str
    condition: Q  # true in SQL for every row that keeps the rule
    holds: Callable[[models.Model], bool]  # the same test on an unsaved instance

    def constraint(self) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=self.condition, name=self.name, violation_error_message=self.message
        )


def broken_rules(rules: Iterable[Rule], instance: models.Model) -> dict[str, str]:
    """The message of each rule `instance` breaks, by field (the first one per field)."""
    errors: dict[str, str] = {}
    for rule in rules:
        if not rule.holds(instance):
            errors.setdefault(rule.field, rule.message)
    return errors


PARTNER_IS_ANOTHER_COMPANY = Rule(
    name="partnership_not_with_itself",
    field="partner",
    message="A company cannot partner with itself.",
    condition=~Q(developer=F("partner")),
    holds=lambda p: p.developer_id is None or p.developer_id != p.partner_id,
)

PARTNERSHIP_RULES = (PARTNER_IS_ANOTHER_COMPANY,)


def verified_without_source_message(entry=None) -> str:
    """Why an entry that cites nothing cannot be marked verified: the admin form, the review
    queue and its bulk action all say it in these words."""
    subject = f"“{entry}”" if entry is not None else "This entry"
    return (
        f"{subject} cites no source, so it cannot be verified against its sources. "
        "Add a source first, then mark it verified."
    )
