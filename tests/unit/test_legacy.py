"""Finding legacy forms in sources, sorting messages by kind, rewriting in place."""

from __future__ import annotations

import logging

from cadence.checks.legacy import find_links
from cadence.checks.notices import Report
from cadence.errors import ERROR, INFO, NOTICE, Diagnostic, Rewrite
from cadence.fix import apply_rewrites

SOURCE = """Title: Install

See [the guide](|filename|guide.md) and [again]({filename|guide.md).
```
[sample](|filename|guide.md)
```
<!-- [hidden](|filename|old.md) -->
"""


def test_links_are_found_in_every_marker_form_outside_code_and_comments():
    assert find_links(SOURCE, "filename", ["guide.md"]) == [
        (3, 17, "|filename|guide.md"),
        (3, 49, "{filename|guide.md"),
    ]


def test_a_link_written_only_in_a_comment_is_still_found():
    """Pelican saw it as a link (a raw HTML block, say): it must be somewhere."""
    assert find_links(SOURCE, "filename", ["old.md"]) == [(7, 15, "|filename|old.md")]


def test_rst_puts_spaces_between_marker_and_path():
    text = ".. image:: |static| images/a.png\n"
    assert find_links(text, "static", ["images/a.png"]) == [(1, 12, "|static| images/a.png")]


def rewrite(line: int, column: int, old: str, new: str) -> Rewrite:
    return Rewrite("x.md", line, column, old, new)


def test_rewrites_on_one_line_keep_their_columns():
    text = "a |f|x b |f|y\r\nc |f|z\r\n"
    new, count = apply_rewrites(
        text,
        [
            rewrite(1, 3, "|f|x", "{f}x"),
            rewrite(1, 10, "|f|y", "{longer}y"),
            rewrite(2, 3, "|f|z", "{f}z"),
        ],
    )
    assert (new, count) == ("a {f}x b {longer}y\r\nc {f}z\r\n", 3)


def test_a_rewrite_whose_text_moved_is_skipped_and_a_second_run_changes_nothing():
    text = "a {f}x b |f|y\n"
    done = [rewrite(1, 3, "|f|x", "{f}x"), rewrite(1, 10, "|f|y", "{f}y")]
    new, count = apply_rewrites(text, done)
    assert (new, count) == ("a {f}x b {f}y\n", 1)
    assert apply_rewrites(new, done) == (new, 0)


def record(message: str, *args: object, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord("pelican.x", level, __file__, 1, message, args, None)


def test_a_message_nobody_knows_is_an_error(tmp_path):
    report = Report()
    report.use({"PATH": str(tmp_path / "content")})
    report.emit(record("Something odd in %s", f"{tmp_path}/content/a.md"))
    assert report.errors == ["Something odd in content/a.md"]
    assert report.problems(strict=True) == report.errors


def test_strict_adds_the_notices_to_the_problems():
    report = Report()
    report.add(Diagnostic(NOTICE, "old link syntax: expected {a}, got |a|", "c/x.md", 2, 1))
    report.add(Diagnostic(INFO, "LOCALE: not installed", "conf.py", 4))
    report.add(Diagnostic(ERROR, "link to nothing", "c/y.md", 1, 1))
    assert report.problems() == ["c/y.md:1:1: link to nothing"]
    assert report.problems(strict=True) == [
        "c/y.md:1:1: link to nothing",
        "c/x.md:2:1: old link syntax: expected {a}, got |a|",
    ]


def test_a_later_notice_at_the_same_place_replaces_the_earlier_one():
    """`|filename|` to an image: first an old-syntax notice, then Pelican's word
    that the target is a static file; the second says more."""
    report = Report()
    old = Rewrite("c/x.md", 2, 1, "|filename|/a.png", "{filename}/a.png")
    static = Rewrite("c/x.md", 2, 1, "|filename|/a.png", "{static}/a.png")
    report.add(Diagnostic(NOTICE, "old link syntax", "c/x.md", 2, 1, old))
    report.add(Diagnostic(NOTICE, "link to a static file", "c/x.md", 2, 1, static))
    assert report.notices == ["c/x.md:2:1: link to a static file"]
    assert report.rewrites() == [static]


def test_feed_paths_with_percent_s_get_a_rewrite(tmp_path):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("SITENAME = 'x'\nTAG_FEED_ATOM = 'feeds/tag_%s.atom.xml'\n")
    report = Report(settings)
    report.emit(record("%%s usage in %s is deprecated, use {slug} instead.", "TAG_FEED_ATOM"))
    assert report.notices == [
        f"{settings}:2:28: TAG_FEED_ATOM: '%s' in a feed path is deprecated: "
        "expected {slug}, got %s"
    ]
    (change,) = report.rewrites()
    text = settings.read_text()
    assert apply_rewrites(text, [change]) == (text.replace("%s", "{slug}"), 1)


def test_a_known_message_in_an_unexpected_shape_is_kept_as_an_error():
    report = Report()
    report.emit(record("Unknown status '%s' for file %s, skipping it. (Not in %s)", "x", "y", 3))
    assert report.errors == ["Unknown status 'x' for file y, skipping it. (Not in 3)"]
