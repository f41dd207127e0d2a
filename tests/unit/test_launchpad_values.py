"""Launchpad's blueprint values -> ours, for every value Launchpad documents.

The values are the titles of Launchpad's enumerations (lib/lp/blueprints/enums.py in
Launchpad's source: SpecificationImplementationStatus, SpecificationDefinitionStatus,
SpecificationPriority), as the web service returns them.
"""

from __future__ import annotations

import datetime

import pytest
from cadence.importers.launchpad import blueprints_from

MILESTONES = [
    {"name": "diablo-1", "kind": "milestone", "date": datetime.date(2011, 6, 2)},
    {"name": "diablo-2", "kind": "milestone", "date": datetime.date(2011, 6, 30)},
    {"name": "diablo-summit", "kind": "summit", "date": datetime.date(2011, 4, 28)},
    {"name": "2011.3", "kind": "final", "date": datetime.date(2011, 9, 22)},
]
MILESTONE_LINK = "https://api.launchpad.net/devel/nova/+milestone/"


def one(**fields):
    """The blueprint and the notes for one specification with these fields."""
    blueprints, notes = blueprints_from([{"name": "x", "title": "X", **fields}], MILESTONES)
    return blueprints["x"], notes


@pytest.mark.parametrize(
    ("launchpad", "ours"),
    [
        ("Unknown", "not-started"),
        ("Not started", "not-started"),
        ("Deferred", "deferred"),
        ("Needs Infrastructure", "blocked"),
        ("Blocked", "blocked"),
        ("Started", "in-progress"),
        ("Slow progress", "in-progress"),
        ("Good progress", "in-progress"),
        ("Beta Available", "in-progress"),
        ("Needs Code Review", "needs-review"),
        ("Deployment", "needs-review"),
        ("Informational", "informational"),
    ],
)
def test_every_implementation_status(launchpad, ours):
    blueprint, notes = one(implementation_status=launchpad, definition_status="Approved")
    assert (blueprint["status"], notes) == (ours, [])


@pytest.mark.parametrize(
    ("definition", "ours"),
    [
        ("New", "in-progress"),
        ("Discussion", "in-progress"),
        ("Drafting", "in-progress"),
        ("Review", "in-progress"),
        ("Pending Approval", "in-progress"),
        ("Approved", "in-progress"),
        ("Superseded", "obsolete"),
        ("Obsolete", "obsolete"),
    ],
)
def test_every_definition_status(definition, ours):
    blueprint, notes = one(implementation_status="Started", definition_status=definition)
    assert (blueprint["status"], notes) == (ours, [])


@pytest.mark.parametrize(
    ("launchpad", "ours"),
    [
        ("Essential", "essential"),
        ("High", "high"),
        ("Medium", "medium"),
        ("Low", "low"),
        ("Undefined", "undefined"),
        ("Not", "not"),
    ],
)
def test_every_priority(launchpad, ours):
    blueprint, notes = one(priority=launchpad)
    assert (blueprint["priority"], notes) == (ours, [])


def test_a_value_launchpad_does_not_document_is_noted_not_guessed_silently():
    blueprint, notes = one(implementation_status="Almost there", priority="Urgent")
    assert (blueprint["status"], blueprint["priority"]) == ("not-started", "undefined")
    assert notes == [
        "blueprint 'x': implementation_status 'Almost there' is not a value Launchpad "
        "documents; read as 'Unknown'",
        "blueprint 'x': priority 'Urgent' is not a value Launchpad documents; read as 'Undefined'",
    ]


def test_implemented_in_its_milestone():
    blueprint, notes = one(
        implementation_status="Implemented",
        milestone_link=MILESTONE_LINK + "diablo-2",
        date_completed="2011-06-24T09:12:44.301873+00:00",
    )
    assert {k: blueprint[k] for k in ("status", "targeted", "completed", "completed_on")} == {
        "status": "implemented",
        "targeted": "diablo-2",
        "completed": "diablo-2",
        "completed_on": datetime.date(2011, 6, 24),
    }
    assert notes == []


def test_implemented_without_a_milestone_counts_in_the_first_one_after_its_completion():
    blueprint, notes = one(
        implementation_status="Implemented", date_completed="2011-06-10T12:00:00+00:00"
    )
    assert (blueprint["status"], blueprint["completed"], "targeted" in blueprint) == (
        "implemented",
        "diablo-2",
        False,
    )
    assert notes == [
        "blueprint 'x': implemented without a milestone (completed on 2011-06-10); "
        "counted in 'diablo-2'"
    ]


def test_implemented_in_a_milestone_of_another_series_counts_in_this_series():
    blueprint, notes = one(
        implementation_status="Implemented",
        milestone_link=MILESTONE_LINK + "essex-1",
        date_completed="2011-10-20T00:00:00+00:00",
    )
    assert (blueprint["status"], blueprint["completed"]) == ("implemented", "2011.3")
    assert notes == [
        "blueprint 'x': implemented targeted to 'essex-1' of another series "
        "(completed on 2011-10-20); counted in '2011.3'"
    ]


def test_implemented_when_the_series_has_no_milestone_to_count_it_in():
    blueprints, notes = blueprints_from(
        [{"name": "x", "title": "X", "implementation_status": "Implemented"}],
        [{"name": "diablo-summit", "kind": "summit", "date": datetime.date(2011, 4, 28)}],
    )
    assert blueprints["x"]["status"] == "informational"
    assert "completed" not in blueprints["x"]
    assert notes == [
        "blueprint 'x': implemented, but the series has no milestone to count it in; "
        "imported as informational"
    ]
