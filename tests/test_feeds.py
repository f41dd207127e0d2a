"""Feeds and calendars, read back with feedparser, lxml and icalendar."""

from __future__ import annotations

import datetime
import email.utils
import json
from pathlib import Path

import feedparser
from icalendar import Calendar
from lxml import etree

from .conftest import build_site, copy_fixture, page

SITE = "http://127.0.0.1:8000"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


def feed_files(output: Path, suffix: str) -> list[Path]:
    return sorted((output / "feeds").rglob(f"*{suffix}"))


def parsed(path: Path):
    result = feedparser.parse(path.read_bytes())
    assert not result.bozo, f"{path}: {result.get('bozo_exception')}"
    return result


def local(output: Path, url: str) -> Path:
    assert url.startswith(SITE + "/"), url
    target = output / url[len(SITE) + 1 :]
    return target / "index.html" if url.endswith("/") else target


def test_every_feed_parses_without_errors(minimal_site):
    files = feed_files(minimal_site, ".xml")
    assert len(files) >= 20
    for path in files:
        assert parsed(path).entries is not None


def test_atom_feeds_validate_against_rfc4287(minimal_site):
    schema = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "schemas" / "atom.rng")))
    files = feed_files(minimal_site, ".atom.xml")
    for path in files:
        assert schema.validate(etree.parse(str(path))), (path, schema.error_log.last_error)
    broken = etree.fromstring(
        files[0].read_bytes().replace(b"<id>", b"<idx>", 1).replace(b"</id>", b"</idx>", 1)
    )
    assert not schema.validate(broken)  # the schema does catch a feed without its id


def test_site_feed_entries(minimal_site):
    feed = parsed(minimal_site / "feeds" / "all.atom.xml")
    titles = [e.title for e in feed.entries]
    assert titles == [
        "Alpha 2020.1 is released",
        "Feature freeze report: alpha-2",
        "Features are in: the alpha-2 milestone",
        "Hello Alpha",
        "Features are in: the alpha-1 milestone",
    ]
    note = feed.entries[2]
    assert (
        note.id == "tag:release-cadence.example.org,2010:release-notes/alpha/alpha-2/release-note"
    )
    assert note.link == f"{SITE}/release-notes/alpha/alpha-2/"
    assert note.published == "2020-02-14T12:00:00+00:00"
    assert [t.term for t in note.tags] == ["Release notes", "alpha", "glance", "nova"]
    assert note.author == "Ana Ribeiro"
    hello = feed.entries[3]
    assert hello.id == "tag:release-cadence.example.org,2010:post/2020-01-20T10:00"
    assert "blueprints.launchpad.net/nova/+spec/boot-from-volume" in hello.content[0].value
    assert feed.feed.updated == "2020-04-02T12:00:00+00:00"


def test_every_link_in_feeds_is_absolute(minimal_site):
    from bs4 import BeautifulSoup

    for path in feed_files(minimal_site, ".atom.xml"):
        for entry in parsed(path).entries:
            for block in [*entry.get("content", []), entry.get("summary_detail")]:
                if not block:
                    continue
                doc = BeautifulSoup(block.value, "html.parser")
                for tag in doc.find_all(href=True) + doc.find_all(src=True):
                    link = tag.get("href") or tag.get("src")
                    assert link.startswith(("http://", "https://")), (path, link)


def test_rss_has_the_required_elements_and_rfc822_dates(minimal_site):
    for path in feed_files(minimal_site, ".rss.xml"):
        channel = etree.parse(str(path)).getroot().find("channel")
        for name in ["title", "link", "description", "lastBuildDate"]:
            assert channel.findtext(name), (path, name)
        for item in channel.findall("item"):
            for name in ["title", "link", "guid", "pubDate"]:
                assert item.findtext(name), (path, name)
            assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None


def test_ids_are_unique_and_the_same_in_every_feed(minimal_site):
    ids_by_link: dict[str, str] = {}
    for path in feed_files(minimal_site, ".atom.xml"):
        entries = parsed(path).entries
        ids = [e.id for e in entries]
        assert len(ids) == len(set(ids)), path
        for entry in entries:
            assert ids_by_link.setdefault(entry.link, entry.id) == entry.id
    assert len(set(ids_by_link.values())) == len(ids_by_link)


def test_project_and_series_feeds_hold_exactly_their_posts(minimal_site):
    glance = parsed(minimal_site / "feeds" / "project" / "glance.atom.xml")
    assert [e.title for e in glance.entries] == [
        "Alpha 2020.1 is released",
        "Feature freeze report: alpha-2",
        "Features are in: the alpha-2 milestone",
        "Features are in: the alpha-1 milestone",
    ]
    nova = parsed(minimal_site / "feeds" / "project" / "nova.atom.xml")
    assert "Hello Alpha" in [e.title for e in nova.entries]
    notes = parsed(minimal_site / "feeds" / "release-notes.atom.xml")
    assert "Hello Alpha" not in [e.title for e in notes.entries] and len(notes.entries) == 4
    series = parsed(minimal_site / "feeds" / "series" / "alpha.rss.xml")
    assert len(series.entries) == 5


