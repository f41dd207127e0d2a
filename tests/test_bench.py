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
        "rebuild, nothing changed, --force",
        "rebuild, one article edited",
        "rebuild, one blueprint file edited",
        "validate data only",
    ]
    cold = rows[2].split("|")
    assert float(cold[2]) > 0 and float(cold[-2]) > 0  # a time and a ratio to the baseline


def real_data(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "real_data.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_specs_sweep_accounts_for_every_blueprint_url_of_the_excerpts():
    specs = ROOT / "tests" / "fixtures" / "specs"
    result = real_data(
        "specs", *(str(specs / name) for name in ("nova-specs", "keystone-specs", "neutron-specs"))
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    totals = lines[lines.index("### All repositories") + 4 :]
    assert totals == [
        "| nova-specs | – | 2 | nova | 10 | 12 | 20 | 13 | 7 | 0 | 0 | 0 |",
        "| keystone-specs | – | 1 | keystone, keystonemiddleware | 3 | 3 | 3 | 3 | 0 | 0 | 0 | 0 |",
        "| neutron-specs | – | 1 | neutron | 3 | 2 | 5 | 4 | 1 | 0 | 0 | 0 |",
    ]
    assert "| juno | 6 | 8 | 16 | 9 | 7 | 0 | linked only 7 | not a spec 1 | 0 | 0 |" in lines


def test_the_specs_sweep_fails_when_a_blueprint_url_escapes_the_importer(tmp_path):
    """A mention the importer does not read as a URL (no scheme) counts as lost."""
    spec = tmp_path / "x-specs" / "specs" / "2026.1" / "approved" / "one.rst"
    spec.parent.mkdir(parents=True)
    spec.write_text(
        "===\nOne\n===\n\nhttps://blueprints.launchpad.net/nova/+spec/one\n\n"
        "Also blueprints.launchpad.net/nova/+spec/two, written without a scheme.\n"
    )
    result = real_data("specs", str(tmp_path / "x-specs"))
    assert result.returncode == 1
    assert "| 2026.1 | 1 | 1 | 2 | 1 | 0 | 1 | – | – | 0 | 0 |" in result.stdout.splitlines()


def test_the_releases_sweep_imports_validates_builds_and_checks_dates():
    checkout = ROOT / "tests" / "fixtures" / "releases"
    result = real_data("releases", str(checkout), "--today", "2026-01-01", "--last", "epoxy")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    rows = lines[lines.index("### Series") + 4 : lines.index("### Series") + 7]
    assert rows == [
        "| ussuri | – | end-of-life | 2020-05-13 | 2020-05-13 | 6 | 13 | 1 | 3 | 1 | 0 | 3 "
        "| end-of-branch tags (-eol, -em, -eom, -last) 2, "
        "stable updates after the series' release 8 | 10 | 0 |",
        "| victoria | – | end-of-life | 2020-10-14 | 2020-10-14 | 4 | 4 | 1 | 0 | 0 | 0 | 1 "
        "| – | 1 | 0 |",
        "| epoxy | 2025.1 | maintained | 2025-04-02 | 2025-04-02 | 6 | 14 | 3 | 7 | 2 | 0 | 3 "
        "| stable updates after the series' release 8 | 8 | 0 |",
    ]
    assert (
        "| epoxy | `d-final` (11) | a label of dalmatian (the previous series), not of epoxy |"
        in lines
    )
    assert lines[-1] == (
        "OK: 3 series, 0 errors; every final release on its initial-release; "
        "every milestone and event inside the week its label marks"
    )


def test_the_releases_sweep_fails_when_the_newest_series_is_not_imported():
    checkout = ROOT / "tests" / "fixtures" / "releases"
    result = real_data("releases", str(checkout), "--today", "2026-01-01", "--no-build")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == [
        "FAILED:",
        "  flamingo (the last series asked for) has no schedule: not imported",
    ]
