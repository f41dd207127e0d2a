"""An OpenStack specs repository (nova-specs, cinder-specs, ...) -> blueprints of a series.

A spec file is reStructuredText under `specs/`. Its series is the folder named
after the series, wherever it sits (`specs/<series>/`, keystone's
`specs/<deliverable>/<series>/`, neutron's `specs/backlog/<series>/`); the other
folders on its path give the status (`FOLDER_STATUS`). Its blueprints are the
Launchpad URLs of its header: the first paragraph after the title that holds a
blueprint URL (or, when the header has none, the URL a "Launchpad blueprint:" label
introduces). Every other blueprint URL of the file links a blueprint the spec is not
about: it is counted as imported when another spec of the series brings that
blueprint in, and reported otherwise. Nothing is dropped silently: every file read
and every blueprint URL found ends up imported or in a note with its file and line.
docs/importers.md shows the layouts and the rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cadence.errors import UserError
from cadence.fileio import SourceError, TooLarge, read_bounded

#: A folder on a spec's path -> the status of its blueprints (the nearest wins).
FOLDER_STATUS = {
    "implemented": "implemented",
    "approved": "not-started",
    "backlog": "deferred",  # neutron: approved for the series, not completed in it
    "archive": "deferred",
    "abandoned": "obsolete",
}
#: A spec in the series folder itself (cinder, neutron, keystone): approved for it.
FLAT_STATUS = "not-started"
#: One blueprint proposed by two files of a series: the one earlier here is kept.
_STATUS_RANK = ("implemented", "not-started", "deferred", "obsolete")
MAX_SPEC_BYTES = 1_000_000

_HOST = re.compile(r"https?://(blueprints|bugs)\.launchpad\.net/", re.IGNORECASE)
_BLUEPRINT = re.compile(
    r"https?://(?P<host>blueprints|bugs)\.launchpad\.net/(?P<project>[^/]+)"
    r"/\+spec/+(?P<slug>[^/]+)(?P<tail>/.*)?",
    re.IGNORECASE,
)
#: Launchpad's rule for names (projects, blueprints, people).
_LP_NAME = re.compile(r"[a-z0-9][a-z0-9+.-]*")
#: A bare URL ends at white space or at what rST puts around one.
_BARE_TOKEN = re.compile(r"[^\s<>`\"'|]*")
_TRAILING_PUNCTUATION = ".,;:!?)]}"
_SLUG_START = re.compile(r"[a-z0-9]", re.IGNORECASE)
_ADORNMENT = re.compile(r"^([=\-~*#^+\"'`:._])\1{2,}\s*$")
_LABEL_BEFORE_URL = re.compile(r"(?i)\b(blueprint|launchpad)\b[^:]*:\s*[`<*]*\s*$")
#: A URL the end of its line cut: it needs a name next, or a '/' next.
_NEEDS_NAME = re.compile(r"https?://[^/]+/(?:[^/]+/(?:\+spec/+)?)?|.*-", re.IGNORECASE)
_NEEDS_SLASH = re.compile(r"https?://[^/]+/[^/]+(?:/\+spec)?", re.IGNORECASE)
_WRAP_LINES = 3


@dataclass(frozen=True)
class Link:
    """One blueprint URL of a spec (rejoined when wrapped across lines)."""

    line: int
    url: str
    project: str | None = None
    slug: str | None = None
    problem: str | None = None  # why it is not the address of one blueprint
    labelled: bool = False  # introduced by a "Launchpad blueprint:" label

    @property
    def key(self) -> str:
        return f"{self.project}/{self.slug}"


@dataclass(frozen=True)
class Note:
    """Something read but not imported, and why: `file:line: message`."""

    file: str
    line: int | None
    #: a short key the sweep counts by: "not a spec", "template", "placeholder",
    #: "symbolic link", "no blueprint", "not a blueprint address", "other project",
    #: "linked only", "same blueprint", "assignee"
    reason: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class Spec:
    file: str
    status: str
    title: str
    title_line: int
    links: list[Link]
    own: list[Link]
    assignee: Assignee


@dataclass
class SpecsImport:
    """What a series of a specs repository gives: blueprints, and notes on the rest."""

    blueprints: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    specs: list[Spec] = field(default_factory=list)
    #: every blueprint URL of the specs read, with "imported" or the reason it was not
    outcomes: list[tuple[str, Link, str]] = field(default_factory=list)
    #: Launchpad id -> the name written beside it, for the assignees imported
    people: dict[str, str] = field(default_factory=dict)


def read_specs(
    root: Path,
    series: str,
    projects: Sequence[str],
    completed: str | None,
    version: str | None = None,
) -> SpecsImport:
    """The blueprints of `projects` that the specs of `series` under `root` propose.

    The series' folder is named after the series or (OpenStack from 2023.1 on) its version.
    """
    specs_dir = root / "specs" if (root / "specs").is_dir() else root
    names = [name for name in (series, version) if name]
    folders = [folder for name in names for folder in series_folders(specs_dir, name)]
    if not folders:
        found = ", ".join(sorted(series_names(specs_dir))) or "none"
        wanted = " or ".join(f"'{name}'" for name in names)
        raise UserError(
            f"{specs_dir}: no folder named {wanted}: expected specs/<series>/ or "
            f"specs/<deliverable>/<series>/; series found: {found}"
        )
    result = SpecsImport()
    for folder in folders:
        for path in _files(folder):
            spec = _read_file(path, specs_dir, root, folder.name, result.notes)
            if spec is not None:
                result.specs.append(spec)
    _collect(result, set(projects), series, completed)
    result.notes.sort(key=lambda note: (note.file, note.line or 0))
    return result


def series_folders(specs_dir: Path, series: str) -> list[Path]:
    """Folders named `series` up to three levels down, outside any other series folder."""
    found = []
    for dirpath, dirnames, _ in os.walk(specs_dir):
        depth = len(Path(dirpath).relative_to(specs_dir).parts)
        if series in dirnames:
            found.append(Path(dirpath) / series)
        dirnames[:] = sorted(d for d in dirnames if d != series) if depth < 2 else []
    return sorted(found)


#: Names of OpenStack series (`2023.1` and later are numbers).
_NAMED_SERIES = frozenset(
    "austin bexar cactus diablo essex folsom grizzly havana icehouse juno kilo liberty "
    "mitaka newton ocata pike queens rocky stein train ussuri victoria wallaby xena yoga "
    "zed".split()
)
_NUMBERED_SERIES = re.compile(r"\d{4}\.\d")


def is_series_name(name: str) -> bool:
    return name in _NAMED_SERIES or bool(_NUMBERED_SERIES.fullmatch(name))


def series_names(specs_dir: Path) -> set[str]:
    """The OpenStack series a specs repository has folders for."""
    names = set()
    for dirpath, dirnames, _ in os.walk(specs_dir):
        depth = len(Path(dirpath).relative_to(specs_dir).parts)
        names.update(d for d in dirnames if is_series_name(d))
        dirnames[:] = [d for d in dirnames if not is_series_name(d)] if depth < 2 else []
    return names


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`; links to folders are listed (and reported), not followed."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        found += [Path(dirpath) / name for name in filenames]
        found += [Path(dirpath) / d for d in dirnames if (Path(dirpath) / d).is_symlink()]
    return sorted(found)


def status_of(relative: Path, series: str) -> str:
    """The status the folders on a spec's path give (the nearest to the file wins)."""
    for part in reversed(relative.parent.parts):
        if part in FOLDER_STATUS and part != series:
            return FOLDER_STATUS[part]
    return FLAT_STATUS