def test_json_feed(minimal_site):
    document = json.loads((minimal_site / "feeds" / "all.json").read_text())
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == f"{SITE}/feeds/all.json"
    first = document["items"][0]
    assert first["id"].startswith("tag:") and first["url"].startswith(SITE)
    assert datetime.datetime.fromisoformat(first["date_published"]).tzinfo is not None


def test_pages_announce_their_feeds(minimal_site):
    def alternates(url):
        return [link["href"] for link in page(minimal_site, url).find_all("link", rel="alternate")]

    home = alternates("/")
    assert home == [f"{SITE}/feeds/all.atom.xml", f"{SITE}/feeds/all.rss.xml"]
    note = alternates("/release-notes/alpha/alpha-2/")
    assert f"{SITE}/feeds/category/release-notes.atom.xml" in note
    assert f"{SITE}/feeds/project/nova.atom.xml" in note
    assert f"{SITE}/feeds/series/alpha.atom.xml" in note
    assert f"{SITE}/feeds/project/nova.atom.xml" in alternates("/projects/nova/")
    assert f"{SITE}/feeds/series/alpha.atom.xml" in alternates("/series/alpha/")
    assert f"{SITE}/feeds/tag/nova.atom.xml" in alternates("/tag/nova/")
    for url in note + home:
        assert local(minimal_site, url).exists()


def test_no_feed_asks_the_browser_for_xslt(minimal_site):
    """Chromium warns on every page that uses XSLT; feeds stay plain XML for readers."""
    for path in feed_files(minimal_site, ".xml"):
        root = etree.parse(str(path)).getroot()
        instructions = [n.target for n in root.itersiblings(preceding=True)]
        assert instructions == [], path
    assert list(minimal_site.rglob("*.xsl")) == []


def test_feed_readers_see_the_site_name_in_every_feed_title(minimal_site):
    def titles(url):
        return [link["title"] for link in page(minimal_site, url).find_all("link", rel="alternate")]

    assert titles("/series/alpha/")[2:] == [
        "Release Cadence: Alpha series (Atom)",
        "Release Cadence: Alpha series (RSS)",
    ]
    assert (
        titles("/projects/nova/")[2] == "Release Cadence: Nova: release notes and articles (Atom)"
    )
    assert titles("/tag/nova/")[2] == "Release Cadence: Tag nova (Atom)"
    assert titles("/release-notes/alpha/alpha-2/")[2] == (
        "Release Cadence: Category Release notes (Atom)"
    )


def test_subscribe_page_lists_every_feed_and_each_resolves(minimal_site):
    doc = page(minimal_site, "/subscribe/")
    feeds = doc.select("li.feed")
    listed = {li.select_one("code.feed-url").get_text() for li in feeds}
    atom = {
        f"{SITE}/{p.relative_to(minimal_site)}"
        for p in (minimal_site / "feeds").rglob("*.atom.xml")
    }
    assert listed == atom
    names = [li.select_one(".feed-name a").get_text() for li in feeds]
    assert "Nova: release notes and articles" in names and "Alpha series" in names
    calendars = [code.get_text() for code in doc.select("code.calendar-url")]
    assert calendars == [f"{SITE}/schedule.ics", f"{SITE}/series/alpha/schedule.ics"]
    beside = doc.select_one('li[data-feed="series:alpha"] code.calendar-url').get_text()
    assert beside == f"{SITE}/series/alpha/schedule.ics"
    for url in listed | set(calendars):
        assert local(minimal_site, url).exists()


def test_subscribe_page_groups_feeds_and_folds_the_long_lists(minimal_site):
    doc = page(minimal_site, "/subscribe/")
    groups = [
        (section["data-group"], section.find("details") is not None)
        for section in doc.select("section.feed-group[data-group]")
    ]
    assert groups == [
        ("Site", False),
        ("Release notes", False),
        ("Projects", False),
        ("Series", False),
        ("Categories", True),
        ("Tags", True),
        ("Authors", True),
    ]
    toc = [a["href"] for a in doc.select("nav.toc a")]
    assert toc == [
        "#site",
        "#release-notes",
        "#projects",
        "#series",
        "#categories",
        "#tags",
        "#authors",
        "#by-e-mail",
    ]
    for anchor in toc:
        assert doc.find(id=anchor[1:]) is not None


