"""Every file a build writes, claimed before anything is written.

Pelican writes each post to its save_as and lets the last write win (or stops with
a traceback): a post whose `Save_as:` is feeds/all.atom.xml, schedule.ics or
index.html silently replaces the feed, the calendar or the home page, or is
replaced by it; a page whose slug is `schedule` collides with the schedule page.

Here, once every generator has built its context and before any of them writes,
each output path is claimed with the source that produces it: posts and pages,
Pelican's lists, archives and pagination, static files, the theme's files, and
what Cadence's own generators announce with `planned_outputs()` (generated pages,
charts, feeds, calendars, sitemap), plus the search index. A path outside the
output folder, or claimed twice (also as a file and as a folder), is an error
that names every source involved.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from pelican.contents import Page
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.paginator import Paginator

from cadence.notes.posts import source_label, source_of
from cadence.settings import value, where

#: The folder of the search index, written by `cadence build` after Pelican.
SEARCH_FOLDER = "pagefind"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Output:
    """One file (or, for the search index, one folder) that the build writes."""

    path: str  # relative to the output folder, as configured
    source: str  # who writes it, for people: "content/2020/x.md", "the schedule page"
    setting: str  # what decides the path: "Save_as", "TAG_SAVE_AS", "CADENCE_JSON_FEED"
    folder: bool = False
    #: the post or page written there (None for lists, feeds, ...), and the metadata
    #: field that decides its path: its line is looked up only for a message
    post: Any = field(default=None, compare=False)
    key: str | None = None

    @property
    def content(self) -> bool:
        return self.post is not None

    @property
    def shown(self) -> str:
        """The source for a message: with the line of the metadata, for a post."""
        return source_of(self.post, self.key) if self.post is not None and self.key else self.source


def check(generators: list[Any]) -> list[str]:
    """Every output problem of a run: paths outside the output folder, and paths
    claimed by more than one source."""
    settings = generators[0].settings if generators else {}
    return problems(planned(generators, settings), settings)


# -- what each generator writes ----------------------------------------------------


def planned(generators: list[Any], settings: dict[str, Any]) -> list[Output]:
    outputs: list[Output] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            outputs += _articles(generator)
        elif isinstance(generator, PagesGenerator):
            outputs += _contents(
                chain(
                    generator.pages,
                    generator.translations,
                    generator.hidden_pages,
                    generator.hidden_translations,
                    generator.draft_pages,
                    generator.draft_translations,
                )
            )
        elif isinstance(generator, StaticGenerator):
            outputs += _static(generator)
        elif isinstance(generator, TemplatePagesGenerator):
            for template, save_as in (settings.get("TEMPLATE_PAGES") or {}).items():
                outputs.append(Output(save_as, f"TEMPLATE_PAGES[{template!r}]", "TEMPLATE_PAGES"))
        announce = getattr(generator, "planned_outputs", None)
        if callable(announce):
            outputs += [Output(*item) for item in announce()]
    if value(settings, "CADENCE_SEARCH"):
        outputs.append(Output(SEARCH_FOLDER, "the search index", "CADENCE_SEARCH", folder=True))
    return outputs


def _articles(generator: ArticlesGenerator) -> list[Output]:
    settings = generator.settings
    outputs = _contents(
        chain(
            generator.translations,
            generator.articles,
            generator.hidden_translations,
            generator.hidden_articles,
            generator.drafts_translations,
            generator.drafts,
        )
    )
    archive_settings = {"year": "YEAR", "month": "MONTH", "day": "DAY"}
    for granularity, periods in generator.period_archives.items():
        setting = f"{archive_settings[granularity]}_ARCHIVE_SAVE_AS"
        for period in periods:
            label = f"the archive of {' '.join(str(p) for p in period['period'])}"
            outputs += _paginated(
                settings,
                period["save_as"],
                period["url"],
                period["articles"],
                "period_archives",
                label,
                setting,
            )
    for template in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        url = settings.get(f"{template.upper()}_URL", f"{template}.html")
        if save_as:
            outputs += _paginated(
                settings,
                save_as,
                url,
                generator.articles,
                template,
                f"the {template!r} page",
                f"{template.upper()}_SAVE_AS",
            )
    taxonomies = (
        ("tag", generator.tags.items()),
        ("category", generator.categories),
        ("author", generator.authors),
    )
    for kind, groups in taxonomies:
        for item, articles in groups:
            if item.save_as:
                outputs += _paginated(
                    settings,
                    item.save_as,
                    item.url,
                    articles,
                    kind,
                    f"the page of {kind} {str(item)!r}",
                    f"{kind.upper()}_SAVE_AS",
                )
    return outputs


def _paginated(
    settings: dict[str, Any],
    save_as: str,
    url: str,
    objects: list[Any],
    template: str,
    label: str,
    setting: str,
) -> list[Output]:
    """The pages Pelican's writer makes of one list (its pagination, if any)."""
    paginated = settings.get("PAGINATED_TEMPLATES") or {}
    if template not in paginated:
        return [Output(save_as, label, setting)]
    per_page = paginated[template] or settings.get("DEFAULT_PAGINATION")
    paginator = Paginator(save_as, url, objects, settings, per_page)
    outputs = [Output(save_as, label, setting)]
    for number in range(2, paginator.num_pages + 1):
        page = paginator.page(number)
        outputs.append(Output(page.save_as, f"page {number} of {label}", "PAGINATION_PATTERNS"))
    return outputs


def _contents(contents: Iterable[Any]) -> list[Output]:
    outputs = []
    for content in contents:
        if content.save_as:
            key, setting = origin(content)
            outputs.append(
                Output(content.save_as, source_label(content), setting, post=content, key=key)
            )
    return outputs


