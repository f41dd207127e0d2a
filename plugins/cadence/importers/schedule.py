"""A release schedule in the openstack/releases format -> milestones of a series.

The file lists the weeks of a cycle (`cycle:`, or `weeks:`), each with `start`,
`end`, a `name` like R-5 and `x-project` labels like `z-1`, `z-ff`, `z-rc1` or
`z-final` (the letter is the series' initial). Each known label becomes a
milestone dated on a day of its week (Thursday unless told otherwise).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from cadence.data.loader import DEFAULT_MAX_BYTES
from cadence.data.schema import EARLIEST_DATE, LATEST_DATE
from cadence.data.validation import describe_value
from cadence.data.yamlsource import Document, read
from cadence.errors import UserError

#: label suffix -> (kind, milestone name suffix); "ff" marks the feature freeze.
DEFAULT_LABELS: dict[str, str] = {
    "1": "milestone",
    "2": "milestone",
    "3": "milestone",
    "ff": "feature-freeze",
    "rc1": "release-candidate",
    "final": "final",
    "summit": "summit",
    "ptg": "summit",
}
THURSDAY = 3


def read_schedule(
    path: Path,
    series: str,
    labels: dict[str, str] | None = None,
    weekday: int = THURSDAY,
    today: datetime.date | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """(milestones in date order, labels that were ignored).

    Milestones dated before `today` (default: the day of the import) are marked
    released on a first import; a person's later edits of `released` are kept."""
    today = today or datetime.date.today()
    labels = {**DEFAULT_LABELS, **(labels or {})}
    doc = _read(path)
    key = next((k for k in ("cycle", "weeks") if doc.data.get(k)), "cycle")
    weeks = doc.data.get(key)
    if not isinstance(weeks, list):
        raise UserError(_at(doc, (), "expected a 'cycle' (or 'weeks') list of weeks"))
    milestones: dict[str, dict[str, Any]] = {}
    freeze_days: list[datetime.date] = []
    ignored: list[str] = []
    for number, week in enumerate(weeks, 1):
        where = (key, number - 1)
        start = week.get("start") if isinstance(week, dict) else None
        if isinstance(start, datetime.datetime):
            start = start.date()
        if not isinstance(start, datetime.date) or not EARLIEST_DATE <= start <= LATEST_DATE:
            raise UserError(
                _at(
                    doc,
                    (*where, "start"),
                    f"week {number}: expected a 'start' date between {EARLIEST_DATE} and "
                    f"{LATEST_DATE}, got {describe_value(start)}",
                )
            )
        week_labels = week.get("x-project") or []
        if not isinstance(week_labels, list):
            raise UserError(
                _at(
                    doc,
                    (*where, "x-project"),
                    f"week {number}: x-project: expected a list of labels, "
                    f"got {describe_value(week_labels)}",
                )
            )
        day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
        for label in week_labels:
            suffix = str(label).split("-", 1)[-1]
            kind = labels.get(suffix)
            if kind is None:
                ignored.append(str(label))
            elif kind == "feature-freeze":
                freeze_days.append(day)
            else:
                name = (
                    f"{series}-{suffix}" if suffix not in {"ptg", "summit"} else f"{series}-summit"
                )
                milestones[name] = {"name": name, "kind": kind, "date": day}
    for day in freeze_days:
        same_week = [
            m for m in milestones.values() if m["date"] == day and m["kind"] == "milestone"
        ]
        if same_week:
            same_week[0]["feature_freeze"] = True
        else:
            name = f"{series}-ff"
            milestones[name] = {"name": name, "kind": "freeze", "date": day}
    ordered = sorted(milestones.values(), key=lambda m: (m["date"], m["name"]))
    for milestone in ordered:
        if milestone["date"] < today:
            milestone["released"] = True
    return ordered, sorted(set(ignored))


def _read(path: Path) -> Document:
    """The schedule, read like a data file: bounded in size, nesting and aliases."""
    doc = read(path, str(path), DEFAULT_MAX_BYTES)
    for where, message in doc.unreadable:
        doc.problem(where, message)
    if not doc.problems and not isinstance(doc.data, dict):
        doc.problem((), "expected a YAML mapping with a 'cycle' list of weeks")
    if doc.problems:
        raise UserError(
            [f"{path}: cannot read the schedule:"] + [str(p) for p in sorted(doc.problems)]
        )
    return doc


def _at(doc: Document, where: tuple[Any, ...], message: str) -> str:
    line, column = doc.position(where)
    return f"{doc.file}:{line}:{column}: {message}"
