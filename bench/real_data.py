"""Run the importers over checkouts of the real public repositories, validate, count.

    python bench/real_data.py specs ~/src/nova-specs ~/src/cinder-specs ...

One function per source turns a checkout into rows; `print_table` prints every
table the same way (Markdown, ready for docs/importers.md).

specs: every series folder of each repository is imported with the projects its
spec headers name (`PATH=PROJECT,PROJECT` picks them), the result is checked by
the loader, and each blueprint URL is accounted for. "URLs found" is counted apart
from the importer (every `blueprints.launchpad.net` in the files it reads as
specs); every one must be imported or reported with a reason: "lost" must be 0.

    python bench/real_data.py releases ~/src/releases [--first ocata]

releases: every series of an openstack/releases checkout that has a schedule, from
`--first` to the newest in data/series_status.yaml, is imported with all its
deliverables into a temporary data/, which is then validated and built (charts
and search off). The run fails unless every series imports with 0 errors, its
final release is dated on its `initial-release` and every milestone and event lies
inside the week its label marks.
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
from cadence.importers import releases, specs  # noqa: E402
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


RELEASES_HEADER = (
    "series",
    "version",
    "status",
    "initial-release",
    "final dated",
    "milestones",
    "events",
    "projects",
    "releases",
    "highlights",
    "blueprints",
    "posts",
    "versions left out",
    "skipped labels",
    "errors",
)
SKIPPED_HEADER = ("series", "skipped labels (line of its schedule.yaml)", "reason")


def run_releases(
    checkout: Path,
    first: str,
    last: str | None,
    today: datetime.date,
    build: bool,
    commit: str | None = None,
) -> int:
    """Import, validate and build every series from `first` to `last` (default: the
    newest in data/series_status.yaml); print the tables."""
    from cadence.data import LoadError, load

    reader = releases.Checkout(checkout)
    newest = max(reader.series, key=lambda s: s.release_date or datetime.date.min)
    last = last or newest.name
    chosen = [
        s for s in reader.with_schedule() if s.release_date and _between(reader, s, first, last)
    ]
    options = releases.Options(today=today)
    rows, skipped_rows, failures = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        found: dict[str, releases.SeriesImport] = {}
        errors: Counter[str] = Counter()
        for info in chosen:
            try:
                imported = releases.import_checkout(checkout, data, [info.name], options)
            except UserError as error:
                errors[info.name] += len(error.messages)
                failures += [f"{info.name}: {m}" for m in error.messages]
                continue
            imported.plan.write()
            found[info.name] = imported.series[0]
        try:
            loaded = load(data)
        except LoadError as error:
            loaded = None
            for problem in error.problems:
                errors[_series_of_file(problem.file, found)] += 1
                failures.append(str(problem))
        posts: Counter[str] = Counter()
        if build and loaded is not None:
            posts, build_failures = _build(Path(tmp), data, today)
            for series, message in build_failures:
                errors[series] += 1
                failures.append(message)
        for info in chosen:
            result = found.get(info.name)
            series = loaded.series_by_name.get(info.name) if loaded else None
            if result is None or series is None:
                rows.append([info.name, *["–"] * 13, errors[info.name]])
                continue
            problems = _check_dates(result, series)
            failures += problems
            errors[info.name] += len(problems)
            final = next((m for m in series.milestones if m.kind == "final"), None)
            kinds = Counter(m.kind for m in series.milestones)
            delivered = sum(kinds[k] for k in ("milestone", "freeze", "release-candidate", "final"))
            project_releases = loaded.releases_of(info.name)
            rows.append(
                [
                    info.name,
                    info.version or "–",
                    info.status,
                    info.release_date.isoformat(),
                    final.date.isoformat() if final else "–",
                    delivered,
                    len(series.milestones) - delivered,
                    len(series.projects),
                    sum(len(r.releases) for r in project_releases),
                    sum(1 for r in project_releases if r.highlights),
                    len(loaded.blueprints_of(info.name)),
                    posts[info.name] if build else "–",
                    _cell(Counter(result.left_out)),
                    len(result.schedule.skipped) if result.schedule else 0,
                    errors[info.name],
                ]
            )
            skipped_rows += _skipped_rows(result)
    if not chosen or chosen[-1].name != last:
        failures.append(f"{last} (the last series asked for) has no schedule: not imported")
    print(f"openstack/releases at {_short(commit or commit_of(checkout))}, imported on {today}")
    print_table("### Series", RELEASES_HEADER, rows)
    print_table("### Skipped labels", SKIPPED_HEADER, skipped_rows)
    if failures:
        print("\nFAILED:", *failures, sep="\n  ")
        return 1
    print(
        f"\nOK: {len(rows)} series, 0 errors; every final release on its initial-release; "
        "every milestone and event inside the week its label marks"
    )
    return 0


def _between(reader: releases.Checkout, info: releases.SeriesInfo, first: str, last: str) -> bool:
    names = [s.name for s in reader.series]
    start = names.index(first) if first in names else 0
    end = names.index(last) if last in names else len(names) - 1
    return start <= names.index(info.name) <= end


def _series_of_file(file: str, found: dict[str, releases.SeriesImport]) -> str:
    for name in found:
        if f"/{name}/" in file or file.endswith(f"/{name}.yaml"):
            return name
    return "(data)"


def _check_dates(result: releases.SeriesImport, series: object) -> list[str]:
    """The final release on initial-release; every milestone inside its label's week."""
    problems = []
    info = result.info
    final = next((m for m in series.milestones if m.kind == "final"), None)  # type: ignore[attr-defined]
    if final is None or final.date != info.release_date:
        got = final.date if final else "no final release"
        problems.append(
            f"{info.name}: final release dated {got}, initial-release {info.release_date}"
        )
    for item in result.schedule.imported if result.schedule else []:
        day, last = item.entry["date"], item.entry.get("end_date", item.entry["date"])
        if not (item.week.start <= day <= last <= item.week.end):
            problems.append(
                f"{result.schedule.file}:{item.line}: '{item.label}' dated {day} (to {last}), "
                f"outside its week {item.week.start}..{item.week.end}"
            )
    return problems


