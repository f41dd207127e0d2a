"""Pure functions: the words and numbers a release manager would write about a
milestone or a whole cycle (titles, one-sentence summaries, the final release's
story). No Pelican here; the templates lay out what these return.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from cadence.data.model import Blueprint, Milestone, ProjectReleases, ReleaseData, Series
from cadence.data.schema import DELIVERY_KINDS, PRIORITY_ORDER
from cadence.notes import report

#: Priorities a reader counts as the headline work of a cycle.
HEADLINE_PRIORITIES = ("essential", "high")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@dataclass(frozen=True)
class ProjectCycle:
    """One project's whole cycle."""

    project: str
    completed: int
    by_priority: tuple[tuple[str, int], ...]  # (priority, count), non-zero, most important first
    headline: tuple[Blueprint, ...]  # completed essential and high priority work
    carried_over: tuple[Blueprint, ...]  # targeted in the cycle, not completed


@dataclass(frozen=True)
class Contributor:
    person: str  # tracker id, as in data
    name: str  # display name
    completed: int


@dataclass(frozen=True)
class CycleStory:
    series: Series
    projects: tuple[ProjectCycle, ...]
    completed: int
    headline_count: int
    milestones: tuple[Milestone, ...]  # released delivery milestones, in order
    candidates: tuple[Milestone, ...]  # release candidates, in order
    development_milestones: int  # milestones and freezes before the candidates
    contributors: tuple[Contributor, ...]  # most blueprints first, then by name
    next_series: Series | None

    @property
    def priorities(self) -> tuple[str, ...]:
        """The priorities that occur, most important first (the table's columns)."""
        seen = {p for project in self.projects for p, _ in project.by_priority}
        return tuple(p for p in PRIORITY_ORDER if p in seen)


def cycle_story(data: ReleaseData, series: Series) -> CycleStory:
    projects = []
    for project in series.projects:
        mine = data.blueprints_of(series.name, project)
        done = [b for b in mine if b.completed]
        counts = Counter(b.priority for b in done)
        projects.append(
            ProjectCycle(
                project=project,
                completed=len(done),
                by_priority=tuple((p, counts[p]) for p in PRIORITY_ORDER if counts[p]),
                headline=_headline(done),
                carried_over=tuple(
                    report.by_priority(
                        b
                        for b in mine
                        if not b.completed and b.targeted and b.status not in report.IGNORED
                    )
                ),
            )
        )
    people = Counter(
        b.assignee for b in data.blueprints_of(series.name) if b.completed and b.assignee
    )
    contributors = sorted(
        (Contributor(p, data.display_name(p), n) for p, n in people.items()),
        key=lambda c: (-c.completed, c.name.lower(), c.person),
    )
    following = [s for s in data.series if s.start_date > series.start_date]
    return CycleStory(
        series=series,
        projects=tuple(projects),
        completed=sum(p.completed for p in projects),
        headline_count=sum(len(p.headline) for p in projects),
        milestones=tuple(m for m in series.milestones if m.kind in DELIVERY_KINDS and m.released),
        candidates=tuple(m for m in series.milestones if m.kind == "release-candidate"),
        development_milestones=sum(
            1 for m in series.milestones if m.kind in ("milestone", "freeze")
        ),
        contributors=tuple(contributors),
        next_series=following[0] if following else None,
    )


def _headline(done: list[Blueprint]) -> tuple[Blueprint, ...]:
    """The work to name: every essential and high priority item; for a project with
    none, its three most important items, so no project's cycle goes unnamed."""
    ordered = report.by_priority(done)
    top = [b for b in ordered if b.priority in HEADLINE_PRIORITIES]
    return tuple(top or ordered[:3])


# -- titles ---------------------------------------------------------------------


def candidate_label(m: Milestone) -> str:
    """'RC1' for a milestone named like diablo-rc1, 'final release candidates' for the
    week of the last ones (epoxy-finalrc); 'release candidate' otherwise."""
    match = re.search(r"rc(\d+)$", m.name)
    if match:
        return f"RC{match[1]}"
    return "final release candidates" if m.name.endswith("-finalrc") else "release candidate"


def note_title(data: ReleaseData, m: Milestone) -> str:
    series = data.series_of(m)
    if m.kind == "final":
        return f"{series.named_version} is released"
    if m.kind == "release-candidate":
        return f"{series.named_version} {candidate_label(m)}"
    return f"Features are in: the {m.display_title} milestone"


