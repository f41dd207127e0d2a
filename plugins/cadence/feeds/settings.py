"""Feed settings, read once per run into one frozen object (docs/feeds.md).

Names, defaults and checks live in `cadence.settings`; this is their typed view.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from cadence.settings import SETTINGS, value

#: Feeds without a slug: their page's name under the Subscribe page.
_PAGE_NAMES = {"site": "all", "notes": "release-notes"}


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

    def page_url(self, kind: str, slug: str | None = None) -> str:
        """Site-relative URL of a feed's page for people, under the Subscribe page:
        `subscribe/all/`, `subscribe/release-notes/`, `subscribe/series/diablo/`."""
        base = posixpath.splitext(self.subscribe_url)[0].rstrip("/")
        name = _PAGE_NAMES.get(kind) or f"{kind}/{slug}"
        return f"{base}/{name}/" if base else f"{name}/"

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
