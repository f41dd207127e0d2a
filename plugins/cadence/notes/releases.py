"""Pure functions: what the projects released at a milestone, for its post."""

from __future__ import annotations

from dataclasses import dataclass

from cadence.data.model import Milestone, Project, Release, ReleaseData


@dataclass(frozen=True)
class ReleaseRow:
    """One project's line in a post: its versions at the milestone and, with the
    final release, what it released between milestones and its highlights."""

    project: Project
    releases: tuple[Release, ...]
    between: tuple[Release, ...] = ()
    release_notes: str | None = None
    highlights: tuple[str, ...] = ()


def release_rows(data: ReleaseData, milestone: Milestone) -> list[ReleaseRow]:
    """Rows in the series' project order: the projects that released at `milestone`;
    for a final release, also the projects with highlights but no final version."""
    final = milestone.kind == "final"
    rows = []
    for found in data.releases_of(milestone.series):
        at = found.at(milestone.name)
        if not at and not (final and found.highlights):
            continue
        rows.append(
            ReleaseRow(
                project=data.projects_by_name[found.project],
                releases=at,
                between=found.between_milestones if final else (),
                release_notes=found.release_notes if final else None,
                highlights=found.highlights if final else (),
            )
        )
    return rows
