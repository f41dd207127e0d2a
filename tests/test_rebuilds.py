"""A rebuild gives exactly the site a cold build of the same inputs gives.

Rebuilds reuse what the last build made: Markdown converted earlier
(cadence.reading), pages whose inputs did not change (cadence.rendering), feeds
and the search index. For each kind of edit, the demo site is built, edited and
built again into the same folder; a cold build of the edited inputs into another
folder, with an empty cache, must be the same tree, byte for byte.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, build_site, page
from .test_build import tree_digest


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body_edited(project: Path) -> dict[str, Any]:
    replace_in(
        project / "content" / "2011" / "diablo-summit.md",
        "Santa Clara doubled the attendance",
        "Santa Clara, once more, doubled the attendance",
    )
    return {}


def title_edited(project: Path) -> dict[str, Any]:
    replace_in(
        project / "content" / "2011" / "diablo-summit.md",
        "Title: The Diablo design summit in Santa Clara",
        "Title: Diablo's design summit, in Santa Clara",
    )
    return {}


def post_deleted(project: Path) -> dict[str, Any]:
    (project / "content" / "2011" / "diablo-summit.md").unlink()
    return {}


def post_added(project: Path) -> dict[str, Any]:
    (project / "content" / "2011" / "essex-plans.md").write_text(
        "Title: Plans for Essex\nDate: 2011-10-10 09:00\nCategory: Process\n"
        "Tags: essex, nova\n\nEssex starts with a [summit]({filename}/2011/diablo-summit.md).\n",
        encoding="utf-8",
    )
    return {}


def data_edited(project: Path) -> dict[str, Any]:
    replace_in(
        project / "data" / "blueprints" / "diablo" / "nova.yaml",
        "title: Multiple network interfaces",
        "title: Several network interfaces per instance",
    )
    return {}


def template_edited(project: Path) -> dict[str, Any]:
    replace_in(
        project / "theme" / "templates" / "_macros.html",
        '<p class="label label-article">Article</p>',
        '<p class="label label-article">Post</p>',
    )
    return {}


def setting_changed(project: Path) -> dict[str, Any]:
    return {"CATEGORY_URL": "topics/{slug}/", "CATEGORY_SAVE_AS": "topics/{slug}/index.html"}


def pagination_changed(project: Path) -> dict[str, Any]:
    return {"DEFAULT_PAGINATION": 4}


def markdown_settings_changed(project: Path) -> dict[str, Any]:
    extensions = {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": True},
    }
    return {"MARKDOWN": {"extension_configs": extensions, "output_format": "html5"}}


EDITS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "a post body edited": body_edited,
    "a post title edited": title_edited,
    "a post deleted": post_deleted,
    "a post added": post_added,
    "a data file edited": data_edited,
    "a template edited": template_edited,
    "a setting changed": setting_changed,
    "the pagination changed": pagination_changed,
    "the Markdown settings changed": markdown_settings_changed,
}


def build(project: Path, **overrides: Any) -> Path:
    """Build the project into project/output with its cache in project/cache."""
    return build_site(
        project,
        project / "content",
        project / "data",
        THEME=str(project / "theme"),
        **overrides,
    )


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory) -> Path:
    """The demo project (content, data, theme), built once: each test edits a copy."""
    project = tmp_path_factory.mktemp("demo") / "project"
    for name in ("content", "data", "theme"):
        shutil.copytree(ROOT / name, project / name)
    build(project)
    return project


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_rebuild_equals_a_cold_build(built_demo, tmp_path, edit):
    project = tmp_path / "project"
    shutil.copytree(built_demo, project)
    before = tree_digest(project / "output")
    overrides = EDITS[edit](project)

    rebuilt = tree_digest(build(project, **overrides))

    cold = tmp_path / "cold"
    cold.mkdir()
    for name in ("content", "data", "theme"):
        shutil.copytree(project / name, cold / name)
    assert rebuilt == tree_digest(build(cold, **overrides))
    assert rebuilt != before


def test_an_unchanged_rebuild_keeps_every_file(built_demo, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_demo, project, copy_function=shutil.copy2)
    output = project / "output"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in output.rglob("*") if p.is_file()}

    build(project)

    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in output.rglob("*") if p.is_file()}
    assert after == before


def test_a_retitled_post_changes_only_the_pages_that_show_its_title(built_demo, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_demo, project, copy_function=shutil.copy2)
    output = project / "output"
    times = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    title_edited(project)

    build(project)

    assert (
        page(output, "/2011/diablo-summit/").h1.get_text()
        == "Diablo's design summit, in Santa Clara"
    )
    changed = {
        str(p.relative_to(output))
        for p in output.rglob("*.html")
        if times.get(p) != p.stat().st_mtime_ns
    }
    assert "2011/diablo-summit/index.html" in changed
    assert {"archives/index.html", "2011/index.html", "2011/05/index.html"} <= changed
    assert "2013/havana-summit/index.html" not in changed
    assert "release-notes/diablo/diablo-4/index.html" not in changed
    assert "search/index.html" not in changed
