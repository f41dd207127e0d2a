"""`cadence notes MILESTONE`: check one milestone's notes, rebuild, summarise.

With `--scaffold`, write the companion file content/notes/<milestone>.md (prose and
metadata that take precedence over the generated intro) and never overwrite it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cadence.data.model import Milestone, ReleaseData
from cadence.errors import UserError, did_you_mean
from cadence.notes.site import Urls
from cadence.preview import DEFAULT_HOST, DEFAULT_PORT


def milestone_of(data: ReleaseData, name: str) -> Milestone:
    milestone = data.milestones_by_name.get(name)
    if milestone is None:
        raise UserError(f"unknown milestone '{name}'{did_you_mean(name, data.milestones_by_name)}")
    return milestone


def summary_lines(data: ReleaseData, milestone: Milestone) -> list[str]:
    """What a release manager checks before announcing: counts, deferrals, warnings."""
    from cadence.notes.report import milestone_notes

    series = data.series_of(milestone)
    state = (
        ("released on " + milestone.actual_date.isoformat())
        if milestone.released
        else f"planned for {milestone.date.isoformat()}, not released: no post yet"
    )
    lines = [f"{milestone.name} ({series.named_version}, {milestone.kind}): {state}"]
    warnings = []
    for notes in milestone_notes(data, milestone):
        lines.append(
            f"  {notes.project}: {len(notes.completed)} completed, "
            f"{len(notes.slipped)} slipped, {len(notes.deferred)} not completed"
        )
        for bp in notes.slipped:
            lines.append(f"    slipped: {bp.slug} (landed in {bp.completed})")
        for bp in notes.deferred:
            lines.append(f"    not completed: {bp.slug} ({bp.status})")
        for bp in notes.completed:
            if not bp.assignee:
                warnings.append(
                    f"  warning: {bp.source.file}:{bp.source.line}: {bp.key} has no assignee"
                )
            if bp.completed_on and bp.completed_on > milestone.actual_date:
                warnings.append(
                    f"  warning: {bp.source.file}:{bp.source.line}: {bp.key} completed_on "
                    f"{bp.completed_on} is after the milestone ({milestone.actual_date})"
                )
    return lines + warnings


def scaffold_text(data: ReleaseData, milestone: Milestone, category: str) -> str:
    """The companion file of a milestone, holding what its post shows today (title,
    summary, category, tags, intro), so building right after scaffolding changes
    nothing until the writer edits it."""
    from cadence.notes import story

    series = data.series_of(milestone)
    tags = ", ".join([series.name, *sorted(milestone.projects)])
    intro = milestone.intro or ""
    return (
        f"Title: {story.note_title(data, milestone)}\n"
        f"Summary: {story.milestone_summary(data, milestone)}\n"
        f"Category: {category}\n"
        f"Tags: {tags}\n"
        "\n"
        f"{intro.strip()}\n"
    )


def scaffold(
    content: Path, companion_path: str, data: ReleaseData, milestone: Milestone, category: str
) -> Path:
    path = content / companion_path / f"{milestone.name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(scaffold_text(data, milestone, category))
    except FileExistsError:
        raise UserError(f"{path}: already exists; not overwriting it") from None
    return path


def run(settings_file: str, name: str, *, do_scaffold: bool, output: str | None) -> list[str]:
    from cadence.build import build
    from cadence.data import load
    from cadence.notes.settings import NotesSettings
    from cadence.settings import load_settings

    settings: dict[str, Any] = load_settings(settings_file)
    notes_settings = NotesSettings.from_pelican(settings)
    data = load(notes_settings.data_path, notes_settings.options)
    milestone = milestone_of(data, name)
    lines = []
    if do_scaffold:
        path = scaffold(
            Path(settings["PATH"]),
            notes_settings.companion_path,
            data,
            milestone,
            notes_settings.category,
        )
        lines.append(
            f"wrote {path}: its prose replaces the intro from data/ and its metadata "
            "(Title, Summary, Category, Tags...) wins; the lists of blueprints stay "
            "generated. Edit it, then run this command again"
        )
    lines += summary_lines(data, milestone)
    build(settings_file, output)
    if milestone.released:
        lines.append(f"post: {post_url(settings, Urls(notes_settings).milestone(milestone))}")
    return lines


def post_url(settings: dict[str, Any], url: str) -> str:
    """The address of a page: on the site (SITEURL), or in the preview when the
    settings have no SITEURL (development settings)."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    if siteurl:
        return f"{siteurl}/{url}"
    host = settings.get("BIND") or DEFAULT_HOST
    port = settings.get("PORT") or DEFAULT_PORT
    return f"http://{host}:{port}/{url} (run `cadence serve` to see it)"
