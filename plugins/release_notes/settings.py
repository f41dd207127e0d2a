"""Release-notes settings: defaults table -> one frozen object, read once per run."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence.settings import data_dir, options_from
from release_data.loader import Options

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "CADENCE_DATA_PATH": "data",
    "CADENCE_BLUEPRINT_URL": "https://blueprints.launchpad.net/{project}/+spec/{slug}",
    "CADENCE_MAX_DATA_FILE_BYTES": 10_000_000,
    "CADENCE_NOTES_CATEGORY": "Release notes",
    "CADENCE_NOTES_AUTHOR": None,  # default: AUTHOR
    "CADENCE_NOTES_URL": "release-notes/{series}/{milestone}/",
    "CADENCE_FREEZE_URL": "release-notes/{series}/{milestone}/freeze-report/",
    "CADENCE_NOTES_INDEX_URL": "release-notes/",
    "CADENCE_SERIES_URL": "series/{series}/",
    "CADENCE_PROJECT_URL": "projects/{project}/",
    "CADENCE_SCHEDULE_URL": "schedule/",
    "CADENCE_COMPANION_PATH": "notes",
    "CADENCE_CHARTS": True,
    "CADENCE_TODAY": None,  # the date the schedule calls "today"; default: the build date
}


@dataclass(frozen=True)
class NotesSettings:
    data_path: Path
    options: Options
    category: str
    author: str
    notes_url: str
    freeze_url: str
    notes_index_url: str
    series_url: str
    project_url: str
    schedule_url: str
    companion_path: str
    charts: bool

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> NotesSettings:
        value = {k: settings.get(k, v) for k, v in DEFAULTS.items()}
        return cls(
            data_path=data_dir(settings),
            options=options_from(settings),
            category=value["CADENCE_NOTES_CATEGORY"],
            author=value["CADENCE_NOTES_AUTHOR"] or settings.get("AUTHOR") or "Release team",
            notes_url=value["CADENCE_NOTES_URL"],
            freeze_url=value["CADENCE_FREEZE_URL"],
            notes_index_url=value["CADENCE_NOTES_INDEX_URL"],
            series_url=value["CADENCE_SERIES_URL"],
            project_url=value["CADENCE_PROJECT_URL"],
            schedule_url=value["CADENCE_SCHEDULE_URL"],
            companion_path=value["CADENCE_COMPANION_PATH"],
            charts=bool(value["CADENCE_CHARTS"]),
        )


def warn_unknown(settings: dict[str, Any]) -> None:
    """A misspelt CADENCE_ setting would be silently ignored: say so."""
    from cadence_feeds.settings import DEFAULTS as FEED_DEFAULTS
    from release_data.errors import did_you_mean

    known = (
        set(DEFAULTS)
        | set(FEED_DEFAULTS)
        | {"CADENCE_TODAY", "CADENCE_SEARCH", "CADENCE_PREVIOUS_OUTPUT"}
    )
    for key in sorted(k for k in settings if k.startswith("CADENCE_") and k not in known):
        logger.warning("unknown setting %s%s", key, did_you_mean(key, known))


def save_as(url: str) -> str:
    """Clean URLs end with '/': the file is its index.html."""
    return url + "index.html" if url.endswith("/") or not url else url
