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
