"""What a feed is made of, independent of Pelican: plain frozen dataclasses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    content_html: str
    summary_html: str
    published: datetime.datetime
    updated: datetime.datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    """One subscribable stream; `paths` maps a format (atom, rss, json) to its path."""

    key: str  # e.g. "project:nova"
    group: str  # for the Subscribe page: Site, Release notes, Projects, ...
    name: str  # "nova release notes and articles"
    paths: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]
    #: site-relative URL of its page for people: what it holds, its address to copy
    page: str = ""

    def path(self, format_: str) -> str | None:
        return dict(self.paths).get(format_)
