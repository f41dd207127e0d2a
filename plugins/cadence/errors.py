"""The error types every layer shares: the bottom of the package.

Everything a person can fix is a `UserError` carrying one line per problem, so a
run reports every mistake at once; data problems are `Problem`s with a file and
position, collected into a `LoadError`.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from dataclasses import dataclass


class UserError(Exception):
    """One or more problems in the inputs, each a line a person can act on.

    Raised with the complete list, so a run reports every mistake at once.
    """

    def __init__(self, messages: list[str] | str) -> None:
        if isinstance(messages, str):
            messages = [messages]
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


class Interrupted(KeyboardInterrupt):
    """The build received SIGTERM; handled like Ctrl-C (SIGINT)."""


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


def undecodable(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int, str]:
    """(line, column, message) for a file that is not UTF-8."""
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = error.start - (before.rfind(b"\n") + 1) + 1
    return (
        line,
        column,
        (
            f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be decoded; "
            "save the file as UTF-8"
        ),
    )


#: The kinds of diagnostic a build reports (docs/migrating.md): an error fails the
#: build; a notice does not, unless the build is strict; info never does.
ERROR, NOTICE, INFO = "error", "notice", "info"


@dataclass(frozen=True)
class Rewrite:
    """Replace `old` by `new` at line:column of a file (what `cadence fix` does)."""

    path: str
    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class Diagnostic:
    """One thing a build tells the writer, where it is and, for a legacy form that
    a program can modernise, the rewrite that does it."""

    kind: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    rewrite: Rewrite | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return f"{where}: {self.message}" if where else self.message

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.message)


def report(logger: logging.Logger, diagnostic: Diagnostic) -> None:
    """Log a diagnostic: `cadence build` sorts it by its kind; a plain `pelican`
    run shows it as a warning (notice, info) or an error."""
    level = logging.ERROR if diagnostic.kind == ERROR else logging.WARNING
    logger.log(level, "%s", diagnostic, extra={"cadence": diagnostic})
