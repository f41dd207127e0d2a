"""Links in the forms Pelican still accepts, found where the writer wrote them.

Pelican rewrites links after Markdown or reStructuredText became HTML, so its
warnings carry no line, and the old `|filename|` syntax none at all. Here every
link marker Pelican will act on (it is in a quoted HTML attribute of the rendered
content, not in a code sample) is looked up in the source file, so each notice
names `file:line:column`, the old form and the modern one, and carries the
`Rewrite` that `cadence fix` applies.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from pelican import signals

from cadence.errors import ERROR, NOTICE, Diagnostic, Rewrite, report

logger = logging.getLogger(__name__)

#: The link kinds Pelican resolves itself ({blueprint} and friends are Cadence's).
PELICAN_LINKS = ("filename", "static", "attach", "tag", "category", "author", "index")
#: Files Pelican reads as content, by extension (Markdown, reStructuredText, HTML).
SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")


def label(path: str | Path, settings: dict[str, Any]) -> str:
    """content/x.md: a source as the writer sees it from the project folder."""
    base = Path(settings.get("PATH") or os.curdir).resolve().parent
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


def read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


#: HTML comments and code (fenced, ``literal``, `inline`): a marker there is text.
_NOT_LINKS = re.compile(r"<!--.*?-->|```.*?```|~~~.*?~~~|``[^`]+``|`[^`\n]+`", re.DOTALL)


def _blank_code(text: str) -> str:
    """The text with comments and code replaced by spaces, lines kept in place."""
    return _NOT_LINKS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def find_links(text: str, what: str, values: Iterable[str]) -> list[tuple[int, int, str]]:
    """(line, column, text) of every `{what}value` or `|what|value` (or the mixed
    forms Pelican also accepts) in a source text; `what` is a regular expression.

    Markers inside comments and code samples are left out, unless the link is
    found nowhere else (then the reader put it there, e.g. in a raw HTML block)."""
    patterns = [
        # reStructuredText drops spaces in a URI: `|static| images/x.png` is a link too
        re.compile(rf"[{{|](?:{what})[|}}][ \t]*{re.escape(value)}")
        for value in dict.fromkeys(v for v in values if v)
    ]
    for searched in (_blank_code(text), text):
        found = {
            (number, match.start() + 1, text.splitlines()[number - 1][match.start() : match.end()])
            for pattern in patterns
            for number, line in enumerate(searched.splitlines(), 1)
            for match in pattern.finditer(line)
        }
        if found:
            return sorted(found)
    return []


def find_text(text: str, needle: str) -> list[tuple[int, int]]:
    """(line, column) of every occurrence of `needle` on a line of `text`."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        start = line.find(needle)
        while needle and start >= 0:
            found.append((number, start + 1))
            start = line.find(needle, start + 1)
    return found


def sources(settings: dict[str, Any]) -> Iterator[Path]:
    """Every file under PATH that Pelican could read as content, sorted."""
    root = Path(settings.get("PATH") or os.curdir)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(SOURCE_SUFFIXES):
                yield Path(folder) / name


def modern(what: str, old: str, marker_end: int) -> str:
    """The modern form of a link written `old` whose marker ends at `marker_end`."""
    return "{" + what + "}" + old[marker_end:]


def _marker_length(text: str) -> int:
    """Length of the `{what}` / `|what|` marker at the start of a link."""
    match = re.match(r"[{|][^{}|]*[|}]", text)
    return match.end() if match else 0


def link_notices(
    source: str,
    settings: dict[str, Any],
    what: str,
    value: str,
    new_what: str,
    message: str,
    written: str,
) -> list[Diagnostic]:
    """A notice with its rewrite at each place `source` writes this link in an old
    form; `message` has {old} and {new}; `written` is the link as Pelican saw it."""
    text = read_text(source)
    where = label(source, settings)
    notices = []
    for line, column, old in find_links(text, re.escape(what), [value, html.unescape(value)]):
        new = modern(new_what, old, _marker_length(old))
        if new != old:
            notices.append(
                Diagnostic(
                    NOTICE,
                    message.format(old=old, new=new),
                    where,
                    line,
                    column,
                    Rewrite(str(source), line, column, old, new),
                )
            )
    if not notices:  # written in a form we cannot find (an HTML entity, say)
        new = modern(new_what, written, _marker_length(written))
        notices.append(Diagnostic(NOTICE, message.format(old=written, new=new), where))
    return notices


def check_links(content: Any) -> None:
    """At content_object_init: the old `|what|` syntax (a notice), and {static} or
    {attach} links to a file that does not exist (an error: Pelican writes the
    broken link without a word)."""
    source = getattr(content, "source_path", None)
    rendered = getattr(content, "_content", None)
    if not source or not isinstance(rendered, str) or not hasattr(content, "settings"):
        return
    settings = content.settings
    seen = set()
    for match in content._get_intrasite_link_regex().finditer(rendered):
        what, value, path = match["what"], match["value"], match["path"]
        if what not in PELICAN_LINKS or (what, path) in seen:
            continue
        seen.add((what, path))
        if path[: len(path) - len(value)] != "{" + what + "}":
            for notice in link_notices(
                source,
                settings,
                what,
                value,
                what,
                "old link syntax: expected {new}, got {old}",
                path,
            ):
                report(logger, notice)
        elif what in ("static", "attach"):
            _check_target(content, settings, what, value)


def _check_target(content: Any, settings: dict[str, Any], what: str, value: str) -> None:
    target = unquote(urlparse(html.unescape(value)).path)
    if not target:
        return
    base = Path(settings["PATH"]) if target.startswith("/") else Path(content.source_path).parent
    if (base / target.lstrip("/")).exists():
        return
    text = read_text(content.source_path)
    where = label(content.source_path, settings)
    positions = find_links(text, what, [value, html.unescape(value)]) or [(None, None, "")]
    for line, column, _ in positions:
        report(
            logger,
            Diagnostic(
                ERROR,
                f"{{{what}}} link to '{target}': no such file in {Path(settings['PATH']).name}/",
                where,
                line,
                column,
            ),
        )


@contextlib.contextmanager
def watch_links() -> Iterator[None]:
    """Check the links of every post and page read inside the block: `cadence
    build` does this for any project, whatever its PLUGINS."""
    signals.content_object_init.connect(check_links)
    try:
        yield
    finally:
        signals.content_object_init.disconnect(check_links)
