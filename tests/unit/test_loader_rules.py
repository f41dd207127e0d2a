"""The loader's cross-file rules, on small inline data: exact messages, file:line:column."""

from __future__ import annotations

import pytest
from cadence.errors import LoadError

from .data_helpers import load_inline

CASES = {
    "unknown milestone": (
        {"nova": "x:\n  title: X\n  status: implemented\n  completed: alpha-9\n"},
        "data/blueprints/alpha/nova.yaml:5:16: blueprint 'x': completed: unknown milestone "
        "'alpha-9' (did you mean 'alpha-2'?); expected a milestone of series 'alpha'",
    ),
    "implemented needs completed": (
        {"nova": "x:\n  title: X\n  status: implemented\n"},
        "data/blueprints/alpha/nova.yaml:3:5: blueprint 'x': missing required field "
        "'completed' (status is 'implemented'): the milestone it landed in",
    ),
    "completed needs implemented": (
        {"nova": "x:\n  title: X\n  status: in-progress\n  completed: alpha-1\n"},
        "data/blueprints/alpha/nova.yaml:5:16: blueprint 'x': completed is set but status is "
        "'in-progress': expected status 'implemented'",
    ),
    "project not in the series": (
        {"swift": "x:\n  title: X\n  status: not-started\n"},
        "data/blueprints/alpha/swift.yaml:1:1: project 'swift' (the file name) does not take "
        "part in series 'alpha': add it to the projects of data/series/alpha.yaml",
    ),
    "unknown priority": (
        {"nova": "x:\n  title: X\n  status: not-started\n  priority: urgent\n"},
        "data/blueprints/alpha/nova.yaml:5:15: blueprint 'x': priority: expected one of: "
        "essential, high, medium, low, undefined, not; got 'urgent'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cross_file_rules(tmp_path, case):
    blueprints, expected = CASES[case]
    with pytest.raises(LoadError) as error:
        load_inline(tmp_path, blueprints)
    assert error.value.messages == [expected]


def test_people_file_is_checked_and_names_are_used(tmp_path):
    with pytest.raises(LoadError) as error:
        load_inline(tmp_path / "bad", {}, people="people:\n  rcosta:\n    nmae: Rita\n")
    assert error.value.messages == [
        "data/people.yaml:3:5: people: rcosta: missing required field 'name'",
        "data/people.yaml:3:5: people: rcosta: unknown field 'nmae' (did you mean 'name'?); "
        "expected one of: name",
    ]
    data = load_inline(tmp_path / "good", {}, people="people:\n  rcosta:\n    name: Rita Costa\n")
    assert data.display_name("rcosta") == "Rita Costa"
    assert data.display_name("kpetrov") == "kpetrov"
