"""The fixed vocabularies of the timeline: kinds of event, stages, chemistries and target states.

Their labels are what readers see; the methodology page explains each one.
"""

from django.db import models


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
