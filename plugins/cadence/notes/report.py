"""Pure functions: the numbers behind release notes and freeze reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cadence.data.model import Blueprint, Milestone, ReleaseData, Series
from cadence.data.schema import DELIVERY_KINDS, PRIORITY_ORDER, REPORTED_PRIORITIES

_IGNORED = {"obsolete", "informational"}


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
            b for b in mine if b.targeted == milestone.name and b.status not in _IGNORED
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
            if bp.priority != priority or bp.status in _IGNORED:
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


def milestone_progress(data: ReleaseData, series: Series) -> list[tuple[Milestone, int, int]]:
    """(milestone, completed in it, targeted to it) for each delivery milestone."""
    rows = []
    for m in series.milestones:
        if m.kind not in DELIVERY_KINDS:
            continue
        bps = data.blueprints_of(series.name)
        completed = sum(1 for b in bps if b.completed == m.name)
        targeted = sum(
            1 for b in bps if (b.targeted or b.completed) == m.name and b.status not in _IGNORED
        )
        rows.append((m, completed, targeted))
    return rows
