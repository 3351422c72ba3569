"""CSV format for events: its columns and how its cells read (see companies.resources)."""

from companies.models import Company
from companies.resources import (
    Column,
    CsvResource,
    FuzzyDateWidget,
    ReferenceListWidget,
    ReferenceWidget,
    TextWidget,
    choice_column,
    last_verified_column,
    published_column,
    sources_column,
)

from .models import Chemistry, Event, EventKind, Stage, TargetStatus


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
        help_text="all_solid, semi_solid or undisclosed (empty: undisclosed).",
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
        )
        import_id_fields = ("slug",)

    def get_export_queryset_for(self, queryset):
        return queryset.select_related("supersedes").prefetch_related("companies", "sources")
