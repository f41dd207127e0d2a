"""Problems found in data files, formatted as `file:line:column: what: detail`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from cadence.errors import UserError


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at a position people count from 1."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class LoadError(UserError):
    """Every problem of a load, sorted by file and position."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__([str(p) for p in self.problems])


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to the value, else ''."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe_value(value: object) -> str:
    """How a parsed YAML value reads in an error message."""
    import datetime

    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
