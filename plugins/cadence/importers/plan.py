"""Merge imported data into data/, check it with the loader, then (only then) write."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cadence.data import LoadError, load, schema
from cadence.data.loader import Options
from cadence.errors import UserError
from cadence.importers.merge import (
    BLUEPRINT_TRACKER_FIELDS,
    MILESTONE_TRACKER_FIELDS,
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
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / self.data_dir.name
            if self.data_dir.exists():
                shutil.copytree(self.data_dir, copy)
            for path, text in self.files.items():
                target = copy / path.relative_to(self.data_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            try:
                load(copy, options or Options())
            except LoadError as error:
                raise UserError(
                    ["the imported data would not be valid; nothing was written:", *error.messages]
                ) from None

    def write(self) -> list[Path]:
        written = []
        for path, text in sorted(self.files.items()):
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        return written


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise UserError(
            f"{path}: cannot merge into a file that is not valid YAML: {error}"
        ) from None


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
) -> Plan:
    path = data_dir / "series" / f"{series}.yaml"
    document = _read(path)
    if not document:
        missing = [n for n, v in (("--version", version), ("--projects", projects)) if not v]
        if missing:
            raise UserError(f"{_label(data_dir, path)}: a new series needs {' and '.join(missing)}")
        document = {
            "name": series,
            "title": title or series.capitalize(),
            "version": version,
            "status": status,
            "projects": list(projects or []),
        }
    changes = Changes(_label(data_dir, path))
    existing = {m["name"]: m for m in document.get("milestones") or [] if isinstance(m, dict)}
    merged = merge_entries(
        existing, {m["name"]: m for m in milestones}, MILESTONE_TRACKER_FIELDS, changes
    )
    document["milestones"] = sorted(merged.values(), key=lambda m: (m.get("date"), m["name"]))
    plan = Plan(data_dir, {path: dump("series", document)}, [changes])
    return plan


def plan_blueprints(
    data_dir: Path, series: str, project: str, blueprints: dict[str, dict[str, Any]]
) -> Plan:
    path = data_dir / "blueprints" / series / f"{project}.yaml"
    document = _read(path)
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
    document = _read(path)
    existing = document.get("people") or {}
    new = {person: {"name": name} for person, name in people.items() if person not in existing}
    if not new:
        return Plan(data_dir)
    changes = Changes(_label(data_dir, path), added=sorted(new), unchanged=len(existing))
    merged = {**existing, **new}
    text = dump("people", {"people": {person: merged[person] for person in sorted(merged)}})
    return Plan(data_dir, {path: text}, [changes])


#: Field order in written files: the schema's, so files read like the docs.
_ORDER = tuple(schema.BlueprintEntry.model_fields)


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        k: entry[k]
        for k in sorted(entry, key=lambda k: (_ORDER.index(k) if k in _ORDER else 99, k))
    }
