"""Cycle highlights (reStructuredText) become the Markdown data/ holds, then safe HTML."""

from __future__ import annotations

from cadence.importers.rst import to_markdown
from cadence.notes.markup import render_markdown


def html(rst: str) -> str:
    return render_markdown(to_markdown(rst).markdown)


def test_literals_emphasis_and_links_keep_their_meaning():
    converted = to_markdown(
        "A ``made-up`` option and a `title`,\n*stressed*, **strong**, and\n"
        "`the page <https://example.org/a_b>`_.\n"
    )
    assert converted.markdown == (
        "A `made-up` option and a `title`, *stressed*, **strong**, and "
        "[the page](https://example.org/a_b)."
    )
    assert converted.warnings == []
    assert html("See `the page <https://example.org/x>`_.") == (
        '<p>See <a href="https://example.org/x" rel="nofollow noopener">the page</a>.</p>'
    )


def test_only_http_links_stay_links():
    assert to_markdown("`click <javascript:alert(1)>`_ here").markdown == "click here"


def test_markup_characters_in_text_are_shown_as_written():
    converted = to_markdown("Use <b>x</b> with a_b_c and [brackets] * 2.")
    assert html("Use <b>x</b> with a_b_c and [brackets] * 2.") == (
        "<p>Use &lt;b&gt;x&lt;/b&gt; with a_b_c and [brackets] * 2.</p>"
    )
    assert converted.warnings == []


def test_paragraphs_and_lists_keep_their_shape():
    assert html("One.\n\nTwo.\n\n* first\n* second\n") == (
        "<p>One.</p>\n<p>Two.</p>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>"
    )


def test_raw_html_and_file_inclusion_are_refused_with_a_warning():
    raw = to_markdown(".. raw:: html\n\n   <script>alert(1)</script>\n")
    assert (raw.markdown, raw.warnings) == ("", [(1, '"raw" directive disabled.')])
    include = to_markdown(".. include:: /etc/passwd\n")
    assert (include.markdown, include.warnings) == ("", [(1, '"include" directive disabled.')])


def test_broken_markup_keeps_its_text_and_says_where():
    converted = to_markdown("Fine line.\nAn ``unclosed literal.\n")
    assert converted.markdown == "Fine line. An \\`\\`unclosed literal."
    assert converted.warnings == [(1, "Inline literal start-string without end-string.")]
