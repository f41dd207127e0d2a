"""An openstack/releases schedule (doc/source/<series>/schedule.yaml) -> milestones.

The file lists the weeks of a cycle (`cycle:`, or `weeks:`), each with `start` and
`end` dates (quoted or not), an optional `name` like R-5, and labels under
`x-project` (cross-project events) and `project-specific` (one team's deadlines).
A label is `<initial>-<event>`: the initial is the series it belongs to, which is
not always the file's own (week 1 carries the previous series' final release, late
weeks the next series' elections). Only the file's own labels are taken; every
other label is reported as skipped, with its file, line and reason.

Each kind of event is dated by a rule (docs/importers.md): milestones, freezes,
release candidates and deadlines on the Thursday of their week, the final release
on the Wednesday (or on the series' `initial-release` when known), PTGs and summits
as the Monday-to-Friday span of their week.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cadence.data.options import DEFAULT_MAX_BYTES
from cadence.data.schema import EARLIEST_DATE, LATEST_DATE
from cadence.data.validation import describe_value
from cadence.data.yamlsource import Document, read
from cadence.errors import UserError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: The day of its week each kind of event is dated on (0 = Monday), after the
#: schedules' own rule: "deadlines are generally the Thursday of the week on which
#: they are noted"; final releases ship on the Wednesday.
DEFAULT_DAYS: dict[str, int] = {
    "milestone": 3,
    "freeze": 3,
    "release-candidate": 3,
    "final": 2,
    "deadline": 3,
    "ptg": 0,
    "summit": 0,
}
#: Kinds dated as a span, from their day to the end of the week.
SPAN_KINDS = frozenset({"ptg", "summit"})
#: The kind that skips a label (`--label mf=skip`).
SKIP = "skip"


@dataclass(frozen=True)
class Event:
    """What a label suffix becomes: a kind, a milestone name suffix, a title."""

    kind: str
    name: str
    title: str = ""  # "{title}" is the series' title; empty: the RST section title


#: Cross-project label suffixes of the file's own series. Any other cross-project
#: label is a deadline named after its suffix.
EVENTS: dict[str, Event] = {
    "1": Event("milestone", "1", "{title}-1"),
    "2": Event("milestone", "2", "{title}-2"),
    "3": Event("milestone", "3", "{title}-3"),
    "ff": Event("freeze", "ff", "{title} feature freeze"),
    "rc1": Event("release-candidate", "rc1", "{title} RC1"),
    "finalrc": Event("release-candidate", "finalrc", "{title} final RCs"),
    "final": Event("final", "final", "{title} final release"),
    "release": Event("final", "final", "{title} final release"),  # ocata..stein
    "ptg": Event("ptg", "ptg"),
    "ptg0": Event("ptg", "ptg"),  # pike
    "vptg": Event("ptg", "vptg"),
    "summit": Event("summit", "summit"),
    "design-summit": Event("summit", "summit"),  # ocata
    "forum": Event("summit", "forum"),
}
#: Titles of common deadlines, for a schedule read without its schedule.rst.
DEADLINE_TITLES: dict[str, str] = {
    "final-lib": "Final release for non-client libraries",
    "final-clientlib": "Final release for client libraries",
    "rf": "Requirements freeze",
    "soft-sf": "Soft string freeze",
    "hard-sf": "Hard string freeze",
    "mf": "Membership freeze",
    "cycle-highlights": "Cycle highlights",
    "cycle-trail": "Cycle-trailing release deadline",
    "ptg": "PTG",
    "vptg": "PTG (virtual)",
    "summit": "Summit",
    "forum": "Forum",
}
#: Team names as some labels abbreviate them (`o-key-spec-freeze`).
TEAM_ALIASES: dict[str, str] = {"key": "keystone", "openstackclient": "python-openstackclient"}

_LABEL = re.compile(r"^([a-z])[-_]([a-z0-9][a-z0-9-]*)$")
_ANCHOR = re.compile(r"^\.\. _([A-Za-z0-9_-]+):\s*$")
_UNDERLINE = re.compile(r"""^([=\-~^"'`#*+.])\1{2,}\s*$""")


@dataclass(frozen=True)
class Week:
    start: datetime.date
    end: datetime.date
    name: str | None
    line: int


@dataclass(frozen=True)
class Imported:
    """One milestone made from a label, with the week that carried it."""

    label: str
    line: int
    week: Week
    entry: dict[str, Any]


@dataclass(frozen=True)
class Skipped:
    file: str
    line: int
    label: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: label '{self.label}' skipped: {self.reason}"


@dataclass(frozen=True)
class Neighbour:
    """A series another label may belong to: its name and how it relates."""

    series: str
    relation: str  # "previous", "next", "older", "newer"


@dataclass
class Schedule:
    file: str
    #: milestones in the data/ format, in date order
    milestones: list[dict[str, Any]] = field(default_factory=list)
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """How labels become milestones; every field has the documented default."""

    #: kind -> day of the week (0 = Monday)
    days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DAYS))
    #: label suffix -> kind, overriding EVENTS (or SKIP)
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, days: list[str], labels: list[str]) -> Rules:
        """From command-line `KIND=DAY` and `SUFFIX=KIND` pairs; all mistakes at once."""
        from cadence.data.schema import MILESTONE_KINDS

        problems = []
        parsed_days = dict(DEFAULT_DAYS)
        for item in days:
            kind, _, day = item.partition("=")
            if kind not in DEFAULT_DAYS:
                problems.append(
                    f"--day {item}: expected one of {', '.join(DEFAULT_DAYS)} before '=', "
                    f"got '{kind}'"
                )
            elif day.lower() not in WEEKDAYS:
                problems.append(
                    f"--day {item}: expected a weekday (monday ... sunday) after '=', got '{day}'"
                )
            else:
                parsed_days[kind] = WEEKDAYS.index(day.lower())
        parsed_labels = {}
        for item in labels:
            suffix, _, kind = item.partition("=")
            if not suffix or kind not in (*MILESTONE_KINDS, SKIP):
                problems.append(
                    f"--label {item}: expected SUFFIX=KIND with a kind among "
                    f"{', '.join((*MILESTONE_KINDS, SKIP))}, got '{kind}'"
                )
            else:
                parsed_labels[suffix] = kind
        if problems:
            raise UserError(problems)
        return cls(parsed_days, parsed_labels)


