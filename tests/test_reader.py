"""What a reader meets in a browser: search, layout at desktop and phone widths, feed
links and the Subscribe page. Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import re

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, PageWatch, serve

pytestmark = pytest.mark.browser

DATA_PAGES = [
    "/series/diablo/",
    "/schedule/",
    "/projects/nova/",
    "/release-notes/diablo/diablo-4/freeze-report/",
]


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


def new_tab(browser, width=1280, height=900, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    tab = context.new_page()
    tab.watch = PageWatch(tab)
    return tab


def visit(tab, url: str) -> None:
    tab.goto(url, wait_until="networkidle")


# -- colour contrast, computed the WCAG 2 way -------------------------------------


def luminance(rgb: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The colour of an element's text and the first opaque background behind it.
COLOURS = """el => {
  let bg = el;
  while (bg && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(bg).backgroundColor)) {
    bg = bg.parentElement;
  }
  return [getComputedStyle(el).color, getComputedStyle(bg || document.body).backgroundColor];
}"""


def search(tab, site_url: str, query: str) -> None:
    visit(tab, f"{site_url}/search/?q={query}")
    tab.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_search_text_is_readable_in_both_schemes(browser, site_url, scheme):
    tab = new_tab(browser, color_scheme=scheme)
    search(tab, site_url, "nova")
    parts = {
        "query": ".pagefind-ui__search-input",
        "result title": ".pagefind-ui__result-title .pagefind-ui__result-link",
        "excerpt": ".pagefind-ui__result-excerpt",
        "message": ".pagefind-ui__message",
        "clear button": ".pagefind-ui__search-clear",
    }
    ratios = {}
    for name, selector in parts.items():
        foreground, background = tab.locator(selector).first.evaluate(COLOURS)
        ratios[name] = round(contrast(foreground, background), 1)
    assert {name: ratio for name, ratio in ratios.items() if ratio < 4.5} == {}, ratios
    query = tab.locator(".pagefind-ui__search-input")
    assert query.input_value() == "nova"
    tab.context.close()


def test_search_page_has_one_search_box_and_no_result_images(browser, site_url):
    tab = new_tab(browser)
    search(tab, site_url, "nova")
    assert tab.locator("input[type=search], input[type=text]").count() == 1
    assert tab.locator("#search img").count() == 0
    assert tab.locator(".pagefind-ui__result-thumb").count() == 0
    assert tab.watch.problems == []
    tab.context.close()


def test_search_works_from_the_keyboard(browser, site_url):
    tab = new_tab(browser)
    visit(tab, site_url + "/search/")
    tab.wait_for_function("document.activeElement.matches('.pagefind-ui__search-input')")
    tab.keyboard.type("freeze exception")
    tab.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    assert "q=freeze+exception" in tab.url or "q=freeze%20exception" in tab.url
    first = tab.locator(".pagefind-ui__result-link").first
    title = first.inner_text()
    for _ in range(5):  # the query's Clear button, then the first result
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    assert tab.evaluate("document.activeElement.textContent.trim()") == title
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    tab.keyboard.press("Enter")
    tab.wait_for_load_state("networkidle")
    assert title.startswith(tab.locator("h1").inner_text()[:20])
    tab.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_with_results_passes_axe(browser, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    tab = new_tab(browser, color_scheme=scheme)
    search(tab, site_url, "nova")
    result = Axe().run(
        tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    assert [v["id"] for v in result.response["violations"]] == []
    tab.context.close()


# -- layout -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/series/diablo/", "/search/", "/subscribe/"])
def test_the_navigation_fits_on_one_line_at_1280_px(browser, site_url, path):
    tab = new_tab(browser, width=1280)
    visit(tab, site_url + path)
    tops = tab.locator(".site-nav li").evaluate_all(
        "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) >= 7 and len(set(tops)) == 1, tops
    hidden = tab.locator(".site-nav ul").evaluate("ul => ul.scrollWidth - ul.clientWidth")
    assert hidden == 0
    header = tab.locator(".site-header").bounding_box()
    assert header["height"] <= 80
    tab.context.close()


def test_data_pages_use_the_width_of_a_desktop(browser, site_url):
    tab = new_tab(browser, width=1280)
    widths = {}
    for path in [*DATA_PAGES, "/about/"]:
        visit(tab, site_url + path)
        widths[path] = round(tab.locator("main").bounding_box()["width"])
    assert {p: w for p, w in widths.items() if p in DATA_PAGES and w < 1100} == {}, widths
    assert widths["/about/"] < 800  # running text keeps a readable measure
    visit(tab, site_url + "/series/diablo/")
    dates = tab.locator("table.schedule td time").evaluate_all(
        "cells => cells.map(c => c.getClientRects().length)"
    )
    assert set(dates) == {1}  # no date wraps onto two lines
    tab.context.close()


@pytest.mark.parametrize("path", [*DATA_PAGES, "/subscribe/", "/subscribe/series/diablo/"])
def test_no_horizontal_overflow_on_a_phone(browser, site_url, path):
    tab = new_tab(browser, width=390, height=844, is_mobile=True, has_touch=True)
    visit(tab, site_url + path)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    regions = tab.locator(".table-scroll").evaluate_all(
        """regions => regions.map(r => {
          return {
            scrolls: r.scrollWidth > r.clientWidth,
            focusable: r.tabIndex === 0,
            name: r.getAttribute('role') === 'region' && !!r.getAttribute('aria-labelledby'),
            hint: getComputedStyle(r).backgroundImage.includes('radial-gradient'),
          };
        })"""
    )
    for region in regions:
        if region["scrolls"]:
            assert region["focusable"] and region["name"] and region["hint"], region
    # Every visible caption can be read whole, however wide its table.
    captions = tab.locator("main caption").evaluate_all(
        """captions => captions.map(c => c.getBoundingClientRect())
          .filter(box => box.width > 0)
          .map(box => [Math.floor(box.left), Math.ceil(box.right)])"""
    )
    assert [box for box in captions if box[0] < 0 or box[1] > 390] == []
    tab.context.close()


def test_a_wide_table_on_a_phone_scrolls_in_its_region_with_its_caption_in_view(browser, site_url):
    tab = new_tab(browser, width=390, height=844, is_mobile=True, has_touch=True)
    visit(tab, site_url + "/series/diablo/")
    region = tab.locator(".table-scroll").first
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    hint = "c => getComputedStyle(c, '::after').content"
    caption = tab.locator(".table-scroll caption").first
    assert "Scroll sideways for more" in caption.evaluate(hint)
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    tab.wait_for_function(
        "getComputedStyle(document.querySelector('.table-scroll caption'), '::after')"
        ".content === 'none'"
    )  # at the end: nothing more to scroll to
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    tab.context.close()
    desktop = new_tab(browser, width=1280)
    visit(desktop, site_url + "/series/diablo/")
    assert desktop.locator(".table-scroll caption").first.evaluate(hint) == "none"
    desktop.context.close()


# -- feeds ------------------------------------------------------------------------


def test_a_feed_link_lands_on_a_page_that_explains_it(browser, site_url):
    tab = new_tab(browser)
    visit(tab, site_url + "/series/diablo/")
    tab.locator(".follow a").click()
    tab.wait_for_load_state("networkidle")
    assert tab.url == site_url + "/subscribe/series/diablo/"
    assert tab.locator("h1").inner_text() == "Diablo series"
    addresses = tab.locator("code.feed-url").all_inner_texts()
    assert addresses == [
        "http://127.0.0.1:8000/feeds/series/diablo.atom.xml",
        "http://127.0.0.1:8000/feeds/series/diablo.rss.xml",
    ]
    assert tab.locator("a.reader").all_inner_texts() == [
        "Feedly",
        "Inoreader",
        "NewsBlur",
        "The Old Reader",
    ]
    assert tab.watch.problems == []
    tab.context.close()


def test_no_feed_uses_xslt(browser, site_url):
    tab = new_tab(browser)
    visit(tab, site_url + "/subscribe/")
    atom = tab.locator("code.feed-url").evaluate_all("codes => codes.map(c => c.textContent)")
    assert len(atom) > 40
    for address in atom:
        for url in (address, address.replace(".atom.xml", ".rss.xml")):
            response = tab.request.get(url.replace("http://127.0.0.1:8000", site_url))
            assert response.ok and b"<?xml-stylesheet" not in response.body(), url
    # Opened in the browser, a feed is shown as its XML tree: no XSLT, no warning.
    messages = []
    tab.on("console", lambda message: messages.append(message.text))
    visit(tab, site_url + "/feeds/series/diablo.atom.xml")
    text = tab.evaluate("document.body.innerText")
    assert text.startswith("This XML file does not appear to have any style information")
    assert [m for m in messages if "XSLT" in m] == []
    tab.context.close()


def test_copy_buttons_copy_the_address_and_the_address_stays_without_javascript(browser, site_url):
    tab = new_tab(browser)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    visit(tab, site_url + "/subscribe/")
    first = tab.locator("li.feed").first
    button = first.get_by_role("button", name=re.compile("^Copy"))
    button.click()
    assert tab.evaluate("navigator.clipboard.readText()") == first.locator("code").inner_text()
    assert button.inner_text() == "Copied"
    assert tab.get_by_role("status").inner_text().startswith("Copied http")
    tab.context.close()
    plain = new_tab(browser, java_script_enabled=False)
    visit(plain, site_url + "/subscribe/")
    assert plain.locator("button.copy").count() == 0
    assert plain.locator("li.feed code").first.is_visible()
    plain.context.close()


def test_subscribe_page_folds_the_long_lists(browser, site_url):
    tab = new_tab(browser)
    visit(tab, site_url + "/subscribe/")
    assert tab.locator("#series li.feed").first.is_visible()
    tags = tab.locator("#tags li.feed").first
    assert tags.is_hidden()
    tab.locator("#tags summary").click()
    assert tags.is_visible()
    tab.context.close()


def test_screenshots_task_writes_the_pages_to_review(tmp_path, demo_site):
    import struct
    import subprocess
    import sys

    from .conftest import ROOT

    result = subprocess.run(
        [
            *(sys.executable, "-m", "invoke", "screenshots"),
            *("--site", str(demo_site), "--output", str(tmp_path)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    widths = {}
    for png in sorted(tmp_path.glob("*.png")):
        (widths[png.stem],) = struct.unpack(">I", png.read_bytes()[16:20])  # IHDR: the width
    reader = {
        name: widths.get(name)
        for name in [
            "search-dark",
            "feed-page",
            "subscribe",
            "series-phone",
            "schedule-phone-dark",
            "freeze-report-phone",
        ]
    }
    assert reader == {  # phones at twice the pixels, as on a phone's screen
        "search-dark": 1280,
        "feed-page": 1280,
        "subscribe": 1280,
        "series-phone": 780,
        "schedule-phone-dark": 780,
        "freeze-report-phone": 780,
    }