def test_every_feed_has_a_page_for_people_with_its_addresses(minimal_site):
    subscribe = page(minimal_site, "/subscribe/")
    pages = [a["href"] for a in subscribe.select(".feed-name a")]
    assert "/subscribe/series/alpha/" in pages and "/subscribe/all/" in pages
    shown = set()
    for url in pages:
        doc = page(minimal_site, url)
        shown |= {code.get_text() for code in doc.select("code.feed-url")}
        alternates = [link["href"] for link in doc.find_all("link", rel="alternate")]
        assert alternates[2:] == [
            code.get_text() for code in doc.select("code.feed-url") if code["data-format"] != "json"
        ]
    written = {
        f"{SITE}/{p.relative_to(minimal_site)}"
        for p in (minimal_site / "feeds").rglob("*")
        if p.is_file()
    }
    assert shown == written


def test_a_feed_page_explains_the_feed_and_offers_readers(minimal_site):
    doc = page(minimal_site, "/subscribe/series/alpha/")
    assert doc.h1.get_text() == "Alpha series"
    addresses = [(c["data-format"], c.get_text()) for c in doc.select("code.feed-url")]
    assert addresses == [
        ("atom", f"{SITE}/feeds/series/alpha.atom.xml"),
        ("rss", f"{SITE}/feeds/series/alpha.rss.xml"),
    ]
    readers = {a.get_text(): a["href"] for a in doc.select("a.reader")}
    encoded = "http%3A%2F%2F127.0.0.1%3A8000%2Ffeeds%2Fseries%2Falpha.atom.xml"
    assert readers == {
        "Feedly": f"https://feedly.com/i/subscription/feed/{encoded}",
        "Inoreader": f"https://www.inoreader.com/?add_feed={encoded}",
        "NewsBlur": f"https://www.newsblur.com/?url={encoded}",
        "The Old Reader": f"https://theoldreader.com/feeds/subscribe?url={encoded}",
    }
    assert doc.select_one("a.calendar-url")["href"] == f"{SITE}/series/alpha/schedule.ics"
    latest = doc.select(".feed-entries li")
    feed = parsed(minimal_site / "feeds" / "series" / "alpha.atom.xml")
    assert [li.a.get_text() for li in latest] == [e.title for e in feed.entries][:10]
    hello = next(li for li in latest if li.a.get_text() == "Hello Alpha")
    assert hello.time.get_text() == "20 January 2020"
    for item in latest:
        assert (minimal_site / item.a["href"].strip("/") / "index.html").exists()


def test_visible_feed_links_lead_to_feed_pages_not_to_xml(minimal_site):
    follow = page(minimal_site, "/2020/hello-alpha/").select(".follow a")
    assert [(a.get_text(), a["href"]) for a in follow] == [
        ("Category Process", "/subscribe/category/process/"),
        ("Alpha series", "/subscribe/series/alpha/"),
        ("Nova: release notes and articles", "/subscribe/project/nova/"),
        ("all feeds", "/subscribe/"),
    ]
    for url in [a["href"] for a in follow]:
        assert page(minimal_site, url).h1 is not None
    lists = {
        "/series/alpha/": ("/subscribe/series/alpha/", "Alpha series"),
        "/projects/nova/": ("/subscribe/project/nova/", "Nova: release notes and articles"),
        "/release-notes/": ("/subscribe/release-notes/", "Release notes"),
        "/tag/nova/": ("/subscribe/tag/nova/", "Tag nova"),
        "/category/process/": ("/subscribe/category/process/", "Category Process"),
    }
    for url, (feed_page, name) in lists.items():
        link = page(minimal_site, url).select_one(".follow a")["href"]
        assert (link, page(minimal_site, link).h1.get_text()) == (feed_page, name)


def test_schedule_and_series_pages_link_their_calendars(minimal_site):
    schedule = page(minimal_site, "/schedule/").select_one("a.calendar-url")["href"]
    series = page(minimal_site, "/series/alpha/").select_one("a.calendar-url")["href"]
    assert (schedule, series) == (f"{SITE}/schedule.ics", f"{SITE}/series/alpha/schedule.ics")


