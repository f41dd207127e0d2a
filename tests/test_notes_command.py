"""`cadence notes MILESTONE`: the release manager's regenerate-and-check command."""

from __future__ import annotations

import subprocess
import sys

from .conftest import make_project, page


def project(tmp_path):
    return make_project(tmp_path)


def notes(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", "notes", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


def test_notes_summarises_rebuilds_and_prints_the_url(tmp_path):
    site = project(tmp_path)
    result = notes(site, "alpha-2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "alpha-2 (Alpha 2020.1, milestone): released on 2020-02-14"
    assert "  nova: 1 completed, 0 slipped, 1 not completed" in lines
    assert "    not completed: cells (deferred)" in lines
    assert "  glance: 1 completed, 0 slipped, 0 not completed" in lines
    assert (
        "  warning: data/blueprints/alpha/glance.yaml:2: glance/shared-images has no assignee"
        in lines
    )
    assert lines[-1] == (
        "post: http://127.0.0.1:8000/release-notes/alpha/alpha-2/ (run `cadence serve` to see it)"
    )
    assert page(site / "output", "/release-notes/alpha/alpha-2/").h1 is not None


def test_notes_prints_the_address_on_the_site_with_the_production_settings(tmp_path):
    site = project(tmp_path)
    (site / "publishconf.py").write_text(
        "exec(open('pelicanconf.py').read())\nSITEURL = 'https://releases.example.org'\n"
    )
    result = notes(site, "alpha-2", "--settings", "publishconf.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "post: https://releases.example.org/release-notes/alpha/alpha-2/"
    )


def test_notes_scaffold_writes_the_companion_once(tmp_path):
    site = project(tmp_path)
    result = notes(site, "alpha-2", "--scaffold")
    assert result.returncode == 0, result.stderr
    companion = site / "content" / "notes" / "alpha-2.md"
    assert result.stdout.splitlines()[0].startswith(f"wrote {companion}: its prose replaces")
    assert companion.read_text().startswith("Title: Features are in: the alpha-2 milestone\n")
    companion.write_text(companion.read_text() + "\nFrozen at last.\n")
    again = notes(site, "alpha-2", "--scaffold")
    assert again.returncode == 1
    assert again.stderr.splitlines()[0] == f"error: {companion}: already exists; not overwriting it"
    assert "Frozen at last." in companion.read_text()
    built = notes(site, "alpha-2")
    assert built.returncode == 0
    intro = page(site / "output", "/release-notes/alpha/alpha-2/").select_one(".intro")
    assert "Frozen at last." in intro.get_text()


def test_notes_for_an_unknown_milestone(tmp_path):
    site = project(tmp_path)
    result = notes(site, "alpha-3")
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0]
        == "error: unknown milestone 'alpha-3' (did you mean 'alpha-2'?)"
    )
