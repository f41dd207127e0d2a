"""The benchmark harness runs end to end on the tiny size (benchmarks are not tests)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_harness_runs_on_the_tiny_size(tmp_path):
    out = tmp_path / "performance.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--size",
            "tiny",
            "--runs",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in out.read_text().splitlines() if line.startswith("| ")]
    scenarios = [row.split("|")[1].strip() for row in rows[1:]]
    assert scenarios == [
        "---",
        "cold build",
        "↳ baseline: plain Pelican",
        "rebuild, nothing changed",
        "rebuild, one article edited",
        "rebuild, one blueprint file edited",
        "validate data only",
    ]
    cold = rows[2].split("|")
    assert float(cold[2]) > 0 and float(cold[-2]) > 0  # a time and a ratio to the baseline
