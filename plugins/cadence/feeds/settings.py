"""Feed settings, read once per run into one frozen object (docs/feeds.md).

Names, defaults and checks live in `cadence.settings`; this is their typed view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cadence.settings import SETTINGS, value


@dataclass(frozen=True)
class FeedSettings:
    site_url: str
    tag_authority: str
    max_items: int
    full_content: bool
    icon: str | None
    paths: dict[str, str]
    formats: dict[str, str]
    json_feed: str | None
    subscribe_url: str
    calendar_paths: dict[str, str]

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> FeedSettings:
        site_url = (
            value(settings, "CADENCE_FEED_SITE_URL")
            or settings.get("SITEURL")
            or "http://127.0.0.1:8000"
        ).rstrip("/")
        return cls(
            site_url=site_url,
            tag_authority=value(settings, "CADENCE_FEED_TAG_AUTHORITY"),
            max_items=value(settings, "CADENCE_FEED_MAX_ITEMS"),
            full_content=value(settings, "CADENCE_FEED_FULL_CONTENT"),
            icon=value(settings, "CADENCE_FEED_ICON"),
            paths={
                **SETTINGS["CADENCE_FEED_PATHS"].default,
                **value(settings, "CADENCE_FEED_PATHS"),
            },
            formats=dict(value(settings, "CADENCE_FEED_FORMATS")),
            json_feed=value(settings, "CADENCE_JSON_FEED"),
            subscribe_url=value(settings, "CADENCE_SUBSCRIBE_URL"),
            calendar_paths={
                **SETTINGS["CADENCE_CALENDAR_PATHS"].default,
                **value(settings, "CADENCE_CALENDAR_PATHS"),
            },
        )
