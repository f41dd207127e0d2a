"""Per-run state: the loaded data, the settings and the URLs of generated pages.

One `CadenceSite` is made per Pelican run (at article_generator_init) and kept in
the shared context as `cadence`, where templates and other plugins find it.
Nothing is kept at module level, so live preview never serves stale data.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cadence import settings as cadence_settings
from cadence.data import load
from cadence.data.model import Milestone, ReleaseData, Series
from cadence.data.schema import RELEASED_STATUSES
from cadence.errors import NOTICE, Diagnostic, report
from cadence.notes.charts import Chart
from cadence.notes.settings import NotesSettings
from cadence.settings import save_as

#: The key of the per-run `CadenceSite` in Pelican's context (templates read it too).
CONTEXT_KEY = "cadence"

logger = logging.getLogger(__name__)


class Urls:
    """URLs (relative to SITEURL) and output paths of everything generated."""

    def __init__(self, settings: NotesSettings) -> None:
        self._s = settings
        self.notes_index = settings.notes_index_url
        self.schedule = settings.schedule_url
        self.coming_up = settings.coming_up_url

    def milestone(self, m: Milestone) -> str:
        return self._s.notes_url.format(series=m.series, milestone=m.name)

    def freeze(self, m: Milestone) -> str:
        return self._s.freeze_url.format(series=m.series, milestone=m.name)

    def series(self, name: str) -> str:
        return self._s.series_url.format(series=name)

    def project(self, name: str) -> str:
        return self._s.project_url.format(project=name)

    save_as = staticmethod(save_as)


@dataclass
class CadenceSite:
    data: ReleaseData
    settings: NotesSettings
    timezone: ZoneInfo
    today: datetime.date
    urls: Urls = field(init=False)
    #: milestone name -> generated release-note article (filled at pretaxonomy)
    notes: dict[str, Any] = field(default_factory=dict)
    #: milestone name -> generated freeze report article
    freeze_reports: dict[str, Any] = field(default_factory=dict)
    #: milestones that have a release-note post (decided at pretaxonomy)
    posted: set[str] = field(default_factory=set)
    #: unknown {blueprint}/{milestone} references, reported together
    link_problems: list[tuple[str, int, str]] = field(default_factory=list)

    def add_chart(self, chart: Chart | None) -> Chart | None:
        """The chart to show, None when charts are off or there is no chart."""
        return chart if self.settings.charts else None

    def __post_init__(self) -> None:
        self.urls = Urls(self.settings)

    @staticmethod
    def of(context: dict[str, Any]) -> CadenceSite | None:
        """This run's site, None when the project has no release data."""
        site = context.get(CONTEXT_KEY)
        return site if isinstance(site, CadenceSite) else None

    def notes_url(self, m: Milestone) -> str:
        """The post of a milestone that has one, else its row on the series page."""
        if m.name in self.posted:
            return self.urls.milestone(m)
        return f"{self.urls.series(m.series)}#milestone-{m.name}"

    def current_and_next(self) -> tuple[Milestone | None, Milestone | None]:
        """The last milestone that happened and the next one to come, across series."""
        everything = sorted(
            (m for s in self.data.series for m in s.milestones),
            key=lambda m: (m.actual_date, m.name),
        )
        past = [m for m in everything if m.released or m.actual_date <= self.today]
        future = [m for m in everything if m not in past]
        return (past[-1] if past else None, future[0] if future else None)

    def coming_up(self) -> Series | None:
        """The series in development (else the next planned one): the "Coming up" page."""
        for status in ("development", "future"):
            for series in self.data.series:
                if series.status == status:
                    return series
        return None

    def series_status(self, series: Series) -> str:
        """'released on 22 September 2011, end of life': the release date is the
        release date; the support status follows it without a date of its own."""
        if series.status in RELEASED_STATUSES and series.release_date:
            released = f"released on {series.release_date:%d %B %Y}"
            support = {
                "maintained": ", maintained",
                "unmaintained": ", unmaintained",
                "end-of-life": ", end of life",
            }
            return released + support.get(series.status, "")
        return {"future": "planned", "development": "in development"}.get(
            series.status, series.status
        )


def cadence_markdown(text: str | None) -> Any:
    """Jinja filter: Markdown from data, rendered, sanitised and marked safe."""
    from markupsafe import Markup

    from cadence.notes.markup import render_markdown

    return Markup(render_markdown(text or ""))


def configure(pelican: Any) -> None:
    """Per-run settings: the `cadence_markdown` filter (Markdown from data,
    rendered and sanitised, marked safe), and companion notes kept out of the
    articles (they are read by this plugin and merged into generated posts)."""
    cadence_settings.check(pelican.settings)
    companion = cadence_settings.value(pelican.settings, "CADENCE_COMPANION_PATH")
    excludes = pelican.settings.setdefault("ARTICLE_EXCLUDES", [])
    if companion not in excludes:
        excludes.append(companion)
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["cadence_markdown"] = cadence_markdown


def _label(path: Path, settings: dict[str, Any]) -> str:
    """data/: the folder as the writer sees it from the project folder."""
    base = Path(settings.get("PATH") or ".").resolve().parent
    try:
        return path.resolve().relative_to(base).as_posix() + "/"
    except ValueError:
        return str(path)


def load_for_run(generator: Any) -> None:
    """Load data/ once per run; raise LoadError (all problems) if it is wrong.
    Without a data folder the blog builds as it is, with a notice."""
    settings = generator.settings
    notes_settings = NotesSettings.from_pelican(settings)
    if not notes_settings.data_path.is_dir():
        # A blog that has no release data yet is still a blog: build it.
        report(
            logger,
            Diagnostic(
                NOTICE,
                "release data folder not found (CADENCE_DATA_PATH): building a plain blog "
                "without release notes; `cadence init` creates it",
                _label(notes_settings.data_path, settings),
            ),
        )
        return
    data = load(notes_settings.data_path, notes_settings.options)
    if not data.series:
        logger.debug(
            "release notes: no series in %s, nothing to generate", notes_settings.data_path
        )
        return
    timezone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    today = settings.get("CADENCE_TODAY") or datetime.datetime.now(timezone).date()
    generator.context[CONTEXT_KEY] = CadenceSite(data, notes_settings, timezone, today)
