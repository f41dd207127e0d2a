"""Charts as SVG, drawn at build time with matplotlib.

Each chart comes with the same numbers as a table in the page, and an alt text;
the SVG is deterministic (fixed hash salt, no date) so rebuilds are byte-identical.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from cadence.cache import Cache

_PALETTE = ["#0a5ea8", "#c2410c", "#1d6b3a", "#7c3aed", "#a16207", "#be185d", "#0f766e", "#4b5563"]


@dataclass(frozen=True)
class Chart:
    """A chart to draw: `kind` is "lines" or "stacked"; rows are (label, values)."""

    path: str  # output path relative to the site root, e.g. charts/diablo/progress.svg
    title: str
    kind: str
    x_labels: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    y_label: str
    alt: str


#: Bump when the drawing code changes, so cached charts are redrawn.
STYLE_VERSION = "charts-2"


def render_all(items: list[tuple[str, Chart]], cache: Cache) -> Iterator[tuple[str, bytes]]:
    """(path, SVG) for every chart: from the cache when the same chart was drawn
    before, else drawn, on every core when there are many."""
    from importlib.metadata import version  # cheaper than importing matplotlib

    salt = version("matplotlib")
    todo: list[tuple[str, Chart, str]] = []
    for path, chart in items:
        key = cache.key(salt, repr(chart))
        svg = cache.get(key, ".svg")
        if svg is not None:
            yield path, svg
        else:
            todo.append((path, chart, key))
    workers = min(os.cpu_count() or 1, len(todo) // 8)
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            drawn = list(pool.map(render, [chart for _, chart, _ in todo], chunksize=4))
    else:
        drawn = [render(chart) for _, chart, _ in todo]
    for (path, _, key), svg in zip(todo, drawn, strict=True):
        cache.put(key, ".svg", svg)
        yield path, svg


def render(chart: Chart) -> bytes:
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "cadence"
    matplotlib.rcParams["svg.fonttype"] = "none"
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 3.6), dpi=100, facecolor="white")
    axes = figure.add_subplot()
    positions = list(range(len(chart.x_labels)))
    if chart.kind == "lines":
        for i, (label, values) in enumerate(chart.rows):
            axes.plot(positions, values, marker="o", label=label, color=_PALETTE[i % len(_PALETTE)])
    else:
        bottom = [0.0] * len(positions)
        for i, (label, values) in enumerate(chart.rows):
            axes.bar(
                positions, values, bottom=bottom, label=label, color=_PALETTE[i % len(_PALETTE)]
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(
        positions,
        chart.x_labels,
        rotation=30 if len(positions) > 6 else 0,
        ha="right" if len(positions) > 6 else "center",
    )
    axes.set_ylabel(chart.y_label)
    axes.set_title(chart.title)
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    if chart.rows:
        axes.legend(frameon=False, fontsize="small")
    # Fixed margins: tight_layout measures every label and costs half the render.
    figure.subplots_adjust(
        left=0.09, right=0.98, top=0.9, bottom=0.2 if len(positions) > 6 else 0.12
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "Cadence"})
    return buffer.getvalue()


def progress_chart(
    series_name: str, title: str, x_labels: list[str], cumulative: dict[str, list[int]]
) -> Chart:
    rows = tuple((project, tuple(values)) for project, values in cumulative.items())
    final = ", ".join(f"{p}: {v[-1]}" for p, v in rows if v)
    return Chart(
        path=f"charts/{series_name}/progress.svg",
        title=f"{title}: completed blueprints, cumulative",
        kind="lines",
        x_labels=tuple(x_labels),
        rows=rows,
        y_label="blueprints",
        alt=f"Line chart of blueprints completed in {title} by milestone, per project. "
        f"Totals at the end: {final}. The table below has every number.",
    )


def rc_bugs_chart(
    series_name: str,
    title: str,
    rc_bugs: tuple[tuple[str, tuple[tuple[object, int], ...]], ...],
    order: tuple[str, ...] = (),
) -> Chart | None:
    if not rc_bugs:
        return None
    days = sorted({day for _, points in rc_bugs for day, _ in points})
    rows = []
    # the series' own project order, so each project keeps its colour across charts
    position = {name: i for i, name in enumerate(order)}
    for project, points in sorted(rc_bugs, key=lambda item: position.get(item[0], len(position))):
        counts = dict(points)
        rows.append((project, tuple(float(counts.get(day, float("nan"))) for day in days)))
    return Chart(
        path=f"charts/{series_name}/rc-bugs.svg",
        title=f"{title}: open release-critical bugs",
        kind="lines",
        x_labels=tuple(day.strftime("%d %b") for day in days),  # type: ignore[attr-defined]
        rows=tuple(rows),
        y_label="open bugs",
        alt=f"Line chart of open release-critical bugs per project in the weeks before the "
        f"{title} release. The table below has every number.",
    )


def freeze_chart(series_name: str, milestone: str, rows: list) -> Chart:
    kinds = ("merged", "late", "proposed", "deferred")
    return Chart(
        path=f"charts/{series_name}/{milestone}-freeze.svg",
        title=f"{milestone}: blueprints by priority at the freeze",
        kind="stacked",
        x_labels=tuple(r.priority for r in rows),
        rows=tuple((k, tuple(float(getattr(r, k)) for r in rows)) for k in kinds),
        y_label="blueprints",
        alt="Stacked bar chart of targeted blueprints per priority, split into merged, late, "
        "proposed and deferred. The table above has every number.",
    )


def milestone_chart(
    series_name: str, milestone: str, notes: list, priorities: tuple[str, ...]
) -> Chart:
    rows = tuple(
        (
            priority,
            tuple(float(sum(1 for b in n.completed if b.priority == priority)) for n in notes),
        )
        for priority in priorities
    )
    rows = tuple(r for r in rows if any(r[1]))
    return Chart(
        path=f"charts/{series_name}/{milestone}.svg",
        title=f"{milestone}: completed blueprints by project and priority",
        kind="stacked",
        x_labels=tuple(n.project for n in notes),
        rows=rows,
        y_label="blueprints",
        alt=f"Stacked bar chart of the blueprints completed in {milestone}, per project, "
        "split by priority. The table below has every number.",
    )
