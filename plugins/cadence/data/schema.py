"""The file formats under data/, as pydantic models.

These models check each file on its own (types, enums, unknown keys, URLs, names)
and export the JSON Schemas in `schemas/` that editors use for completion.
Checks that need several files (references, dates in order) live in the loader.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

NAME_PATTERN = r"^[a-z0-9][a-z0-9+._-]*$"
_NAME = re.compile(NAME_PATTERN)
#: Tracker ids (Launchpad names, nicknames): what `assignee` holds.
PERSON_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+._-]*$"

SeriesStatus = Literal["future", "development", "released", "maintained", "end-of-life"]
MilestoneKind = Literal[
    "milestone", "freeze", "branch-point", "release-candidate", "final", "summit", "deadline"
]
Priority = Literal["essential", "high", "medium", "low", "undefined", "not"]
Status = Literal[
    "not-started",
    "in-progress",
    "blocked",
    "needs-review",
    "implemented",
    "deferred",
    "informational",
    "obsolete",
]
SERIES_STATUSES = get_args(SeriesStatus)
MILESTONE_KINDS = get_args(MilestoneKind)
PRIORITIES = get_args(Priority)
STATUSES = get_args(Status)
#: Kinds a blueprint can be targeted to or completed in; each gets release notes.
DELIVERY_KINDS: tuple[str, ...] = ("milestone", "freeze", "release-candidate", "final")
#: Priorities in the order lists show them (most important first).
PRIORITY_ORDER: tuple[str, ...] = PRIORITIES
#: Priorities a freeze report counts.
REPORTED_PRIORITIES: tuple[str, ...] = ("essential", "high", "medium", "low")


def check_url(value: str) -> str:
    """Only http(s) URLs: a `javascript:` link from a tracker must never reach a page."""
    lowered = value.strip().lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")) or len(lowered) < 10:
        raise ValueError(f"expected an http:// or https:// URL, got '{value}'")
    if any(ch.isspace() or ord(ch) < 32 for ch in value.strip()):
        raise ValueError(f"expected a URL without spaces or control characters, got '{value}'")
    return value.strip()


def check_text(value: str) -> str:
    """Refuse control characters: they are invalid in XML feeds and invisible on pages."""
    for ch in value:
        if (ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 0x7F:
            raise ValueError(f"control character U+{ord(ch):04X} is not allowed in text")
    return value


Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=100)]
Url = Annotated[str, AfterValidator(check_url)]
Text = Annotated[str, Field(min_length=1), AfterValidator(check_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ProjectEntry(_Strict):
    title: Text
    description: Text | None = None
    url: Url | None = None


class ProjectsFile(_Strict):
    """`data/projects.yaml`: every project that takes part in a series."""

    model_config = ConfigDict(title="Cadence projects")
    projects: dict[Name, ProjectEntry]


class MilestoneEntry(_Strict):
    name: Name
    title: Text | None = None
    kind: MilestoneKind = "milestone"
    date: datetime.date = Field(description="Planned date.")
    released: bool = False
    released_on: datetime.date | None = Field(
        default=None, description="Actual date, when the milestone shipped on another day."
    )
    projects: list[Name] | None = Field(
        default=None, description="Projects it applies to; default all of the series."
    )
    feature_freeze: bool = False
    intro: Text | None = Field(default=None, description="Markdown intro of the generated post.")


class SeriesFile(_Strict):
    """`data/series/<name>.yaml`: one release cycle and its milestones."""

    model_config = ConfigDict(title="Cadence series")
    name: Name
    title: Text
    version: Text = Field(description='Quoted, e.g. "2011.3".')
    status: SeriesStatus
    release_date: datetime.date | None = None
    projects: list[Name] = Field(min_length=1)
    description: Text | None = None
    milestones: list[MilestoneEntry] = Field(min_length=1)
    rc_bugs: dict[Name, dict[datetime.date, Annotated[int, Field(ge=0)]]] | None = Field(
        default=None, description="Open release-critical bugs per project per day."
    )


class BlueprintEntry(_Strict):
    title: Text
    summary: Text | None = None
    url: Url | None = None
    spec_url: Url | None = None
    priority: Priority = "undefined"
    status: Status
    targeted: Name | None = None
    completed: Name | None = None
    completed_on: datetime.date | None = None
    assignee: Text | None = None
    note: Text | None = None


class BlueprintsFile(_Strict):
    """`data/blueprints/<series>/<project>.yaml`: a project's blueprints in a series."""

    model_config = ConfigDict(title="Cadence blueprints")
    blueprints: dict[Name, BlueprintEntry]


class PersonEntry(_Strict):
    name: Text = Field(description="The name shown wherever this person appears.")


class PeopleFile(_Strict):
    """`data/people.yaml`: display names of the people named in blueprints (optional)."""

    model_config = ConfigDict(title="Cadence people")
    people: dict[Annotated[str, Field(pattern=PERSON_ID_PATTERN, max_length=100)], PersonEntry]


def is_name(value: str) -> bool:
    return bool(_NAME.match(value))


SCHEMAS = {
    "people": PeopleFile,
    "projects": ProjectsFile,
    "series": SeriesFile,
    "blueprints": BlueprintsFile,
}
