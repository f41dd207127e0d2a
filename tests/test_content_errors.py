"""The catalogue of broken Markdown posts: each yields its exact messages.

Each folder of fixtures/broken_content holds posts added to the valid minimal
site, maybe a `special.txt` of folders, named pipes and symbolic links to make
(see conftest.make_special_files), and `expected.txt`: the exact messages of the
failed `cadence build` (file:line: what, expected). An empty expected.txt means
the site must build, listing every post of the case. Either way content/, data/
and the settings are byte-identical afterwards.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cadence.cli import main

from .conftest import FIXTURES, deadline, make_project, make_special_files, page, snapshot

CASES = sorted(p.name for p in (FIXTURES / "broken_content").iterdir() if p.is_dir())


def make_case(tmp_path: Path, case: str) -> Path:
    site = make_project(tmp_path)
    folder = FIXTURES / "broken_content" / case
    if (folder / "content").is_dir():
        shutil.copytree(folder / "content", site / "content", dirs_exist_ok=True)
    make_special_files(site, folder)
    return site


def expected(case: str) -> list[str]:
    text = (FIXTURES / "broken_content" / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def titles(folder: Path) -> list[str]:
    """The titles of the posts a case adds (regular .md files outside notes/)."""
    found = []
    for path in sorted(folder.rglob("*.md")):
        if path.is_file() and "notes" not in path.parts:
            match = re.search(r"^\ufeff?Title: (.*?)\r?$", path.read_text("utf-8"), re.M)
            found.append(match[1])
    return found


def sources(site: Path) -> dict[str, object]:
    return {
        "content": snapshot(site / "content"),
        "data": snapshot(site / "data"),
        "settings": (site / "pelicanconf.py").read_bytes(),
    }


@pytest.mark.parametrize("case", CASES)
def test_broken_post_gives_its_exact_messages(tmp_path, case, capsys, monkeypatch):
    """`cadence build` as run from the project folder: exit code, exact lines."""
    site = make_case(tmp_path, case)
    before = sources(site)
    monkeypatch.chdir(site)
    with deadline(120):
        code = main(["build", "-s", "pelicanconf.py"])
    stderr = capsys.readouterr().err
    assert sources(site) == before
    wanted = expected(case)
    if not wanted:
        assert code == 0, stderr
        listed = [a.get_text() for a in page(site / "output", "/archives/").select("a")]
        case_posts = titles(FIXTURES / "broken_content" / case)
        assert {"Hello Alpha", *case_posts} <= set(listed)
        return
    assert code == 1
    count = len(wanted)
    assert stderr.splitlines() == [f"error: {m}" for m in wanted] + [
        f"{count} problem{'s' if count != 1 else ''} found; nothing was written"
    ]
    assert not (site / "output").exists()


def test_catalogues_hold_at_least_80_cases():
    data_cases = [p for p in (FIXTURES / "broken_data").iterdir() if p.is_dir()]
    assert len(CASES) + len(data_cases) >= 80
