"""The catalogue of broken release data: each case yields its exact messages.

Each folder in fixtures/broken_data holds files that replace or add to the valid
data of fixtures/minimal, maybe a `special.txt` listing folders, named pipes and
symbolic links to make (git cannot store them), and `expected.txt`: the exact
lines `cadence validate` prints (file:line:column: what: expected X, got Y), in
order. An empty expected.txt means the data loads: what the case adds (an
editor's lock file, a backup) is not data. No case changes a byte of data/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cadence.build import build
from cadence.data import LoadError, load
from cadence.errors import UserError

from .conftest import FIXTURES, ROOT, make_special_files, snapshot

CASES = sorted(p.name for p in (FIXTURES / "broken_data").iterdir() if p.is_dir())


def make_case(tmp_path: Path, case: str) -> Path:
    """The valid minimal data with the case's files laid over it."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal" / "data", root / "data")
    overlay = FIXTURES / "broken_data" / case / "data"
    for source in sorted(overlay.rglob("*")):
        if source.is_file():
            target = root / "data" / source.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    make_special_files(root, FIXTURES / "broken_data" / case)
    return root / "data"


def expected(case: str) -> list[str]:
    text = (FIXTURES / "broken_data" / case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def test_catalogue_is_large_enough():
    assert len(CASES) >= 55


@pytest.mark.parametrize("case", CASES)
def test_loader_reports_exact_messages(tmp_path, case):
    data = make_case(tmp_path, case)
    if not expected(case):
        assert load(data).series  # loads, with the series of the minimal data
        return
    with pytest.raises(LoadError) as caught:
        load(data)
    assert caught.value.messages == expected(case)


@pytest.mark.parametrize("case", CASES)
def test_validate_command_gives_the_same_messages_and_exit_code(tmp_path, case):
    data = make_case(tmp_path, case)
    before = snapshot(data)
    result = subprocess.run(
        [sys.executable, "-m", "cadence.cli", "validate", str(data)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=60,  # a named pipe read by mistake would block forever
    )
    assert snapshot(data) == before
    if not expected(case):
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout.startswith(f"{data}: OK: 1 series")
        return
    assert result.returncode == 1
    count = len(expected(case))
    assert result.stderr.splitlines() == [f"error: {m}" for m in expected(case)] + [
        f"{count} problem{'s' if count != 1 else ''} found; nothing was written"
    ]


@pytest.mark.parametrize("case", [c for c in CASES if expected(c)])
def test_build_stops_with_the_same_messages_and_touches_nothing(tmp_path, case):
    data = make_case(tmp_path, case)
    content = tmp_path / "content"
    content.mkdir()
    before = snapshot(data)
    with pytest.raises(UserError) as caught:
        build(
            ROOT / "pelicanconf.py",
            tmp_path / "output",
            overrides={"PATH": str(content), "CADENCE_DATA_PATH": str(data)},
        )
    assert caught.value.messages == expected(case)
    assert snapshot(data) == before
    assert not (tmp_path / "output").exists()


def test_validate_command_prints_every_message_and_exits_1(tmp_path):
    """One run reports the problems of several files, without a traceback."""
    data = make_case(tmp_path, "unknown-enum")
    broken_series = FIXTURES / "broken_data" / "float-version" / "data" / "series" / "alpha.yaml"
    shutil.copyfile(broken_series, data / "series" / "alpha.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "cadence.cli", "validate", str(data)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        "error: " + m for m in expected("unknown-enum") + expected("float-version")
    ]
    assert lines[-1].endswith("problems found; nothing was written")


def test_alias_bomb_is_refused_quickly(tmp_path):
    data = make_case(tmp_path, "alias-bomb")
    started = time.perf_counter()
    with pytest.raises(LoadError):
        load(data)
    assert time.perf_counter() - started < 5