# -- one file ---------------------------------------------------------------------


def _read_file(
    path: Path, specs_dir: Path, root: Path, series: str, notes: list[Note]
) -> Spec | None:
    label = str(path)

    def skip(reason: str, message: str, line: int | None = None) -> None:
        notes.append(Note(label, line, reason, f"{message}; skipped"))

    name = path.name.lower()
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            skip("symbolic link", f"a symbolic link to {os.readlink(path)}, outside the repository")
            return None
        if not target.is_file():
            skip("symbolic link", f"a symbolic link to {os.readlink(path)}, not to a file")
            return None
        # A spec re-proposed for a later series by a link (glance): read it there too.
    if not name.endswith(".rst"):
        skip("not a spec", "not a .rst file")
        return None
    if name in {"index.rst", "readme.rst"}:
        skip("not a spec", "an index page, not a spec" if name == "index.rst" else "a README")
        return None
    if re.search(r"(^|[-_])template\.rst$", name):
        skip("template", "a spec template")
        return None
    try:
        raw = read_bounded(path, MAX_SPEC_BYTES)  # looked at first: a pipe would block
    except TooLarge:
        skip("not a spec", f"larger than {MAX_SPEC_BYTES} bytes, not a spec")
        return None
    except SourceError as error:
        skip("not a spec", str(error))
        return None
    lines = raw.decode("utf-8", errors="replace").splitlines()
    heads = headings(lines)
    title_line, title = heads[0] if heads else (1, "")
    if _is_placeholder(name, lines, title):
        skip("placeholder", f"a placeholder ('{title}')" if title else "a placeholder", title_line)
        return None
    if _is_lite_template(lines):
        skip("template", "a spec-lite template", title_line)
        return None
    links = find_links(lines)
    if title.lower().startswith("example spec") and all(
        link.slug in {"example", "awesome-thing"} for link in links
    ):
        skip("template", f"a copy of the spec template ('{title}')", title_line)
        return None
    own = own_links(lines, links, heads)
    relative = path.relative_to(specs_dir)
    assignee, assignee_line = assignee_of(lines, heads)
    if own and assignee.note:
        notes.append(Note(label, assignee_line, "assignee", assignee.note))
    if not own and not links:
        bug = any("bugs.launchpad.net" in line and "/+bug/" in line for line in lines)
        skip(
            "no blueprint",
            f"no blueprint URL{' (it links a Launchpad bug)' if bug else ''}",
            title_line,
        )
        return None
    if not own:
        count = f"{len(links)} blueprint URL{'s' if len(links) != 1 else ''}"
        skip("no blueprint", f"no blueprint URL in its header ({count} in its text)", title_line)
    return Spec(label, status_of(relative, series), title, title_line, links, own, assignee)