def _static(generator: StaticGenerator) -> list[Output]:
    settings = generator.settings
    outputs = [
        Output(static.save_as, source_label(static), "STATIC_SAVE_AS")
        for static in generator.context.get("staticfiles", [])
        if static.save_as
    ]
    theme = Path(generator.theme)
    destination = settings.get("THEME_STATIC_DIR", "theme")
    ignored = settings.get("IGNORE_FILES") or []
    for path in settings.get("THEME_STATIC_PATHS") or []:
        source = theme / path
        files = (
            [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        )
        for file in files:
            relative = file.relative_to(source) if file != source else Path(file.name)
            if any(
                fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignored
            ):
                continue
            outputs.append(
                Output(
                    posixpath.join(destination, relative.as_posix()),
                    f"the theme file {_shown(file, theme.parent)}",
                    "THEME_STATIC_DIR",
                )
            )
    return outputs


# -- where a post's output path comes from ------------------------------------------


def origin(content: Any) -> tuple[str | None, str]:
    """(the metadata field that decides the path, how people call it): ("save_as",
    "Save_as"), or (None, "ARTICLE_SAVE_AS") when the settings pattern does."""
    metadata = getattr(content, "metadata", None) or {}
    for key, name in (("save_as", "Save_as"), ("slug", "Slug")):
        if key in metadata:
            return key, name
    return None, "PAGE_SAVE_AS" if isinstance(content, Page) else "ARTICLE_SAVE_AS"


def _shown(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


# -- problems --------------------------------------------------------------------


def problems(outputs: list[Output], settings: dict[str, Any]) -> list[str]:
    found: list[str] = []
    claims: dict[str, list[Output]] = {}
    folders: list[tuple[str, Output]] = []
    wrong_settings = set()
    for output in outputs:
        if not output.path:  # Pelican writes nothing for an empty save_as
            continue
        problem = path_problem(output.path, controls=not output.content)
        if problem:
            # one message per wrong setting, not one per tag page it makes
            if output.content or output.setting not in wrong_settings:
                found.append(_path_message(output, problem, settings))
                wrong_settings.add(output.setting)
            continue
        path = posixpath.normpath(output.path)
        if output.folder:
            folders.append((path, output))
        claims.setdefault(path, [])
        if output not in claims[path]:
            claims[path].append(output)
    for path, owners in sorted(claims.items()):
        if len({o.source for o in owners}) > 1:
            found.append(_collision(path, owners))
    for path in sorted(claims):
        for parent in _parents(path):
            if parent in claims and not claims[parent][0].folder:
                found.append(_file_and_folder(parent, claims[parent][0], path, claims[path][0]))
                break
    for folder, owner in folders:
        for path, owners in sorted(claims.items()):
            if path.startswith(folder + "/"):
                for other in owners:
                    found.append(
                        f"{other.shown}: writes {path}, inside {folder}/ where {owner.shown} "
                        f"is written: {_hint([other, owner])}"
                    )
    return list(dict.fromkeys(found))


def path_problem(path: str, controls: bool = True) -> str | None:
    """What is wrong with an output path, as 'expected ...' (None when it is right)."""
    if os.path.isabs(path) or path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        return "expected a path relative to the output folder"
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        return "expected a path inside the output folder"
    if normal == "." or path.endswith("/"):
        return "expected the path of a file inside the output folder"
    if controls and _CONTROL.search(path):
        return "expected a path without control characters"
    return None


def content_path_message(content: Any, save_as: str) -> str:
    """For a post whose path leaves the output folder (Pelican skips it, and says
    so with an absolute path and no line): the source, the line, what to fix."""
    key, setting = origin(content)
    output = Output(save_as, source_label(content), setting, post=content, key=key)
    problem = path_problem(save_as) or "expected a path inside the output folder"
    return _path_message(output, problem, content.settings)


def _path_message(output: Output, problem: str, settings: dict[str, Any]) -> str:
    if output.content or not output.setting.isupper():
        return f"{output.shown}: {output.setting}: {problem}, got {output.path!r}"
    source = settings.get("CADENCE_SETTINGS_FILE") or "settings"
    return (
        f"{where(source, output.setting)}: {output.setting}: {problem}, "
        f"got {output.path!r} ({output.source})"
    )


def _parents(path: str) -> Iterator[str]:
    parent = posixpath.dirname(path)
    while parent:
        yield parent
        parent = posixpath.dirname(parent)


def _writers_first(owners: list[Output]) -> list[Output]:
    """The writer's own posts and pages first: they are what a person can rename."""
    unique = {o.source: o for o in owners}.values()
    return sorted(unique, key=lambda o: (not o.content, o.source))


def _hint(owners: list[Output]) -> str:
    ordered = _writers_first(owners)
    if all(o.content for o in ordered):
        return "give each post its own Slug"
    if ordered[0].content:
        return "give it another Slug or Save_as"
    return "change " + " or ".join(sorted({o.setting for o in ordered}))


def _collision(path: str, owners: list[Output]) -> str:
    first, *others = _writers_first(owners)
    return (
        f"{first.shown}: the same URL ({path}) is also written by "
        f"{', '.join(o.shown for o in others)}: {_hint(owners)}"
    )


def _file_and_folder(file: str, file_owner: Output, path: str, path_owner: Output) -> str:
    """`file` is written as a file, and as the folder of `path`."""
    ordered = _writers_first([file_owner, path_owner])
    first, second = ordered[0], ordered[-1]
    first_path, second_path = (file, path) if first is file_owner else (path, file)
    return (
        f"{first.shown}: writes {first_path}, and {second.shown} writes {second_path}: "
        f"{file} cannot be both a file and a folder: {_hint([first, second])}"
    )
