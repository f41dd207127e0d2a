"""The build command: strict, atomic, reproducible; and the writer's commands."""

from __future__ import annotations

import filecmp
import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cadence.errors import UserError

from .conftest import FIXTURES, ROOT, build_site, copy_fixture, page


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_failed_build_keeps_the_last_good_output(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    output = build_site(tmp_path, site / "content", site / "data")
    before = tree_digest(output)
    nova = site / "data" / "blueprints" / "alpha" / "nova.yaml"
    nova.write_text(nova.read_text().replace("status: deferred", "status: done"))
    with pytest.raises(UserError):
        build_site(tmp_path, site / "content", site / "data")
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_a_build_never_writes_into_content_or_data(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    (site / "content" / "notes").mkdir()
    (site / "content" / "notes" / "alpha-2.md").write_text("Title: Mine\n\nMy words.\n")
    before = {**tree_digest(site / "content"), **tree_digest(site / "data")}
    build_site(tmp_path, site / "content", site / "data")
    build_site(tmp_path, site / "content", site / "data")
    assert {**tree_digest(site / "content"), **tree_digest(site / "data")} == before
    assert sorted(p.name for p in (site / "content").rglob("*")) == sorted(
        [p.name for p in (FIXTURES / "minimal" / "content").rglob("*")] + ["alpha-2.md", "notes"]
    )


def test_two_builds_are_byte_identical(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    first = build_site(tmp_path / "a", site / "content", site / "data")
    second = build_site(tmp_path / "b", site / "content", site / "data")
    comparison = filecmp.dircmp(first, second)
    assert tree_digest(first) == tree_digest(second), comparison.report()


def test_unchanged_files_keep_their_time_so_rsync_sends_only_changes(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    output = build_site(tmp_path, site / "content", site / "data")
    times = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    time.sleep(0.05)
    post = site / "content" / "2020" / "hello.md"
    post.write_text(post.read_text().replace("We booted", "We really booted"))
    build_site(tmp_path, site / "content", site / "data")
    changed = sorted(
        str(p.relative_to(output))
        for p in output.rglob("*")
        if p.is_file() and times.get(p) != p.stat().st_mtime_ns and "pagefind" not in p.parts
    )
    assert "2020/hello-alpha/index.html" in changed
    assert "about/index.html" not in changed and "series/alpha/index.html" not in changed
    assert "release-notes/alpha/alpha-1/index.html" not in changed


def test_deleted_post_disappears_from_the_output(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    output = build_site(tmp_path, site / "content", site / "data")
    assert (output / "2020" / "hello-alpha" / "index.html").exists()
    (site / "content" / "2020" / "hello.md").unlink()
    build_site(tmp_path, site / "content", site / "data")
    assert not (output / "2020" / "hello-alpha").exists()
    assert "Hello Alpha" not in page(output, "/archives/").get_text()


def test_two_posts_with_the_same_slug_fail_naming_both(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    (site / "content" / "2020" / "again.md").write_text(
        "Title: Hello again\nDate: 2020-02-01\nSlug: hello-alpha\n\nText.\n"
    )
    with pytest.raises(UserError) as caught:
        build_site(tmp_path, site / "content", site / "data")
    assert caught.value.messages == [
        "content/2020/again.md:3: the same URL (2020/hello-alpha/index.html) is also written by "
        "content/2020/hello.md: give each post its own Slug"
    ]


def test_post_without_title_fails_the_build(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    (site / "content" / "2020" / "untitled.md").write_text("Date: 2020-02-01\n\nText.\n")
    with pytest.raises(UserError) as caught:
        build_site(tmp_path, site / "content", site / "data")
    assert any("untitled.md" in m and "title" in m for m in caught.value.messages)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_new_post_creates_a_complete_post_and_never_overwrites(tmp_path):
    result = run_cli(
        "new-post",
        "Thoughts on the Diablo cycle",
        "--category",
        "Process",
        "--tags",
        "diablo, nova",
        "--date",
        "2011-10-01 10:00",
        "--content",
        str(tmp_path / "content"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/2011/thoughts-on-the-diablo-cycle.md\n"
    path = tmp_path / "content" / "2011" / "thoughts-on-the-diablo-cycle.md"
    assert path.read_text().splitlines()[:7] == [
        "Title: Thoughts on the Diablo cycle",
        "Date: 2011-10-01 10:00",
        "Category: Process",
        "Tags: diablo, nova",
        "Slug: thoughts-on-the-diablo-cycle",
        "Summary: TODO: one or two sentences for the front page and the feeds",
        "Status: published",
    ]
    path.write_text(
        path.read_text().replace("TODO: one or two sentences", "Looking back") + "\nMy words.\n"
    )
    again = run_cli(
        "new-post",
        "Thoughts on the Diablo cycle",
        "--date",
        "2011-10-01",
        "--content",
        str(tmp_path / "content"),
        cwd=tmp_path,
    )
    assert again.returncode == 1
    assert (
        again.stderr.splitlines()[0] == f"error: {path}: already exists; not overwriting it "
        "(choose another title or edit that file)"
    )
    assert path.read_text().endswith("My words.\n")
    output = build_site(tmp_path, tmp_path / "content", None)
    doc = page(output, "/2011/thoughts-on-the-diablo-cycle/")
    assert doc.h1.get_text() == "Thoughts on the Diablo cycle"


def test_new_draft_post_is_not_listed(tmp_path):
    result = run_cli(
        "new-post",
        "Unfinished",
        "--draft",
        "--date",
        "2011-10-01",
        "--content",
        str(tmp_path / "content"),
        cwd=tmp_path,
    )
    assert "Status: draft" in (tmp_path / result.stdout.strip()).read_text()
    output = build_site(tmp_path, tmp_path / "content", None)
    assert (output / "drafts" / "unfinished.html").exists()
    assert "Unfinished" not in page(output, "/").get_text()


def test_build_command_reports_errors_without_traceback(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    nova = site / "data" / "blueprints" / "alpha" / "nova.yaml"
    nova.write_text(nova.read_text().replace("status: deferred", "status: done"))
    conf = tmp_path / "siteconf.py"
    conf.write_text(
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
        f"PATH = {str(site / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"CADENCE_DATA_PATH = {str(site / 'data')!r}\n"
    )
    result = run_cli(
        "build", "--settings", str(conf), "--output", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "error: data/blueprints/alpha/nova.yaml:20:13: blueprint 'cells': status: "
        "expected one of: not-started, in-progress, blocked, needs-review, implemented, deferred, "
        "informational, obsolete; got 'done'",
        "1 problem found; nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_interrupted_build_keeps_the_last_good_output(tmp_path):
    """SIGTERM in the middle of a build: the previous output stays byte-identical."""
    site = copy_fixture(tmp_path, "minimal")
    output = build_site(tmp_path, site / "content", site / "data")
    before = tree_digest(output)
    for i in range(150):  # enough posts for the build to take a moment
        (site / "content" / "2020" / f"post-{i}.md").write_text(
            f"Title: Post {i}\nDate: 2020-03-01\n\n" + "Words. " * 400 + "\n"
        )
    script = (
        "import sys, datetime; from pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from cadence.build import build\n"
        f"build({str(ROOT / 'pelicanconf.py')!r}, {str(output)!r}, overrides={{"
        f"'PATH': {str(site / 'content')!r}, 'CADENCE_DATA_PATH': {str(site / 'data')!r}}})\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until the build is writing into staging
        staging = [p for p in tmp_path.iterdir() if "staging" in p.name]
        if staging and any(staging[0].rglob("*.html")):
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert process.returncode != 0
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_mistakes_in_settings_and_theme_are_reported_without_traceback(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    conf = tmp_path / "broken.py"
    conf.write_text(f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\nSITENAME = 'x\n")
    result = run_cli("build", "--settings", str(conf), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"error: {conf}:2: Python syntax error:")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "page.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n"
    )
    with pytest.raises(UserError) as caught:
        build_site(tmp_path, site / "content", site / "data", THEME=str(theme))
    assert caught.value.messages[-1].endswith(
        "page.html:2: template error: Unexpected end of template. Jinja was looking for the "
        "following tags: 'endblock'. The innermost block that needs to be closed is 'block'."
    )


def test_search_index_is_reused_only_when_no_page_changed(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    output = build_site(tmp_path, site / "content", site / "data", CADENCE_SEARCH=True)
    (output / "pagefind" / "marker").write_text("from the previous build")
    build_site(tmp_path, site / "content", site / "data", CADENCE_SEARCH=True)
    assert (output / "pagefind" / "marker").exists()  # nothing changed: index reused
    post = site / "content" / "2020" / "hello.md"
    post.write_text(post.read_text().replace("We booted", "We really booted"))
    build_site(tmp_path, site / "content", site / "data", CADENCE_SEARCH=True)
    assert not (output / "pagefind" / "marker").exists()  # a page changed: indexed again
    assert (output / "pagefind" / "pagefind.js").exists()
