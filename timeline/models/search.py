"""The search index: one row per company, event, challenge and source, with the text a reader
can search, the text shown in results, and whether the entry is public.

`timeline.search_index` keeps the rows current on every write and rebuilds them after bulk
loads; `timeline.search` reads them through the database's own full-text engine: a stored,
weighted `tsvector` with a GIN index on PostgreSQL, an FTS5 table on SQLite (both made by the
migration `0006_search_entries`, outside the model, as each exists on one database only).
"""

from django.db import models


class SearchKind(models.TextChoices):
    COMPANY = "company", "Company"
    EVENT = "event", "Event"
    CHALLENGE = "challenge", "Technical challenge"
    SOURCE = "source", "Source"


class SearchEntry(models.Model):
    """What the search knows of one entry. Drafts have rows too, with `public` off, so that
    publishing one is a flag to flip rather than a row to build."""

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.BigIntegerField()
    public = models.BooleanField(default=False)
    title = models.CharField(max_length=300, help_text="As shown: the name or title.")
    url = models.CharField(max_length=500, help_text="Where the result links to.")
    meta = models.CharField(max_length=300, blank=True, help_text="The line under the title.")
    body = models.TextField(blank=True, help_text="As shown in snippets.")
    title_words = models.TextField(help_text="The title's words, normalised: what is matched.")
    body_words = models.TextField(blank=True, help_text="The body's words, normalised.")

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.url


class SearchTerm(models.Model):
    """Every word of the public entries, normalised: the vocabulary a mistyped word is
    corrected against. Words are added as entries are written and dropped on a rebuild."""

    term = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term
