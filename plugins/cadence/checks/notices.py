"""Sort what Pelican and Cadence log during a build into errors, notices and info.

Pelican logs a warning for anything odd and keeps going. Cadence's rule
(docs/migrating.md has the whole list):

- error: something is lost or broken in the site: a post skipped, a link that
  resolves to nothing, a setting ignored, a plugin that did not load. The build
  fails. Anything not recognised below is an error too.
- notice: the site is right, but a source or a setting uses a form Pelican only
  still accepts (`|filename|`, `{filename}` to an image, `%s` in feed paths...),
  or a part of a Cadence project is missing (no data/ folder). Each names
  `file:line`, the old form and the modern one. `cadence build --strict` makes
  them errors; `cadence fix` rewrites those that carry a `Rewrite`.
- info: about this machine or a choice that may be deliberate (a locale that is
  not installed, no SITEURL while developing, alt="" on an image). Never fatal.

Diagnostics from Cadence's own checks arrive ready-made on `record.cadence`;
Pelican's messages are recognised by their format string, and the file and line
are looked up in the sources (Pelican gives neither).
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pelican import log as pelican_log

from cadence.checks.legacy import (
    find_links,
    find_text,
    label,
    link_notices,
    read_text,
    sources,
)
from cadence.errors import ERROR, INFO, NOTICE, Diagnostic, Rewrite

KINDS = (ERROR, NOTICE, INFO)


class Report(logging.Handler):
    """Every diagnostic of one build, by kind, each once."""

    def __init__(self, settings_file: str | Path | None = None) -> None:
        super().__init__(level=logging.WARNING)
        self.settings_file = str(settings_file) if settings_file else None
        self.settings: dict[str, Any] = {}
        self._found: dict[tuple[Any, ...], Diagnostic] = {}
        self._texts: dict[Path, str] | None = None

    def use(self, settings: dict[str, Any]) -> None:
        """The loaded settings: where the content is, to find the lines."""
        self.settings = settings
        self._texts = None

    @contextlib.contextmanager
    def capture(self) -> Iterator[Report]:
        """Collect what is logged inside the block (loading the settings)."""
        # Pelican drops a message it logged before in the same process; a second
        # build (tests, live preview) must see its warnings again.
        pelican_log.init(level=None, handler=None, logs_dedup_min_level=logging.DEBUG)
        root = logging.getLogger()
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        ready = getattr(record, "cadence", None)
        try:
            found = [ready] if isinstance(ready, Diagnostic) else classify(record, self)
        except Exception:  # a message in a shape we did not expect: never lose it
            found = [Diagnostic(ERROR, self.shorten(record.getMessage()))]
        for diagnostic in found:
            self.add(diagnostic)

    def add(self, diagnostic: Diagnostic) -> None:
        # One diagnostic per place: Pelican renders a post several times (summary,
        # each page depth with RELATIVE_URLS). A later one at the same place says
        # more (the {filename} link to an image that was also written |filename|).
        if diagnostic.rewrite is not None:
            key: tuple[Any, ...] = (diagnostic.file, diagnostic.line, diagnostic.column)
        else:
            key = (diagnostic.kind, str(diagnostic))
        self._found[key] = diagnostic

    def of_kind(self, kind: str) -> list[Diagnostic]:
        return sorted((d for d in self._found.values() if d.kind == kind), key=lambda d: d.sort_key)

    @property
    def errors(self) -> list[str]:
        return [str(d) for d in self.of_kind(ERROR)]

    @property
    def notices(self) -> list[str]:
        return [str(d) for d in self.of_kind(NOTICE)]

    @property
    def infos(self) -> list[str]:
        return [str(d) for d in self.of_kind(INFO)]

    def problems(self, strict: bool = False) -> list[str]:
        """What fails the build: the errors, and with `strict` the notices too."""
        return self.errors + (self.notices if strict else [])

    def rewrites(self) -> list[Rewrite]:
        return [d.rewrite for d in self.of_kind(NOTICE) if d.rewrite is not None]

    # -- looking things up for the classifiers --------------------------------

    def where(self, path: str | Path) -> str:
        return label(path, self.settings)

    def content_path(self) -> Path:
        return Path(self.settings.get("PATH") or os.curdir)

    def texts(self) -> dict[Path, str]:
        """Every content source, read once per build (to find unlocated links)."""
        if self._texts is None:
            self._texts = {path: read_text(path) for path in sources(self.settings)}
        return self._texts

    def setting_line(self, name: str) -> tuple[str | None, int | None]:
        """(settings file, line) where `name` is assigned, the last time."""
        if not self.settings_file:
            return None, None
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*(:[^=]*)?=")
        lines = read_text(self.settings_file).splitlines()
        numbers = [i for i, line in enumerate(lines, 1) if pattern.match(line)]
        return self.settings_file, (numbers[-1] if numbers else None)

    def shorten(self, message: str) -> str:
        """Absolute paths in a message, made relative to the project folder."""
        base = str(self.content_path().resolve().parent) + os.sep
        return message.replace(base, "")


# -- classifiers ---------------------------------------------------------------

#: None: not this message after all (the general rule applies)
Classifier = Callable[[logging.LogRecord, Report], list[Diagnostic] | None]
_CLASSIFIERS: dict[str, Classifier] = {}


def _on(*formats: str) -> Callable[[Classifier], Classifier]:
    """Register a classifier for Pelican's messages with these format strings."""

    def register(function: Classifier) -> Classifier:
        for text in formats:
            _CLASSIFIERS[text] = function
        return function

    return register