def test_calendars_parse_back_with_every_milestone(minimal_site):
    cal = Calendar.from_ical((minimal_site / "series" / "alpha" / "schedule.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == [
        "alpha/alpha-1@release-cadence.example.org",
        "alpha/alpha-2@release-cadence.example.org",
        "alpha/alpha-final@release-cadence.example.org",
    ]
    alpha2 = events["alpha/alpha-2@release-cadence.example.org"]
    assert alpha2.decoded("dtstart") == datetime.date(2020, 2, 14)
    assert alpha2.decoded("dtend") == datetime.date(2020, 2, 15)
    assert alpha2.decoded("dtstamp") == datetime.datetime(2020, 2, 14, tzinfo=datetime.UTC)
    assert str(alpha2["summary"]) == "Alpha 2020.1: alpha-2 (milestone)"
    combined = Calendar.from_ical((minimal_site / "schedule.ics").read_bytes())
    assert len(combined.walk("VEVENT")) == 3


def test_ids_survive_renames_and_regeneration(tmp_path):
    """Change a title and slug, add a blueprint: ids stay, only changed entries move."""
    site = copy_fixture(tmp_path, "minimal")
    before = build_site(tmp_path / "one", site / "content", site / "data")
    old = {e.link: e for e in parsed(before / "feeds" / "all.atom.xml").entries}
    post = site / "content" / "2020" / "hello.md"
    post.write_text(post.read_text().replace("Title: Hello Alpha", "Title: Hello Alpha!\nSlug: hi"))
    glance = site / "data" / "blueprints" / "alpha" / "glance.yaml"
    glance.write_text(
        glance.read_text() + "  image-cache:\n    title: Image cache\n"
        "    status: implemented\n    completed: alpha-2\n    completed_on: 2020-02-20\n"
    )
    after = build_site(tmp_path / "two", site / "content", site / "data")
    new = {e.id: e for e in parsed(after / "feeds" / "all.atom.xml").entries}
    assert sorted(new) == sorted(e.id for e in old.values())
    hello = new["tag:release-cadence.example.org,2010:post/2020-01-20T10:00"]
    assert (hello.title, hello.link) == ("Hello Alpha!", f"{SITE}/2020/hi/")
    moved = sorted(
        i for i, e in new.items() if e.updated != next(o for o in old.values() if o.id == i).updated
    )
    # the milestone's notes and its freeze report counted the new blueprint
    assert moved == [
        "tag:release-cadence.example.org,2010:release-notes/alpha/alpha-2/freeze-report",
        "tag:release-cadence.example.org,2010:release-notes/alpha/alpha-2/release-note",
    ]
    assert {new[i].updated for i in moved} == {"2020-02-20T12:00:00+00:00"}


def test_unchanged_feeds_come_from_the_cache(tmp_path, monkeypatch):
    from cadence.feeds import writers

    site = copy_fixture(tmp_path, "minimal")
    first = build_site(tmp_path, site / "content", site / "data")
    before = (first / "feeds" / "tag" / "alpha.atom.xml").read_bytes()
    written = []
    for name, writer in list(writers.WRITERS.items()):
        monkeypatch.setitem(
            writers.WRITERS,
            name,
            lambda feed, info, w=writer: written.append(feed.key) or w(feed, info),
        )
    post = site / "content" / "2020" / "hello.md"
    post.write_text(post.read_text().replace("We booted", "We really booted"))
    second = build_site(tmp_path, site / "content", site / "data")
    # only the feeds holding the edited post are written again
    assert sorted(set(written)) == [
        "author:ana-ribeiro",
        "category:process",
        "project:nova",
        "series:alpha",
        "site",
        "tag:alpha",
        "tag:nova",
    ]
    assert (second / "feeds" / "tag" / "alpha.atom.xml").read_bytes() != before


def test_feed_entries_keep_one_drawing_per_chart_with_caption_and_numbers(minimal_site):
    """Feed readers ignore the theme's CSS: the narrow drawing for phones would show
    under the wide one. The page keeps both."""
    from bs4 import BeautifulSoup

    url = f"{SITE}/release-notes/alpha/alpha-2/freeze-report/"
    atom = etree.parse(minimal_site / "feeds" / "all.atom.xml")
    entry = next(
        e for e in atom.iter(f"{ATOM_NS}entry") if e.find(f"{ATOM_NS}link").get("href") == url
    )
    items = json.loads((minimal_site / "feeds" / "all.json").read_text())["items"]
    json_html = next(item["content_html"] for item in items if item["url"] == url)
    for html in (entry.find(f"{ATOM_NS}content").text, json_html):
        doc = BeautifulSoup(html, "html.parser")
        assert doc.select(".chart-narrow") == []
        [figure] = doc.select("figure.chart")
        assert figure.figcaption.get_text() == "alpha-2: blueprints by priority at the freeze"
        assert [svg["width"] for svg in figure.select("svg")] == ["700"]
        assert figure.select_one(".chart-wide svg") is not None
        assert [th.get_text() for th in figure.select("tbody th")] == [
            "merged",
            "late",
            "proposed",
            "deferred",
        ]
    [figure] = page(minimal_site, "/release-notes/alpha/alpha-2/freeze-report/").select(
        "figure.chart"
    )
    assert [svg["width"] for svg in figure.select("svg")] == ["700", "340"]
    assert figure.select_one(".chart-narrow svg") is not None
