"""The schedule as iCalendar files: one per series and one for all series."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from cadence.feeds.settings import FeedSettings


def calendar(series_list: list[Any], cadence: Any, settings: FeedSettings, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Cadence//Release schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    host = settings.tag_authority.split(",")[0]
    for series in series_list:
        for m in series.milestones:
            event = Event()
            event.add("uid", f"{series.name}/{m.name}@{host}")
            event.add(
                "summary",
                f"{series.named_version}: {m.display_title} ({m.kind.replace('-', ' ')})",
            )
            event.add("dtstart", m.actual_date)
            last = max(m.actual_date, m.end_date or m.actual_date)
            event.add("dtend", last + datetime.timedelta(days=1))
            # DTSTAMP from the data, so the same data gives the same file.
            event.add(
                "dtstamp",
                datetime.datetime.combine(m.actual_date, datetime.time(), tzinfo=datetime.UTC),
            )
            event.add("url", f"{settings.site_url}/{cadence.notes_url(m)}")
            if m.released_on and m.released_on != m.date:
                event.add("description", f"Planned for {m.date.isoformat()}.")
            cal.add_component(event)
    return cal.to_ical()


def write_all(
    cadence: Any, settings: FeedSettings, output: Path, write: Callable[[Path, bytes], None]
) -> list[tuple[str, str]]:
    """Write every calendar; return (name, absolute URL) pairs for the Subscribe page."""
    links = []
    series_list = list(cadence.data.series)
    path = settings.calendar_paths["all"]
    write(output / path, calendar(series_list, cadence, settings, "Release schedule"))
    links.append(("All series", f"{settings.site_url}/{path}"))
    for series in series_list:
        path = settings.calendar_paths["series"].format(slug=series.name)
        write(output / path, calendar([series], cadence, settings, f"{series.title} schedule"))
        links.append((series.heading, f"{settings.site_url}/{path}"))
    return links
