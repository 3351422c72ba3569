"""Each rule about events is written once: the admin form, the database and the slips agree."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.conftest import make_event
from timeline import rules
from timeline.models import Event
from timeline.review import overdue_targets
from timeline.slip_report import slip_report

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2028, 6, 1)


@pytest.mark.parametrize(
    ("rule", "breaks"),
    [
        (rules.STATUS_ONLY_ON_TARGETS, {"kind": "milestone", "status": "delayed"}),
        (rules.SUPERSEDES_ONLY_ON_TARGETS, {"kind": "milestone", "supersedes": "other"}),
        (rules.FULFILS_ONLY_ON_MILESTONES, {"kind": "target", "fulfils": "other"}),
    ],
)
def test_a_broken_rule_reads_the_same_in_the_form_and_in_the_database(rule, breaks):
    other = make_event(kind="target", date="2027")
    event = make_event(kind="milestone")
    values = {name: other if value == "other" else value for name, value in breaks.items()}
    for name, value in values.items():
        setattr(event, name, value)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert rule.message in error.value.message_dict[rule.field]
    constraint = next(c for c in Event._meta.constraints if c.name == rule.name)
    assert constraint.violation_error_message == rule.message
    columns = {
        f"{name}_id" if hasattr(value, "pk") else name: getattr(value, "pk", value)
        for name, value in values.items()
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(**columns)


def test_a_target_saved_without_a_status_is_announced():
    target = Event.objects.create(slug="t", title="T", date="2027", kind="target")
    assert Event.objects.get(pk=target.pk).status == rules.DEFAULT_TARGET_STATUS == "announced"


def test_superseding_a_milestone_is_refused_with_the_rule_message():
    milestone = make_event(kind="milestone")
    target = make_event(kind="target", date="2027")
    target.supersedes = milestone
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert error.value.message_dict["supersedes"] == [rules.SUPERSEDED_IS_A_TARGET]


def test_a_loop_names_the_targets_in_it():
    first = make_event(kind="target", date="2025", slug="first")
    second = make_event(kind="target", date="2027", slug="second", supersedes=first)
    first.supersedes = second
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert error.value.message_dict["supersedes"] == [
        f"{rules.SUPERSEDES_LOOP}: first → second → first."
    ]


def test_walking_many_chains_with_a_stop_set_visits_each_link_once():
    links = {n: n - 1 for n in range(1, 3000)}  # one chain 2999 → … → 0
    steps = []

    def earlier_of(key):
        steps.append(key)
        return links.get(key)

    done: set = set()
    for key in links:
        chain, again = rules.walk_back(key, earlier_of, stop=done)
        assert again is None
        done.update(chain)
    assert len(steps) < 2 * len(links)


def test_walk_back_reports_the_member_a_loop_returns_to():
    chain, again = rules.walk_back("c", {"c": "b", "b": "a", "a": "b"}.get)
    assert chain == ["c", "b", "a"] and again == "b"
    assert rules.loop_message(chain, again).endswith(": b → a → b.")


# --- Overdue: one meaning -------------------------------------------------------------------


def overdue_in_slips() -> set[str]:
    report = slip_report(Event.objects.published(), today=TODAY)
    return {p.current.slug for p in report.promises if p.is_overdue}


def test_overdue_means_the_same_in_the_review_queue_and_on_the_slips_page():
    make_event(kind="target", slug="announced", date="2027")
    make_event(kind="target", slug="delayed", date="2027", status="delayed")
    make_event(kind="target", slug="achieved", date="2027", status="achieved")
    make_event(kind="target", slug="future", date="2029")
    met = make_event(kind="target", slug="met", date="2027")
    make_event(kind="milestone", date="Mar 2027", fulfils=met)
    replaced = make_event(kind="target", slug="replaced", date="2026")
    make_event(kind="target", slug="replacement", date="2030", supersedes=replaced)
    in_review = set(overdue_targets(TODAY).values_list("slug", flat=True))
    assert in_review == overdue_in_slips() == {"announced", "delayed"}


def test_a_draft_replacement_does_not_hide_an_overdue_target_from_editors():
    replaced = make_event(kind="target", slug="replaced", date="2026")
    make_event(kind="target", date="2030", supersedes=replaced, published=False)
    assert list(overdue_targets(TODAY).values_list("slug", flat=True)) == ["replaced"]
    assert overdue_in_slips() == {"replaced"}
