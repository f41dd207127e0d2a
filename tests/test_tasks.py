"""Developer tasks (invoke) that do not need a browser."""

from __future__ import annotations

import shutil
import subprocess
import sys

from .conftest import FIXTURES, ROOT


def blog(tmp_path):
    project = tmp_path / "blog"
    project.mkdir()
    for name in ["tasks.py", "pelicanconf.py", "publishconf.py"]:
        shutil.copy(ROOT / name, project / name)
    for name in ["content", "data"]:
        shutil.copytree(FIXTURES / "minimal" / name, project / name)
    for name in ["theme", "plugins"]:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def invoke(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_publish_dry_run_shows_the_build_and_the_push_and_does_nothing(tmp_path):
    project = blog(tmp_path)
    result = invoke(project, "publish", "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("would run: ") and lines[0].endswith(
        "build --settings publishconf.py"
    )
    assert lines[1].startswith("would run: ")
    assert lines[1].endswith(
        "ghp-import --no-jekyll --push --branch gh-pages --remote origin output"
    )
    assert not (project / "output").exists()


def test_new_post_task_creates_the_post(tmp_path):
    project = blog(tmp_path)
    result = invoke(project, "new-post", "Freeze is coming", "--tags", "freeze,havana", "--draft")
    assert result.returncode == 0, result.stderr
    path = project / result.stdout.strip()
    assert path.name == "freeze-is-coming.md"
    text = path.read_text()
    assert "Tags: freeze, havana\n" in text and "Status: draft\n" in text
    assert "Authors: Ana Ribeiro\n" in text  # AUTHOR of pelicanconf.py


def test_import_releases_task_writes_the_series_of_a_checkout(tmp_path):
    project = blog(tmp_path)
    checkout = str(FIXTURES / "releases")
    args = ["import-releases", checkout, "--series", "epoxy", "--projects", "nova,glance"]
    dry = invoke(project, *args)
    assert dry.returncode == 0, dry.stderr
    assert not (project / "data" / "series" / "epoxy.yaml").exists()
    wrote = invoke(project, *args, "--write")
    assert wrote.returncode == 0, wrote.stderr
    assert (project / "data" / "releases" / "epoxy" / "nova.yaml").exists()
    assert "status: maintained" in (project / "data" / "series" / "epoxy.yaml").read_text()