def read_schedule(
    path: Path,
    series: str,
    *,
    file: str | None = None,
    title: str | None = None,
    neighbours: Mapping[str, Neighbour] | None = None,
    final_date: datetime.date | None = None,
    teams: Mapping[str, tuple[str, ...]] | None = None,
    titles: Mapping[str, str] | None = None,
    rules: Rules | None = None,
    today: datetime.date | None = None,
    finished: bool = False,
    max_bytes: int | None = None,
) -> Schedule:
    """Read one schedule.yaml; raise UserError listing every problem of the file.

    `neighbours` maps the initials of other series to them (labels of those series
    are skipped with their name); `final_date` dates the final release (the series'
    `initial-release`); `teams` maps team names to the projects their deadlines
    apply to (other teams' deadlines are skipped); `titles` maps labels to the
    titles of their sections in schedule.rst. Milestones dated before `today`, or
    all of them when the series is `finished`, are marked released.
    """
    label = file or str(path)
    rules = rules or Rules()
    today = today or datetime.date.today()
    title = title or series.capitalize()
    doc = _read(path, label, max_bytes)
    weeks = _weeks(doc)
    result = Schedule(label)
    own = series[0]
    teams = {name.lower(): projects for name, projects in (teams or {}).items()}
    found: list[tuple[Event, str, str, Week, int, tuple[str, ...]]] = []
    key = _key(doc)
    for index, week in weeks:
        for field_name in ("x-project", "project-specific"):
            labels = doc.data[key][index].get(field_name) or []
            if not isinstance(labels, list):
                doc.problem(
                    (key, index, field_name),
                    f"week {week.name or week.start}: {field_name}: expected a list of labels",
                )
                continue
            for j, raw in enumerate(labels):
                line = doc.position((key, index, field_name, j))[0]
                text = str(raw)
                parsed = _LABEL.match(text)
                if parsed is None:
                    result.skipped.append(
                        Skipped(label, line, text, "not a label of the form <initial>-<event>")
                    )
                    continue
                initial, suffix = parsed.groups()
                if initial != own:
                    result.skipped.append(
                        Skipped(label, line, text, _other_series(initial, series, neighbours))
                    )
                    continue
                kind = rules.labels.get(suffix)
                if kind == SKIP:
                    result.skipped.append(Skipped(label, line, text, f"--label {suffix}=skip"))
                    continue
                projects: tuple[str, ...] = ()
                if field_name == "project-specific":
                    team, projects = _team(suffix, teams)
                    if not projects:
                        result.skipped.append(
                            Skipped(
                                label,
                                line,
                                text,
                                f"a deadline of team '{team}', which has no project in this import",
                            )
                        )
                        continue
                    event = Event(kind or "deadline", suffix)
                else:
                    event = EVENTS.get(suffix) or Event("deadline", suffix)
                    if kind is not None:
                        event = Event(kind, event.name, event.title)
                found.append((event, text, suffix, week, line, projects))
    if doc.problems:
        raise UserError([str(p) for p in doc.problems])
    _milestones(result, found, series, title, titles or {}, rules, final_date, today, finished)
    return result