def freeze_title(m: Milestone) -> str:
    return f"Feature freeze report: {m.display_title}"


# -- summaries ------------------------------------------------------------------


def join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _named(blueprints: list[Blueprint], limit: int = 2) -> str:
    """'Title (project) and Title (project)': the most important work, other projects first."""
    chosen: list[Blueprint] = []
    for bp in report.by_priority(blueprints):
        if len(chosen) == limit:
            break
        if all(bp.project != c.project for c in chosen) or len(blueprints) <= limit:
            chosen.append(bp)
    return join([f"{b.title} ({b.project})" for b in chosen])


def milestone_summary(data: ReleaseData, m: Milestone) -> str:
    """One sentence that says what mattered in a milestone."""
    notes = report.milestone_notes(data, m)
    done = [b for n in notes for b in n.completed]
    slipped = sum(len(n.slipped) + len(n.deferred) for n in notes)
    if m.kind == "final":
        story = cycle_story(data, data.series_of(m))
        released = data.released_at(m)
        if not story.completed and released:
            return f"{story.series.named_version} is out: {_released(released, m)}."
        return final_summary(story)
    if m.kind == "release-candidate":
        series = data.series_of(m)
        ordinal = _ordinal(series, m)
        sentence = f"The {ordinal} release candidate of {series.named_version}"
        bugs = open_rc_bugs(series, m.actual_date)
        if bugs is not None:
            sentence += f", with {_plural(bugs, 'release-critical bug')} still open"
        if done:
            sentence += f"; {_plural(len(done), 'late blueprint')} landed in it"
        released = data.released_at(m)
        if released:
            joint = "; " if done or bugs is not None else ": "
            sentence += f"{joint}{_released(released, m)}"
        return sentence + "."
    if not done:
        released = data.released_at(m)
        if released and not slipped:
            return f"{m.display_title}: {_released(released, m)}."
        sentence = f"{m.display_title} shipped with no completed blueprint"
        if slipped:
            sentence += f"; {_plural(slipped, 'targeted blueprint')} moved on"
        return sentence + "."
    if len(done) == 1:
        return f"One blueprint landed in {m.display_title}: {_named(done, 1)}."
    return f"{len(done)} blueprints landed in {m.display_title}, among them {_named(done)}."


def _released(released: tuple[ProjectReleases, ...], m: Milestone, limit: int = 3) -> str:
    """'glance 30.0.0.0b2 and nova 31.0.0.0b2', or the first few and how many more."""
    named = [f"{r.project} {r.at(m.name)[-1].version}" for r in released[:limit]]
    if len(released) > limit:
        return f"{_plural(len(released), 'project')} released, among them {join(named)}"
    return f"{join(named)} released"


def final_summary(story: CycleStory) -> str:
    series = story.series
    active = [p.project for p in story.projects if p.completed]
    if not story.completed:
        return f"{series.named_version} is out."
    sentence = (
        f"{series.named_version} is out: {_plural(story.completed, 'blueprint')} "
        f"over {_plural(story.development_milestones, 'milestone')} in {join(active)}"
    )
    if story.headline_count:
        sentence += f", {story.headline_count} of them essential or high priority"
    return sentence + "."


def freeze_summary(m: Milestone, overall: report.FreezeRow) -> str:
    if not overall.targeted:
        return f"Nothing was targeted at {m.display_title}."
    sentence = (
        f"At {m.display_title}, {overall.merged} of {overall.targeted} targeted blueprints "
        "were merged in time"
    )
    return sentence + (f" ({overall.in_time}%)." if overall.in_time is not None else ".")


def _ordinal(series: Series, m: Milestone) -> str:
    candidates = [c for c in series.milestones if c.kind == "release-candidate"]
    position = candidates.index(m)
    return _ORDINALS[position] if position < len(_ORDINALS) else f"{position + 1}th"


def open_rc_bugs(series: Series, day: datetime.date) -> int | None:
    """Release-critical bugs open across projects on the last count at or before `day`."""
    total, seen = 0, False
    for _, points in series.rc_bugs:
        before = [count for when, count in points if when <= day]
        if before:
            total += before[-1]
            seen = True
    return total if seen else None
