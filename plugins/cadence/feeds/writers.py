"""Pure functions: feed model -> bytes (Atom, RSS 2.0, JSON Feed 1.1)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

import lxml.html
from feedgen.feed import FeedGenerator

from cadence.cache import Cache
from cadence.feeds.model import Feed

# Characters XML 1.0 cannot carry; data is validated, but Markdown may contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class FeedInfo:
    """Feed-level fields shared by every feed of a site."""

    site_url: str  # absolute, without trailing slash
    site_title: str
    subtitle: str | None
    language: str
    icon: str | None


def clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, for fields that hold plain text."""
    if not html.strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def newest(feed: Feed) -> datetime.datetime:
    """The feed's own updated time: its newest entry's, never the build time."""
    return max((e.updated for e in feed.entries), default=_EPOCH)


def _generator(feed: Feed, info: FeedInfo, format_: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc")
    self_url = f"{info.site_url}/{feed.path(format_)}"
    fg.id(self_url if format_ == "rss" else f"{info.site_url}/{feed.path('atom')}")
    fg.title(clean(f"{info.site_title}: {feed.name}" if feed.key != "site" else info.site_title))
    if info.subtitle:
        fg.subtitle(clean(info.subtitle))
    # feedgen makes the last link the RSS <channel><link>: the home page, not the feed.
    fg.link(href=self_url, rel="self")
    fg.link(href=f"{info.site_url}/", rel="alternate")
    fg.language(info.language)
    if info.icon:
        fg.icon(info.icon)
        fg.logo(info.icon)
    fg.generator("Cadence")
    fg.updated(newest(feed))
    fg.lastBuildDate(newest(feed))
    for entry in feed.entries:  # newest first, as given
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(clean(entry.title))
        fe.link(href=entry.url, rel="alternate")
        fe.published(entry.published)
        fe.updated(entry.updated)
        if entry.content_html:
            html = clean(entry.content_html)
            if format_ == "rss":  # a CDATA section cannot contain its own end marker
                fe.content(html.replace("]]>", "]]&gt;"), type="CDATA")
            else:
                fe.content(html, type="html")
        # An HTML summary must say so, or readers show its tags as text.
        fe.summary(clean(entry.summary_html), type="html")
        # One call each with the whole list: feedgen re-maps every category (and
        # author) already added on each call, which made an entry with thousands
        # of tags cost the square of their number, in each of the feeds it is in.
        if entry.authors:
            fe.author([{"name": clean(name)} for name in entry.authors])
            for name in entry.authors:
                fe.dc.dc_creator(clean(name))
        if entry.categories:
            fe.category([{"term": clean(term)} for term in entry.categories])
    return fg


def atom(feed: Feed, info: FeedInfo) -> bytes:
    return _generator(feed, info, "atom").atom_str(pretty=True, encoding="UTF-8")


def rss(feed: Feed, info: FeedInfo) -> bytes:
    fg = _generator(feed, info, "rss")
    fg.description(clean(info.subtitle or info.site_title))
    return fg.rss_str(pretty=True, encoding="UTF-8")


def json_feed(feed: Feed, info: FeedInfo) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.site_title if feed.key == "site" else f"{info.site_title}: {feed.name}",
        "home_page_url": f"{info.site_url}/",
        "feed_url": f"{info.site_url}/{feed.path('json')}",
        "language": info.language,
        **({"description": info.subtitle} if info.subtitle else {}),
        **({"icon": info.icon} if info.icon else {}),
        "items": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "content_html": e.content_html,
                "summary": plain_text(e.summary_html),  # JSON Feed: plain text
                "date_published": e.published.isoformat(),
                "date_modified": e.updated.isoformat(),
                "authors": [{"name": a} for a in e.authors],
                "tags": list(e.categories),
            }
            for e in feed.entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


WRITERS = {"atom": atom, "rss": rss, "json": json_feed}
#: Bump when the writers or the entries' HTML (generator.feed_html) change, so
#: cached feeds are written again.
CACHE_VERSION = "feeds-6"


def cached(format_: str, feed: Feed, info: FeedInfo, cache: Cache) -> bytes:
    """The feed's bytes; reused from the cache when the feed and its entries are unchanged
    (feeds are pure functions of their model, and most do not change between rebuilds)."""
    key = cache.key(format_, repr(info), repr(feed))
    data = cache.get(key, f".{format_}")
    if data is None:
        data = WRITERS[format_](feed, info)
        cache.put(key, f".{format_}", data)
    return data
