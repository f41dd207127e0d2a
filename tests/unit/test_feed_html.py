"""A post's HTML as feed entries carry it: the narrow chart drawings cut out,
every other byte as before."""

from __future__ import annotations

from cadence.feeds.generator import feed_html

BASE = "https://example.org/2020/post/"

START = (
    '<p>Before.</p>\n<figure class="chart">\n  <figcaption>Bugs &amp; blueprints</figcaption>\n  '
)
WIDE = (
    '<div class="chart-wide" data-pagefind-ignore><svg viewBox="0 0 700 300" width="700">'
    '<g><text x="1">nova</text></g><rect/></svg></div>\n  '
)
NARROW = (
    '<div class="chart-narrow" data-pagefind-ignore hidden><svg viewBox="0 0 340 300" width="340">'
    '<g><text x="1">nova</text></g><rect/></svg></div>'
)
END = (
    "\n  <details><summary>The numbers</summary>"
    '<table class="chart-data"><tr><th>nova</th><td>3</td></tr></table></details>\n'
    "</figure>\n<p>After, with <br/> as written.</p>"
)


def test_narrow_drawings_are_cut_and_nothing_else_changes():
    assert feed_html(START + WIDE + NARROW + END, BASE) == START + WIDE + END


NESTED = (
    '<div class="chart-narrow" hidden><div>nested</div><svg></svg></div><p>1</p>\n'
    '<div class="figure-note chart-narrow" hidden><svg></svg></div><p>2</p>'
)


def test_every_narrow_drawing_goes_with_the_divs_inside_it():
    assert feed_html(NESTED, BASE) == "<p>1</p>\n<p>2</p>"


def test_narrow_drawings_go_where_links_are_made_absolute():
    html = '<a href="../other/">x</a>\n' + NESTED
    assert feed_html(html, BASE) == (
        '<a href="https://example.org/2020/other/">x</a>\n<p>1</p>\n<p>2</p>'
    )


def test_html_without_narrow_drawings_is_returned_as_it_was():
    html = '<div class="chart-narrowish">Text with <br/> and &#39;quotes&#39;.</div>'
    assert feed_html(html, BASE) == html
