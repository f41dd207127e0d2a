"""`cadence fix`: rewrite in place the legacy forms a build reports.

The build finds them (cadence.checks.notices): each notice that a program can
settle carries a `Rewrite`, the file, line and column, the old text and the new
one. Only those characters change; a rewrite whose old text is no longer in its
place is skipped; a second run finds nothing to do. Notices that need a person
(a deprecated setting with no one-to-one replacement) are listed, not touched.
"""

from __future__ import annotations

import codecs
import difflib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cadence.build import build
from cadence.checks.notices import Report
from cadence.errors import NOTICE, Rewrite, UserError


@dataclass
class FixPlan:
    #: file -> (text now, text after the rewrites)
    changes: dict[Path, tuple[str, str]] = field(default_factory=dict)
    #: how many legacy forms each file holds
    counts: dict[Path, int] = field(default_factory=dict)
    #: notices without a rewrite: a person decides
    manual: list[str] = field(default_factory=list)
    #: what fails the build besides: the fix does not settle these
    errors: list[str] = field(default_factory=list)

    def diff(self) -> Iterator[str]:
        for path, (old, new) in sorted(self.changes.items()):
            name = _shown(path)
            yield from difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )

    def write(self) -> list[Path]:
        written = []
        for path, (_, new) in sorted(self.changes.items()):
            raw = path.read_bytes()
            bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
            path.write_bytes(bom + new.encode("utf-8"))
            written.append(path)
        return written


def _shown(path: Path) -> str:
    """The path as the writer typed it: relative to the current folder when inside."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def plan_fixes(settings_file: str | Path, overrides: dict[str, Any] | None = None) -> FixPlan:
    """Build into a throwaway folder and gather the rewrites of every notice."""
    report = Report(settings_file)
    plan = FixPlan()
    with tempfile.TemporaryDirectory(prefix="cadence-fix-") as scratch:
        try:
            build(
                settings_file,
                Path(scratch) / "site",
                overrides,
                post_steps=[],
                report=report,
            )
        except UserError as error:
            plan.errors = list(error.messages)
    plan.manual = [str(d) for d in report.of_kind(NOTICE) if d.rewrite is None]
    by_file: dict[Path, list[Rewrite]] = {}
    for rewrite in report.rewrites():
        by_file.setdefault(Path(rewrite.path).resolve(), []).append(rewrite)
    for path, rewrites in sorted(by_file.items()):
        old = path.read_bytes().decode("utf-8-sig")
        new, applied = apply_rewrites(old, rewrites)
        if applied:
            plan.changes[path] = (old, new)
            plan.counts[path] = applied
    return plan


def apply_rewrites(text: str, rewrites: list[Rewrite]) -> tuple[str, int]:
    """The text with each rewrite done where its old text still is; and how many."""
    lines = text.splitlines(keepends=True)
    applied = 0
    # Right to left on each line, so earlier columns stay valid.
    for rewrite in sorted(set(rewrites), key=lambda r: (r.line, -r.column)):
        index = rewrite.line - 1
        start = rewrite.column - 1
        if not 0 <= index < len(lines):
            continue
        line = lines[index]
        if line[start : start + len(rewrite.old)] != rewrite.old:
            continue
        lines[index] = line[:start] + rewrite.new + line[start + len(rewrite.old) :]
        applied += 1
    return "".join(lines), applied


def summary(plan: FixPlan, written: bool) -> list[str]:
    total = sum(plan.counts.values())
    if not total:
        return ["nothing to fix"]
    files = len(plan.counts)
    what = (
        f"{total} legacy form{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    )
    if written:
        return [f"rewrote {what}"]
    return [f"{what}; dry run: nothing written; run again with --write to rewrite them"]
