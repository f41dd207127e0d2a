"""Hostile data and metadata: everything is shown as text, nothing runs."""

from __future__ import annotations

import os

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from .browser import CHROMIUM, CHROMIUM_ARGS, PageWatch, serve
from .conftest import build_site, copy_fixture, soup

ALLOWED_SCRIPTS = {"/pagefind/pagefind-ui.js", "/theme/js/search.js", "/theme/js/copy.js"}
CHART_ELEMENTS = {"g", "line", "polyline", "polygon", "rect", "circle", "text"}
# Quotes are RFC 3986 characters: these URLs pass validation and must stay one attribute.
BLUEPRINT_URL = "https://x.example/'/autofocus/onfocus='window.__pwned=1'/tabindex='1"
PROJECT_URL = "https://example.org/'/autofocus/onfocus='window.__pwned=3'/"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    site = copy_fixture(tmp, "hostile")
    return build_site(tmp, site / "content", site / "data")


def html_pages(output):
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


def test_no_markup_from_data_survives_in_html(hostile_site):
    for path in html_pages(hostile_site):
        doc = soup(path)
        for script in doc.find_all("script"):
            assert script.get("src") in ALLOWED_SCRIPTS and not script.string, path
        for tag in doc.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (path, tag)
            for attr in ("href", "src"):
                value = (tag.get(attr) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:")), (path, tag)
        assert doc.find("iframe") is None, path
        # the only SVG is the site's own charts, made of shapes and text
        for svg in doc.find_all("svg"):
            assert svg.parent.parent.name == "figure" and "chart" in svg.parent.parent["class"]
            assert {t.name for t in svg.find_all(True)} <= CHART_ELEMENTS, path


def test_hostile_text_is_shown_as_text(hostile_site):
    note = soup(hostile_site / "release-notes" / "evil" / "evil-1" / "index.html")
    link = note.select_one("a.blueprint")
    assert link.get_text() == "<script>window.__pwned='bp-title'</script>"
    assert (
        note.select_one("[data-blueprint='nova/quotes']")
        .get_text()
        .startswith("\"'><svg/onload=window.__pwned='quotes'> & <b>bold</b> \u202eeman")
    )
    post = soup(hostile_site / "2021" / "hostile-post" / "index.html")
    assert post.h1.get_text() == "<script>window.__pwned='post-title'</script>Post \"title\" & more"
    intro = note.select_one(".intro")
    assert intro.find("strong").get_text() == "Bold"
    assert [a.get("href") for a in intro.find_all("a")] == [None, None, "http://example.org"]
    chart = soup(hostile_site / "series" / "evil" / "index.html").select_one("figure.chart")
    assert chart.figcaption.get_text() == (
        'Evil "><img src=x onerror="window.__pwned=\'series\'"> \u202eesrever: '
        "completed blueprints, cumulative"
    )
    assert chart.svg["aria-label"].startswith(
        'Line chart of blueprints completed in Evil "><img src=x'
    )


def test_urls_with_quotes_and_attribute_text_stay_one_attribute(hostile_site):
    post = soup(hostile_site / "2021" / "hostile-post" / "index.html")
    assert post.find("a", string="the blueprint").attrs == {"href": BLUEPRINT_URL}
    assert post.find("a", string="single-quoted link").attrs == {"href": BLUEPRINT_URL}
    links = [
        tag
        for path in html_pages(hostile_site)
        for tag in soup(path).find_all("a", href=(BLUEPRINT_URL, PROJECT_URL))
    ]
    assert len(links) >= 3  # the post, the release notes, the project page
    for tag in links:
        assert not {"autofocus", "onfocus", "tabindex"} & set(tag.attrs), tag


def test_summary_metadata_is_sanitised_in_lists(hostile_site):
    summary = next(
        item.select_one(".summary")
        for item in soup(hostile_site / "index.html").select("li.post-summary")
        if item.find("a", string=lambda text: text and "Post" in text)
    )
    assert summary.find(["img", "script"]) is None
    assert [a.attrs.get("href") for a in summary.find_all("a")] == [None, "https://example.org/ok"]
    assert all(
        not name.startswith(("on", "style")) for a in summary.find_all("a") for name in a.attrs
    )
    words = summary.get_text().split()
    assert words == "A summary by the writer with a link and a good one.".split()


def test_hostile_feeds_stay_well_formed(hostile_site):
    for path in sorted((hostile_site / "feeds").rglob("*.xml")):
        result = feedparser.parse(path.read_bytes())
        assert not result.bozo, (path, result.get("bozo_exception"))
    feed = feedparser.parse((hostile_site / "feeds" / "all.atom.xml").read_bytes())
    titles = [e.title for e in feed.entries]
    assert "<script>window.__pwned='post-title'</script>Post \"title\" & more" in titles
    (entry,) = [e for e in feed.entries if e.title.endswith("more")]
    summary = BeautifulSoup(entry.summary, "html.parser")
    assert summary.find(["img", "script"]) is None
    assert all(not n.startswith("on") for tag in summary.find_all(True) for n in tag.attrs)


def test_hostile_calendar_parses_back(hostile_site):
    cal = Calendar.from_ical((hostile_site / "series" / "evil" / "schedule.ics").read_bytes())
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert summaries[0].startswith('Evil "><img src=x onerror="window.__pwned=\'series\'">')


@pytest.mark.browser
def test_no_script_from_data_ever_runs(hostile_site):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it")
    pages = [p.relative_to(hostile_site).as_posix() for p in html_pages(hostile_site)]
    with serve(hostile_site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        watch = PageWatch(tab)
        pwned = {}
        for path in pages:
            tab.goto(f"{url}/{path}", wait_until="load")
            value = tab.evaluate("window.__pwned")
            if value is not None:
                pwned[path] = value
        browser.close()
    assert pwned == {}
    assert [p for p in watch.problems if p.startswith(("dialog", "page error"))] == []
