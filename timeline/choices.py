"""The fixed vocabularies of the timeline: kinds of event, stages, chemistries and target states.

Their labels are what readers see. What each one means is defined here too, once, in the
`Vocabulary` under each set of choices: the methodology page prints those definitions, so it
says what the code does.
"""

from django.db import models

from pagekit.vocabulary import Vocabulary


class EventKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    TARGET = "target", "Target"


class Stage(models.TextChoices):
    RESEARCH = "research", "R&D"
    A_SAMPLE = "a_sample", "A-sample"
    B_SAMPLE = "b_sample", "B-sample"
    C_SAMPLE = "c_sample", "C-sample"
    VALIDATION = "validation", "Validation"
    ROAD_TEST = "road_test", "Road test"
    DEMO_FLEET = "demo_fleet", "Demo fleet"
    PILOT_LINE = "pilot_line", "Pilot line"
    SMALL_BATCH = "small_batch", "Small-batch production"
    MASS_PRODUCTION = "mass_production", "Mass production"
    CUSTOMER_DEPLOYMENT = "customer_deployment", "Customer deployment"
    AGREEMENT = "agreement", "Partnership / agreement"


class Chemistry(models.TextChoices):
    ALL_SOLID = "all_solid", "All solid-state"
    SEMI_SOLID = "semi_solid", "Semi-solid"
    UNDISCLOSED = "undisclosed", "Undisclosed"


class TargetStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    ACHIEVED = "achieved", "Achieved"
    DELAYED = "delayed", "Delayed"
    CANCELLED = "cancelled", "Cancelled"


EVENT_KINDS = Vocabulary(
    "kind",
    "Kinds of event",
    EventKind,
    {
        EventKind.MILESTONE: "Something that happened, on the date a source gives.",
        EventKind.TARGET: "A public plan for a future date, as the company stated it. It stays "
        "a target until a milestone meets it or the company drops it.",
    },
)

STAGES = Vocabulary(
    "stage",
    "Stages",
    Stage,
    {
        Stage.RESEARCH: "Research and development: cells made and tested in the laboratory, "
        "not yet delivered to a carmaker as samples.",
        Stage.A_SAMPLE: "First prototype cells delivered to a carmaker for testing: they work, "
        "but are far from the final design and process.",
        Stage.B_SAMPLE: "Cells close to the intended design, made on production-like "
        "equipment and delivered to carmakers for evaluation.",
        Stage.C_SAMPLE: "Cells of the final design from the intended production process, for "
        "the last validation before production.",
        Stage.VALIDATION: "A carmaker or test body reports that cells passed its validation "
        "tests for an automotive format.",
        Stage.ROAD_TEST: "Cells driven on public or test roads in a prototype or test vehicle.",
        Stage.DEMO_FLEET: "Several demonstration vehicles with the cells, on the road beyond a "
        "single prototype.",
        Stage.PILOT_LINE: "A small production line that proves the process and makes samples; "
        "not yet production for sale.",
        Stage.SMALL_BATCH: "Production in limited volumes, for example for a first model or a "
        "small series.",
        Stage.MASS_PRODUCTION: "High-volume production for mainstream vehicles.",
        Stage.CUSTOMER_DEPLOYMENT: "Cells or packs in vehicles that customers drive, at "
        "whatever scale the source gives.",
        Stage.AGREEMENT: "A partnership, licence or supply agreement. It is not a step on the "
        "scale of stages and does not move a company up the ladder.",
    },
)

CHEMISTRIES = Vocabulary(
    "chemistry",
    "Chemistry classes",
    Chemistry,
    {
        Chemistry.ALL_SOLID: "All-solid-state (ASSB): the sources describe a cell whose "
        "electrolyte is solid throughout, with no liquid or gel.",
        Chemistry.SEMI_SOLID: "Semi-solid or hybrid: a gel or hybrid electrolyte that keeps some "
        "liquid. Often called “solid-state” in public messaging; it may arrive earlier than "
        "all-solid cells, with smaller gains.",
        Chemistry.UNDISCLOSED: "A source says the company does not disclose the chemistry. "
        "When our sources simply do not say, the page says “not stated in our sources” "
        "instead.",
    },
)

TARGET_STATUSES = Vocabulary(
    "status",
    "Target statuses",
    TargetStatus,
    {
        TargetStatus.ANNOUNCED: "The company stated the plan in public and has not reported "
        "it met, delayed or dropped.",
        TargetStatus.ACHIEVED: "A source reports the target met; the milestone that fulfils "
        "it, when recorded, gives the date it was met.",
        TargetStatus.DELAYED: "The company said the date will not hold. A new date, when "
        "given, is recorded as a restatement of the same promise.",
        TargetStatus.CANCELLED: "The company dropped the plan; if nothing replaced it, the "
        "promise counts as abandoned.",
    },
)


class DateChange(models.TextChoices):
    """What a new date (or stage) of a published target is; the editor says which."""

    CORRECTION = "correction", "Correction: the tracker had it wrong"
    RESTATEMENT = "restatement", "Restatement: the company moved it"


# The ladder's common scale of stages, least advanced first (a partnership or agreement is
# not a step on it); see `timeline.ladder`.
SCALE = (
    Stage.RESEARCH,
    Stage.A_SAMPLE,
    Stage.B_SAMPLE,
    Stage.C_SAMPLE,
    Stage.VALIDATION,
    Stage.ROAD_TEST,
    Stage.DEMO_FLEET,
    Stage.PILOT_LINE,
    Stage.SMALL_BATCH,
    Stage.MASS_PRODUCTION,
    Stage.CUSTOMER_DEPLOYMENT,
)
RANK = {stage.value: index for index, stage in enumerate(SCALE)}
RANK_OR_NONE = {*RANK, ""}  # a target whose stage the sources do not state is still a target
NOTHING = -1  # the rank of nothing shown or promised

BOTH = "both"  # a company with semi-solid and all-solid events
