"""Where a build's time goes: wall and CPU time of each phase of one `cadence build`.

    python bench/phases.py SITE [--settings benchconf.py] [--cold] [--edit FILE]

SITE is a project folder, e.g. bench/work/blog/cadence after `invoke bench --size
blog`. The build runs in this process with timers around Pelican's and Cadence's
phases; CPU time counts this process and the workers it waited for (Markdown
conversion, page rendering, Pagefind). `--cold` empties cache/ and the output
first; `--edit FILE` (relative to SITE) appends a sentence to FILE before building
(a rebuild after one edit). The output goes to SITE/../phases-output. Prints one line per phase.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

START = time.perf_counter()

import cadence.build as build  # noqa: E402
import cadence.checks as checks  # noqa: E402
import cadence.feeds.generator as feeds  # noqa: E402
import cadence.rendering as rendering  # noqa: E402
import pelican  # noqa: E402
import pelican.generators as generators  # noqa: E402

IMPORTS = time.perf_counter() - START
TOTALS: dict[str, list[float]] = {}


def cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, (own, children) = time.perf_counter(), cpu()
        try:
            return original(*args, **kwargs)
        finally:
            after = cpu()
            total = TOTALS.setdefault(label, [0.0, 0.0, 0.0])
            total[0] += time.perf_counter() - wall
            total[1] += after[0] - own
            total[2] += after[1] - children

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--settings", default="benchconf.py")
    parser.add_argument("--cold", action="store_true", help="empty cache/ and the output first")
    parser.add_argument("--edit", type=Path, help="append a sentence to this file first")
    args = parser.parse_args()
    site = args.site.resolve()
    os.chdir(site)
    output = site.parent / "phases-output"
    if args.cold:
        shutil.rmtree("cache", ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)
    if args.edit:
        args.edit.write_text(args.edit.read_text() + "\nOne more sentence.\n")

    timed(checks, "check_sources", "content lint")
    timed(generators.ArticlesGenerator, "generate_context", "posts read (Markdown)")
    timed(generators.PagesGenerator, "generate_context", "pages read")
    timed(checks, "check_before_writing", "output checks")
    timed(generators.ArticlesGenerator, "generate_output", "posts and lists written")
    timed(feeds.FeedsGenerator, "generate_output", "feeds and calendars written")
    timed(rendering.IncrementalWriter, "_render_deferred", "pages rendered (workers)")
    timed(build, "search_index", "search index (Pagefind)")
    timed(build, "_replace", "output put in place")
    timed(pelican.Pelican, "run", "Pelican run, all of it")
    started = time.perf_counter()
    build.build(args.settings, output)
    total = time.perf_counter() - started
    print(f"{'phase':34s} {'wall s':>7s} {'CPU s':>7s} {'workers CPU s':>14s}")
    print(f"{'imports':34s} {IMPORTS:7.2f}")
    for label, (wall, own, children) in TOTALS.items():
        print(f"{label:34s} {wall:7.2f} {own:7.2f} {children:14.2f}")
    own, children = cpu()
    print(f"{'build, all of it':34s} {total:7.2f} {own:7.2f} {children:14.2f}")


if __name__ == "__main__":
    sys.exit(main())