def _is_placeholder(name: str, lines: list[str], title: str) -> bool:
    text = "\n".join(lines[:40]).lower()
    return (
        name in {"placeholder.rst", "remove-me.rst"}
        or "this file is a place holder" in text
        or title.lower().startswith("no specs ")
    )


def _is_lite_template(lines: list[str]) -> bool:
    problems = [line[len(":problem:") :].strip() for line in lines if line.startswith(":problem:")]
    return bool(problems) and all(value.startswith("<") for value in problems)


def headings(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) of every section title, over- and underlined or underlined."""
    found = []
    i = 0
    while i < len(lines) - 1:
        line, below = lines[i], lines[i + 1]
        if (
            _ADORNMENT.match(line)
            and i + 2 < len(lines)
            and lines[i + 1].strip()
            and _ADORNMENT.match(lines[i + 2])
            and lines[i + 2].strip()[0] == line.strip()[0]
        ):
            found.append((i + 2, _plain_title(lines[i + 1])))
            i += 3
            continue
        if (
            line.strip()
            and not line.startswith((" ", "\t"))
            and not _ADORNMENT.match(line)
            and _ADORNMENT.match(below)
            and len(below.strip()) >= min(len(line.strip()), 3)
        ):
            found.append((i + 1, _plain_title(line)))
            i += 2
            continue
        i += 1
    return found


def _plain_title(text: str) -> str:
    """Without rST inline markup: ``literal`` and `interpreted` become their text."""
    return " ".join(re.sub(r"``(.+?)``|`([^`]+)`", lambda m: m[1] or m[2], text).split())


# -- blueprint URLs ---------------------------------------------------------------


def find_links(lines: list[str]) -> list[Link]:
    """Every blueprint URL, in order, each rejoined if it continues on the next lines."""
    links = []
    for i, line in enumerate(lines):
        for match in _HOST.finditer(line):
            link = _link_at(lines, i, match.start())
            if link is not None:
                links.append(link)
    return links


def _link_at(lines: list[str], i: int, start: int) -> Link | None:
    line = lines[i]
    before = line[:start]
    labelled = bool(_LABEL_BEFORE_URL.search(before)) or (
        not re.sub(r"[\s*|`<-]", "", before) and bool(_LABEL_BEFORE_URL.search(_previous(lines, i)))
    )
    if before.endswith("<"):
        # An rST embedded URI runs to '>' and docutils drops its white space.
        text, j = line[start:], i
        while ">" not in text and j + 1 < len(lines) and j - i < _WRAP_LINES:
            j += 1
            text += lines[j]
        if ">" not in text:
            return _checked(i, re.sub(r"\s+", "", text), labelled, "has no closing '>'")
        return _checked(i, re.sub(r"\s+", "", text.split(">", 1)[0]), labelled)
    url = _BARE_TOKEN.match(line, start).group()
    rest, j = line[start + len(url) :], i
    while not rest.strip() and j + 1 < len(lines) and j - i < _WRAP_LINES:
        following = lines[j + 1].lstrip()
        piece = _BARE_TOKEN.match(following).group()
        if not (
            (_NEEDS_NAME.fullmatch(url) and _SLUG_START.match(piece))
            or (_NEEDS_SLASH.fullmatch(url) and piece.startswith("/"))
        ):
            break
        url, rest, j = url + piece, following[len(piece) :], j + 1
    return _checked(i, url.rstrip(_TRAILING_PUNCTUATION), labelled)


def _previous(lines: list[str], i: int) -> str:
    """The nearest line above line `i` (counted from 0) with words on it."""
    for text in reversed(lines[:i]):
        if text.strip() and not _ADORNMENT.match(text):
            return text
    return ""


def _checked(i: int, url: str, labelled: bool, problem: str | None = None) -> Link | None:
    match = _BLUEPRINT.fullmatch(url)
    if match is None:
        if url.lower().startswith(("http://bugs.", "https://bugs.")):
            return None  # a bug report, not a blueprint
        problem = problem or "is not the address of a blueprint"
        return Link(i + 1, url, problem=problem, labelled=labelled)
    if match["host"].lower() == "bugs" and "/+spec/" not in url.lower():
        return None
    project = match["project"].lower().replace("_", "-")  # glance_store is glance-store
    slug = match["slug"]
    if problem is None:
        if match["tail"] not in (None, "/"):
            problem = f"has '{match['tail']}' after the blueprint name"
        elif not _LP_NAME.fullmatch(project):
            problem = f"names project '{match['project']}', which is not a Launchpad name"
        elif not _LP_NAME.fullmatch(slug):
            problem = (
                f"names blueprint '{slug}', which is not a Launchpad name "
                "(lower-case letters, digits, '+', '-', '.')"
            )
        elif slug.endswith(("-", ".")):
            problem = f"ends in '{slug[-1]}': the URL looks cut short"
    return Link(i + 1, url, project, slug, problem, labelled)


def own_links(lines: list[str], links: list[Link], heads: list[tuple[int, str]]) -> list[Link]:
    """The URLs of the spec's own blueprints: in its header, or else after a label."""
    title_line = heads[0][0] if heads else 0
    header_end = heads[1][0] - 1 if len(heads) > 1 else len(lines) + 1
    in_header = [link for link in links if title_line < link.line < header_end]
    if in_header:
        paragraph = _paragraph(lines, in_header[0].line)
        return [link for link in in_header if link.line in paragraph]
    return [link for link in links if link.labelled][:1]


