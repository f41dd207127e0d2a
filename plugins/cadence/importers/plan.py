"""Merge imported data into data/, check it with the loader, then (only then) write.

Existing files are read with the loader's own reader (bounded, with file:line
messages); names that become file names are checked like names in data; every
file is written atomically, so a full disk leaves the old file whole.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cadence.data import LoadError, load, schema
from cadence.data.options import DEFAULT_MAX_BYTES, Options
from cadence.data.schema import is_name
from cadence.data.validation import name_hint
from cadence.data.yamlsource import EMPTY_FILE, read
from cadence.errors import UserError
from cadence.fileio import SourceError, read_bounded, write_all_atomic
from cadence.importers.merge import (
    BLUEPRINT_TRACKER_FIELDS,
    MILESTONE_TRACKER_FIELDS,
    RELEASE_TRACKER_FIELDS,
    Changes,
    merge_entries,
)
from cadence.importers.yamlwriter import dump


@dataclass
class Plan:
    data_dir: Path
    files: dict[Path, str] = field(default_factory=dict)
    changes: list[Changes] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        lines = [line for c in self.changes for line in c.lines()]
        return lines + [f"note: {n}" for n in self.notes]

    def check(self, options: Options | None = None) -> None:
        """Load data/ as it would be after writing; every problem is a UserError."""
        try:
            load(self.data_dir, options or Options(), replacing=self.files)
        except LoadError as error:
            raise UserError(
                ["the imported data would not be valid; nothing was written:", *error.messages]
            ) from None

    def write(self) -> list[Path]:
        """Write the changed files. They are written and flushed first, then renamed
        into place, so a full disk leaves every file as it was."""
        changed = {p: t for p, t in sorted(self.files.items()) if _current(p) != t}
        try:
            write_all_atomic(dict(changed))
        except OSError as error:
            names = ", ".join(_label(self.data_dir, p) for p in changed)
            raise UserError(f"cannot write {names}: {error.strerror}") from None
        return list(changed)


def _current(path: Path) -> str | None:
    """The text of a file as it is now; None when there is no readable file."""
    try:
        return read_bounded(path, DEFAULT_MAX_BYTES).decode("utf-8")
    except (SourceError, UnicodeDecodeError):
        return None


def check_name(option: str, value: str) -> str:
    """A name that becomes part of a file name under data/, checked like the loader
    checks names in data (no '/', no '..', nothing outside data/)."""
    if not is_name(value) or len(value) > 100:
        raise UserError(f"{option}: invalid name: {name_hint(value)}")
    return value


def _read(data_dir: Path, path: Path) -> dict[str, Any]:
    """An existing data file, read like the loader reads it; {} if there is none."""
    if not path.exists() and not path.is_symlink():
        return {}
    label = _label(data_dir, path)
    doc = read(path, label, DEFAULT_MAX_BYTES)
    if [p.message for p in doc.problems] == [EMPTY_FILE]:
        return {}
    for where, message in doc.unreadable:
        doc.problem(where, message)
    if not doc.problems and not isinstance(doc.data, dict):
        doc.problem((), "expected a YAML mapping")
    if doc.problems:
        raise UserError(
            [f"{label}: cannot merge into this file; fix it first:"]
            + [str(problem) for problem in sorted(doc.problems)]
        )
    return doc.data


def _label(data_dir: Path, path: Path) -> str:
    return path.relative_to(data_dir.parent).as_posix()


def plan_series(
    data_dir: Path,
    series: str,
    milestones: list[dict[str, Any]],
    *,
    title: str | None = None,
    version: str | None = None,
    projects: list[str] | None = None,
    status: str = "development",
    release_date: datetime.date | None = None,
    authority: tuple[str, ...] = (),
) -> Plan:
    """`authority`: series-level fields the source owns (status, release_date,
    version), updated in an existing file; its projects are then added to the file's."""
    check_name("series", series)
    path = data_dir / "series" / f"{series}.yaml"
    document = _read(data_dir, path)
    changes = Changes(_label(data_dir, path))
    fields = {"version": version, "status": status, "release_date": release_date}
    if not document:
        if not projects:
            raise UserError(f"{_label(data_dir, path)}: a new series needs --projects")
        document = {"name": series, "title": title or series.capitalize()}
        document.update({k: v for k, v in fields.items() if v is not None})
        document["projects"] = list(projects)
    elif authority:
        touched = [
            k for k in authority if fields.get(k) is not None and document.get(k) != fields[k]
        ]
        document.update({k: fields[k] for k in touched})
        known = list(document.get("projects") or [])
        added = [p for p in projects or [] if p not in known]
        if added:
            document["projects"] = known + added
            touched.append("projects")
        if touched:
            changes.changed.append(("series", touched))
        document = {k: document[k] for k in _SERIES_ORDER if k in document} | document
    existing = {m["name"]: m for m in document.get("milestones") or [] if isinstance(m, dict)}
    merged = merge_entries(
        existing, {m["name"]: m for m in milestones}, MILESTONE_TRACKER_FIELDS, changes
    )
    document["milestones"] = [
        _ordered(m, _MILESTONE_ORDER)
        for m in sorted(merged.values(), key=lambda m: (m.get("date"), m["name"]))
    ]
    plan = Plan(data_dir, {path: dump("series", document)}, [changes])
    return plan


