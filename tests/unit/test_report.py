"""The numbers behind release notes and freeze reports, on small inline data."""

from __future__ import annotations

from cadence.notes import report

from .data_helpers import load_inline

NOVA = """\
early:
  title: Early work
  priority: high
  status: implemented
  targeted: alpha-1
  completed: alpha-1
  completed_on: 2020-01-08
slipped:
  title: Slipped work
  priority: medium
  status: implemented
  targeted: alpha-1
  completed: alpha-2
  completed_on: 2020-02-10
late:
  title: Late work
  priority: high
  status: implemented
  targeted: alpha-2
  completed: alpha-rc1
  completed_on: 2020-03-01
open:
  title: Still open
  priority: essential
  status: in-progress
  targeted: alpha-2
gone:
  title: Deferred work
  priority: low
  status: deferred
  targeted: alpha-2
obsolete:
  title: Not needed
  priority: high
  status: obsolete
  targeted: alpha-1
"""
GLANCE = """\
images:
  title: Image work
  priority: low
  status: implemented
  targeted: alpha-2
  completed: alpha-2
  completed_on: 2020-02-12
"""


def test_milestone_notes_split_completed_slipped_and_deferred(tmp_path):
    data = load_inline(tmp_path, {"nova": NOVA, "glance": GLANCE})
    notes = report.milestone_notes(data, data.milestones_by_name["alpha-1"])
    assert [n.project for n in notes] == ["nova"]  # glance has nothing in alpha-1
    (nova,) = notes
    assert [b.slug for b in nova.completed] == ["early"]
    assert [b.slug for b in nova.slipped] == ["slipped"]
    assert [b.slug for b in nova.deferred] == []  # the obsolete one is not counted


def test_freeze_rows_count_per_priority(tmp_path):
    data = load_inline(tmp_path, {"nova": NOVA, "glance": GLANCE})
    rows = {r.priority: r for r in report.freeze_rows(data, data.milestones_by_name["alpha-2"])}
    assert list(rows) == ["essential", "high", "medium", "low"]
    assert rows["essential"] == report.FreezeRow("essential", 1, 0, 0, 1, 0)
    assert rows["high"] == report.FreezeRow("high", 2, 1, 1, 0, 0)
    assert rows["medium"] == report.FreezeRow("medium", 1, 1, 0, 0, 0)
    assert rows["low"] == report.FreezeRow("low", 2, 1, 0, 0, 1)
    overall = report.total(list(rows.values()))
    assert (overall.targeted, overall.merged, overall.in_time) == (6, 3, 50)


def test_cumulative_and_progress_follow_the_delivery_milestones(tmp_path):
    data = load_inline(tmp_path, {"nova": NOVA, "glance": GLANCE})
    series = data.series_by_name["alpha"]
    assert report.cumulative_completed(data, series) == {
        "nova": [1, 2, 3, 3],
        "glance": [0, 1, 1, 1],
    }
    progress = {
        p.milestone.name: (p.targeted, p.on_target, p.slipped_in)
        for p in report.milestone_progress(data, series)
    }
    assert progress == {
        "alpha-1": (2, 1, 0),  # early and slipped; the obsolete one is not work
        "alpha-2": (4, 1, 1),  # glance's image work on target; "slipped" came from alpha-1
        "alpha-rc1": (0, 0, 1),  # nothing targeted at the RC: the late one slipped in
        "alpha-final": (0, 0, 0),
    }


def test_lists_are_ordered_by_priority_then_title(tmp_path):
    data = load_inline(tmp_path, {"nova": NOVA})
    ordered = report.by_priority(data.blueprints_of("alpha", "nova"))
    assert [b.slug for b in ordered] == ["open", "early", "late", "obsolete", "slipped", "gone"]
