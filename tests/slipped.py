"""A target that moved and was then met late, on top of the seeded snapshot.

The snapshot has no moved target, so pages that draw slips (the slips page, scorecards,
company pages) would be checked empty without it.
"""

from companies.models import Company
from tests.conftest import make_event


def add_bmw_slip() -> None:
    """BMW's target moved from 2025 to 2027 and was met in Mar 2027."""
    bmw = Company.objects.get(slug="bmw")
    first = make_event(
        companies=[bmw], kind="target", date="2025", status="delayed", announced="Apr 2024"
    )
    moved = make_event(
        companies=[bmw],
        kind="target",
        date="2027",
        status="achieved",
        announced="Dec 2024",
        supersedes=first,
        title="BMW test cells in series",
    )
    make_event(companies=[bmw], date="Mar 2027", fulfils=moved, title="BMW series cells built")
