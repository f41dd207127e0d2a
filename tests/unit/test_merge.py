"""Importers merge into existing data: the tracker's fields update, a person's prose stays."""

from __future__ import annotations

import datetime

from cadence.importers.merge import BLUEPRINT_TRACKER_FIELDS, Changes, merge_entries


def test_tracker_fields_update_prose_is_kept_and_missing_entries_stay():
    existing = {
        "boot": {"title": "Boot from volume (edited)", "status": "in-progress", "note": "ours"},
        "old": {"title": "Gone from the tracker", "status": "deferred"},
        "done": {"title": "Done", "status": "implemented", "completed": "alpha-1"},
    }
    imported = {
        "boot": {
            "title": "Boot from volume",
            "status": "implemented",
            "completed": "alpha-2",
            "completed_on": datetime.date(2020, 2, 1),
        },
        "new": {"title": "New work", "status": "not-started"},
        "done": {"title": "Done", "status": "implemented", "completed": "alpha-1"},
    }
    changes = Changes("data/blueprints/alpha/nova.yaml")
    merged = merge_entries(existing, imported, BLUEPRINT_TRACKER_FIELDS, changes)
    assert merged["boot"] == {
        "title": "Boot from volume (edited)",  # a person's title wins
        "status": "implemented",
        "note": "ours",
        "completed": "alpha-2",
        "completed_on": datetime.date(2020, 2, 1),
    }
    assert merged["old"] == existing["old"]
    assert merged["new"] == imported["new"]
    assert changes.lines() == [
        "data/blueprints/alpha/nova.yaml: 1 added, 1 changed, 1 unchanged, "
        "1 kept (not in the source)",
        "  + new",
        "  ~ boot: completed, completed_on, status",
        "  = old: kept, not in the source",
    ]


def test_a_field_the_tracker_cleared_is_removed():
    existing = {"bp": {"title": "T", "status": "implemented", "completed": "alpha-1"}}
    imported = {"bp": {"title": "T", "status": "in-progress"}}
    changes = Changes("f")
    merged = merge_entries(existing, imported, BLUEPRINT_TRACKER_FIELDS, changes)
    assert merged == {"bp": {"title": "T", "status": "in-progress"}}
    assert changes.changed == [("bp", ["completed", "status"])]
