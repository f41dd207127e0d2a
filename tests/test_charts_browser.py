"""Charts of the demo site as a reader's browser draws them: colours in both schemes,
text size on a phone. Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import re

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser

CHART_PAGES = [
    "/series/diablo/",
    "/series/havana/",
    "/release-notes/diablo/diablo-4/",
    "/release-notes/havana/havana-3/freeze-report/",
]

# What the reader sees of each shown chart: every text's colour and drawn size,
# every series' colour, and the backgrounds behind the chart.
READ_CHARTS = """() => {
  const shown = [...document.querySelectorAll("figure.chart svg")]
    .filter(svg => svg.getBoundingClientRect().width > 0);
  const page = getComputedStyle(document.body).backgroundColor;
  return shown.map(svg => ({
    layout: svg.parentElement.className,
    width: svg.getBoundingClientRect().width,
    page,
    boxes: [svg, svg.parentElement, svg.closest("figure")]
      .map(el => getComputedStyle(el).backgroundColor),
    texts: [...svg.querySelectorAll("text")].map(t => ({
      text: t.textContent,
      fill: getComputedStyle(t).fill,
      px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
    })),
    marks: [...svg.querySelectorAll(".series polyline, .bar rect")].map(
      m => getComputedStyle(m)[m.tagName === "polyline" ? "stroke" : "fill"]),
  }));
}"""


def luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


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


def read_charts(browser, site_url, width: int, scheme: str) -> dict[str, list[dict]]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, is_mobile=width < 600
    )
    tab = context.new_page()
    found = {}
    for path in CHART_PAGES:
        tab.goto(site_url + path, wait_until="networkidle")
        found[path] = tab.evaluate(READ_CHARTS)
    context.close()
    return found


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_chart_text_and_lines_keep_their_contrast(browser, site_url, scheme):
    pages = read_charts(browser, site_url, 1280, scheme)
    expected_page = {"dark": "rgb(21, 24, 29)", "light": "rgb(255, 255, 255)"}[scheme]
    weak = []
    for path, shown in pages.items():
        assert shown, path
        for chart in shown:
            assert chart["layout"] == "chart-wide"
            assert chart["page"] == expected_page
            # no box of its own: the chart is drawn on the page's background
            assert set(chart["boxes"]) == {"rgba(0, 0, 0, 0)"}, path
            assert chart["texts"] and chart["marks"], path
            weak += [
                (path, t["text"], t["fill"])
                for t in chart["texts"]
                if contrast(t["fill"], chart["page"]) < 4.5
            ]
            weak += [(path, "mark", m) for m in chart["marks"] if contrast(m, chart["page"]) < 3]
    assert weak == []


@pytest.mark.parametrize("width", [390, 360, 320])
def test_chart_text_is_12_px_or_more_on_a_phone(browser, site_url, width):
    pages = read_charts(browser, site_url, width, "dark")
    small = []
    for path, shown in pages.items():
        assert [chart["layout"] for chart in shown] == ["chart-narrow"] * len(shown), path
        assert shown, path
        for chart in shown:
            assert chart["width"] <= width
            small += [(path, t["text"], round(t["px"], 1)) for t in chart["texts"] if t["px"] < 12]
    assert small == []
