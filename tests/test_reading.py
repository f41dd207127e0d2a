"""Markdown read by cadence.reading is exactly what Pelican's own reader gives.

The reader converts files in worker processes, reuses its Markdown instances
from file to file and keeps conversions for the next build; none of that may
change a post's HTML or metadata.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

from cadence import reading
from cadence.reading import ParallelMarkdownReader
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from .conftest import FIXTURES, ROOT, build_site, copy_fixture, page
from .test_build import tree_digest

MARKDOWN_FILES = sorted(
    [*(ROOT / "content").rglob("*.md"), *FIXTURES.rglob("*.md")], key=lambda p: str(p)
)


def settings(tmp_path: Path) -> dict[str, Any]:
    return read_settings(
        str(ROOT / "pelicanconf.py"), override={"CACHE_PATH": str(tmp_path / "cache")}
    )


def read(reader: Any, path: Path) -> tuple[Any, ...]:
    try:
        content, metadata = reader.read(str(path))
    except Exception as error:  # the same failure, whichever reader
        return ("error", type(error).__name__, str(error))
    return content, {name: repr(value) for name, value in metadata.items()}


def test_every_file_reads_as_with_pelicans_reader(tmp_path):
    # one reader for all files, in turn: nothing may leak from one file to the next
    pelican = MarkdownReader(copy.deepcopy(settings(tmp_path)))
    cadence = ParallelMarkdownReader(copy.deepcopy(settings(tmp_path)))
    for path in MARKDOWN_FILES:
        assert read(cadence, path) == read(pelican, path), path


def test_conversions_kept_for_the_next_build_read_the_same(tmp_path):
    first = ParallelMarkdownReader(copy.deepcopy(settings(tmp_path)))
    first.convert_ahead("article.md", [str(p) for p in MARKDOWN_FILES])
    expected = [read(first, path) for path in MARKDOWN_FILES]
    first.finish()

    second = ParallelMarkdownReader(copy.deepcopy(settings(tmp_path)))
    second.convert_ahead("article.md", [str(p) for p in MARKDOWN_FILES])
    assert second._pool is None  # everything was kept: nothing to convert
    assert [read(second, path) for path in MARKDOWN_FILES] == expected


def test_a_duplicate_metadata_line_is_reported_as_pelican_reports_it(tmp_path, caplog):
    post = tmp_path / "post.md"
    post.write_text(
        "Title: One\nSlug: one\nSlug: two\nDate: 2011-01-01\n\nText.\n", encoding="utf-8"
    )
    reader = ParallelMarkdownReader(copy.deepcopy(settings(tmp_path)))
    with caplog.at_level(logging.WARNING):
        _, metadata = reader.read(str(post))
    assert metadata["slug"] == "one"
    assert [r.getMessage() for r in caplog.records] == [
        f"Duplicate definition of `slug` for {post}. Using first one."
    ]


def test_posts_converted_by_workers_build_the_same_site(tmp_path, monkeypatch):
    """Above POOL_THRESHOLD files, worker processes convert them; below, the
    build's own process: the site is the same."""
    site = copy_fixture(tmp_path, "minimal")
    for i in range(40):
        (site / "content" / "2020" / f"extra-{i}.md").write_text(
            f"Title: Extra {i}\nDate: 2020-02-{i % 28 + 1:02d} 10:{i % 60:02d}\nCategory: Process\n"
            f"Summary: The *{i}th* extra.\n\n## Part {i}\n\n- [a link](https://example.org/{i})\n"
            "\n```python\nprint('x')\n```\n",
            encoding="utf-8",
        )
    in_workers = build_site(tmp_path / "a", site / "content", site / "data", CADENCE_SEARCH=False)
    monkeypatch.setattr(reading, "POOL_THRESHOLD", 1000)
    here = build_site(tmp_path / "b", site / "content", site / "data", CADENCE_SEARCH=False)

    assert tree_digest(in_workers) == tree_digest(here)
    post = page(in_workers, "/2020/extra-2/")
    assert [h.get_text() for h in post.select(".post-body h2")] == ["Part 2"]
    assert post.select_one(".post-body .highlight") is not None
