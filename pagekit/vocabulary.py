"""A vocabulary: a set of model choices with what each one means, kept in one place.

The choices' labels are what readers see; the meanings are what the methodology page says
about each. A vocabulary refuses to exist with a choice left undefined or a definition for no
choice, so the page and the code the site runs on cannot drift apart.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models


@dataclass(frozen=True)
class Term:
    value: str
    label: str
    meaning: str
    anchor: str


def term_anchor(prefix: str, value: str) -> str:
    """The id of a term on the methodology page: "stage-pilot-line"."""
    return f"{prefix}-{value}".replace("_", "-")


class Vocabulary:
    """`Vocabulary("stage", "Stages", Stage, {Stage.RESEARCH: "...", ...})`."""

    def __init__(
        self,
        prefix: str,
        title: str,
        choices: type[models.TextChoices],
        meanings: dict[str, str],
    ):
        missing = {choice.value for choice in choices} - {str(key) for key in meanings}
        extra = {str(key) for key in meanings} - {choice.value for choice in choices}
        if missing or extra:
            raise ImproperlyConfigured(
                f"The {title.lower()} vocabulary must define every choice once: "
                f"missing {sorted(missing)}, unknown {sorted(extra)}."
            )
        self.prefix = prefix
        self.title = title
        self.choices = choices
        self.terms = [
            Term(choice.value, choice.label, meanings[choice], term_anchor(prefix, choice.value))
            for choice in choices
        ]

    def __iter__(self):
        return iter(self.terms)

    def meaning(self, value: str) -> str:
        return next(term.meaning for term in self.terms if term.value == value)
