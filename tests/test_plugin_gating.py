"""Pelican's signals are process-wide: after a Cadence build, a plain Pelican build
in the same process must not get release notes, Cadence's feeds, its sitemap, its
Markdown reader or its page writer."""

from __future__ import annotations

from pelican import Pelican
from pelican.settings import read_settings

from .conftest import build_site, copy_fixture


def test_a_plain_blog_built_after_a_cadence_build_gets_nothing_of_cadence(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    cadence_output = build_site(tmp_path / "first", site / "content", site / "data")
    assert (cadence_output / "release-notes" / "alpha" / "alpha-1" / "index.html").is_file()

    blog = tmp_path / "blog"
    (blog / "content").mkdir(parents=True)
    (blog / "content" / "post.md").write_text("Title: Plain\nDate: 2020-01-01\n\nJust a post.\n")
    output = tmp_path / "plain-output"
    settings = read_settings(
        override={
            "PATH": str(blog / "content"),
            "OUTPUT_PATH": str(output),
            "PLUGINS": [],
            "CACHE_CONTENT": False,
            "CACHE_PATH": str(blog / "cache"),
            "SITEURL": "",
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
        }
    )
    Pelican(settings).run()
    assert (output / "plain.html").is_file()
    assert not (output / "release-notes").exists()
    assert not (output / "sitemap.xml").exists()
    assert not (output / "subscribe").exists()
    assert (output / "feeds" / "all.atom.xml").is_file()  # Pelican's own feed, untouched
    # cadence.reading keeps conversions in cache/markdown, cadence.rendering keeps
    # what each page read in cache/pages: neither took part
    assert not (blog / "cache" / "markdown").exists()
    assert not (blog / "cache" / "pages").exists()
