"""Run the importers over checkouts of the real public repositories, validate, count.

    python bench/real_data.py specs ~/src/nova-specs ~/src/cinder-specs ...

One function per source turns a checkout into rows; `print_table` prints every
table the same way (Markdown, ready for docs/importers.md).

specs: every series folder of each repository is imported with the projects its
spec headers name (`PATH=PROJECT,PROJECT` picks them), the result is checked by
the loader, and each blueprint URL is accounted for. "URLs found" is counted apart
from the importer (every `blueprints.launchpad.net` in the files it reads as
specs); every one must be imported or reported with a reason: "lost" must be 0.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from cadence.errors import UserError  # noqa: E402
from cadence.importers import specs  # noqa: E402
from cadence.importers.plan import plan_blueprints, plan_people, plan_series  # noqa: E402

#: Counted apart from the importer's own parsing: a mention of the blueprint host.
RAW_BLUEPRINT_URL = re.compile(
    r"blueprints\.launchpad\.net|bugs\.launchpad\.net/[^/\s]+/\+spec", re.IGNORECASE
)
#: Notes on files that are not specs: their URLs are not a spec's.
NOT_SPECS = {"not a spec", "template", "placeholder", "symbolic link"}


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " if i == 0 else " ---: " for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def commit_of(path: Path) -> str:
    """The commit checked out at `path`, when `path` is the top of a git checkout."""
    result = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--show-toplevel", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.split()
    if result.returncode or Path(lines[0]).resolve() != path.resolve():
        return "–"
    return lines[1]


def _short(commit: str) -> str:
    return f"`{commit[:12]}`" if commit != "–" else commit


def _raw_count(path: Path) -> int:
    try:
        return len(RAW_BLUEPRINT_URL.findall(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return 0


def _cell(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {n}" for key, n in sorted(counter.items())) or "–"


def _validate(result: specs.SpecsImport, series: str, completed: str) -> int:
    """Problems the loader finds in the imported files (a series made up around them)."""
    blueprints = result.blueprints
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        final = {"name": completed, "kind": "final", "date": datetime.date(2030, 1, 1)}
        projects = sorted(blueprints) or ["none"]
        plan = plan_series(data, series, [final], version=series, projects=projects)
        plan.files[data / "projects.yaml"] = "projects:\n" + "".join(
            f"  {name}:\n    title: {name}\n" for name in projects
        )
        for project, entries in sorted(blueprints.items()):
            part = plan_blueprints(data, series, project, entries)
            plan.files.update(part.files)
        plan.files.update(plan_people(data, result.people).files)
        try:
            plan.check()
        except UserError as error:
            for message in error.messages:
                print(f"  {message}", file=sys.stderr)
            return len(error.messages) - 1
    return 0


def specs_rows(path: Path, projects: list[str] | None) -> tuple[list[list[object]], list[object]]:
    """One row per series of a specs repository, and the repository's row of totals."""
    specs_dir = path / "specs" if (path / "specs").is_dir() else path
    names = sorted(specs.series_names(specs_dir), key=_series_order)
    if projects is None:
        projects = _header_projects(path, names)
    rows, total = [], Counter()
    for series in names:
        row, counts = _specs_series_row(path, specs_dir, series, projects)
        rows.append(row)
        total.update(counts)
    outside = _outside_series(specs_dir)
    if outside:
        folders = sorted({f.parent.relative_to(specs_dir).as_posix() for f in outside})
        urls = sum(_raw_count(f) for f in outside)
        note = "not imported: " + ", ".join(folders)
        rows.append(["(no series)", len(outside), "–", urls, *["–"] * 3, note, "–", "–", "–"])
    summary = [
        *(path.name, _short(commit_of(path)), len(names), ", ".join(projects)),
        *(total[key] for key in ("specs", "blueprints", "found", "imported", "reported")),
        *(total[key] for key in ("lost", "in skipped", "errors")),
    ]
    return rows, summary


def _specs_series_row(
    path: Path, specs_dir: Path, series: str, projects: list[str]
) -> tuple[list[object], Counter[str]]:
    completed = f"{series}-final"
    try:
        result = specs.read_specs(path, series, projects, completed)
    except UserError as error:
        return [series, *["–"] * 10, len(error.messages)], Counter(errors=len(error.messages))
    files = [f for folder in specs.series_folders(specs_dir, series) for f in _all(folder)]
    not_specs = {n.file for n in result.notes if n.reason in NOT_SPECS}
    found = sum(_raw_count(f) for f in files if str(f) not in not_specs)
    in_skipped = sum(_raw_count(f) for f in files if str(f) in not_specs)
    skipped = Counter(n.reason for n in result.notes if n.reason in {*NOT_SPECS, "no blueprint"})
    outcomes = Counter(outcome for _, _, outcome in result.outcomes)
    imported = outcomes.pop("imported", 0)
    counts = Counter(
        specs=len(files) - len(not_specs),
        blueprints=sum(len(v) for v in result.blueprints.values()),
        found=found,
        imported=imported,
        reported=sum(outcomes.values()),
        lost=found - imported - sum(outcomes.values()),
        errors=_validate(result, series, completed),
    )
    counts["in skipped"] = in_skipped
    row = [
        series,
        *(counts[key] for key in ("specs", "blueprints", "found", "imported", "reported")),
        *(counts["lost"], _cell(outcomes), _cell(skipped), in_skipped, counts["errors"]),
    ]
    return row, counts


def _all(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()]


def _outside_series(specs_dir: Path) -> list[Path]:
    """Spec-like files in no series folder (nova's abandoned/, cinder's untargeted/...)."""
    found = []
    for path in sorted(specs_dir.rglob("*.rst")):
        parts = path.relative_to(specs_dir).parts
        if len(parts) > 1 and not any(specs.is_series_name(p) for p in parts[:-1]):
            if path.name not in {"index.rst", "README.rst"} and "template" not in path.name:
                found.append(path)
    return found


def _header_projects(path: Path, names: list[str]) -> list[str]:
    """Every project a spec header of the repository names."""
    found: set[str] = set()
    for series in names:
        result = specs.read_specs(path, series, [], None)
        found.update(link.project for spec in result.specs for link in spec.own if link.project)
    return sorted(found)


def _series_order(name: str) -> tuple[int, str]:
    return (1, name) if name[0].isdigit() else (0, name)


SPECS_HEADER = (
    "series",
    "spec files",
    "blueprints",
    "URLs found",
    "imported",
    "reported",
    "lost",
    "reported, by reason",
    "files skipped, by reason",
    "URLs in skipped files",
    "errors",
)
SUMMARY_HEADER = (
    "repository",
    "commit",
    "series",
    "projects",
    "spec files",
    "blueprints",
    "URLs found",
    "imported",
    "reported",
    "lost",
    "URLs in skipped files",
    "errors",
)


def run_specs(paths: list[str]) -> int:
    summaries = []
    for argument in paths:
        where, _, names = argument.partition("=")
        path = Path(where).expanduser()
        projects = [n for n in names.split(",") if n] or None
        rows, summary = specs_rows(path, projects)
        print_table(f"### {path.name}", SPECS_HEADER, rows)
        summaries.append(summary)
    print_table("### All repositories", SUMMARY_HEADER, summaries)
    return 1 if any(s[-1] or s[-3] for s in summaries) else 0  # errors or lost URLs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="SOURCE")
    p = sub.add_parser("specs", help="specs repositories (nova-specs, cinder-specs, ...)")
    p.add_argument("paths", nargs="+", metavar="PATH[=PROJECT,...]")
    p.set_defaults(run=lambda args: run_specs(args.paths))
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
