"""Chart geometry and text, on small inline data: fast, no Pelican, no browser."""

from __future__ import annotations

import datetime
import re

from cadence.data.model import Milestone, Series
from cadence.notes import charts
from cadence.notes.report import FreezeRow
from lxml import etree

SVG = "{http://www.w3.org/2000/svg}"


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2013, month, number)


def series(**fields) -> Series:
    values = {
        "name": "havana",
        "title": "Havana",
        "version": "2013.2",
        "status": "released",
        "projects": ("nova", "glance", "swift"),
        "milestones": (),
    }
    return Series(**(values | fields))


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def markers(svg: str, group: int = 0) -> list[tuple[float, float]]:
    series_group = parse(svg).findall(f"{SVG}g[@class='series']")[group]
    return [(float(c.get("cx")), float(c.get("cy"))) for c in series_group.iter(f"{SVG}circle")]


def texts(svg: str, group: str) -> list[str]:
    return [t.text for t in parse(svg).find(f"{SVG}g[@class='{group}']").iter(f"{SVG}text")]


UNEVEN = series(
    rc_bugs=(("nova", ((day(9, 1), 10), (day(9, 8), 6), (day(9, 11), 2))),),
)


def test_points_on_a_time_axis_sit_at_their_dates():
    chart = charts.rc_bugs_chart(UNEVEN)
    assert chart.x_labels == ("1 Sep", "8 Sep", "11 Sep")
    # 7 days then 3 days: the first gap is 7/3 of the second (443.9 and 190.2)
    assert markers(charts.render(chart, charts.WIDE)) == [
        (41.9, 62.0),
        (485.8, 154.0),
        (676.0, 246.0),
    ]
    assert [x for x, _ in markers(charts.render(chart, charts.NARROW))] == [40.6, 233.4, 316.0]


def test_milestones_are_placed_by_their_dates_too():
    milestones = [
        Milestone("havana-1", "havana", "milestone", day(5, 30)),
        Milestone("havana-2", "havana", "milestone", day(7, 18), released_on=day(7, 16)),
        Milestone("havana-3", "havana", "milestone", day(9, 5)),
    ]
    chart = charts.progress_chart(series(), milestones, {"nova": [2, 5, 10]}, {"nova"})
    assert chart.x_values == (0.0, 47.0, 98.0)  # 16 July, the day it shipped
    xs = [x for x, _ in markers(charts.render(chart, charts.WIDE))]
    assert xs == [41.9, 346.0, 676.0]


def test_a_project_without_blueprints_is_not_drawn():
    milestones = [Milestone("havana-1", "havana", "milestone", day(5, 30))]
    cumulative = {"nova": [2], "glance": [0], "swift": [0]}
    chart = charts.progress_chart(series(), milestones, cumulative, {"nova", "glance"})
    # glance has blueprints, none completed yet: a real zero, drawn
    assert [row.label for row in chart.rows] == ["nova", "glance"]
    svg = charts.render(chart, charts.WIDE)
    assert texts(svg, "legend") == ["nova", "glance"]
    assert len(parse(svg).findall(f"{SVG}g[@class='series']")) == 2
    assert "swift" not in chart.alt
    assert charts.progress_chart(series(), milestones, cumulative, set()) is None


def test_a_project_keeps_its_colour_whichever_projects_are_drawn():
    both = charts.rc_bugs_chart(
        series(rc_bugs=(("glance", ((day(9, 1), 1),)), ("nova", ((day(9, 1), 2),))))
    )
    alone = charts.rc_bugs_chart(series(rc_bugs=(("glance", ((day(9, 1), 1),)),)))
    assert [(r.label, r.colour) for r in both.rows] == [("nova", "#3b7dd8"), ("glance", "#d4601c")]
    assert [(r.label, r.colour) for r in alone.rows] == [("glance", "#d4601c")]


def test_labels_are_drawn_literally_and_escaped():
    chart = charts.Chart(
        title="Costs: $5 and $10",
        kind="lines",
        x_labels=("$5", "a & b"),
        rows=(
            charts.Row("$5 and $10", (1, 2), "#3b7dd8"),
            charts.Row("<script>alert(1)</script>", (2, 1), "#d4601c"),
        ),
        y_label="<b>bugs</b>",
        alt='Line chart "quoted" <img src=x>',
    )
    svg = charts.render(chart, charts.WIDE)
    assert "<script>" not in svg and "<b>" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    root = parse(svg)
    assert root.get("aria-label") == 'Line chart "quoted" <img src=x>'
    assert texts(svg, "legend") == ["$5 and $10", "<script>alert(1)</script>"]
    assert texts(svg, "x-labels") == ["$5", "a & b"]
    assert [t.text for t in root.findall(f"{SVG}text")] == ["<b>bugs</b>"]
    # the caption is the figure's: never drawn inside the image
    assert "Costs" not in svg


