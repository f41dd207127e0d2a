"""Feed settings: defaults, documented in docs/feeds.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    # Absolute URL of the site in feeds; default SITEURL, else the preview address.
    "CADENCE_FEED_SITE_URL": None,
    # tag: URI authority and date, fixed once: entry ids derive from it, never from URLs.
    "CADENCE_FEED_TAG_AUTHORITY": "release-cadence.example.org,2010",
    "CADENCE_FEED_MAX_ITEMS": 50,
    "CADENCE_FEED_FULL_CONTENT": True,
    "CADENCE_FEED_ICON": None,
    "CADENCE_FEED_STYLESHEET": "theme/feed.xsl",
    "CADENCE_FEED_PATHS": {
        "site": "feeds/all",
        "notes": "feeds/release-notes",
        "category": "feeds/category/{slug}",
        "tag": "feeds/tag/{slug}",
        "author": "feeds/author/{slug}",
        "project": "feeds/project/{slug}",
        "series": "feeds/series/{slug}",
    },
    "CADENCE_FEED_FORMATS": {"atom": ".atom.xml", "rss": ".rss.xml"},
    "CADENCE_JSON_FEED": "feeds/all.json",
    "CADENCE_SUBSCRIBE_URL": "subscribe/",
    "CADENCE_CALENDAR_PATHS": {"all": "schedule.ics", "series": "series/{slug}/schedule.ics"},
}


@dataclass(frozen=True)
class FeedSettings:
    site_url: str
    tag_authority: str
    max_items: int
    full_content: bool
    icon: str | None
    stylesheet: str | None
    paths: dict[str, str]
    formats: dict[str, str]
    json_feed: str | None
    subscribe_url: str
    calendar_paths: dict[str, str]

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> FeedSettings:
        value = {k: settings.get(k, v) for k, v in DEFAULTS.items()}
        site_url = (
            value["CADENCE_FEED_SITE_URL"] or settings.get("SITEURL") or "http://127.0.0.1:8000"
        ).rstrip("/")
        return cls(
            site_url=site_url,
            tag_authority=value["CADENCE_FEED_TAG_AUTHORITY"],
            max_items=int(value["CADENCE_FEED_MAX_ITEMS"]),
            full_content=bool(value["CADENCE_FEED_FULL_CONTENT"]),
            icon=value["CADENCE_FEED_ICON"],
            stylesheet=value["CADENCE_FEED_STYLESHEET"],
            paths={**DEFAULTS["CADENCE_FEED_PATHS"], **value["CADENCE_FEED_PATHS"]},
            formats=dict(value["CADENCE_FEED_FORMATS"]),
            json_feed=value["CADENCE_JSON_FEED"],
            subscribe_url=value["CADENCE_SUBSCRIBE_URL"],
            calendar_paths={
                **DEFAULTS["CADENCE_CALENDAR_PATHS"],
                **value["CADENCE_CALENDAR_PATHS"],
            },
        )