def _paragraph(lines: list[str], line: int) -> range:
    first = last = line
    while first > 1 and lines[first - 2].strip():
        first -= 1
    while last < len(lines) and lines[last].strip():
        last += 1
    return range(first, last + 1)


# -- assignees --------------------------------------------------------------------

_ID = r"[a-z0-9][a-z0-9+.-]*"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_WORDS = r"[A-Z][\w'.-]*(?:\s+[\w'.-]+)*"
_PLACEHOLDER = re.compile(
    r"[<(]?(none|n/a|nobody|unassigned|tbd|tbc|to be (added|determined)|unknown|open|"
    r"volunteers? (welcome|wanted)|anyone|launchpad-id or none|add your name|if known)"
    r"([>),.;:\s].*)?",
    re.IGNORECASE,
)
_TEMPLATE_PROSE = ("who is leading the writing", "if more than one person", "primary author and")
_LABEL = re.compile(
    r"^\s*[*-]?\s*(?P<label>(?:[\w()]+\s+){0,3}"
    r"(?:assignees?|assignee\(s\)|contributors?|authors?|liaison)(?:\(s\))?)"
    r"\s*(?::\s*(?P<value>.*))?$",
    re.IGNORECASE,
)
_PRIMARY = re.compile(r"(primary|main|assignee|author)", re.IGNORECASE)


