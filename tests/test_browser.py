"""The demo site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, PageWatch, serve
from .conftest import ROOT

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site_url(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.watch = PageWatch(tab)
    yield tab
    context.close()


def visit(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")


def test_reader_walks_home_article_tag_next(page, site_url):
    visit(page, site_url + "/")
    first = page.locator(".post-list h2 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == title
    tag = page.locator(".tags a[rel=tag]").first
    tag_name = tag.inner_text()
    tag.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == f"Posts tagged {tag_name}"
    titles = page.locator(".post-list h2 a").all_inner_texts()
    assert title in titles
    page.locator(".post-list h2 a").last.click()
    page.wait_for_load_state("networkidle")
    neighbour = page.locator(".prev-next a").first
    expected = neighbour.inner_text().split(": ", 1)[1]
    neighbour.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == expected
    assert page.watch.problems == []


def test_search_finds_a_release_note(page, site_url):
    visit(page, site_url + "/search/?q=configuration%20drive")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=15000)
    links = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")
    assert any("/release-notes/diablo/" in link for link in links), links
    visit(page, site_url + "/")
    page.fill("#site-search", "kvm block migration")
    page.press("#site-search", "Enter")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    assert page.watch.problems == []


PAGES = [
    "/",
    "/archives/",
    "/tags/",
    "/categories/",
    "/schedule/",
    "/release-notes/",
    "/series/diablo/",
    "/projects/nova/",
    "/release-notes/diablo/diablo-4/",
    "/release-notes/diablo/diablo-4/freeze-report/",
    "/subscribe/",
    "/about/",
    "/search/",
]


def test_no_console_errors_or_failed_requests(page, site_url):
    visit(page, site_url + "/")
    article = page.locator(".post-list h2 a").first.get_attribute("href")
    for path in [*PAGES, article]:
        visit(page, site_url + path if path.startswith("/") else path)
    assert page.watch.problems == []


def test_nothing_overflows_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    tab = context.new_page()
    wide = []
    for path in PAGES:
        visit(tab, site_url + path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append((path, width))
    context.close()
    assert wide == []


def test_dark_scheme_follows_the_system(browser, site_url):
    colours = {}
    for scheme in ["light", "dark"]:
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        visit(tab, site_url + "/")
        colours[scheme] = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(21, 24, 29)"}


def test_print_stylesheet_hides_navigation(page, site_url):
    visit(page, site_url + "/release-notes/diablo/diablo-4/")
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator("h1").is_visible()


def test_keyboard_user_sees_the_skip_link_and_focus(page, site_url):
    visit(page, site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_wcag_aa_checks(browser, site_url, scheme):
    """axe-core's WCAG 2 A and AA rules: contrast, landmarks, names, alt text."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    found = {}
    for path in PAGES:
        visit(tab, site_url + path)
        result = axe.run(tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
        violations = [v["id"] for v in result.response["violations"]]
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_screenshots_for_a_person_to_look_at(browser, site_url):
    SCREENSHOTS.mkdir(exist_ok=True)
    shots = {
        "home": "/",
        "release-note": "/release-notes/diablo/diablo-4/",
        "schedule": "/schedule/",
        "series": "/series/diablo/",
        # the newest hand-written article (the home page opens with Epoxy's notes)
        "article": "/2013/havana-summit/",
    }
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    for name, path in shots.items():
        visit(tab, site_url + path)
        target = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    phone = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="dark")
    tab = phone.new_page()
    visit(tab, site_url + "/release-notes/diablo/diablo-4/")
    tab.screenshot(path=str(SCREENSHOTS / "release-note-phone-dark.png"), full_page=True)
    context.close()
    phone.close()