def classify(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    template = record.msg if isinstance(record.msg, str) else ""
    function = _CLASSIFIERS.get(template)
    if function is not None:
        found = function(record, report)
        if found is not None:
            return found
    for pattern, function in _SETTINGS_MESSAGES:
        match = pattern.match(record.getMessage())
        if match:
            return function(match, report)
    message = report.shorten(record.getMessage())
    if record.exc_info and record.exc_info[1] is not None:
        message = f"{message}: {record.exc_info[1]}"
    return [Diagnostic(ERROR, message)]


def _args(record: logging.LogRecord) -> tuple[Any, ...]:
    args = record.args
    return args if isinstance(args, tuple) else ()


@_on("{filename} used for linking to static content %s in %s. Use {static} instead")
def _filename_to_static(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    path, source = _args(record)
    return link_notices(
        str(report.content_path() / source),
        report.settings,
        "filename",
        str(path),
        "static",
        "link to a static file: expected {new}, got {old}",
        "{filename}" + str(path),
    )


@_on("Unable to find '%s', skipping url replacement.")
def _unresolved(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    (value,) = _args(record)
    folder = report.content_path().name
    found = []
    for path, text in report.texts().items():
        for line, column, written in find_links(
            text, "filename|static|attach", [str(value), html.unescape(str(value))]
        ):
            found.append(
                Diagnostic(
                    ERROR,
                    f"link to nothing: expected the path of a post, page or static file "
                    f"in {folder}/, got {written}",
                    report.where(path),
                    line,
                    column,
                )
            )
    return found or [
        Diagnostic(ERROR, f"link to nothing: no post, page or static file at '{value}'")
    ]


@_on("Replacement Indicator %r not recognized in %r, skipping replacement")
def _unknown_marker(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    _, origin = _args(record)
    message = (
        "unknown link marker: expected {filename}, {static}, {attach}, {tag}, {category}, "
        f"{{author}} or {{index}}, got '{origin}'"
    )
    found = [
        Diagnostic(ERROR, message, report.where(path), line, column)
        for path, text in report.texts().items()
        for variant in dict.fromkeys([str(origin), html.unescape(str(origin))])
        for line, column in find_text(text, variant)
    ]
    return found or [Diagnostic(ERROR, message)]


@_on("Empty alt attribute for image %s in %s")
def _empty_alt(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    image, source = _args(record)
    positions = find_text(read_text(source), str(image)) or [(None, None)]
    line, column = positions[0]
    return [
        Diagnostic(
            INFO,
            f"image without alt text: {image} is skipped by screen readers "
            '(alt="" marks an image as decorative)',
            report.where(source),
            line,
            column,
        )
    ]


@_on("Skipping %s: could not find information about '%s'")
def _skipped(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    content, field = _args(record)
    source = getattr(content, "source_path", None) or str(content)
    return [
        Diagnostic(
            ERROR,
            f"post skipped: expected metadata '{field}', got none",
            report.where(source),
            1,
        )
    ]


@_on("Unknown status '%s' for file %s, skipping it. (Not in %s)")
def _unknown_status(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    status, content, allowed = _args(record)
    source = getattr(content, "source_path", None) or str(content)
    lines = [n for n, _ in find_text(read_text(source), str(status))] or [1]
    return [
        Diagnostic(
            ERROR,
            f"post skipped: status: expected one of {', '.join(sorted(allowed))}, got '{status}'",
            report.where(source),
            lines[0],
        )
    ]


@_on("Duplicate definition of `%s` for %s. Using first one.")
def _duplicate(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    key, source = _args(record)
    pattern = re.compile(rf"^{re.escape(str(key))}\s*:", re.IGNORECASE)
    lines = [n for n, line in enumerate(read_text(source).splitlines(), 1) if pattern.match(line)]
    return [
        Diagnostic(
            ERROR,
            f"metadata '{key}' given twice: expected it once; the second one is ignored",
            report.where(source),
            lines[1] if len(lines) > 1 else 1,
        )
    ]


@_on("Meta tag attribute 'contents' used in file %s, should be changed to 'content'")
def _meta_contents(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    (source,) = _args(record)
    found = []
    for number, line in enumerate(read_text(source).splitlines(), 1):
        if "<meta" not in line.lower():
            continue
        for match in re.finditer(r"\bcontents(?=\s*=)", line):
            column = match.start() + 1
            found.append(
                Diagnostic(
                    NOTICE,
                    "misspelt meta attribute: expected content=, got contents=",
                    report.where(source),
                    number,
                    column,
                    Rewrite(str(source), number, column, "contents", "content"),
                )
            )
    return found or [
        Diagnostic(
            NOTICE,
            "misspelt meta attribute: expected content=, got contents=",
            report.where(source),
        )
    ]


@_on(
    "Meta tag in file %s does not have a 'name' attribute, skipping. Attributes: %s",
    "Docutils has no localization for '%s'. Using 'en' instead.",
    "The {attach} link in %s cannot relocate %s because %s. Falling back to "
    "{filename} link behavior instead.",
)
def _information(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    return [Diagnostic(INFO, report.shorten(record.getMessage()))]


@_on("Cannot get modification stamp for %s\n\t%s")
def _missing_static(record: logging.LogRecord, report: Report) -> list[Diagnostic] | None:
    """A {static} link to a missing file: already an error at its line (legacy.py)."""
    (path, _) = _args(record)
    inside = report.content_path().resolve() in Path(str(path)).resolve().parents
    return [] if inside and not Path(str(path)).exists() else None


@_on("Cannot load plugin `%s`\n%s")
def _plugin(record: logging.LogRecord, report: Report) -> list[Diagnostic]:
    plugin, error = _args(record)
    file, line = report.setting_line("PLUGINS")
    return [
        Diagnostic(
            ERROR,
            f"PLUGINS: plugin '{plugin}' is not loaded: expected an installed plugin, "
            f"got {str(error).splitlines()[-1]}",
            file,
            line,
        )
    ]


# -- settings (logged while Pelican reads the settings file) -----------------------


def _setting(kind: str, name: str | None, message: str, report: Report) -> list[Diagnostic]:
    file, line = report.setting_line(name) if name else (report.settings_file, None)
    return [Diagnostic(kind, message, file, line)]


def _feed_percent_s(match: re.Match[str], report: Report) -> list[Diagnostic]:
    """`%s` in a feed path: Pelican converts it; `cadence fix` rewrites it."""
    name, field = match["name"], match["field"]
    file, line = report.setting_line(name)
    message = f"{name}: '%s' in a feed path is deprecated: expected {{{field}}}, got %s"
    if file is None or line is None:
        return [Diagnostic(NOTICE, message, file, line)]
    text = read_text(file).splitlines()[line - 1]
    start = text.find("%s", text.find("=") + 1)
    if start < 0:
        return [Diagnostic(NOTICE, message, file, line)]
    rewrite = Rewrite(str(Path(file).resolve()), line, start + 1, "%s", "{" + field + "}")
    return [Diagnostic(NOTICE, message, file, line, start + 1, rewrite)]


def _settings_rule(
    kind: str, name: str | None, message: str
) -> Callable[[re.Match[str], Report], list[Diagnostic]]:
    """A rule whose setting name and message may use the match's groups."""

    def rule(match: re.Match[str], report: Report) -> list[Diagnostic]:
        groups = match.groupdict()
        key = name.format(**groups) if name else None
        if key == "SUBSTITUTIONS":  # Pelican does not say which: the first one set
            key = next(
                (
                    n
                    for n in (f"{p}SUBSTITUTIONS" for p in ("SLUG_", "CATEGORY_", "TAG_"))
                    if report.setting_line(n)[1]
                ),
                "AUTHOR_SUBSTITUTIONS",
            )
        return _setting(kind, key, message.format(**groups, key=key), report)

    return rule


def _ignored(match: re.Match[str], report: Report) -> list[Diagnostic]:
    return []


_SETTINGS_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str], Report], Any]]] = [
    (
        re.compile(r"^%s usage in (?P<name>\w+) is deprecated, use \{(?P<field>\w+)\} instead\.$"),
        _feed_percent_s,
    ),
    (
        re.compile(r"^PLUGIN_PATH setting has been replaced by PLUGIN_PATHS"),
        _settings_rule(
            NOTICE,
            "PLUGIN_PATH",
            "PLUGIN_PATH is deprecated: expected PLUGIN_PATHS = [...], got PLUGIN_PATH",
        ),
    ),
    (
        re.compile(r"^Defining PLUGIN_PATHS setting as string"),
        _settings_rule(
            NOTICE, "PLUGIN_PATHS", "PLUGIN_PATHS: expected a list of folders, got a string"
        ),
    ),
    (
        re.compile(r"^JINJA_EXTENSIONS setting has been deprecated"),
        _settings_rule(
            NOTICE,
            "JINJA_EXTENSIONS",
            "JINJA_EXTENSIONS is deprecated: expected "
            "JINJA_ENVIRONMENT = {{'extensions': [...]}}, got JINJA_EXTENSIONS",
        ),
    ),
    (
        re.compile(r"^Deprecated setting (?P<old>\w+), moving it to (?P<new>\w+) list$"),
        _settings_rule(NOTICE, "{old}", "{old} is deprecated: expected {new} = [...], got {old}"),
    ),
    (
        re.compile(r"^EXTRA_TEMPLATES_PATHS is deprecated"),
        _settings_rule(
            NOTICE,
            "EXTRA_TEMPLATES_PATHS",
            "EXTRA_TEMPLATES_PATHS is deprecated: expected THEME_TEMPLATES_OVERRIDES, "
            "got EXTRA_TEMPLATES_PATHS",
        ),
    ),
    (
        re.compile(r"^MD_EXTENSIONS is deprecated"),
        _settings_rule(
            NOTICE,
            "MD_EXTENSIONS",
            "MD_EXTENSIONS is ignored (Pelican's default Markdown extensions are used): "
            "expected MARKDOWN = {{'extension_configs': {{...}}}}, got MD_EXTENSIONS",
        ),
    ),
    (
        re.compile(r"^The (?P<old>LESS_GENERATOR|FILES_TO_COPY) setting has been removed"),
        _settings_rule(
            ERROR,
            "{old}",
            "{old} has no effect any more: expected STATIC_PATHS and EXTRA_PATH_METADATA "
            "(or a plugin), got {old}",
        ),
    ),
    (
        re.compile(r"^The PAGINATED_DIRECT_TEMPLATES setting has been removed"),
        _settings_rule(
            NOTICE,
            "PAGINATED_DIRECT_TEMPLATES",
            "PAGINATED_DIRECT_TEMPLATES is deprecated: expected PAGINATED_TEMPLATES, "
            "got PAGINATED_DIRECT_TEMPLATES",
        ),
    ),
    (
        re.compile(r"^SLUG_SUBSTITUTIONS and variants thereof are deprecated"),
        _settings_rule(
            NOTICE,
            "SUBSTITUTIONS",
            "{key} is deprecated: expected SLUG_REGEX_SUBSTITUTIONS and its variants, got {key}",
        ),
    ),
    (
        re.compile(r"^Failed to convert %s to \{\w+\} for (?P<name>\w+)\. Falling back"),
        _settings_rule(
            ERROR,
            "{name}",
            "{name} is ignored (Pelican falls back to its default): expected a path with "
            "one %s, got something Pelican cannot convert",
        ),
    ),
    (
        re.compile(r"^Found deprecated `(?P<old>CLEAN_URLS|ARTICLE_PERMALINK_STRUCTURE)`"),
        _settings_rule(
            NOTICE,
            "{old}",
            "{old} is deprecated: expected ARTICLE_URL, PAGE_URL and their *_SAVE_AS, got {old}",
        ),
    ),
    (re.compile(r"^\w+ = '.*'$"), _ignored),  # the settings CLEAN_URLS changed, listed
    (
        re.compile(r"^Found deprecated `AUTORELOAD_IGNORE_CACHE`"),
        _settings_rule(
            NOTICE,
            "AUTORELOAD_IGNORE_CACHE",
            "AUTORELOAD_IGNORE_CACHE is deprecated: expected the --ignore-cache option, "
            "got AUTORELOAD_IGNORE_CACHE",
        ),
    ),
    (
        re.compile(r"^Found deprecated `(?P<old>\w+)` in settings\. Modify \w+ to (?P<new>\w+)"),
        _settings_rule(NOTICE, "{old}", "{old} is deprecated: expected {new}, got {old}"),
    ),
    (
        re.compile(r"^WRITE_SELECTED is present in settings"),
        _settings_rule(
            NOTICE,
            "WRITE_SELECTED",
            "WRITE_SELECTED has no effect any more: expected nothing, got WRITE_SELECTED",
        ),
    ),
    (
        re.compile(r"^Detected misconfigured (?P<name>\w+) \((?P<got>.*)\), falling back"),
        _settings_rule(ERROR, "{name}", "{name} is ignored: expected a string, got {got}"),
    ),
    (
        re.compile(r"^Detected misconfiguration with (?P<name>\w+) setting \(must be a list\)"),
        _settings_rule(ERROR, "{name}", "{name} is ignored: expected a list, got a string"),
    ),
    (
        re.compile(r"^Locale could not be set"),
        _settings_rule(
            INFO,
            "LOCALE",
            "LOCALE: none of these locales is installed on this machine; dates use the "
            "default locale",
        ),
    ),
    (
        re.compile(r"^Removed extraneous trailing slash from SITEURL"),
        _settings_rule(INFO, "SITEURL", "SITEURL: the trailing slash was removed"),
    ),
    (
        re.compile(r"^Feeds generated without SITEURL or FEED_DOMAIN"),
        _settings_rule(
            INFO,
            "SITEURL",
            "SITEURL is empty: feed links are relative until SITEURL is set "
            "(usually in publishconf.py)",
        ),
    ),
    (
        re.compile(r"^No timezone information specified in the settings"),
        _settings_rule(INFO, "TIMEZONE", "TIMEZONE is not set: dates in feeds are taken as UTC"),
    ),
]
