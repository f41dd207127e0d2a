"""Check Markdown sources before Pelican reads them, with file:line messages.

Pelican reports a bad date as "Could not process x.md" and skips the post; a
missing title is logged with an absolute path; a broken {filename} link does not
say where it is. Here each problem names the file, the line and what is expected.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pelican.utils import get_date

from cadence.errors import did_you_mean, undecodable
from cadence.fileio import SourceError, check_source
from cadence.notes.links import KINDS

_META = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):\s*(?P<value>.*)$")
_LINK = re.compile(r"\{(?P<what>filename|static|attach)\}(?P<path>[^)\s\"'#?]+)")
#: {kind} at the start of a link target: [text]({kind}...) or href="{kind}..."
_LINK_KIND = re.compile(r"""(?:\]\(\s*<?|\b(?:href|src)\s*=\s*["'])\{(?P<what>[A-Za-z_-]*)\}""")
#: Pelican's own link kinds, then Cadence's links to release data.
LINK_KINDS = ("filename", "static", "attach", "category", "tag", "author", "index", *KINDS)
STATUSES = ("published", "draft", "hidden", "skip")
#: The date forms posts use, which both datetime.fromisoformat and Pelican's
#: get_date (dateutil) read alike; anything else is left to get_date.
_COMMON_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
#: The Summary `new-post` writes; a post that is not a draft must replace it.
SUMMARY_PLACEHOLDER = "TODO: one or two sentences for the front page and the feeds"


def lint(content: Path, settings: dict[str, Any]) -> list[str]:
    """Every problem of every Markdown file under `content`, sorted."""
    problems: list[tuple[str, int, str]] = []
    label_base = content.parent
    companion = settings.get("CADENCE_COMPANION_PATH", "notes")
    page_dirs = _folders(content, settings.get("PAGE_PATHS", ["pages"]))
    article_dirs = _folders(content, settings.get("ARTICLE_PATHS", [""]))
    excluded = {
        True: _folders(content, settings.get("PAGE_EXCLUDES", [])),
        False: _folders(content, settings.get("ARTICLE_EXCLUDES", [])),
    }
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(content).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.is_dir() and not path.is_symlink():
            continue  # a folder named like a post: Pelican reads the posts inside it
        label = path.relative_to(label_base).as_posix()
        try:
            # before reading: a named pipe would block, a broken link would crash
            check_source(path, content, f"{content.name}/", expected="a Markdown file")
        except SourceError as error:
            problems.append((label, 1, str(error)))
            continue
        is_companion = relative[0] == companion
        resolved = str(path.resolve())  # once: resolving is most of the cost of a file
        is_page = _under(resolved, page_dirs)
        if not is_companion and (
            _under(resolved, excluded[is_page]) or not (is_page or _under(resolved, article_dirs))
        ):
            continue  # Pelican does not read it as a post or a page
        dated = not (
            is_page or is_companion or settings.get("DEFAULT_DATE") or _dated_name(path, settings)
        )
        for line, message in _check_file(
            path, content, need_date=dated, need_title=not is_companion
        ):
            problems.append((label, line, message))
    return [f"{file}:{line}: {message}" for file, line, message in sorted(problems)]


def _folders(content: Path, paths: list[str]) -> list[str]:
    return [str((content / p).resolve()) for p in paths]


def _under(resolved: str, folders: list[str]) -> bool:
    """`resolved` (a resolved path) is one of `folders` or inside one."""
    # strings, not Path.parents: this runs for every post of every build
    return any(
        resolved == folder or resolved.startswith(folder.rstrip(os.sep) + os.sep)
        for folder in folders
    )


def _is_date(value: str) -> bool:
    """Whether Pelican reads `value` as a date (its get_date, which uses dateutil).

    The common forms are checked by datetime.fromisoformat, some twenty times
    faster; the rest, and any common-looking one it refuses, go to get_date,
    so the dates accepted are exactly Pelican's."""
    if _COMMON_DATE.fullmatch(value):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return True
    try:
        get_date(value)
    except (ValueError, OverflowError):
        return False
    return True


def _dated_name(path: Path, settings: dict[str, Any]) -> bool:
    """The file name gives the date (FILENAME_METADATA, e.g. 2011-09-22-slug.md)."""
    pattern = settings.get("FILENAME_METADATA")
    match = re.match(pattern, path.stem) if isinstance(pattern, str) else None
    return bool(match and match.groupdict().get("date"))


def _check_file(
    path: Path, content: Path, *, need_date: bool, need_title: bool
) -> Iterator[tuple[int, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, _, message = undecodable(raw, error)
        yield line, message
        return
    lines = text.splitlines()
    metadata: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, 1):
        if number == 1 and line.rstrip() == "---":
            continue  # YAML-style delimiters, as Markdown's meta extension allows
        if not line.strip() or line.rstrip() in ("---", "..."):
            break
        match = _META.match(line)
        if match:
            metadata[match["key"].lower()] = (number, match["value"].strip())
        elif not line.startswith((" ", "\t")):
            break
    if need_title and not metadata.get("title", (0, ""))[1]:
        yield 1, "missing metadata 'Title': expected a line 'Title: ...' at the top of the file"
    if need_date and "date" not in metadata and metadata.get("status", (0, ""))[1] != "draft":
        yield 1, "missing metadata 'Date': expected a line such as 'Date: 2011-09-22 10:00'"
    for key in ("date", "modified"):
        if key in metadata:
            number, value = metadata[key]
            if not _is_date(value):
                yield (
                    number,
                    (
                        f"{key.capitalize()}: expected a real date such as 2011-09-22 "
                        f"or '2011-09-22 10:00', got '{value}'"
                    ),
                )
    if "status" in metadata:
        number, value = metadata["status"]
        if value not in STATUSES:
            yield (
                number,
                (
                    f"Status: expected one of: {', '.join(STATUSES)}; got '{value}'"
                    f"{did_you_mean(value, STATUSES)}"
                ),
            )
    summary = metadata.get("summary")
    draft = metadata.get("status", (0, ""))[1] == "draft"
    if summary and summary[1] == SUMMARY_PLACEHOLDER and not draft:
        yield (
            summary[0],
            "Summary: still the placeholder of new-post: expected one or two sentences "
            "about the post (or no Summary line, to use the first paragraph)",
        )
    for number, line in enumerate(lines, 1):
        if "{" not in line:
            continue  # both patterns start at a brace; most lines have none
        for match in _LINK_KIND.finditer(line):
            if match["what"] not in LINK_KINDS:
                yield number, _unknown_kind(match["what"])
        for match in _LINK.finditer(line):
            target = match["path"]
            resolved = (
                content / target.lstrip("/") if target.startswith("/") else path.parent / target
            )
            if not resolved.exists():
                yield (
                    number,
                    (f"{{{match['what']}}} link to '{target}': no such file in {content.name}/"),
                )


def _unknown_kind(what: str) -> str:
    """Pelican would only log "Replacement Indicator ... not recognized", without a file."""
    return (
        f"unknown link kind '{{{what}}}'{did_you_mean(what, LINK_KINDS)}: expected one of "
        + ", ".join("{" + kind + "}" for kind in LINK_KINDS)
    )
