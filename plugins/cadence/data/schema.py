"""The file formats under data/, as pydantic models.

These models check each file on its own (types, enums, unknown keys, URLs, names)
and export the JSON Schemas in `schemas/` that editors use for completion.
Checks that need several files (references, dates in order) live in the loader.
"""

from __future__ import annotations

import datetime
import re
import string
from typing import Annotated, Literal, get_args

import rfc3986
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from rfc3986.exceptions import MissingComponentError
from rfc3986.exceptions import ValidationError as UrlError

NAME_PATTERN = r"^[a-z0-9][a-z0-9+._-]*$"
_NAME = re.compile(NAME_PATTERN)
#: Tracker ids (Launchpad names, nicknames): what `assignee` holds.
PERSON_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+._-]*$"

SeriesStatus = Literal[
    "future", "development", "released", "maintained", "unmaintained", "end-of-life"
]
MilestoneKind = Literal[
    "milestone",
    "freeze",
    "branch-point",
    "release-candidate",
    "final",
    "summit",
    "ptg",
    "deadline",
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
#: Statuses of a series that has shipped: it needs a release date.
RELEASED_STATUSES: tuple[str, ...] = ("released", "maintained", "unmaintained", "end-of-life")
#: Priorities in the order lists show them (most important first).
PRIORITY_ORDER: tuple[str, ...] = PRIORITIES
#: Priorities a freeze report counts.
REPORTED_PRIORITIES: tuple[str, ...] = ("essential", "high", "medium", "low")


#: Characters RFC 3986 allows in a URI (unreserved, reserved, and '%' of an escape).
URL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URL_VALIDATOR = (
    rfc3986.validators.Validator()
    .allow_schemes("http", "https")
    .require_presence_of("scheme", "host")
    .check_validity_of("scheme", "userinfo", "host", "port", "path", "query", "fragment")
)
#: Dates in data lie in this range; others are typing mistakes (9999, 1900...).
EARLIEST_DATE = datetime.date(1970, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
#: The largest count a page or a chart shows (open release-critical bugs on a day).
MAX_COUNT = 1_000_000


def check_url(value: str) -> str:
    """Only well-formed http(s) URLs of RFC 3986 characters: a `javascript:` link or
    a quote that would end an HTML attribute must never come from a tracker."""
    url = value.strip()
    if not url.lower().startswith(("https://", "http://")):
        raise ValueError(f"expected an http:// or https:// URL, got '{value}'")
    bad = [ch for ch in dict.fromkeys(url) if ch not in URL_CHARACTERS]
    if bad:
        raise ValueError(
            f"expected a URL of RFC 3986 characters only, got '{value}' with "
            f"{', '.join(_describe_character(ch) for ch in bad)}: percent-encode "
            "them (a space is %20, '\"' is %22)"
        )
    if _LONE_PERCENT.search(url):
        raise ValueError(f"expected '%' followed by two hexadecimal digits in a URL, got '{value}'")
    reference = rfc3986.uri_reference(url)
    reference = reference.copy_with(scheme=reference.scheme.lower())
    try:
        _URL_VALIDATOR.validate(reference)
    except UrlError as error:
        parts = getattr(error, "components", None) or [getattr(error, "component_name", "host")]
        what = "no" if isinstance(error, MissingComponentError) else "invalid"
        raise ValueError(
            f"expected a well-formed http(s) URL, got '{value}': {what} {', '.join(parts)}"
        ) from None
    if not reference.host:
        raise ValueError(f"expected a well-formed http(s) URL, got '{value}': no host")
    return url


def _describe_character(ch: str) -> str:
    if ch.isspace() or not ch.isprintable():
        return f"U+{ord(ch):04X}"
    return f"'{ch}'"


def check_date(value: datetime.date) -> datetime.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"expected a date between {EARLIEST_DATE} and {LATEST_DATE}, got {value.isoformat()}"
        )
    return value


#: Control characters but tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(value: str) -> str:
    """Refuse control characters: they are invalid in XML feeds and invisible on pages."""
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"control character U+{ord(found[0]):04X} is not allowed in text")
    return value


Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=100)]
Url = Annotated[str, AfterValidator(check_url)]
Text = Annotated[str, Field(min_length=1), AfterValidator(check_text)]
Day = Annotated[datetime.date, AfterValidator(check_date)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


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
    date: Day = Field(description="Planned date (the first day of a span).")
    end_date: Day | None = Field(
        default=None, description="Last day of an event that spans several days (a PTG)."
    )
    released: bool = False
    released_on: Day | None = Field(
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
    version: Text | None = Field(
        default=None, description='Quoted, e.g. "2011.3"; none for a series without a number.'
    )
    status: SeriesStatus
    release_date: Day | None = None
    projects: list[Name] = Field(min_length=1)
    description: Text | None = None
    milestones: list[MilestoneEntry] = Field(min_length=1)
    rc_bugs: dict[Name, dict[Day, Count]] | None = Field(
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
    completed_on: Day | None = None
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


#: Versions as projects tag them: 31.0.0, 31.0.0.0rc1, "2014.1", v1.0.0.
VERSION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.+_-]*$"
Version = Annotated[str, Field(pattern=VERSION_PATTERN, max_length=100)]


class ReleaseEntry(_Strict):
    version: Version = Field(
        description='As tagged, quoted when YAML would read a number: "2014.1".'
    )
    milestone: Name | None = Field(
        default=None,
        description="The milestone of the series it belongs to; none for a release "
        "between milestones.",
    )
    url: Url | None = None


class ReleasesFile(_Strict):
    """`data/releases/<series>/<project>.yaml`: what a project released in a series."""

    model_config = ConfigDict(title="Cadence releases")
    releases: list[ReleaseEntry] = Field(
        default_factory=list, description="In the order they were released."
    )
    release_notes: Url | None = Field(default=None, description="The project's notes page.")
    highlights: list[Text] = Field(
        default_factory=list,
        description="Markdown, one item each: shown with the final release.",
    )


def is_name(value: str) -> bool:
    return bool(_NAME.match(value))


SCHEMAS = {
    "people": PeopleFile,
    "projects": ProjectsFile,
    "series": SeriesFile,
    "blueprints": BlueprintsFile,
    "releases": ReleasesFile,
}
