"""Release-notes settings, read once per run into one frozen object.

Names, defaults and checks live in `cadence.settings`; this is their typed view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence.data.options import Options
from cadence.settings import data_dir, options_from, value


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
    coming_up_url: str
    companion_path: str
    charts: bool

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> NotesSettings:
        return cls(
            data_path=data_dir(settings),
            options=options_from(settings),
            category=value(settings, "CADENCE_NOTES_CATEGORY"),
            author=value(settings, "CADENCE_NOTES_AUTHOR")
            or settings.get("AUTHOR")
            or "Release team",
            notes_url=value(settings, "CADENCE_NOTES_URL"),
            freeze_url=value(settings, "CADENCE_FREEZE_URL"),
            notes_index_url=value(settings, "CADENCE_NOTES_INDEX_URL"),
            series_url=value(settings, "CADENCE_SERIES_URL"),
            project_url=value(settings, "CADENCE_PROJECT_URL"),
            schedule_url=value(settings, "CADENCE_SCHEDULE_URL"),
            coming_up_url=value(settings, "CADENCE_COMING_UP_URL"),
            companion_path=value(settings, "CADENCE_COMPANION_PATH"),
            charts=bool(value(settings, "CADENCE_CHARTS")),
        )