def _read(path: Path, label: str, max_bytes: int | None) -> Document:
    """The schedule, read like a data file: looked at before it is read, bounded in
    size, nesting and aliases."""
    doc = read(path, label, max_bytes or DEFAULT_MAX_BYTES)
    for where, message in doc.unreadable:
        doc.problem(where, message)
    if not doc.problems and not isinstance(doc.data, dict):
        doc.problem((), "expected a YAML mapping with a 'cycle' list of weeks")
    if doc.problems:
        raise UserError(
            [f"{label}: cannot read the schedule:"] + [str(p) for p in sorted(doc.problems)]
        )
    if not isinstance(doc.data.get(_key(doc)), list):
        line, column = doc.position((_key(doc),))
        raise UserError(f"{label}:{line}:{column}: expected a 'cycle' (or 'weeks') list of weeks")
    return doc


def _key(doc: Document) -> str:
    return "cycle" if isinstance(doc.data, dict) and "cycle" in doc.data else "weeks"


def _weeks(doc: Document) -> list[tuple[int, Week]]:
    """Every week with its dates; problems are recorded on the document."""
    key = _key(doc)
    weeks = []
    for index, entry in enumerate(doc.data[key]):
        path = (key, index)
        if not isinstance(entry, dict):
            doc.problem(path, f"week {index + 1}: expected a mapping with 'start' and 'end'")
            continue
        name = entry.get("name")
        what = f"week {name}" if isinstance(name, str) else f"week {index + 1}"
        start = _date(doc, (*path, "start"), entry.get("start"), what)
        end = _date(doc, (*path, "end"), entry.get("end"), what)
        if start is None or end is None:
            continue
        if end < start:
            doc.problem((*path, "end"), f"{what}: end: expected on or after {start}, got {end}")
            continue
        weeks.append(
            (index, Week(start, end, name if isinstance(name, str) else None, _line(doc, path)))
        )
    return weeks


def _line(doc: Document, path: tuple[Any, ...]) -> int:
    return doc.position(path)[0]


