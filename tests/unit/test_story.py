"""Titles, summaries and the cycle story a release manager would write."""

from __future__ import annotations

from cadence.notes import story

from .data_helpers import SERIES, load_inline

NOVA = """\
boot:
  title: Boot from volume
  priority: essential
  status: implemented
  targeted: alpha-1
  completed: alpha-1
  assignee: rcosta
cells:
  title: Cells
  priority: high
  status: implemented
  targeted: alpha-2
  completed: alpha-2
  assignee: rcosta
quotas:
  title: Quota classes
  priority: low
  status: implemented
  targeted: alpha-1
  completed: alpha-2
  assignee: kpetrov
hotplug:
  title: Interface hotplug
  priority: medium
  status: deferred
  targeted: alpha-2
"""
GLANCE = """\
sharing:
  title: Image sharing
  priority: high
  status: implemented
  targeted: alpha-2
  completed: alpha-2
  assignee: anon
"""
RC_BUGS = """\
rc_bugs:
  nova:
    2020-03-05: 12
    2020-03-19: 4
  glance:
    2020-03-12: 3
"""
PEOPLE = "people:\n  rcosta:\n    name: Rita Costa\n  kpetrov:\n    name: Kiril Petrov\n"


def data(tmp_path):
    return load_inline(tmp_path, {"nova": NOVA, "glance": GLANCE}, SERIES + RC_BUGS, PEOPLE)


def test_titles_never_repeat_themselves(tmp_path):
    d = data(tmp_path)
    titles = {m.name: story.note_title(d, m) for m in d.series[0].milestones}
    assert titles == {
        "alpha-1": "Features are in: the alpha-1 milestone",
        "alpha-2": "Features are in: the alpha-2 milestone",
        "alpha-rc1": "Alpha 2020.1 RC1",
        "alpha-final": "Alpha 2020.1 is released",
    }


def test_summaries_say_what_mattered(tmp_path):
    d = data(tmp_path)
    by_name = d.milestones_by_name
    assert story.milestone_summary(d, by_name["alpha-1"]) == (
        "One blueprint landed in alpha-1: Boot from volume (nova)."
    )
    assert story.milestone_summary(d, by_name["alpha-2"]) == (
        "3 blueprints landed in alpha-2, among them Cells (nova) and Image sharing (glance)."
    )
    assert story.milestone_summary(d, by_name["alpha-rc1"]) == (
        "The first release candidate of Alpha 2020.1, with 7 release-critical bugs still open."
    )
    assert story.milestone_summary(d, by_name["alpha-final"]) == (
        "Alpha 2020.1 is out: 4 blueprints over 2 milestones in nova and glance, "
        "3 of them essential or high priority."
    )


def test_the_cycle_story_of_a_final_release(tmp_path):
    d = data(tmp_path)
    cycle = story.cycle_story(d, d.series[0])
    nova, glance = cycle.projects
    assert (nova.project, nova.completed) == ("nova", 3)
    assert nova.by_priority == (("essential", 1), ("high", 1), ("low", 1))
    assert [b.slug for b in nova.headline] == ["boot", "cells"]
    assert [b.slug for b in nova.carried_over] == ["hotplug"]
    assert [b.slug for b in glance.headline] == ["sharing"]
    assert cycle.priorities == ("essential", "high", "low")
    assert [(c.name, c.completed) for c in cycle.contributors] == [
        ("Rita Costa", 2),
        ("anon", 1),  # no display name: the id is shown
        ("Kiril Petrov", 1),
    ]
    assert [m.name for m in cycle.candidates] == ["alpha-rc1"]
    assert cycle.development_milestones == 2


def test_series_status_gives_the_release_date_as_the_release_date():
    import datetime
    from zoneinfo import ZoneInfo

    from cadence.data.model import Milestone, ReleaseData, Series
    from cadence.notes.settings import NotesSettings
    from cadence.notes.site import CadenceSite

    def status(value):
        series = Series(
            "diablo",
            "Diablo",
            "2011.3",
            value,
            ("nova",),
            (Milestone("diablo-1", "diablo", "milestone", datetime.date(2011, 6, 2)),),
            release_date=datetime.date(2011, 9, 22),
        )
        site = CadenceSite(
            ReleaseData(series=(series,)),
            NotesSettings.from_pelican({}),
            ZoneInfo("UTC"),
            datetime.date(2026, 1, 1),
        )
        return site.series_status(series)

    assert status("end-of-life") == "released on 22 September 2011, end of life"
    assert status("maintained") == "released on 22 September 2011, maintained"
    assert status("released") == "released on 22 September 2011"
    assert status("development") == "in development"