def plan_blueprints(
    data_dir: Path, series: str, project: str, blueprints: dict[str, dict[str, Any]]
) -> Plan:
    check_name("series", series)
    check_name("project", project)
    path = data_dir / "blueprints" / series / f"{project}.yaml"
    document = _read(data_dir, path)
    changes = Changes(_label(data_dir, path))
    merged = merge_entries(
        document.get("blueprints") or {}, blueprints, BLUEPRINT_TRACKER_FIELDS, changes
    )
    ordered = {slug: _ordered(merged[slug]) for slug in sorted(merged)}
    return Plan(data_dir, {path: dump("blueprints", {"blueprints": ordered})}, [changes])


def plan_people(data_dir: Path, people: dict[str, str]) -> Plan:
    """data/people.yaml with the ids it lacks, named as the source names them.

    A name already there is a person's and stays; nothing changes when every id is known.
    """
    path = data_dir / "people.yaml"
    document = _read(data_dir, path)
    existing = document.get("people") or {}
    new = {person: {"name": name} for person, name in people.items() if person not in existing}
    if not new:
        return Plan(data_dir)
    changes = Changes(_label(data_dir, path), added=sorted(new), unchanged=len(existing))
    merged = {**existing, **new}
    text = dump("people", {"people": {person: merged[person] for person in sorted(merged)}})
    return Plan(data_dir, {path: text}, [changes])


_SERIES_ORDER = ("name", "title", "version", "status", "release_date", "projects")


def read_document(data_dir: Path, path: Path) -> dict[str, Any]:
    """A data/ file as plain values ({} when it does not exist yet)."""
    return _read(data_dir, path)


def plan_projects(data_dir: Path, projects: dict[str, dict[str, Any]]) -> Plan:
    """Add the projects data/projects.yaml lacks; a person's entries are kept as written."""
    path = data_dir / "projects.yaml"
    document = _read(data_dir, path)
    known = dict(document.get("projects") or {})
    changes = Changes(_label(data_dir, path))
    for name, entry in projects.items():
        check_name("project", name)
        if name in known:
            changes.unchanged += 1
        else:
            known[name] = entry
            changes.added.append(name)
    if not changes.added:  # the file stays as a person wrote it
        return Plan(data_dir, {}, [changes])
    document["projects"] = known
    return Plan(data_dir, {path: dump("projects", document)}, [changes])


def plan_releases(
    data_dir: Path,
    series: str,
    project: str,
    releases: list[dict[str, Any]],
    *,
    release_notes: str | None = None,
    highlights: list[str] | None = None,
) -> Plan:
    """data/releases/<series>/<project>.yaml: releases merged by version (the source
    owns milestone and url); highlights are prose, filled only while there are none."""
    check_name("series", series)
    check_name("project", project)
    path = data_dir / "releases" / series / f"{project}.yaml"
    document = _read(data_dir, path)
    changes = Changes(_label(data_dir, path))
    existing = {r["version"]: r for r in document.get("releases") or [] if isinstance(r, dict)}
    merged = merge_entries(
        existing, {r["version"]: r for r in releases}, RELEASE_TRACKER_FIELDS, changes
    )
    result: dict[str, Any] = {"releases": list(merged.values())}
    notes = release_notes or document.get("release_notes")
    if notes:
        result["release_notes"] = notes
    kept = document.get("highlights")
    if kept:
        result["highlights"] = kept
    elif highlights:
        result["highlights"] = highlights
        if document:
            changes.changed.append(("highlights", ["highlights"]))
    return Plan(data_dir, {path: dump("releases", result)}, [changes])


#: Field order in written files: the schema's, so files read like the docs.
_ORDER = tuple(schema.BlueprintEntry.model_fields)
_MILESTONE_ORDER = tuple(schema.MilestoneEntry.model_fields)


def _ordered(entry: dict[str, Any], order: tuple[str, ...] = _ORDER) -> dict[str, Any]:
    return {
        k: entry[k] for k in sorted(entry, key=lambda k: (order.index(k) if k in order else 99, k))
    }
