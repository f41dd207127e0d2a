"""Series, project, schedule and release-notes index pages.

A Pelican generator of its own: it writes after the articles generator has
finished, so pages can link every generated post.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican.generators import Generator

from cadence import theme
from cadence.notes import charts, report
from cadence.notes.posts import generated
from cadence.notes.site import CadenceSite

logger = logging.getLogger(__name__)


def get_generators(pelican: Any) -> type[Generator]:
    return ReleasePagesGenerator


class ReleasePagesGenerator(Generator):
    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        site = CadenceSite.of(self.context)
        if site is None:
            return
        relative = self.settings["RELATIVE_URLS"]
        data = site.data
        current, upcoming = site.current_and_next()

        def write(url: str, template: str, **values: Any) -> None:
            writer.write_file(
                site.urls.save_as(url),
                theme.page_template(self, template),
                self.context,
                relative_urls=relative,
                url=url,
                page_url=url,
                current_milestone=current,
                next_milestone=upcoming,
                **values,
            )

        for series in data.series:
            progress = report.milestone_progress(data, series)
            cumulative = report.cumulative_completed(data, series)
            write(
                site.urls.series(series.name),
                "cadence/series",
                series=series,
                progress=progress,
                progress_chart=site.add_chart(
                    charts.progress_chart(
                        series,
                        [p.milestone for p in progress],
                        cumulative,
                        {b.project for b in data.blueprints_of(series.name)},
                    )
                ),
                rc_bugs_chart=site.add_chart(charts.rc_bugs_chart(series)),
                completed=_completed_by_project(site, series),
                status=site.series_status(series),
                tracks_blueprints=bool(data.blueprints_of(series.name)),
            )
        for project in data.projects:
            rows = [
                (series, report.by_priority(data.blueprints_of(series.name, project.name)))
                for series in reversed(data.series)
                if project.name in series.projects
            ]
            write(
                site.urls.project(project.name),
                "cadence/project",
                project=project,
                rows=[(s, bps) for s, bps in rows if bps],
                series_list=[s for s, _ in rows],
            )
        write(site.urls.schedule, "cadence/schedule", all_series=list(reversed(data.series)))
        upcoming_series = site.coming_up()
        if upcoming_series is not None:
            write(
                site.urls.coming_up,
                "cadence/coming_up",
                series=upcoming_series,
                plan=report.coming_up(data, upcoming_series),
            )
        posts = sorted(
            list(site.notes.values()) + list(site.freeze_reports.values()),
            key=lambda a: (a.date, generated(a).kind == "freeze-report"),
            reverse=True,
        )
        write(site.urls.notes_index, "cadence/notes_index", posts=posts)

    def planned_outputs(self) -> list[tuple[str, str, str]]:
        """(path, what it is, the setting that decides it) for every page written
        here (the checks plugin claims them before anything is written)."""
        site = CadenceSite.of(self.context)
        if site is None:
            return []
        urls = site.urls
        planned = [
            *(
                (
                    urls.save_as(urls.series(s.name)),
                    f"the page of series {s.name!r}",
                    "CADENCE_SERIES_URL",
                )
                for s in site.data.series
            ),
            *(
                (
                    urls.save_as(urls.project(p.name)),
                    f"the page of project {p.name!r}",
                    "CADENCE_PROJECT_URL",
                )
                for p in site.data.projects
            ),
            (urls.save_as(urls.schedule), "the schedule page", "CADENCE_SCHEDULE_URL"),
            (urls.save_as(urls.notes_index), "the release notes index", "CADENCE_NOTES_INDEX_URL"),
        ]
        if site.coming_up() is not None:
            planned.append(
                (urls.save_as(urls.coming_up), "the Coming up page", "CADENCE_COMING_UP_URL")
            )
        return planned


def _completed_by_project(
    site: CadenceSite, series: Any
) -> list[tuple[str, list[tuple[Any, list[Any]]]]]:
    """[(project, [(milestone, [blueprints])])] in series and milestone order."""
    result = []
    for project in series.projects:
        groups = []
        for m in series.milestones:
            done = report.by_priority(
                b for b in site.data.blueprints_of(series.name, project) if b.completed == m.name
            )
            if done:
                groups.append((m, done))
        if groups:
            result.append((project, groups))
    return result
