"""Charts as inline SVG, written directly: no plotting library.

A chart is data (`Chart`); `render(chart, layout)` turns it into SVG text for one
of two layouts: `WIDE` for a desktop column and `NARROW` for a phone, each sized so
its text is drawn at 12 px or more where the theme shows it (theme/static/css).
The SVG belongs to the page: text and axes are drawn in `currentColor` (the
page's text colour in either scheme), series colours keep a 3:1 contrast against
both the light and the dark background, and the caption is the figure's, never
repeated inside the image. Every label is escaped text, and the same chart gives
the same bytes. The template puts the numbers next to it as a table.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from cadence.data.model import Milestone, Series

#: Series colours, each >= 3.6:1 against the light (#fff) and dark (#15181d) page.
PALETTE = (
    "#3b7dd8",  # blue
    "#d4601c",  # orange
    "#2e8b57",  # green
    "#8b5cf6",  # violet
    "#d94c8a",  # pink
    "#14918f",  # teal
    "#b7791f",  # ochre
    "#7b828c",  # grey
)
#: Fixed colours where a label means the same everywhere.
PRIORITY_COLOURS = {
    "essential": "#d94c8a",
    "high": "#8b5cf6",
    "medium": "#3b7dd8",
    "low": "#14918f",
    "undefined": "#7b828c",
}
FREEZE_COLOURS = {
    "merged": "#2e8b57",
    "late": "#b7791f",
    "proposed": "#3b7dd8",
    "deferred": "#7b828c",
}
#: Marker shapes of line charts, so series differ by more than colour.
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "hexagon")


@dataclass(frozen=True)
class Row:
    """One series: a value per x label (None where nothing was measured)."""

    label: str
    values: tuple[int | None, ...]
    colour: str
    marker: str = "circle"


@dataclass(frozen=True)
class Chart:
    """A chart to draw: "lines" over x, or "bars" (one stacked bar per x label)."""

    title: str  # the figure caption, shown once, outside the image
    kind: Literal["lines", "bars"]
    x_labels: tuple[str, ...]
    rows: tuple[Row, ...]
    y_label: str
    alt: str
    #: where each x label sits on a time axis (days); None: evenly spaced
    x_values: tuple[float, ...] | None = None

    def svg(self, layout: str) -> Markup:
        """The chart as inline SVG for the layout "wide" or "narrow"."""
        return Markup(render(self, LAYOUTS[layout]))


@dataclass(frozen=True)
class Layout:
    """Sizes in SVG units; the theme scales `width` to the column."""

    name: str
    width: int
    font: int  # every text of a chart has this size
    plot_height: int  # lines: height of the plotting area
    bar: int  # bars: thickness of one bar
    pad: int = 6


#: Shown at 600-712 px: text 12-14.2 px.
WIDE = Layout("wide", width=700, font=14, plot_height=230, bar=22)
#: Shown at 328-440 px (phones of 360-470 px): text 12.5-16.8 px.
NARROW = Layout("narrow", width=340, font=13, plot_height=200, bar=22)
LAYOUTS = {layout.name: layout for layout in (WIDE, NARROW)}


# -- the charts of the site -----------------------------------------------------


def progress_chart(
    series: Series,
    milestones: Sequence[Milestone],
    cumulative: Mapping[str, Sequence[int]],
    with_blueprints: Collection[str],
) -> Chart | None:
    """Blueprints completed so far, per project, after each milestone, placed by
    date. Projects without a blueprint in the series have nothing to draw and
    are left out; None when no project has any."""
    drawn = {p: counts for p, counts in cumulative.items() if p in with_blueprints}
    if not drawn or not milestones:
        return None
    rows = _project_rows(series.projects, drawn)
    final = ", ".join(f"{row.label}: {row.values[-1]}" for row in rows)
    first = milestones[0].actual_date
    return Chart(
        title=f"{series.title}: completed blueprints, cumulative",
        kind="lines",
        x_labels=tuple(m.name for m in milestones),
        x_values=tuple(float((m.actual_date - first).days) for m in milestones),
        rows=rows,
        y_label="blueprints",
        alt=f"Line chart of blueprints completed in {series.title} by milestone, per project. "
        f"Totals at the end: {final}. The table below has every number.",
    )


def rc_bugs_chart(series: Series) -> Chart | None:
    """Open release-critical bugs per project, on a time axis; None without data."""
    if not series.rc_bugs:
        return None
    days = sorted({day for _, points in series.rc_bugs for day, _ in points})
    counts = {project: dict(points) for project, points in series.rc_bugs}
    values = {project: [counts[project].get(day) for day in days] for project in counts}
    return Chart(
        title=f"{series.title}: open release-critical bugs",
        kind="lines",
        x_labels=tuple(f"{day.day} {day:%b}" for day in days),
        x_values=tuple(float((day - days[0]).days) for day in days),
        rows=_project_rows(series.projects, values),
        y_label="open bugs",
        alt=f"Line chart of open release-critical bugs per project in the weeks before the "
        f"{series.title} release. The table below has every number.",
    )


def freeze_chart(milestone: str, rows: Sequence) -> Chart | None:
    """Targeted blueprints per priority at a freeze; None when nothing was targeted."""
    kinds = tuple(FREEZE_COLOURS)
    series = tuple(
        Row(kind, tuple(int(getattr(r, kind)) for r in rows), FREEZE_COLOURS[kind])
        for kind in kinds
    )
    if not any(any(row.values) for row in series):
        return None
    return Chart(
        title=f"{milestone}: blueprints by priority at the freeze",
        kind="bars",
        x_labels=tuple(r.priority for r in rows),
        rows=series,
        y_label="blueprints",
        alt="Bar chart of targeted blueprints per priority, split into merged, late, "
        "proposed and deferred. The table above has every number.",
    )


def milestone_chart(milestone: str, notes: Sequence, priorities: Sequence[str]) -> Chart | None:
    """Blueprints completed in a milestone per project, split by priority."""
    rows = tuple(
        Row(
            priority,
            tuple(sum(1 for b in n.completed if b.priority == priority) for n in notes),
            PRIORITY_COLOURS.get(priority, PALETTE[-1]),
        )
        for priority in priorities
    )
    rows = tuple(row for row in rows if any(row.values))
    if not rows:
        return None
    return Chart(
        title=f"{milestone}: completed blueprints by project and priority",
        kind="bars",
        x_labels=tuple(n.project for n in notes),
        rows=rows,
        y_label="blueprints",
        alt=f"Bar chart of the blueprints completed in {milestone}, per project, "
        "split by priority. The table below has every number.",
    )


def _project_rows(
    order: Sequence[str], values: Mapping[str, Sequence[int | None]]
) -> tuple[Row, ...]:
    """Rows in the series' project order; a project keeps its colour and marker
    in every chart of its series, whichever projects have data."""
    position = {name: i for i, name in enumerate(order)}
    names = sorted(values, key=lambda name: (position.get(name, len(position)), name))
    rows = []
    for name in names:
        i = position.get(name, len(position))
        rows.append(
            Row(
                name,
                tuple(values[name]),
                PALETTE[i % len(PALETTE)],
                MARKERS[i % len(MARKERS)],
            )
        )
    return tuple(rows)


# -- drawing --------------------------------------------------------------------


def render(chart: Chart, layout: Layout) -> str:
    """The chart as an <svg> element (a string of escaped, deterministic SVG)."""
    if chart.kind == "lines":
        height, body = _lines(chart, layout)
    else:
        height, body = _bars(chart, layout)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {layout.width} {_n(height)}" width="{layout.width}" height="{_n(height)}" '
        f'role="img" aria-label="{escape(chart.alt)}" font-size="{layout.font}" '
        f'fill="currentColor">' + "".join(body) + "</svg>"
    )


def text_width(text: str, font: float) -> float:
    """A generous estimate of the width of `text` in the site's sans-serif font,
    so labels never collide whichever font the reader has: widths (in em) of
    DejaVu Sans, among the widest of the usual system fonts."""
    narrow, wide = "fijlrtI.,:;'!|() ", "mwMW@%"

    def units(c: str) -> float:
        if unicodedata.east_asian_width(c) in "WF":
            return 1.0
        if c in narrow or c in wide:
            return 0.34 if c in narrow else 0.92
        return 0.64 if c.isdigit() else 0.74 if c.isupper() else 0.6

    return sum(units(c) for c in text) * font


def nice_ticks(top: float, count: int) -> list[int]:
    """0 and whole-number steps of 1, 2 or 5 x 10^k up to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    last = math.ceil(top / step) * step
    return list(range(0, int(last) + 1, int(step)))