def _skipped_rows(result: releases.SeriesImport) -> list[list[object]]:
    """The skipped labels of a series, grouped by reason."""
    grouped: dict[str, list[str]] = {}
    for skipped in result.schedule.skipped if result.schedule else []:
        grouped.setdefault(skipped.reason, []).append(f"`{skipped.label}` ({skipped.line})")
    return [[result.info.name, ", ".join(labels), reason] for reason, labels in grouped.items()]


def _build(
    tmp: Path, data: Path, today: datetime.date
) -> tuple[Counter[str], list[tuple[str, str]]]:
    """Build the imported data quickly (charts and search off); posts per series."""
    from cadence.build import build

    content = tmp / "content"
    content.mkdir()
    output = tmp / "output"
    overrides = {
        "PATH": str(content),
        "CADENCE_DATA_PATH": str(data),
        "CADENCE_CHARTS": False,
        "CADENCE_SEARCH": False,
        "CADENCE_TODAY": today,
        "CACHE_PATH": str(tmp / "cache"),
    }
    try:
        build(ROOT / "pelicanconf.py", output, overrides=overrides)
    except UserError as error:
        return Counter(), [("(build)", m) for m in error.messages]
    notes = output / "release-notes"
    posts = Counter(p.parent.parent.name for p in notes.glob("*/*/index.html"))
    return posts, []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="SOURCE")
    p = sub.add_parser("specs", help="specs repositories (nova-specs, cinder-specs, ...)")
    p.add_argument("paths", nargs="+", metavar="PATH[=PROJECT,...]")
    p.set_defaults(run=lambda args: run_specs(args.paths))
    p = sub.add_parser("releases", help="a checkout of openstack/releases")
    p.add_argument("checkout", type=Path)
    p.add_argument("--first", default="ocata", help="the oldest series to import (default ocata)")
    p.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=datetime.date.today(),
        help="the day of the import: milestones before it are released",
    )
    p.add_argument("--last", help="the newest series to import (default: the newest listed)")
    p.add_argument("--no-build", dest="build", action="store_false", help="validate only")
    p.add_argument("--commit", help="the commit of a checkout that is not a git repository")
    p.set_defaults(
        run=lambda args: run_releases(
            args.checkout, args.first, args.last, args.today, args.build, args.commit
        )
    )
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
