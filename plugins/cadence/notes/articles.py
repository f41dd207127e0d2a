"""Model -> Pelican Article objects: milestone release notes and freeze reports.

Generated posts are real Articles injected at article_generator_pretaxonomy, so
categories, tags, authors, archives, pagination and feeds treat them exactly like
hand-written posts.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any

from markupsafe import escape
from pelican.contents import Article, Author, Category, Tag
from pelican.utils import order_content

from cadence.data.model import Milestone
from cadence.data.schema import DELIVERY_KINDS
from cadence.errors import UserError, did_you_mean
from cadence.notes import charts, report, story
from cadence.notes.links import replace_data_links
from cadence.notes.markup import render_markdown
from cadence.notes.posts import GeneratedArticle, GeneratedPost, PostKind
from cadence.notes.releases import release_rows
from cadence.notes.site import CadenceSite
from cadence.theme import DataText

logger = logging.getLogger(__name__)


def add_generated_articles(generator: Any) -> None:
    site = CadenceSite.of(generator.context)
    if site is None:
        return
    check_companions(generator, site)
    made = []
    candidates = [
        m
        for series in site.data.series
        for m in series.milestones
        if m.released and m.kind in DELIVERY_KINDS
    ]
    # Decided for all milestones first: posts link each other's milestones.
    site.posted = {m.name for m in candidates if _has_news(generator, site, m)}
    for milestone in candidates:
        if milestone.name in site.posted:
            note = _milestone_article(generator, site, milestone)
            if note.status == "published":  # pages link only what readers can see
                site.notes[milestone.name] = note
            made.append(note)
        if milestone.is_freeze and _has_freeze_news(generator, site, milestone):
            freeze = _freeze_article(generator, site, milestone)
            if freeze.status == "published":
                site.freeze_reports[milestone.name] = freeze
            made.append(freeze)
    if not made:
        return
    published = [a for a in made if a.status == "published"]
    generator.articles = order_content(
        list(generator.articles) + published, generator.settings["ARTICLE_ORDER_BY"]
    )
    generator.drafts = order_content(
        list(generator.drafts) + [a for a in made if a.status == "draft"],
        generator.settings["ARTICLE_ORDER_BY"],
    )


def _has_news(generator: Any, site: CadenceSite, m: Milestone) -> bool:
    """A milestone gets a post only when it has something to say (docs/data-format.md):
    it is a final release, or blueprints landed in it or were targeted to it, or
    projects released at it, or a person wrote an intro or a companion file."""
    return (
        m.kind == "final"
        or bool(m.intro)
        or bool(report.milestone_notes(site.data, m))
        or bool(site.data.released_at(m))
        or _companion_exists(generator, site, m.name)
    )


def _has_freeze_news(generator: Any, site: CadenceSite, m: Milestone) -> bool:
    """A freeze report needs blueprints targeted by the freeze, or a companion file."""
    return report.total(report.freeze_rows(site.data, m)).targeted > 0 or _companion_exists(
        generator, site, f"{m.name}-freeze"
    )


def _projects_in_post(site: CadenceSite, m: Milestone) -> tuple[str, ...]:
    """The projects a post is about (its tags). Without release data, a milestone is
    every project's release: all its projects. With release data (imported series
    list hundreds of projects), those with blueprints or releases in it."""
    if not site.data.releases_of(m.series):
        return m.projects
    named = {n.project for n in report.milestone_notes(site.data, m)}
    named |= {r.project for r in site.data.released_at(m)}
    if m.kind == "final":
        named |= {r.project for r in site.data.releases_of(m.series) if r.highlights}
        named |= {b.project for b in site.data.blueprints_of(m.series) if b.completed}
    return tuple(p for p in m.projects if p in named) or m.projects


def _date(site: CadenceSite, day: datetime.date, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12, minute), tzinfo=site.timezone)


def check_companions(generator: Any, site: CadenceSite) -> None:
    """Every content/notes/*.md belongs to a milestone: a misspelt name would
    otherwise leave the writer's prose silently out of the notes."""
    folder = Path(generator.path) / site.settings.companion_path
    if not folder.is_dir():
        return
    known = []
    for m in site.data.milestones_by_name.values():
        if m.kind in DELIVERY_KINDS:
            known.append(m.name)
            if m.is_freeze:
                known.append(f"{m.name}-freeze")
    problems = []
    for path in sorted(folder.glob("*.md")):
        if path.stem in known or path.name.startswith(".") or not path.is_file():
            continue
        label = path.relative_to(Path(generator.path).parent).as_posix()
        problems.append(
            f"{label}:1: companion notes for an unknown milestone '{path.stem}'"
            f"{did_you_mean(path.stem, known)}: expected <milestone>.md (release notes) "
            "or <milestone>-freeze.md (freeze report) for a milestone in data/"
        )
    if problems:
        raise UserError(problems)


def _companion_exists(generator: Any, site: CadenceSite, name: str) -> bool:
    return (Path(generator.path) / site.settings.companion_path / f"{name}.md").is_file()


def _companion(generator: Any, site: CadenceSite, name: str) -> Article | None:
    """content/notes/<milestone>.md: a writer's prose and metadata, which win."""
    relative = Path(site.settings.companion_path) / f"{name}.md"
    if not _companion_exists(generator, site, name):
        return None
    return generator.readers.read_file(
        base_path=generator.path,
        path=relative.as_posix(),
        content_class=Article,
        context=generator.context,
    )


def _base_metadata(generator: Any, site: CadenceSite, m: Milestone, kind: str) -> dict[str, Any]:
    settings = generator.settings
    series = site.data.series_of(m)
    projects = sorted(_projects_in_post(site, m) if kind == "release-note" else m.projects)
    return {
        "category": Category(site.settings.category, settings),
        "tags": [Tag(series.name, settings)] + [Tag(p, settings) for p in projects],
        "authors": [Author(site.settings.author, settings)],
        # A freeze report follows the milestone's notes by a minute: same day, stable order.
        "date": _date(site, m.actual_date, 1 if kind == "freeze-report" else 0),
        "status": "published",
    }


def _make(
    generator: Any,
    site: CadenceSite,
    m: Milestone,
    *,
    kind: PostKind,
    title: str,
    url: str,
    body_template: str,
    extra: dict[str, Any],
    summary: str,
) -> Article:
    metadata = _base_metadata(generator, site, m, kind)
    metadata["title"] = DataText(title)  # escaped by any theme (cadence.theme)
    source = m.source.file if m.source else None
    companion = _companion(
        generator, site, m.name if kind == "release-note" else f"{m.name}-freeze"
    )
    if m.intro:
        intro = render_markdown(m.intro)
    else:
        intro = ""
    if companion is not None:
        replace_data_links(site, companion)
        intro = companion.content
        # A writer's metadata takes precedence over what is generated.
        for key, value in companion.metadata.items():
            if key not in {"save_as", "url", "slug"}:
                metadata[key] = value
        source = Path(companion.source_path).relative_to(Path(generator.path).parent).as_posix()
    modified = _data_modified(site, m)
    if modified is not None and "modified" not in metadata and modified > metadata["date"]:
        metadata["modified"] = modified
    metadata.setdefault("summary", summary)
    metadata["slug"] = f"{m.series}-{m.name}-{kind}"
    if metadata.get("status") == "published":  # drafts go to drafts/, like any draft
        metadata["url"] = url
        metadata["save_as"] = site.urls.save_as(url)
    template = generator.get_template(body_template)
    body = template.render(
        {
            **generator.context,
            "milestone": m,
            "series": site.data.series_of(m),
            "intro": intro,
            "cadence": site,
            **extra,
        }
    )
    return GeneratedArticle(
        body,
        metadata=metadata,
        settings=generator.settings,
        source_path=None,
        context=generator.context,
        generated=GeneratedPost(kind=kind, series=m.series, milestone=m.name, source=source),
    )


def _data_modified(site: CadenceSite, m: Milestone) -> datetime.datetime | None:
    """The newest date in the data behind a note, never the build time."""
    days = [b.completed_on for b in site.data.completed_in(m.name) if b.completed_on]
    return _date(site, max(days)) if days else None


def _milestone_article(generator: Any, site: CadenceSite, m: Milestone) -> Article:
    notes = report.milestone_notes(site.data, m)
    count = sum(len(n.completed) for n in notes)
    final = m.kind == "final"
    cycle = story.cycle_story(site.data, site.data.series_of(m)) if final else None
    return _make(
        generator,
        site,
        m,
        kind="release-note",
        title=story.note_title(site.data, m),
        url=site.urls.milestone(m),
        body_template="cadence/milestone_note",
        summary=summary_html(story.milestone_summary(site.data, m)),
        extra={
            "notes": notes,
            "completed_count": count,
            "chart": None
            if final
            else site.add_chart(charts.milestone_chart(m.name, notes, report.PRIORITY_ORDER)),
            "next_milestone": site.data.next_milestone(m),
            "cycle": cycle,
            "rc_label": story.candidate_label(m),
            "rc_open_bugs": story.open_rc_bugs(site.data.series_of(m), m.actual_date),
            "rc_bugs_chart": site.add_chart(charts.rc_bugs_chart(cycle.series)) if cycle else None,
            "releases": release_rows(site.data, m),
            "tracks_blueprints": bool(site.data.blueprints_of(m.series)),
        },
    )


def _freeze_article(generator: Any, site: CadenceSite, m: Milestone) -> Article:
    rows = report.freeze_rows(site.data, m)
    overall = report.total(rows)
    previous = report.previous_freeze(site.data, m)
    previous_total = report.total(report.freeze_rows(site.data, previous)) if previous else None
    return _make(
        generator,
        site,
        m,
        kind="freeze-report",
        title=story.freeze_title(m),
        url=site.urls.freeze(m),
        body_template="cadence/freeze_report",
        summary=summary_html(story.freeze_summary(m, overall)),
        extra={
            "rows": rows,
            "overall": overall,
            "previous": previous,
            "chart": site.add_chart(charts.freeze_chart(m.name, rows)),
            "previous_total": previous_total,
            "previous_series": site.data.series_of(previous) if previous else None,
        },
    )


def summary_html(sentence: str) -> str:
    """A generated summary as the paragraph Pelican makes of a `Summary:` line, so a
    companion file repeating the sentence renders the same bytes."""
    return f"<p>{escape(sentence)}</p>"
