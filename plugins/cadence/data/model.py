"""The validated release data: frozen dataclasses, cross-linked by name.

No Pelican here: the same model feeds the site, `cadence validate` and importers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of data was written, for messages and "edit this" links."""

    file: str
    line: int


@dataclass(frozen=True)
class Project:
    name: str
    title: str
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Milestone:
    name: str
    series: str
    kind: str
    date: datetime.date
    released: bool = False
    released_on: datetime.date | None = None
    projects: tuple[str, ...] = ()
    #: the last day of an event spanning several days (a PTG), None for one day
    end_date: datetime.date | None = None
    feature_freeze: bool = False
    title: str | None = None
    intro: str | None = None
    source: SourceRef | None = None

    @property
    def actual_date(self) -> datetime.date:
        """The day it shipped when it did; the plan otherwise."""
        return self.released_on or self.date

    @property
    def is_freeze(self) -> bool:
        return self.kind == "freeze" or self.feature_freeze

    @property
    def display_title(self) -> str:
        return self.title or self.name


@dataclass(frozen=True)
class Blueprint:
    project: str
    series: str
    slug: str
    title: str
    url: str
    status: str
    priority: str = "undefined"
    summary: str | None = None
    spec_url: str | None = None
    targeted: str | None = None
    completed: str | None = None
    completed_on: datetime.date | None = None
    assignee: str | None = None
    note: str | None = None
    source: SourceRef | None = None

    @property
    def key(self) -> str:
        """`project/slug`: how writers refer to a blueprint ({blueprint}nova/x)."""
        return f"{self.project}/{self.slug}"


@dataclass(frozen=True)
class Series:
    name: str
    title: str
    version: str | None
    status: str
    projects: tuple[str, ...]
    milestones: tuple[Milestone, ...]
    release_date: datetime.date | None = None
    description: str | None = None
    #: project -> ((day, open release-critical bugs), ...) in date order
    rc_bugs: tuple[tuple[str, tuple[tuple[datetime.date, int], ...]], ...] = ()
    source: SourceRef | None = None

    @property
    def start_date(self) -> datetime.date:
        return self.milestones[0].date

    @property
    def heading(self) -> str:
        """'Epoxy (2025.1)', or 'Ocata' for a series without a number."""
        return f"{self.title} ({self.version})" if self.version else self.title

    @property
    def named_version(self) -> str:
        """'Epoxy 2025.1' in a sentence, or 'Ocata'."""
        return f"{self.title} {self.version}" if self.version else self.title

    @property
    def end_date(self) -> datetime.date:
        return self.release_date or self.milestones[-1].actual_date


@dataclass(frozen=True)
class Release:
    """One version a project tagged in a series."""

    project: str
    series: str
    version: str
    #: the milestone it belongs to; None for a release between milestones
    milestone: str | None = None
    url: str | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class ProjectReleases:
    """What one project released in one series (data/releases/<series>/<project>.yaml)."""

    project: str
    series: str
    releases: tuple[Release, ...] = ()
    release_notes: str | None = None
    #: Markdown, one item each
    highlights: tuple[str, ...] = ()
    source: SourceRef | None = None

    def at(self, milestone: str) -> tuple[Release, ...]:
        return tuple(r for r in self.releases if r.milestone == milestone)

    @property
    def between_milestones(self) -> tuple[Release, ...]:
        return tuple(r for r in self.releases if r.milestone is None)


@dataclass(frozen=True)
class ReleaseData:
    """Everything under data/, sorted so iteration order is stable."""

    projects: tuple[Project, ...] = ()
    series: tuple[Series, ...] = ()
    blueprints: tuple[Blueprint, ...] = ()
    #: (tracker id, display name), from data/people.yaml
    people: tuple[tuple[str, str], ...] = ()

    @cached_property
    def _names(self) -> dict[str, str]:
        return dict(self.people)

    def display_name(self, person: str) -> str:
        """The name to show for a tracker id; the id itself when none is known."""
        return self._names.get(person, person)

    #: per series (in series order), per project (in the series' project order)
    releases: tuple[ProjectReleases, ...] = ()

    def releases_of(self, series: str) -> tuple[ProjectReleases, ...]:
        return tuple(r for r in self.releases if r.series == series)

    def released_at(self, milestone: Milestone) -> tuple[ProjectReleases, ...]:
        """The projects (in the series' order) that released something at `milestone`."""
        return tuple(r for r in self.releases_of(milestone.series) if r.at(milestone.name))

    @cached_property
    def projects_by_name(self) -> dict[str, Project]:
        return {p.name: p for p in self.projects}

    @cached_property
    def series_by_name(self) -> dict[str, Series]:
        return {s.name: s for s in self.series}

    @cached_property
    def milestones_by_name(self) -> dict[str, Milestone]:
        return {m.name: m for s in self.series for m in s.milestones}

    @cached_property
    def blueprints_by_key(self) -> dict[str, Blueprint]:
        """`project/slug` -> the blueprint of the newest series that has it."""
        order = {s.name: i for i, s in enumerate(self.series)}
        found: dict[str, Blueprint] = {}
        for bp in sorted(self.blueprints, key=lambda b: order[b.series]):
            found[bp.key] = bp
        return found

    @cached_property
    def _by_series(self) -> dict[str, tuple[Blueprint, ...]]:
        grouped: dict[str, list[Blueprint]] = {}
        for bp in self.blueprints:
            grouped.setdefault(bp.series, []).append(bp)
        return {k: tuple(v) for k, v in grouped.items()}

    def blueprints_of(self, series: str, project: str | None = None) -> tuple[Blueprint, ...]:
        found = self._by_series.get(series, ())
        if project is not None:
            found = tuple(bp for bp in found if bp.project == project)
        return found

    def completed_in(self, milestone: str) -> tuple[Blueprint, ...]:
        m = self.milestones_by_name[milestone]
        return tuple(bp for bp in self.blueprints_of(m.series) if bp.completed == milestone)

    def series_of(self, milestone: Milestone) -> Series:
        return self.series_by_name[milestone.series]

    def next_milestone(self, milestone: Milestone) -> Milestone | None:
        """The first milestone after it in its series, on a later day (a deadline of the
        same day is not "next")."""
        ms = self.series_of(milestone).milestones
        later = [m for m in ms[ms.index(milestone) + 1 :] if m.actual_date > milestone.actual_date]
        return later[0] if later else None

    def previous_series(self, series: Series) -> Series | None:
        i = self.series.index(series)
        return self.series[i - 1] if i > 0 else None