def assignee_of(lines: list[str], heads: list[tuple[int, str]]) -> tuple[Assignee, int | None]:
    """(the assignee, its line) from the spec's Assignee(s) section.

    The first value under "Primary assignee:" (or the first value, when the section
    has no labels); glance's spec-lite `:assignee:` field otherwise.
    """
    for k, (line, text) in enumerate(heads):
        if re.fullmatch(r"assignees?(\(s\))?", text.strip(), re.IGNORECASE):
            end = heads[k + 1][0] - 1 if k + 1 < len(heads) else len(lines)
            value = _primary_value(lines, line + 1, end)
            break
    else:
        value = next(
            (
                (i + 1, text[len(":assignee:") :].strip())
                for i, text in enumerate(lines)
                if text.startswith(":assignee:")
            ),
            None,
        )
    if value is None:
        return Assignee(), None
    number, text = value
    return assignee_from(text), number


def _primary_value(lines: list[str], start: int, end: int) -> tuple[int, str] | None:
    primary = True  # values listed without a label are the assignees
    for number in range(start + 1, end + 1):
        text = lines[number - 1]
        stripped = text.strip()
        if not stripped or stripped.startswith("..") or _ADORNMENT.match(text):
            continue
        label = _LABEL.match(text)
        if label:
            primary = bool(_PRIMARY.match(label["label"]))
            if primary and label["value"]:
                return number, label["value"].strip()
            continue
        if primary:
            return number, stripped
    return None


@dataclass(frozen=True)
class Assignee:
    """Who a spec names: a Launchpad id or a name, the name beside an id, or a note."""

    who: str | None = None
    name: str | None = None  # the name written beside a Launchpad id
    note: str | None = None  # why a written value was not kept


def assignee_from(value: str) -> Assignee:
    """The assignee of one written value.

    A Launchpad id is kept wherever the writer marked one (`<id>`, `(id)`, `(~id)`,
    a profile URL, a leading id, a name then an id), with the name written beside
    it; otherwise the name, without e-mail addresses, IRC nicks and remarks in
    brackets. An e-mail address is never kept.
    """
    text = re.sub(r"^(?:[*-]|\d+\.)\s+", "", value.strip()).replace("\\_", "_").strip(" ,;")
    if _is_placeholder_value(text):
        return Assignee()
    cleaned = _EMAIL.sub("", text)
    cleaned = re.sub(r"\s+on\s+irc\b.*$|\birc\b:?\s*[\w.-]*|\be-?mail:", "", cleaned, flags=re.I)
    cleaned = re.sub(r"<\s*>|\(\s*[,;]?\s*\)|`_?", "", cleaned)
    for candidate, pattern in (
        (text, rf"launchpad\.net/~({_ID})"),
        (text, rf"^launchpad-id:\s*({_ID})$"),
        (text, rf"<({_ID})>"),
        (text, rf"\(~({_ID})\)"),
        (text, rf"^({_ID})(?=\s*(?:$|[(<,/:]|\b(?:and|or)\b|\s-\s))"),
        (text, rf"\(({_ID})[,)]"),
        (cleaned, rf"^{_NAME_WORDS}\s+-\s+({_ID})$"),
        (cleaned, rf"^(?:[A-Z][\w'.-]*\s+)+({_ID})$"),
    ):
        match = re.search(pattern, candidate.strip(" ,;-"))
        if match and _plausible_id(match, candidate):
            return Assignee(match[1], _name_beside(cleaned, match[1]))
    name = " ".join(re.sub(r"\([^()]*\)", "", cleaned).split()).strip(" -,;:()")
    if not name and _EMAIL.search(text):
        return Assignee(note="assignee given only as an e-mail address; not stored")
    if _is_placeholder_value(name):
        return Assignee()
    if _NAME.fullmatch(name):
        return Assignee(name)
    shown = _EMAIL.sub("<e-mail>", text)
    return Assignee(note=f"assignee '{shown}' is not a name or Launchpad id; not stored")


_NAME = re.compile(r"[^\W\d_][\w'.-]*(?:,?\s+[^\W\d_][\w'.-]*){0,3}")
#: Lower-case words a person's name may hold ("Samuel de Medeiros Queiroz").
_PARTICLES = {"al", "bin", "da", "das", "de", "del", "der", "di", "do", "dos", "du", "la", "le"}