def _n(value: float) -> str:
    """A coordinate with one decimal at most: short, and the same on every run."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _text(x: float, y: float, label: str, anchor: str = "start", css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{anchor_attr}{cls}>{escape(label)}</text>'


def _fit(label: str, width: float, font: float) -> str:
    """`label`, cut with an ellipsis to fit `width` (the table has it in full)."""
    if text_width(label, font) <= width:
        return label
    while label and text_width(label + "…", font) > width:
        label = label[:-1]
    return label + "…"


def _legend(rows: Iterable[Row], layout: Layout, top: float, kind: str) -> tuple[float, list[str]]:
    """Swatches and labels flowing over as many lines as needed; (bottom, parts)."""
    f = layout.font
    line = f * 1.6
    key = 22.0 if kind == "lines" else 12.0
    x, y = float(layout.pad), top
    parts = ['<g class="legend">']
    for row in rows:
        label = _fit(row.label, layout.width - 2 * layout.pad - key - 6, f)
        width = key + 6 + text_width(label, f)
        if x > layout.pad and x + width > layout.width - layout.pad:
            x, y = float(layout.pad), y + line
        middle = y + line / 2
        if kind == "lines":
            parts.append(
                f'<line x1="{_n(x)}" y1="{_n(middle)}" x2="{_n(x + key)}" y2="{_n(middle)}" '
                f'stroke="{row.colour}" stroke-width="2.5"/>'
            )
            parts.append(_marker(row.marker, x + key / 2, middle, row.colour))
        else:
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(middle - 6)}" width="12" height="12" '
                f'fill="{row.colour}"/>'
            )
        parts.append(_text(x + key + 6, middle + f * 0.35, label))
        x += width + f * 1.2
    parts.append("</g>")
    return y + line, parts


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}"/>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" '
            f'fill="{colour}"/>'
        )
    corners = {
        "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "triangle-down": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "hexagon": [(math.cos(a), math.sin(a)) for a in (math.pi * k / 3 for k in range(6))],
    }[shape]
    points = " ".join(f"{_n(x + dx * r)},{_n(y + dy * r)}" for dx, dy in corners)
    return f'<polygon points="{points}" fill="{colour}"/>'


def _x_labels(
    labels: Sequence[str], xs: Sequence[float], layout: Layout, lines: int = 3
) -> list[tuple[str, float, int]]:
    """(label, x, line) of the x labels that fit: each on the first of `lines`
    lines where it clears the label before it, else left out (the table has them
    all). The last label is always shown: a time axis ends on its latest date."""
    f, gap = layout.font, layout.font * 0.6
    ends = [-math.inf] * lines  # right edge of the last label on each line
    placed: list[tuple[str, float, int, float]] = []
    for i, (label, x) in enumerate(zip(labels, xs, strict=True)):
        width = text_width(label, f)
        centre = min(max(x, layout.pad + width / 2), layout.width - layout.pad - width / 2)
        line = next((n for n in range(lines) if centre - width / 2 >= ends[n] + gap), None)
        if line is None and i == len(labels) - 1:
            line = 0
            placed = [p for p in placed if p[2] != 0 or p[1] + p[3] / 2 + gap <= centre - width / 2]
        if line is not None:
            placed.append((label, centre, line, width))
            ends[line] = centre + width / 2
    return [(label, x, line) for label, x, line, _ in placed]


def _lines(chart: Chart, layout: Layout) -> tuple[float, list[str]]:
    f, pad = layout.font, layout.pad
    legend_bottom, parts = _legend(chart.rows, layout, pad, "lines")
    top = legend_bottom + f * 2.4  # room for the axis title above the plot
    values = [v for row in chart.rows for v in row.values if v is not None]
    ticks = nice_ticks(max(values, default=0), 5)
    left = pad + max(text_width(str(t), f) for t in ticks) + 8
    right = layout.width - pad - 8
    bottom = top + layout.plot_height
    positions = chart.x_values or tuple(float(i) for i in range(len(chart.x_labels)))
    span = (positions[-1] - positions[0]) or 1.0
    inset = 10.0  # markers clear of the axes

    def x_of(position: float) -> float:
        if len(positions) == 1:
            return (left + right) / 2
        return left + inset + (position - positions[0]) / span * (right - left - 2 * inset)

    def y_of(value: float) -> float:
        return bottom - value / ticks[-1] * layout.plot_height

    parts.append(_text(pad, top - f * 1.2, chart.y_label, css="muted axis-title"))
    parts.append('<g class="grid" stroke="currentColor" stroke-opacity="0.18">')
    for tick in ticks:
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y_of(tick))}" x2="{_n(right)}" y2="{_n(y_of(tick))}"/>'
        )
    parts.append("</g>")
    parts.append('<g class="y-axis">')
    for tick in ticks:
        parts.append(_text(left - 8, y_of(tick) + f * 0.35, str(tick), "end", "muted"))
    parts.append("</g>")
    xs = [x_of(p) for p in positions]
    parts.append('<g class="x-axis" stroke="currentColor" stroke-opacity="0.6">')
    parts.append(f'<line x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(right)}" y2="{_n(bottom)}"/>')
    for x in xs:
        parts.append(f'<line x1="{_n(x)}" y1="{_n(bottom)}" x2="{_n(x)}" y2="{_n(bottom + 5)}"/>')
    parts.append("</g>")
    shown = _x_labels(chart.x_labels, xs, layout)
    lines = 1 + max((line for *_, line in shown), default=0)
    parts.append('<g class="x-labels">')
    for label, x, line in shown:
        parts.append(_text(x, bottom + 5 + f * (1.2 + 1.3 * line), label, "middle", "muted"))
    parts.append("</g>")
    for row in chart.rows:
        points = [(x, y_of(v)) for x, v in zip(xs, row.values, strict=True) if v is not None]
        if not points:
            continue
        parts.append('<g class="series">')
        parts.append(
            '<polyline points="'
            + " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
            + f'" fill="none" stroke="{row.colour}" stroke-width="2.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        parts.extend(_marker(row.marker, x, y, row.colour) for x, y in points)
        parts.append("</g>")
    height = bottom + 5 + f * (1.2 + 1.3 * (lines - 1)) + f * 0.5 + pad
    return height, parts


def _bars(chart: Chart, layout: Layout) -> tuple[float, list[str]]:
    """Horizontal stacked bars: a label per bar on the left reads at any width."""
    f, pad = layout.font, layout.pad
    drawn = [row for row in chart.rows if any(row.values)]
    legend_bottom, parts = _legend(drawn, layout, pad, "bars")
    top = legend_bottom + f * 0.6
    totals = [sum(row.values[i] or 0 for row in chart.rows) for i in range(len(chart.x_labels))]
    ticks = nice_ticks(max(totals, default=0), 5 if layout is WIDE else 3)
    label_room = min(max(text_width(x, f) for x in chart.x_labels), layout.width * 0.4)
    left = pad + label_room + 8
    right = layout.width - pad - text_width(str(max(totals)), f) - 10
    step = layout.bar + 10
    bottom = top + step * len(chart.x_labels)

    def x_of(value: float) -> float:
        return left + value / ticks[-1] * (right - left)

    parts.append('<g class="grid" stroke="currentColor" stroke-opacity="0.18">')
    for tick in ticks[1:]:
        parts.append(
            f'<line x1="{_n(x_of(tick))}" y1="{_n(top)}" x2="{_n(x_of(tick))}" y2="{_n(bottom)}"/>'
        )
    parts.append("</g>")
    parts.append(
        f'<line class="axis" x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(bottom)}" '
        'stroke="currentColor" stroke-opacity="0.6"/>'
    )
    for i, (category, total) in enumerate(zip(chart.x_labels, totals, strict=True)):
        y = top + step * i + 5
        middle = y + layout.bar / 2 + f * 0.35
        parts.append('<g class="bar">')
        parts.append(_text(left - 8, middle, _fit(category, label_room, f), "end"))
        start = 0.0
        for row in drawn:
            value = row.values[i] or 0
            if value:
                parts.append(
                    f'<rect class="seg" x="{_n(x_of(start))}" y="{_n(y)}" '
                    f'width="{_n(x_of(start + value) - x_of(start))}" height="{layout.bar}" '
                    f'fill="{row.colour}"/>'
                )
            start += value
        parts.append(_text(x_of(total) + 6, middle, str(total), css="total"))
        parts.append("</g>")
    parts.append('<g class="x-axis">')
    for tick in ticks:
        parts.append(_text(x_of(tick), bottom + f * 1.2, str(tick), "middle", "muted"))
    parts.append("</g>")
    parts.append(_text(right, bottom + f * 2.6, chart.y_label, "end", "muted axis-title"))
    return bottom + f * 2.6 + f * 0.4 + pad, parts
