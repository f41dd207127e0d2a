"""Pure functions: the numbers behind release notes and freeze reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cadence.data.model import Blueprint, Milestone, ReleaseData, Series
from cadence.data.schema import DELIVERY_KINDS, PRIORITY_ORDER, REPORTED_PRIORITIES

#: Statuses that are not work to deliver: never counted as targeted.
IGNORED = frozenset({"obsolete", "informational"})


def by_priority(blueprints: Iterable[Blueprint]) -> list[Blueprint]:
    """Stable order for lists: priority, then title, then slug."""
    return sorted(
        blueprints, key=lambda b: (PRIORITY_ORDER.index(b.priority), b.title.lower(), b.slug)
    )


@dataclass(frozen=True)
class ProjectNotes:
    project: str
    completed: tuple[Blueprint, ...]
    slipped: tuple[Blueprint, ...]  # targeted here, landed in a later milestone
    deferred: tuple[Blueprint, ...]  # targeted here, not landed (deferred or still open)


def milestone_notes(data: ReleaseData, milestone: Milestone) -> list[ProjectNotes]:
    """Per project (in the series' order), what landed and what did not."""
    series = data.series_of(milestone)
    result = []
    for project in milestone.projects:
        mine = data.blueprints_of(series.name, project)
        completed = by_priority(b for b in mine if b.completed == milestone.name)
        targeted_here = [
            b for b in mine if b.targeted == milestone.name and b.status not in IGNORED
        ]
        slipped = by_priority(
            b for b in targeted_here if b.completed and b.completed != milestone.name
        )
        deferred = by_priority(b for b in targeted_here if b.completed is None)
        if completed or slipped or deferred:
            result.append(ProjectNotes(project, tuple(completed), tuple(slipped), tuple(deferred)))
    return result


@dataclass(frozen=True)
class FreezeRow:
    priority: str
    targeted: int
    merged: int
    late: int
    proposed: int
    deferred: int

    @property
    def in_time(self) -> int | None:
        """Percentage of targeted blueprints merged by the freeze."""
        return round(100 * self.merged / self.targeted) if self.targeted else None


def _position(series: Series) -> dict[str, int]:
    return {m.name: i for i, m in enumerate(series.milestones)}


def freeze_rows(data: ReleaseData, freeze: Milestone) -> list[FreezeRow]:
    """Per priority: merged by the freeze, late (after it), proposed (open), deferred."""
    series = data.series_of(freeze)
    position = _position(series)
    limit = position[freeze.name]
    rows = []
    for priority in REPORTED_PRIORITIES:
        counts = {"targeted": 0, "merged": 0, "late": 0, "proposed": 0, "deferred": 0}
        for bp in data.blueprints_of(series.name):
            if bp.priority != priority or bp.status in IGNORED:
                continue
            target = bp.targeted or bp.completed
            if target is None or position[target] > limit:
                continue
            counts["targeted"] += 1
            if bp.completed is not None:
                counts["merged" if position[bp.completed] <= limit else "late"] += 1
            elif bp.status == "deferred":
                counts["deferred"] += 1
            else:
                counts["proposed"] += 1
        rows.append(FreezeRow(priority, **counts))
    return rows


def total(rows: list[FreezeRow]) -> FreezeRow:
    return FreezeRow(
        "all",
        *(
            sum(getattr(r, f) for r in rows)
            for f in ("targeted", "merged", "late", "proposed", "deferred")
        ),
    )


def previous_freeze(data: ReleaseData, freeze: Milestone) -> Milestone | None:
    """The same freeze of the previous series (its first freeze), if any."""
    previous = data.previous_series(data.series_of(freeze))
    while previous is not None:
        for m in previous.milestones:
            if m.is_freeze:
                return m
        previous = data.previous_series(previous)
    return None


def cumulative_completed(data: ReleaseData, series: Series) -> dict[str, list[int]]:
    """project -> completed blueprints so far, after each delivery milestone."""
    deliveries = [m for m in series.milestones if m.kind in DELIVERY_KINDS]
    result: dict[str, list[int]] = {}
    for project in series.projects:
        running, counts = 0, []
        for m in deliveries:
            running += sum(
                1 for b in data.blueprints_of(series.name, project) if b.completed == m.name
            )
            counts.append(running)
        result[project] = counts
    return result


@dataclass(frozen=True)
class Progress:
    """A delivery milestone's blueprints: what was targeted at it and what landed."""

    milestone: Milestone
    targeted: int  # targeted at this milestone
    on_target: int  # targeted here and completed here
    slipped_in: int  # completed here, targeted at another milestone

    @property
    def completed(self) -> int:
        return self.on_target + self.slipped_in


def milestone_progress(data: ReleaseData, series: Series) -> list[Progress]:
    """Targeted and completed blueprints of each delivery milestone, kept apart."""
    rows = []
    bps = [b for b in data.blueprints_of(series.name) if b.status not in IGNORED]
    for m in series.milestones:
        if m.kind not in DELIVERY_KINDS:
            continue
        target = [b for b in bps if (b.targeted or b.completed) == m.name]
        completed_here = [b for b in bps if b.completed == m.name]
        on_target = sum(1 for b in completed_here if (b.targeted or b.completed) == m.name)
        rows.append(Progress(m, len(target), on_target, len(completed_here) - on_target))
    return rows


@dataclass(frozen=True)
class Plan:
    """What a series in development still has ahead: dates, and open work per project."""

    upcoming: tuple[Milestone, ...]  # milestones not released yet, by date
    completed: int  # blueprints completed so far
    open_work: tuple[tuple[str, tuple[tuple[str, tuple[Blueprint, ...]], ...]], ...]
    # ((project, ((priority, blueprints), ...)), ...), projects in series order


def coming_up(data: ReleaseData, series: Series) -> Plan:
    """The targeted, not yet completed blueprints by project and priority, and the next dates."""
    bps = [b for b in data.blueprints_of(series.name) if b.status not in IGNORED]
    open_work = []
    for project in series.projects:
        mine = [b for b in bps if b.project == project and not b.completed and b.targeted]
        mine = [b for b in mine if b.status != "deferred"]
        groups = tuple(
            (priority, tuple(by_priority(b for b in mine if b.priority == priority)))
            for priority in PRIORITY_ORDER
            if any(b.priority == priority for b in mine)
        )
        if groups:
            open_work.append((project, groups))
    return Plan(
        upcoming=tuple(m for m in series.milestones if not m.released),
        completed=sum(1 for b in bps if b.completed),
        open_work=tuple(open_work),
    )
