"""CSV formats for sources, companies and partnerships: their columns and how cells read.

The column definitions here are the public contract documented in the README ("CSV
formats"); a test compares the two. Every import goes through `imports.services.csv_import`,
which uses these columns and widgets to read cells and these resources to write files, so
admin uploads, the command line and exports share one definition.

Widgets only turn cell text into Python values and back. They never touch the database:
references (a company slug, a source URL) come out as keys, and the import service resolves
all of them for a whole file in a few queries.
"""

import datetime

from django.db import models
from import_export import fields, resources, widgets

from fuzzydate.core import FuzzyDateError
from fuzzydate.fields import parse_canonical

from .models import Company, Partnership, PartnershipStatus, Source, SourceKind

LIST_SEPARATOR = ";"

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Prefix a quote so a spreadsheet shows the text instead of running it.

    Text that already starts with quotes before a formula character gets one more, so that
    `unescape_formula` gives back exactly what was stored.
    """
    if text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Remove the one quote `escape_formula` added; other text is kept as typed."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


class TextWidget(widgets.Widget):
    """Plain text; surrounding spaces from the spreadsheet are dropped."""

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice given as its stored value or its label, in any case ("R&D" or "research")."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        self._lookup = {}
        for value, label in self.choices:
            self._lookup[str(value).casefold()] = value
            self._lookup[str(label).casefold()] = value
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return ""
        try:
            return self._lookup[text.casefold()]
        except KeyError:
            accepted = ", ".join(f"{value} ({label})" for value, label in self.choices)
            raise ValueError(f"Unknown choice. Accepted: {accepted}.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    """A flag written yes/no; true/false and 1/0 are read too. An empty cell means no."""

    TRUE = {"yes", "y", "true", "1"}
    FALSE = {"no", "n", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError("Write yes or no (true/false and 1/0 are accepted too).")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class DayWidget(widgets.Widget):
    """An exact day, written as the ISO date 2025-03-31."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError("Write the day as YYYY-MM-DD, e.g. 2025-03-31.") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class FuzzyDateWidget(widgets.Widget):
    """A fuzzy date as editors type it ("mid-2024", "Q3 2026", "~2027"), written canonically."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return None
        try:
            return parse_canonical(text)  # cached: a file repeats the same few dates
        except FuzzyDateError as error:
            raise ValueError(str(error)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ReferenceWidget(widgets.Widget):
    """Another entry named by its key (a company slug, an event slug); read as the key text."""

    def __init__(self, model, field, **kwargs):
        self.model = model
        self.field = field
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip() or None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, models.Model):
            return str(getattr(value, self.field))
        return str(value)


class ReferenceListWidget(ReferenceWidget):
    """Several entries named by their keys, separated by `;`; read as a tuple of keys.

    The order in the cell does not matter: a list is written sorted, so the same set of
    entries always gives the same text.
    """

    def clean(self, value, row=None, **kwargs):
        keys = (key.strip() for key in (value or "").split(LIST_SEPARATOR))
        return tuple(dict.fromkeys(key for key in keys if key))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, models.Manager):
            value = value.all()
        keys = (super(ReferenceListWidget, self).render(item) for item in value)
        return LIST_SEPARATOR.join(sorted(keys))


class Column(fields.Field):
    """One CSV column: its name, the model attribute it fills, how its cells read.

    `required` columns must be in the header; `example` is the cell shown in the
    downloadable template; `help_text` is what the README says about the column.
    """

    def __init__(self, name, *, widget, attribute=None, required=False, example="", help_text=""):
        super().__init__(attribute=attribute or name, column_name=name, widget=widget)
        self.required = required
        self.example = example
        self.help_text = help_text

    @property
    def is_reference(self) -> bool:
        return isinstance(self.widget, ReferenceWidget) and not self.is_reference_list

    @property
    def is_reference_list(self) -> bool:
        return isinstance(self.widget, ReferenceListWidget)

    @property
    def key_lookup(self) -> str:
        """The ORM path to this column's text, e.g. "developer__slug"."""
        if isinstance(self.widget, ReferenceWidget):
            return f"{self.attribute}__{self.widget.field}"
        return self.attribute


def choice_column(name, choices, **kwargs):
    return Column(name, widget=ChoiceWidget(choices), **kwargs)


def sources_column():
    return Column(
        "sources",
        widget=ReferenceListWidget(Source, "url"),
        example="https://example.org/press/solid-state-pilot-line",
        help_text="Source URLs separated by `;`; each must already be in the sources list.",
    )


def published_column():
    return Column(
        "published",
        widget=YesNoWidget(),
        example="no",
        help_text="yes or no (also true/false, 1/0); empty means no (a draft).",
    )


def last_verified_column():
    return Column(
        "last_verified",
        widget=DayWidget(),
        example="2025-01-15",
        help_text="When an editor last checked the entry (YYYY-MM-DD).",
    )


