"""`cadence build` does not build again what has not changed (cadence.stamp).

A second build of the same inputs into the same output folder says the site is
up to date and leaves every file as it was; any change a person makes (a post, a
data file, the theme, a setting, even one computed from the environment, a file
of the output) or a post whose date comes makes the next build run again.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import make_project, page

UP_TO_DATE = "is up to date: nothing changed since its last build (--force builds)"


def cadence(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "cadence.cli", "build", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def built(stdout: str) -> bool:
    """True when the build ran; False when it said the site was up to date."""
    if stdout.endswith(UP_TO_DATE):
        return False
    assert stdout.startswith("built "), stdout
    return True


def files(output: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the output: inode, modification time and bytes."""
    found = {}
    for path in sorted(output.rglob("*")):
        if path.is_file():
            info = path.stat()
            found[str(path.relative_to(output))] = (
                info.st_ino,
                info.st_mtime_ns,
                path.read_bytes(),
            )
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path)
    assert built(cadence(project))
    return project


def test_nothing_changed_leaves_every_file_as_it_was(project: Path):
    before = files(project / "output")
    assert cadence(project) == f"{project / 'output'} {UP_TO_DATE}"
    assert files(project / "output") == before


def test_force_builds_anyway_and_the_next_build_knows_it(project: Path):
    post = project / "content" / "2020" / "hello.md"
    post.write_text(post.read_text() + "\nA sentence added before a forced build.\n")
    assert built(cadence(project, "--force"))
    assert built(cadence(project, "--force"))
    assert not built(cadence(project))


def test_an_edited_post_is_built(project: Path):
    post = project / "content" / "2020" / "hello.md"
    post.write_text(post.read_text() + "\nA sentence added after the first build.\n")
    assert built(cadence(project))
    text = page(project / "output", "/2020/hello-alpha/").get_text()
    assert "A sentence added after the first build." in text
    assert not built(cadence(project))


def test_an_edited_data_file_is_built(project: Path):
    series = sorted((project / "data" / "series").glob("*.yaml"))[0]
    series.write_text(series.read_text() + "\n")
    assert built(cadence(project))


def test_an_edited_settings_value_from_the_environment_is_built(project: Path):
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + "SITENAME = __import__('os').environ.get('SITE', 'One')\n"
    )
    assert built(cadence(project, env={"SITE": "One"}))
    assert not built(cadence(project, env={"SITE": "One"}))
    assert built(cadence(project, env={"SITE": "Two"}))
    assert page(project / "output", "/").title.get_text().strip().endswith("Two")


def test_a_file_changed_or_removed_in_the_output_is_built_again(project: Path):
    output = project / "output"
    index = output / "index.html"
    original = index.read_bytes()
    index.write_text("edited by hand")
    assert built(cadence(project))
    assert index.read_bytes() == original
    (output / "2020" / "hello-alpha" / "index.html").unlink()
    assert built(cadence(project))
    assert (output / "2020" / "hello-alpha" / "index.html").is_file()


def test_strict_is_part_of_what_was_built(project: Path):
    assert built(cadence(project, "--strict"))
    assert not built(cadence(project, "--strict"))


def test_a_post_appears_on_its_date_without_other_changes(project: Path):
    soon = datetime.datetime.now() + datetime.timedelta(seconds=4)
    (project / "content" / "2020" / "soon.md").write_text(
        f"Title: Published soon\nDate: {soon:%Y-%m-%d %H:%M:%S}\nCategory: Process\n\n"
        "This post waits for its date.\n"
    )
    assert built(cadence(project))
    assert "Published soon" not in page(project / "output", "/").get_text()
    assert not built(cadence(project))
    time.sleep(max(0.0, (soon - datetime.datetime.now()).total_seconds()) + 1)
    assert built(cadence(project))
    assert "Published soon" in page(project / "output", "/").get_text()


def test_a_deleted_cache_costs_one_build(project: Path):
    shutil.rmtree(project / "cache")
    assert built(cadence(project))
    assert not built(cadence(project))


def test_notices_are_said_again_when_nothing_changed(project: Path):
    post = project / "content" / "2020" / "hello.md"
    post.write_text(post.read_text() + "\nSee [the about page](|filename|/pages/about.md).\n")

    def notices() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "cadence.cli", "build"],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        )
        return [line for line in result.stderr.splitlines() if line.startswith("notice: ")]

    first = notices()
    assert len(first) == 1 and "content/2020/hello.md" in first[0]
    assert notices() == first
