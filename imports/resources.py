"""The four CSV formats (sources, companies, partnerships, events): their columns, in order.

The column definitions here are the public contract documented in the README ("CSV
formats"); a test compares the two. Imports read cells with these columns, exports and
templates write them, and the open data downloads use them too, so admin uploads, the
command line and every CSV file the site offers share one definition.
"""

from import_export import resources

from companies.models import Company, Partnership, PartnershipStatus, Source, SourceKind
from timeline.choices import DateChange
from timeline.models import Chemistry, Event, EventKind, Stage, TargetStatus

from .columns import (
    Column,
    DayWidget,
    FuzzyDateWidget,
    ReferenceListWidget,
    ReferenceWidget,
    TextWidget,
    YesNoWidget,
    choice_column,
    escape_formula,
)
from .models import CsvModel


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
        attribute="published_on",
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


class EventResource(CsvResource):
    slug = Column(
        "slug",
        widget=TextWidget(),
        required=True,
        example="example-cells-pilot-line",
        help_text="Used in the page address; identifies the row.",
    )
    title = Column(
        "title", widget=TextWidget(), required=True, example="Example Cells opens a pilot line"
    )
    companies = Column(
        "companies",
        widget=ReferenceListWidget(Company, "slug"),
        required=True,
        example="example-cells",
        help_text="Company slugs separated by `;`, at least one.",
    )
    date = Column(
        "date",
        widget=FuzzyDateWidget(),
        required=True,
        example="Q3 2026",
        help_text='When it happened or is planned: a fuzzy date ("mid-2024", "~2027").',
    )
    kind = choice_column(
        "kind",
        EventKind.choices,
        required=True,
        example="milestone",
        help_text="milestone or target.",
    )
    stage = choice_column(
        "stage",
        Stage.choices,
        example="pilot_line",
        help_text="research, a_sample, b_sample, c_sample, validation, road_test, demo_fleet, "
        "pilot_line, small_batch, mass_production, customer_deployment or agreement "
        '(or the label, e.g. "R&D").',
    )
    chemistry = choice_column(
        "chemistry",
        Chemistry.choices,
        example="all_solid",
        help_text="all_solid, semi_solid or undisclosed (empty: not stated).",
    )
    status = choice_column(
        "status",
        TargetStatus.choices,
        example="",
        help_text="Targets only: announced, achieved, delayed or cancelled "
        "(empty on a target: announced).",
    )
    announced = Column(
        "announced",
        widget=FuzzyDateWidget(),
        example="",
        help_text="Targets: when the plan was stated (fuzzy date).",
    )
    supersedes = Column(
        "supersedes",
        widget=ReferenceWidget(Event, "slug"),
        example="",
        help_text="Targets: slug of the earlier target this one replaces; it may be "
        "defined in the same file.",
    )
    summary = Column("summary", widget=TextWidget(), example="The first cells come off the line.")
    sources = sources_column()
    published = published_column()
    last_verified = last_verified_column()
    date_change = choice_column(
        "date_change",
        DateChange.choices,
        stored=False,
        example="",
        help_text="Rows that change the date or stage of a published target: `correction` "
        "(the tracker had it wrong) or `restatement` (the company moved it; the earlier "
        "date is kept and counts as a slip). A file that changes one without saying is "
        "refused. Never exported.",
    )
    restated = Column(
        "restated",
        widget=FuzzyDateWidget(),
        stored=False,
        example="",
        help_text="Restatements: when the company announced the new date (fuzzy date); it "
        "becomes the target's `announced`. Never exported.",
    )
    restatement_source = Column(
        "restatement_source",
        widget=TextWidget(),
        stored=False,
        example="",
        help_text="Restatements: URL of the source that reports the new date, already in the "
        "sources list. Never exported.",
    )

    class Meta:
        model = Event
        fields = (
            "slug",
            "title",
            "companies",
            "date",
            "kind",
            "stage",
            "chemistry",
            "status",
            "announced",
            "supersedes",
            "summary",
            "sources",
            "published",
            "last_verified",
            "date_change",
            "restated",
            "restatement_source",
        )
        import_id_fields = ("slug",)

    def get_export_queryset_for(self, queryset):
        return queryset.select_related("supersedes").prefetch_related("companies", "sources")


RESOURCES: dict[str, type[CsvResource]] = {
    CsvModel.SOURCES: SourceResource,
    CsvModel.COMPANIES: CompanyResource,
    CsvModel.PARTNERSHIPS: PartnershipResource,
    CsvModel.EVENTS: EventResource,
}


def resource_for(model: str) -> CsvResource:
    """The resource of a CSV model named as on the command line ("events")."""
    try:
        return RESOURCES[model]()
    except KeyError:
        raise ValueError(
            f"Unknown CSV model {model!r}; use one of {', '.join(RESOURCES)}."
        ) from None
