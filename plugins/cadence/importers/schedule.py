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

import yaml

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
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UserError(f"{path}: cannot read the schedule: {error}") from None
    weeks = (document or {}).get("cycle") or (document or {}).get("weeks")
    if not isinstance(weeks, list):
        raise UserError(f"{path}: expected a 'cycle' (or 'weeks') list of weeks")
    milestones: dict[str, dict[str, Any]] = {}
    freeze_days: list[datetime.date] = []
    ignored: list[str] = []
    for number, week in enumerate(weeks, 1):
        start = week.get("start") if isinstance(week, dict) else None
        if not isinstance(start, datetime.date):
            raise UserError(f"{path}: week {number}: expected a 'start' date, got {start!r}")
        day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
        for label in week.get("x-project") or []:
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