def _date(doc: Document, path: tuple[Any, ...], value: Any, what: str) -> datetime.date | None:
    """A date written unquoted (a YAML date) or quoted ('2022-03-28'), within the
    dates the data model accepts."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day.strip())
        except ValueError:
            pass
    if isinstance(day, datetime.date) and EARLIEST_DATE <= day <= LATEST_DATE:
        return day
    expected = f"a date (YYYY-MM-DD) between {EARLIEST_DATE} and {LATEST_DATE}"
    doc.problem(path, f"{what}: {path[-1]}: expected {expected}, got {describe_value(value)}")
    return None


def _other_series(initial: str, series: str, neighbours: Mapping[str, Neighbour] | None) -> str:
    other = (neighbours or {}).get(initial)
    if other is None:
        return f"a label of another series (initial '{initial}'), not of {series}"
    return f"a label of {other.series} (the {other.relation} series), not of {series}"


def _team(suffix: str, teams: Mapping[str, tuple[str, ...]]) -> tuple[str, tuple[str, ...]]:
    """(team named by a project-specific label, its projects in this import)."""
    first = suffix.split("-", 1)[0]
    candidates = sorted(
        (name for name in (*teams, *TEAM_ALIASES) if suffix.startswith(name + "-")),
        key=len,
        reverse=True,
    )
    for name in candidates:
        projects = teams.get(TEAM_ALIASES.get(name, name), ())
        if projects:
            return name, projects
    return (candidates[0] if candidates else first), ()


def rst_titles(path: Path) -> dict[str, str]:
    """label -> the title of the section its `.. _label:` anchor introduces."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    titles = {}
    for i, line in enumerate(lines):
        anchor = _ANCHOR.match(line)
        if anchor is None:
            continue
        rest = lines[i + 1 : i + 4]
        while rest and not rest[0].strip():
            rest.pop(0)
        if len(rest) >= 2 and rest[0].strip() and _UNDERLINE.match(rest[1]):
            titles[anchor.group(1)] = rest[0].strip()
    return titles


def _milestones(
    result: Schedule,
    found: list[tuple[Event, str, str, Week, int, tuple[str, ...]]],
    series: str,
    title: str,
    titles: Mapping[str, str],
    rules: Rules,
    final_date: datetime.date | None,
    today: datetime.date,
    finished: bool,
) -> None:
    freezes = [item for item in found if item[0].kind == "freeze" and item[2] == "ff"]
    entries: dict[str, Imported] = {}
    for event, text, suffix, week, line, projects in found:
        if event.kind == "freeze" and suffix == "ff":
            continue  # below: on milestone 3 when in its week
        entry = _entry(event, text, suffix, week, series, title, titles, rules, projects)
        if event.kind == "final" and final_date is not None:
            if not week.start <= final_date <= week.end:
                result.notes.append(
                    f"{result.file}:{line}: '{text}' is in the week of {week.start}, "
                    f"but the series' initial-release is {final_date}: dated {final_date}"
                )
            entry["date"] = final_date
        name = entry["name"]
        number = 2
        while name in entries:
            name = f"{entry['name']}-{number}"
            number += 1
        entry["name"] = name
        entries[name] = Imported(text, line, week, entry)
    for event, text, suffix, week, line, projects in freezes:
        third = next(
            (
                i
                for i in entries.values()
                if i.entry["kind"] == "milestone" and i.week.start == week.start
            ),
            None,
        )
        if third is not None:
            third.entry["feature_freeze"] = True
            continue
        entry = _entry(event, text, suffix, week, series, title, titles, rules, projects)
        entries[entry["name"]] = Imported(text, line, week, entry)
    ordered = sorted(entries.values(), key=lambda i: (i.entry["date"], i.entry["name"]))
    for item in ordered:
        if finished or item.entry["date"] < today:
            item.entry["released"] = True
    result.imported = ordered
    result.milestones = [i.entry for i in ordered]


def _entry(
    event: Event,
    text: str,
    suffix: str,
    week: Week,
    series: str,
    title: str,
    titles: Mapping[str, str],
    rules: Rules,
    projects: tuple[str, ...],
) -> dict[str, Any]:
    day = min(
        week.start + datetime.timedelta(days=rules.days.get(event.kind, 3)),
        week.end,
    )
    entry: dict[str, Any] = {
        "name": f"{series}-{event.name}",
        "title": event.title.format(title=title)
        if event.title
        else titles.get(text) or DEADLINE_TITLES.get(suffix) or _humane(suffix),
        "kind": event.kind,
        "date": day,
    }
    if event.kind in SPAN_KINDS and week.end > day:
        entry["end_date"] = week.end
    if projects:
        entry["projects"] = list(projects)
    return entry


def _humane(suffix: str) -> str:
    """'nova-spec-freeze' -> 'Nova spec freeze'."""
    words = suffix.replace("-", " ")
    return words[:1].upper() + words[1:]
