"""Writers link to data: {blueprint}nova/boot-from-volume, {milestone}diablo-4,
{series}diablo and {project}nova in hand-written Markdown.

Unknown references are collected with file:line and fail the build once every
post has been read, so one run reports them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from cadence.errors import UserError, did_you_mean
from cadence.notes.posts import CONTENT_LISTS
from cadence.notes.site import CadenceSite

#: The kinds of data links: {blueprint}nova/x, {milestone}diablo-4 ...
KINDS = ("blueprint", "milestone", "series", "project")
LINK = re.compile(
    r"""(?P<attr>\b(?:href|src)\s*=\s*)(?P<quote>["'])\{(?P<what>"""
    + "|".join(KINDS)
    + r""")\}(?P<value>[^"'#]*)(?P<anchor>#[^"']*)?(?P=quote)"""
)


def replace_in_generator(generator: Any) -> None:
    """At article/page_generator_finalized: resolve data links in every post and page."""
    site = CadenceSite.of(generator.context)
    if site is None:
        return
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, ()) or ():
            replace_data_links(site, content)


def replace_data_links(site: CadenceSite, content: Any) -> None:
    """Replace {blueprint}/{milestone}/{series}/{project} links in one piece of content,
    before Pelican resolves its own {filename} and {static} links: in the body and in
    the metadata Pelican renders as Markdown (the Summary)."""

    def replace(match: re.Match[str]) -> str:
        url = resolve(site, match["what"], match["value"], content)
        if url is None:
            return match.group(0)
        url = str(escape(url + (match["anchor"] or "")))
        return f"{match['attr']}{match['quote']}{url}{match['quote']}"

    def replaced(text: Any) -> Any:
        return LINK.sub(replace, text) if isinstance(text, str) and "{" in text else text

    content._content = replaced(content._content)  # the raw HTML, before Pelican's links
    for key in content.settings.get("FORMATTED_FIELDS", ()):
        if key in content.metadata:
            content.metadata[key] = replaced(content.metadata[key])
    if hasattr(content, "_summary"):  # Pelican copies it back over metadata["summary"]
        content._summary = replaced(content._summary)


def resolve(site: CadenceSite, what: str, value: str, content: Any) -> str | None:
    data = site.data
    siteurl = content.settings.get("SITEURL", "")
    if what == "blueprint":
        parts = value.split("/")
        bp = None
        if len(parts) == 2:
            bp = data.blueprints_by_key.get(value)
        elif len(parts) == 3:
            bp = next(
                (b for b in data.blueprints_of(parts[0], parts[1]) if b.slug == parts[2]), None
            )
        if bp is not None:
            return bp.url
        _problem(
            site,
            content,
            what,
            value,
            data.blueprints_by_key,
            "expected project/slug (or series/project/slug) of a blueprint in data/",
        )
        return None
    if what == "milestone":
        m = data.milestones_by_name.get(value)
        if m is not None:
            note = site.notes_url(m)
            return f"{siteurl}/{note}"
        _problem(site, content, what, value, data.milestones_by_name, "expected a milestone name")
        return None
    if what == "series":
        if value in data.series_by_name:
            return f"{siteurl}/{site.urls.series(value)}"
        _problem(site, content, what, value, data.series_by_name, "expected a series name")
        return None
    if value in data.projects_by_name:
        return f"{siteurl}/{site.urls.project(value)}"
    _problem(site, content, what, value, data.projects_by_name, "expected a project name")
    return None


def _problem(
    site: CadenceSite, content: Any, what: str, value: str, choices: Any, expected: str
) -> None:
    source = content.source_path or "?"
    line = _line_of(source, "{" + what + "}" + value)
    label = content.get_relative_source_path() or source
    base = Path(content.settings.get("PATH", "."))
    try:
        label = (base / label).resolve().relative_to(base.resolve().parent).as_posix()
    except ValueError:
        pass
    site.link_problems.append(
        (
            label,
            line,
            f"unknown {what} '{value}' in a {{{what}}} link"
            f"{did_you_mean(value, choices)}: {expected}",
        )
    )


def _line_of(path: str, needle: str) -> int:
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except OSError:
        pass
    return 1


def check_links(generators: list[Any]) -> None:
    site = CadenceSite.of(generators[0].context) if generators else None
    if site is not None and site.link_problems:
        problems, site.link_problems = sorted(set(site.link_problems)), []
        raise UserError([f"{file}:{line}: {message}" for file, line, message in problems])
