"""A specs repository in the nova-specs layout -> blueprints of a project.

    specs/<series>/implemented/*.rst    implemented
    specs/<series>/approved/*.rst       approved, not implemented (not-started)

The title is the document's first section title; the slug comes from the
Launchpad URL line (file names and slugs differ); the assignee from the line
after "Primary assignee:".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cadence.errors import UserError

_URL = re.compile(
    r"https?://blueprints\.launchpad\.net/(?P<project>[^/\s]+)/\+spec/(?P<slug>[a-z0-9][a-z0-9+._-]*)"
)
_ADORNMENT = re.compile(r"^([=\-~*#^+\"'`])\1{2,}\s*$")


def read_specs(
    root: Path, series: str, completed: str | None
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """(blueprints by slug, warnings) from specs/<series>/ under `root`."""
    base = root / "specs" / series if (root / "specs").is_dir() else root / series
    if not base.is_dir():
        raise UserError(f"{root}: no specs/{series}/ folder")
    blueprints: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for state in ("implemented", "approved"):
        for path in sorted((base / state).glob("*.rst")):
            if path.name in {"index.rst", "template.rst"}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            match = _URL.search(text)
            if match is None:
                warnings.append(f"{path}: no Launchpad blueprint URL; skipped")
                continue
            slug = match["slug"]
            entry: dict[str, Any] = {"title": title_of(text) or slug}
            if state == "implemented":
                if completed is None:
                    raise UserError(
                        f"{path}: implemented, but the series has no final milestone: "
                        "pass --completed MILESTONE"
                    )
                entry.update(status="implemented", completed=completed)
            else:
                entry["status"] = "not-started"
            assignee = assignee_of(text)
            if assignee:
                entry["assignee"] = assignee
            if slug in blueprints:
                warnings.append(
                    f"{path}: blueprint '{slug}' already read from another file; kept the first"
                )
                continue
            blueprints[slug] = entry
    return blueprints, warnings


def title_of(text: str) -> str | None:
    """The first section title: a line under (and maybe over) a line of =, -, ~..."""
    lines = text.splitlines()
    for i in range(1, len(lines)):
        title, under = lines[i - 1].strip(), lines[i]
        if (
            title
            and not _ADORNMENT.match(lines[i - 1])
            and _ADORNMENT.match(under)
            and len(under.strip()) >= len(title)
        ):
            return " ".join(title.split())
    return None


def assignee_of(text: str) -> str | None:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip().lower().startswith("primary assignee"):
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            candidates = [rest] + [item.strip() for item in lines[i + 1 : i + 4]]
            for candidate in candidates:
                if candidate:
                    name = candidate.split("<", 1)[0].strip().strip("`*")
                    return (
                        name if name and name.lower() not in {"none", "tbd", "unassigned"} else None
                    )
    return None