def _plausible_id(match: re.Match[str], written: str) -> bool:
    """After a name, a bare word is an id only when it starts like one of the name's
    words ("Raildo Mascena raildo"), not "The Nova API subteam"."""
    if not match.re.pattern.startswith("^(?:[A-Z]"):
        return True
    words = written[: match.start(1)].split()
    return any(word[0].lower() == match[1][0] for word in words)


def _name_beside(cleaned: str, person: str) -> str | None:
    """The name written with a Launchpad id (`Name <id>`, `id (Name)`...), if any."""
    escaped = re.escape(person)
    rest = re.sub(
        rf"https?://launchpad\.net/~{escaped}|launchpad-id:\s*{escaped}|~?\b{escaped}\b",
        "",
        cleaned,
    )
    name = " ".join(re.sub(r"[<>()]", " ", rest).split()).strip(" -,;:")
    words = name.replace(",", " ").split()
    if _NAME.fullmatch(name) and all(w[0].isupper() or w in _PARTICLES for w in words):
        return name
    return None


def _is_placeholder_value(text: str) -> bool:
    return (
        not text
        or bool(_PLACEHOLDER.fullmatch(text))
        or text.lower().startswith(_TEMPLATE_PROSE)
        or not re.search(r"[^\W\d_]", text)  # no letter at all: '::', '?'
    )


# -- the series -------------------------------------------------------------------


def _collect(result: SpecsImport, projects: set[str], series: str, completed: str | None) -> None:
    kept: dict[tuple[str, str], Spec] = {}
    for spec in result.specs:
        for link in spec.own:
            if link.problem is not None or link.project not in projects:
                continue
            key = (link.project, link.slug)
            other = kept.get(key)
            if other is None or _rank(spec.status) < _rank(other.status):
                kept[key] = spec
    if completed is None:
        implemented = sorted({s.file for s in kept.values() if s.status == "implemented"})
        if implemented:
            raise UserError(
                [
                    f"{file}: implemented, but series '{series}' has no final milestone: "
                    "pass --completed MILESTONE"
                    for file in implemented
                ]
            )
    for (project, slug), spec in sorted(kept.items()):
        result.blueprints.setdefault(project, {})[slug] = _entry(spec, project, slug, completed)
        if spec.assignee.name:
            result.people.setdefault(spec.assignee.who, spec.assignee.name)
    imported = {f"{project}/{slug}" for project, slug in kept}
    for spec in result.specs:
        own_ids = {id(link) for link in spec.own}
        for link in spec.links:
            outcome, message = _outcome(link, id(link) in own_ids, spec, kept, imported, series)
            result.outcomes.append((spec.file, link, outcome))
            if message:
                result.notes.append(Note(spec.file, link.line, outcome, message))


def _rank(status: str) -> int:
    return _STATUS_RANK.index(status)


def _outcome(
    link: Link,
    own: bool,
    spec: Spec,
    kept: dict[tuple[str, str], Spec],
    imported: set[str],
    series: str,
) -> tuple[str, str | None]:
    """("imported", None) or (the reason, the note) for one blueprint URL."""
    if link.problem is not None:
        return "not a blueprint address", f"blueprint URL {link.url} {link.problem}; not imported"
    if link.key in imported:
        holder = kept[(link.project, link.slug)]
        if own and holder is not spec:
            return "same blueprint", (
                f"blueprint {link.key} is also the blueprint of {holder.file} "
                f"({holder.status}); kept that one"
            )
        return "imported", None
    if own:
        return "other project", (
            f"blueprint {link.key} is of project '{link.project}', not imported "
            f"(--project {link.project} imports it)"
        )
    return "linked only", (
        f"links blueprint {link.key}, which is not this spec's own and which no {series} "
        "spec proposes; not imported"
    )


def _entry(spec: Spec, project: str, slug: str, completed: str | None) -> dict[str, Any]:
    title = spec.title or slug
    siblings = {link.slug for link in spec.own if link.problem is None and link.project == project}
    if len(siblings) > 1:
        title = f"{title} ({slug})"  # several blueprints share one spec: tell them apart
    entry: dict[str, Any] = {"title": title, "status": spec.status}
    if spec.status == "implemented":
        entry["completed"] = completed
    if spec.assignee.who:
        entry["assignee"] = spec.assignee.who
    return entry
