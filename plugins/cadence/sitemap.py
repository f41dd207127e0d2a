"""Pelican plugin: sitemap.xml (sitemaps.org protocol) of every page of the site.

Written after all pages, from the HTML files in the output folder, so every page
is listed whichever generator wrote it. `lastmod` comes from content dates (a
post's Modified or Date; for list pages, the newest post), never from the build
time, so the same inputs give the same bytes. Drafts and the 404 page are left out.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from cadence.settings import only_when_active

SITEMAP = "sitemap.xml"
#: Output folders and files that are not pages for search engines.
_SKIPPED = ("drafts/", "pagefind/", "theme/", "404.html")


def register() -> None:
    signals.get_generators.connect(only_when_active(__name__, get_generators))


def get_generators(pelican: Any) -> type[Generator]:
    return SitemapGenerator


class SitemapGenerator(Generator):
    def generate_context(self) -> None:
        pass

    def planned_outputs(self) -> list[tuple[str, str, str]]:
        return [(SITEMAP, "the sitemap", "cadence.sitemap")]

    def generate_output(self, writer: Any) -> None:
        site_url = (self.settings.get("SITEURL") or "http://127.0.0.1:8000").rstrip("/")
        dated = _content_dates(self.context)
        newest = max(dated.values(), default=None)
        output = Path(self.output_path)
        entries = []
        for page in sorted(output.rglob("*.html")):
            relative = page.relative_to(output).as_posix()
            if relative.startswith(_SKIPPED):
                continue
            url = relative[: -len("index.html")] if relative.endswith("index.html") else relative
            entries.append((url, dated.get(url, newest)))
        (output / SITEMAP).write_bytes(render(site_url, entries))


def render(site_url: str, entries: list[tuple[str, datetime.datetime | None]]) -> bytes:
    """The sitemap document: one <url> per (site-relative URL, last modification)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in entries:
        lines.append(f"  <url><loc>{escape(f'{site_url}/{url}')}</loc>")
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def _content_dates(context: dict[str, Any]) -> dict[str, datetime.datetime]:
    dates = {}
    for name in ("articles", "pages"):
        for content in context.get(name, ()) or ():
            known = [
                d for d in (getattr(content, "date", None), getattr(content, "modified", None)) if d
            ]
            if known:
                dates[content.url] = max(known)
    return dates