class CsvResource(resources.ModelResource):
    """A model's CSV format: the declared columns, in order, and how to export them."""

    def get_columns(self) -> list[Column]:
        return [field for field in self.get_export_fields() if isinstance(field, Column)]

    def get_key_columns(self) -> list[Column]:
        by_name = {column.column_name: column for column in self.get_columns()}
        return [by_name[name] for name in self._meta.import_id_fields]

    def get_export_queryset_for(self, queryset):
        """The queryset with whatever related rows the columns read, fetched up front."""
        return queryset

    def export_rows(self, queryset):
        """Yield the header, then one list of cells per entry, formula-safe for spreadsheets."""
        columns = self.get_columns()
        yield [column.column_name for column in columns]
        for instance in self.get_export_queryset_for(queryset).iterator(chunk_size=2000):
            yield [escape_formula(column.export(instance)) for column in columns]

    def template_rows(self):
        """The header and one example row, for editors starting a new file."""
        columns = self.get_columns()
        return [
            [column.column_name for column in columns],
            [escape_formula(column.example) for column in columns],
        ]


class SourceResource(CsvResource):
    url = Column(
        "url",
        widget=TextWidget(),
        required=True,
        example="https://example.org/press/solid-state-pilot-line",
        help_text="The address of the source; identifies the row.",
    )
    title = Column(
        "title", widget=TextWidget(), required=True, example="Pilot line opens", help_text="Title."
    )
    publisher = Column(
        "publisher", widget=TextWidget(), example="Example News", help_text="Who published it."
    )
    published = Column(
        "published",
        widget=FuzzyDateWidget(),
        example="Oct 2024",
        help_text="When it was published (fuzzy date).",
    )
    accessed = Column(
        "accessed",
        widget=DayWidget(),
        example="2025-01-15",
        help_text="When an editor last read it (YYYY-MM-DD).",
    )
    kind = choice_column(
        "kind",
        SourceKind.choices,
        example="news",
        help_text="Optional extra: press_release, filing, news, interview or other (empty: news).",
    )
    archive_url = Column(
        "archive_url",
        widget=TextWidget(),
        example="",
        help_text="Optional extra: a saved copy, e.g. on archive.org.",
    )

    class Meta:
        model = Source
        fields = ("url", "title", "publisher", "published", "accessed", "kind", "archive_url")
        import_id_fields = ("url",)


class CompanyResource(CsvResource):
    slug = Column(
        "slug",
        widget=TextWidget(),
        required=True,
        example="example-cells",
        help_text="Used in the page address; identifies the row.",
    )
    name = Column("name", widget=TextWidget(), required=True, example="Example Cells")
    role = choice_column(
        "role",
        Company._meta.get_field("role").choices,
        required=True,
        example="cell_developer",
        help_text="cell_developer, automaker, industrialiser or supplier (or the label).",
    )
    country = Column("country", widget=TextWidget(), example="Germany")
    website = Column("website", widget=TextWidget(), example="https://example.org/")
    electrolyte = choice_column(
        "electrolyte",
        Company._meta.get_field("electrolyte").choices,
        example="sulfide",
        help_text="sulfide, oxide, polymer, semi_solid or undisclosed (or the label).",
    )
    technology = Column(
        "technology", widget=TextWidget(), example="lithium-metal anode, ceramic separator"
    )
    summary = Column("summary", widget=TextWidget(), example="Builds sulfide cells.")
    sources = sources_column()
    published = published_column()
    last_verified = last_verified_column()

    class Meta:
        model = Company
        fields = (
            "slug",
            "name",
            "role",
            "country",
            "website",
            "electrolyte",
            "technology",
            "summary",
            "sources",
            "published",
            "last_verified",
        )
        import_id_fields = ("slug",)

    def get_export_queryset_for(self, queryset):
        return queryset.prefetch_related("sources")


class PartnershipResource(CsvResource):
    developer = Column(
        "developer",
        widget=ReferenceWidget(Company, "slug"),
        required=True,
        example="example-cells",
        help_text="Slug of the cell developer.",
    )
    partner = Column(
        "partner",
        widget=ReferenceWidget(Company, "slug"),
        required=True,
        example="example-motors",
        help_text="Slug of the partner company.",
    )
    kind = choice_column(
        "kind",
        Partnership._meta.get_field("kind").choices,
        required=True,
        example="development",
        help_text="development, testing, industrialisation, supply or investment "
        "(or the label). Developer, partner and kind identify the row.",
    )
    started = Column("started", widget=FuzzyDateWidget(), example="early 2024")
    ended = Column("ended", widget=FuzzyDateWidget(), example="")
    status = choice_column(
        "status",
        PartnershipStatus.choices,
        example="active",
        help_text="active or ended (empty: active).",
    )
    summary = Column("summary", widget=TextWidget(), example="Joint work on a pilot line.")
    sources = sources_column()

    class Meta:
        model = Partnership
        fields = (
            "developer",
            "partner",
            "kind",
            "started",
            "ended",
            "status",
            "summary",
            "sources",
        )
        import_id_fields = ("developer", "partner", "kind")

    def get_export_queryset_for(self, queryset):
        return queryset.select_related("developer", "partner").prefetch_related("sources")
