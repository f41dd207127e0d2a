"""Merge imported entries into what data/ already holds, keeping a person's edits.

The rule (docs/importers.md): the tracker owns the fields it is the authority on
(status, priority, milestones, dates, URLs, assignee); a person owns the prose
(title, summary, note, intro, titles of milestones) once it is written down, so
an import only fills those when they are empty. Entries that the source no longer
has are kept, and the summary says so: an importer never deletes by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BLUEPRINT_TRACKER_FIELDS = (
    "url",
    "spec_url",
    "priority",
    "status",
    "targeted",
    "completed",
    "completed_on",
    "assignee",
)
MILESTONE_TRACKER_FIELDS = ("kind", "date", "end_date", "feature_freeze")
RELEASE_TRACKER_FIELDS = ("milestone", "url")


@dataclass
class Changes:
    """What a merge did to one file, for the summary a person reads before --write."""

    file: str
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (
            f"{self.file}: {len(self.added)} added, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged, {len(self.kept)} kept (not in the source)"
        )
        out = [head]
        out += [f"  + {name}" for name in self.added]
        out += [f"  ~ {name}: {', '.join(fields)}" for name, fields in self.changed]
        out += [f"  = {name}: kept, not in the source" for name in self.kept]
        return out


def merge_entries(
    existing: dict[str, dict[str, Any]],
    imported: dict[str, dict[str, Any]],
    tracker_fields: tuple[str, ...],
    changes: Changes,
) -> dict[str, dict[str, Any]]:
    """Entries by key: imported ones merged into existing ones, others kept."""
    merged: dict[str, dict[str, Any]] = {}
    for key, new in imported.items():
        old = existing.get(key)
        if old is None:
            merged[key] = new
            changes.added.append(key)
            continue
        entry = dict(old)
        touched = []
        for name, value in new.items():
            owned_by_tracker = name in tracker_fields
            if owned_by_tracker and old.get(name) != value:
                entry[name] = value
                touched.append(name)
            elif not owned_by_tracker and name not in old:
                entry[name] = value
                touched.append(name)
        for name in tracker_fields:  # the tracker cleared a field (e.g. no longer completed)
            if name in old and name not in new:
                del entry[name]
                touched.append(name)
        merged[key] = entry
        if touched:
            changes.changed.append((key, sorted(set(touched))))
        else:
            changes.unchanged += 1
    for key, old in existing.items():
        if key not in imported:
            merged[key] = old
            changes.kept.append(key)
    return merged