def test_same_chart_same_bytes_whatever_the_order_of_the_data():
    nova = ("nova", ((day(9, 1), 41), (day(9, 8), 14)))
    glance = ("glance", ((day(9, 1), 12), (day(9, 8), 4)))
    first = charts.rc_bugs_chart(series(rc_bugs=(nova, glance)))
    second = charts.rc_bugs_chart(series(rc_bugs=(glance, nova)))
    for layout in (charts.WIDE, charts.NARROW):
        svg = charts.render(first, layout)
        assert svg == charts.render(second, layout)
        # coordinates have one decimal at most: no float noise from run to run
        coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2|cx|cy|width|height|points)="([^"]*)"', svg)
        assert len(coordinates) > 50
        assert all(
            re.fullmatch(r"-?\d+(\.\d)?", n) for c in coordinates for n in re.split("[ ,]", c)
        )


def test_stacked_bars_are_proportional_and_show_their_totals():
    rows = [FreezeRow("high", 3, 2, 0, 0, 1), FreezeRow("low", 1, 1, 0, 0, 0)]
    chart = charts.freeze_chart("havana-3", rows)
    # the table keeps every kind; the drawing and its legend only those that occur
    assert [row.label for row in chart.rows] == ["merged", "late", "proposed", "deferred"]
    svg = charts.render(chart, charts.WIDE)
    assert texts(svg, "legend") == ["merged", "deferred"]
    bars = parse(svg).findall(f"{SVG}g[@class='bar']")
    assert [
        [(r.get("x"), r.get("width"), r.get("fill")) for r in bar.iter(f"{SVG}rect")]
        for bar in bars
    ] == [
        [("44", "420.7", "#2e8b57"), ("464.7", "210.4", "#7b828c")],
        [("44", "210.4", "#2e8b57")],
    ]
    assert [[t.text for t in bar.iter(f"{SVG}text")] for bar in bars] == [
        ["high", "3"],
        ["low", "1"],
    ]


def test_nothing_to_draw_gives_no_chart():
    empty = [FreezeRow("high", 0, 0, 0, 0, 0)]
    assert charts.freeze_chart("havana-3", empty) is None
    assert charts.rc_bugs_chart(series()) is None
    assert charts.milestone_chart("havana-1", [], ("high", "low")) is None


def test_close_milestones_get_their_own_line_on_a_phone():
    dates = [day(5, 30), day(7, 18), day(9, 5), day(9, 26), day(10, 17)]
    names = ["havana-1", "havana-2", "havana-3", "havana-rc1", "havana-final"]
    milestones = [Milestone(n, "havana", "milestone", d) for n, d in zip(names, dates, strict=True)]
    chart = charts.progress_chart(series(), milestones, {"nova": [2, 5, 10, 10, 10]}, {"nova"})
    labels = parse(charts.render(chart, charts.NARROW)).find(f"{SVG}g[@class='x-labels']")
    assert [(t.text, t.get("y")) for t in labels] == [
        ("havana-1", "278.6"),
        ("havana-2", "278.6"),
        ("havana-3", "278.6"),
        ("havana-rc1", "295.5"),
        ("havana-final", "312.4"),
    ]
    # a wide column has room for more on the first line
    wide = parse(charts.render(chart, charts.WIDE)).find(f"{SVG}g[@class='x-labels']")
    assert [t.get("y") for t in wide] == ["313.8", "313.8", "313.8", "313.8", "332"]


def test_every_text_has_the_size_of_its_layout():
    chart = charts.rc_bugs_chart(UNEVEN)
    for layout, size, width in [(charts.WIDE, "14", "700"), (charts.NARROW, "13", "340")]:
        root = parse(charts.render(chart, layout))
        assert root.get("font-size") == size
        assert root.get("viewBox").split()[2] == width
        assert [e for e in root.iter() if e.get("font-size") and e is not root] == []
        # text takes the page's colour, in either scheme
        assert root.get("fill") == "currentColor"


def test_y_ticks_are_round_numbers_above_the_data():
    assert charts.nice_ticks(41, 5) == [0, 10, 20, 30, 40, 50]
    assert charts.nice_ticks(10, 4) == [0, 5, 10]
    assert charts.nice_ticks(3, 5) == [0, 1, 2, 3]
    assert charts.nice_ticks(0, 5) == [0, 1]
