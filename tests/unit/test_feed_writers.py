"""Feed model -> Atom, RSS and JSON Feed bytes, read back with feedparser."""

from __future__ import annotations

import datetime
import json

import feedparser
import lxml.etree
from cadence.cache import Cache
from cadence.feeds import writers
from cadence.feeds.model import Entry, Feed

UTC = datetime.UTC
INFO = writers.FeedInfo(
    site_url="https://example.org",
    site_title="Release Cadence",
    subtitle="Notes",
    language="en",
    icon=None,
)


def entry(n: int, **changes) -> Entry:
    fields = dict(
        id=f"tag:example.org,2010:post/{n}",
        title=f"Post {n}",
        url=f"https://example.org/2020/post-{n}/",
        content_html=f"<p>Body {n}</p>",
        summary_html=f"<p>Summary {n}</p>",
        published=datetime.datetime(2020, 1, n, 12, tzinfo=UTC),
        updated=datetime.datetime(2020, 1, n, 12, tzinfo=UTC),
        authors=("Ana Ribeiro",),
        categories=("Process", "nova"),
    )
    fields.update(changes)
    return Entry(**fields)


FEED = Feed(
    key="project:nova",
    group="Projects",
    name="Nova: release notes and articles",
    paths=(("atom", "feeds/project/nova.atom.xml"), ("rss", "feeds/project/nova.rss.xml")),
    entries=(entry(3, updated=datetime.datetime(2020, 2, 1, tzinfo=UTC)), entry(2)),
)


def test_atom_carries_ids_dates_and_content():
    parsed = feedparser.parse(writers.atom(FEED, INFO))
    assert not parsed.bozo
    assert parsed.feed.title == "Release Cadence: Nova: release notes and articles"
    assert parsed.feed.updated == "2020-02-01T00:00:00+00:00"  # newest entry, not the build time
    assert [e.id for e in parsed.entries] == [
        "tag:example.org,2010:post/3",
        "tag:example.org,2010:post/2",
    ]
    first = parsed.entries[0]
    assert first.content[0].value == "<p>Body 3</p>"
    assert (first.summary_detail.type, first.summary) == ("text/html", "<p>Summary 3</p>")
    assert [t.term for t in first.tags] == ["Process", "nova"]
    assert first.author == "Ana Ribeiro"


def test_rss_links_the_home_page_and_keeps_cdata_safe():
    feed = Feed(
        FEED.key, FEED.group, FEED.name, FEED.paths, (entry(1, content_html="<p>a ]]> b</p>"),)
    )
    xml = writers.rss(feed, INFO)
    channel = lxml.etree.fromstring(xml).find("channel")
    assert channel.findtext("link") == "https://example.org/"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert (self_link.get("rel"), self_link.get("href")) == (
        "self",
        "https://example.org/feeds/project/nova.rss.xml",
    )
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert parsed.entries[0].guid == "tag:example.org,2010:post/1"
    assert parsed.entries[0].content[0].value == "<p>a ]]&gt; b</p>"


def test_control_characters_never_reach_the_xml():
    feed = Feed(FEED.key, FEED.group, FEED.name, FEED.paths, (entry(1, title="bell\x07 here"),))
    parsed = feedparser.parse(writers.atom(feed, INFO))
    assert not parsed.bozo
    assert parsed.entries[0].title == "bell here"


def test_json_feed_1_1():
    feed = Feed("site", "Site", "All posts", (("json", "feeds/all.json"),), (entry(1),))
    document = json.loads(writers.json_feed(feed, INFO))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Release Cadence"
    assert document["feed_url"] == "https://example.org/feeds/all.json"
    assert document["items"][0]["date_published"] == "2020-01-01T12:00:00+00:00"
    assert document["items"][0]["summary"] == "Summary 1"  # plain text, as JSON Feed asks
    assert document["items"][0]["content_html"] == "<p>Body 1</p>"


def test_same_model_same_bytes_and_the_cache_returns_them(tmp_path):
    assert writers.atom(FEED, INFO) == writers.atom(FEED, INFO)
    cache = Cache(tmp_path, writers.CACHE_VERSION)
    first = writers.cached("atom", FEED, INFO, cache)
    assert len(list(tmp_path.iterdir())) == 1
    assert writers.cached("atom", FEED, INFO, cache) == first == writers.atom(FEED, INFO)
