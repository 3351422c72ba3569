"""The fixed vocabularies of companies and sources: roles, electrolytes, partnership kinds and
states, kinds of source.

Their labels are what readers see. What each one means is defined here too, once, in the
`Vocabulary` under each set of choices; the methodology page prints those definitions. The
source kinds also say what a source of that kind can support: the sourcing policy.
"""

from django.db import models

from pagekit.vocabulary import Vocabulary


class SourceKind(models.TextChoices):
    PRESS_RELEASE = "press_release", "Press release"
    FILING = "filing", "Company filing or report"
    NEWS = "news", "News report"
    INTERVIEW = "interview", "Interview"
    OTHER = "other", "Other"


SOURCE_KINDS = Vocabulary(
    "source",
    "Kinds of source",
    SourceKind,
    {
        SourceKind.PRESS_RELEASE: "The company's own announcement. It supports what the "
        "company says and when: its plans, its targets and the milestones it reports. It is "
        "not independent confirmation.",
        SourceKind.FILING: "A report or filing by the company to investors or regulators. It "
        "supports the company's stated plans and the figures it reports, with more care "
        "than a press release.",
        SourceKind.NEWS: "A report by a publication. It supports that something was reported, "
        "and when; where it quotes the company, the company's own words are preferred when "
        "we can cite them.",
        SourceKind.INTERVIEW: "What a named person said. It supports statements of plans and "
        "views by that person's company, not facts about others.",
        SourceKind.OTHER: "Anything else, such as a conference talk or a dataset. It supports "
        "only what it shows directly.",
    },
)


class Role(models.TextChoices):
    CELL_DEVELOPER = "cell_developer", "Cell developer"
    AUTOMAKER = "automaker", "Automaker"
    INDUSTRIALISER = "industrialiser", "Industrialiser"
    SUPPLIER = "supplier", "Supplier"


ROLES = Vocabulary(
    "role",
    "Roles",
    Role,
    {
        Role.CELL_DEVELOPER: "Designs solid-state or semi-solid cells and makes them, at "
        "least as samples.",
        Role.AUTOMAKER: "Builds vehicles; tests, buys or co-develops cells.",
        Role.INDUSTRIALISER: "Takes a developer's cells to volume production, by licence, joint "
        "venture or its own plants.",
        Role.SUPPLIER: "Supplies cells, packs or materials to others.",
    },
)


class Electrolyte(models.TextChoices):
    SULFIDE = "sulfide", "Sulfide"
    OXIDE = "oxide", "Oxide"
    POLYMER = "polymer", "Polymer"
    SEMI_SOLID = "semi_solid", "Semi-solid / hybrid"
    UNDISCLOSED = "undisclosed", "Undisclosed"


ELECTROLYTES = Vocabulary(
    "electrolyte",
    "Electrolyte families",
    Electrolyte,
    {
        Electrolyte.SULFIDE: "A sulfide solid electrolyte, as the sources describe it.",
        Electrolyte.OXIDE: "An oxide or ceramic solid electrolyte.",
        Electrolyte.POLYMER: "A solid polymer electrolyte.",
        Electrolyte.SEMI_SOLID: "A gel or hybrid electrolyte that keeps some liquid.",
        Electrolyte.UNDISCLOSED: "A source says the company does not disclose its electrolyte. "
        "When our sources simply do not say, the page says “not stated in our sources” "
        "instead.",
    },
)


class PartnershipKind(models.TextChoices):
    DEVELOPMENT = "development", "Development"
    TESTING = "testing", "Testing"
    INDUSTRIALISATION = "industrialisation", "Industrialisation / licensing"
    SUPPLY = "supply", "Supply"
    INVESTMENT = "investment", "Investment"


PARTNERSHIP_KINDS = Vocabulary(
    "partnership",
    "Kinds of partnership",
    PartnershipKind,
    {
        PartnershipKind.DEVELOPMENT: "The two work together on the cells or on putting them "
        "in vehicles.",
        PartnershipKind.TESTING: "One tests the other's cells, in the laboratory or in vehicles.",
        PartnershipKind.INDUSTRIALISATION: "One takes the other's cells to production, "
        "including rights or licences to produce them.",
        PartnershipKind.SUPPLY: "One delivers cells, packs or materials to the other.",
        PartnershipKind.INVESTMENT: "One holds a stake in or funds the other.",
    },
)


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


PARTNERSHIP_STATUSES = Vocabulary(
    "partnership-status",
    "Partnership states",
    PartnershipStatus,
    {
        PartnershipStatus.ACTIVE: "Running, as far as our latest source says.",
        PartnershipStatus.ENDED: "A source says it ended or describes it as past.",
    },
)
