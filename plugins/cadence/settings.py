"""Cadence's settings: each one defined once, with its default and its type, read
from the Pelican settings file and checked when it is loaded.

Relative paths in CADENCE_* settings are resolved against the folder of the
settings file, like Pelican's own PATH and THEME. A setting of the wrong type is
reported as `pelicanconf.py:12: NAME: expected ..., got ...` before anything is
built.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cadence.data.options import DEFAULT_BLUEPRINT_URL, DEFAULT_MAX_BYTES, Options
from cadence.errors import INFO, Diagnostic, UserError, did_you_mean, report

logger = logging.getLogger(__name__)

#: A check returns None when the value is right, else what was expected.
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Setting:
    default: Any
    check: Check
    #: internal settings are set by the build, never by a person
    internal: bool = False


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"{type(value).__name__} {value!r}"[:80]


def _template(example: str, fields: set[str]) -> Check:
    """A relative URL or path pattern with only `fields` as {placeholders}."""

    def check(value: Any) -> str | None:
        expected = f"a string such as {example!r}"
        if not isinstance(value, str):
            return expected
        try:
            parsed = list(string.Formatter().parse(value))
        except ValueError:
            return f"{expected} (unbalanced braces)"
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in fields:
                allowed = ", ".join("{" + f + "}" for f in sorted(fields)) or "no placeholder"
                return f"{expected}, with only {allowed}"
            if spec or conversion:
                return f"{expected}, with plain placeholders (no format spec)"
        return _relative(value, expected)

    return check


def _relative(value: str, expected: str) -> str | None:
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]+:", value):
        return f"{expected} (relative to the site, not absolute)"
    if ".." in re.split(r"[/\\]", value):
        return f"{expected} (inside the output folder: no '..')"
    if any(ord(c) < 32 for c in value):
        return f"{expected} (no control characters)"
    return None


def _path(example: str) -> Check:
    return _template(example, {"slug"})


def _string(example: str, optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, str) and value.strip():
            return None
        return f"a string such as {example!r}" + (" or None" if optional else "")

    return check


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "True or False"


def _positive_int(example: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return None
        return f"a whole number above 0 such as {example}"

    return check


def _date(value: Any) -> str | None:
    if value is None or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    ):
        return None
    return "a date such as datetime.date(2026, 1, 1), or None"


def _url(example: str) -> Check:
    def check(value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and re.match(r"^https?://[^\s\"'<>]+$", value):
            return None
        return f"an http(s) URL such as {example!r}, or None"

    return check


def _blueprint_url(value: Any) -> str | None:
    expected = f"a string such as {DEFAULT_BLUEPRINT_URL!r}"
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return expected
    inner = _template("x", {"project", "slug", "series"})(value.split("://", 1)[1])
    return None if inner is None else expected + ", with only {project}, {series} and {slug}"


def _paths(example: Mapping[str, str], fields: set[str]) -> Check:
    def check(value: Any) -> str | None:
        expected = f"a dict of paths such as {dict(example)!r}"
        if not isinstance(value, dict):
            return expected
        for key, path in value.items():
            if key not in example:
                return f"{expected}; unknown key {key!r}{did_you_mean(key, example)}"
            problem = _template(example[key], fields)(path)
            if problem:
                return f"{expected}; {key!r}: {problem}"
        return None

    return check


def _formats(value: Any) -> str | None:
    expected = "a dict such as {'atom': '.atom.xml', 'rss': '.rss.xml'}"
    if not isinstance(value, dict) or not value:
        return expected
    for key, suffix in value.items():
        if key not in {"atom", "rss"} or not isinstance(suffix, str) or "/" in suffix:
            return expected
    return None


_FEED_PATHS = {
    "site": "feeds/all",
    "notes": "feeds/release-notes",
    "category": "feeds/category/{slug}",
    "tag": "feeds/tag/{slug}",
    "author": "feeds/author/{slug}",
    "project": "feeds/project/{slug}",
    "series": "feeds/series/{slug}",
}
_CALENDAR_PATHS = {"all": "schedule.ics", "series": "series/{slug}/schedule.ics"}

#: Every Cadence setting, its default and its check (docs/settings.md, docs/feeds.md).
SETTINGS: dict[str, Setting] = {
    # release data and generated notes
    "CADENCE_DATA_PATH": Setting("data", _string("data")),
    "CADENCE_BLUEPRINT_URL": Setting(DEFAULT_BLUEPRINT_URL, _blueprint_url),
    "CADENCE_MAX_DATA_FILE_BYTES": Setting(DEFAULT_MAX_BYTES, _positive_int(DEFAULT_MAX_BYTES)),
    "CADENCE_NOTES_CATEGORY": Setting("Release notes", _string("Release notes")),
    "CADENCE_NOTES_AUTHOR": Setting(None, _string("Ana Ribeiro", optional=True)),
    "CADENCE_NOTES_URL": Setting(
        "release-notes/{series}/{milestone}/",
        _template("release-notes/{series}/{milestone}/", {"series", "milestone"}),
    ),
    "CADENCE_FREEZE_URL": Setting(
        "release-notes/{series}/{milestone}/freeze-report/",
        _template("release-notes/{series}/{milestone}/freeze-report/", {"series", "milestone"}),
    ),
    "CADENCE_NOTES_INDEX_URL": Setting("release-notes/", _template("release-notes/", set())),
    "CADENCE_SERIES_URL": Setting("series/{series}/", _template("series/{series}/", {"series"})),
    "CADENCE_PROJECT_URL": Setting(
        "projects/{project}/", _template("projects/{project}/", {"project"})
    ),
    "CADENCE_SCHEDULE_URL": Setting("schedule/", _template("schedule/", set())),
    "CADENCE_COMING_UP_URL": Setting("coming-up/", _template("coming-up/", set())),
    "CADENCE_COMPANION_PATH": Setting("notes", _template("notes", set())),
    "CADENCE_CHARTS": Setting(True, _boolean),
    # the date the schedule calls "today"; None: the build date
    "CADENCE_TODAY": Setting(None, _date),
    "CADENCE_SEARCH": Setting(True, _boolean),
    # feeds and calendars
    "CADENCE_FEED_SITE_URL": Setting(None, _url("https://release-cadence.example.org")),
    "CADENCE_FEED_TAG_AUTHORITY": Setting(
        "release-cadence.example.org,2010", _string("release-cadence.example.org,2010")
    ),
    "CADENCE_FEED_MAX_ITEMS": Setting(50, _positive_int(50)),
    "CADENCE_FEED_FULL_CONTENT": Setting(True, _boolean),
    "CADENCE_FEED_ICON": Setting(None, _url("https://release-cadence.example.org/icon.png")),
    "CADENCE_FEED_PATHS": Setting(_FEED_PATHS, _paths(_FEED_PATHS, {"slug"})),
    "CADENCE_FEED_FORMATS": Setting({"atom": ".atom.xml", "rss": ".rss.xml"}, _formats),
    "CADENCE_JSON_FEED": Setting(
        "feeds/all.json", lambda v: None if v is None else _path("feeds/all.json")(v)
    ),
    "CADENCE_SUBSCRIBE_URL": Setting("subscribe/", _template("subscribe/", set())),
    "CADENCE_CALENDAR_PATHS": Setting(_CALENDAR_PATHS, _paths(_CALENDAR_PATHS, {"slug"})),
    # set by `cadence build` for the search index step
    "CADENCE_PREVIOUS_OUTPUT": Setting(None, lambda v: None, internal=True),
    # set when the settings are loaded, so messages can point into the file
    "CADENCE_SETTINGS_FILE": Setting(None, lambda v: None, internal=True),
}


def _timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return "a time zone name such as 'UTC' or 'Europe/Paris'"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "a time zone name such as 'UTC' or 'Europe/Paris'"
    return None


def _pagination(value: Any) -> str | None:
    if value is False or value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return None
    return "a whole number above 0 such as 10, or False"


def _of_type(kind: type | tuple[type, ...], expected: str, optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if optional and value is None:
            return None
        if isinstance(value, kind) and not (isinstance(value, bool) and bool not in _types(kind)):
            return None
        return expected + (", or None" if optional else "")

    return check


def _types(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _count(example: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return None
        return f"a whole number, 0 or more, such as {example}"

    return check


def _pairs(value: Any) -> str | None:
    expected = "a list of (pattern, replacement) pairs such as [('[^\\w\\s-]', '')]"
    if not isinstance(value, list | tuple):
        return expected
    for item in value:
        if not (
            isinstance(item, list | tuple)
            and len(item) == 2
            and all(isinstance(x, str) for x in item)
        ):
            return expected
    return None


def _strings(example: str) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, list | tuple) and all(isinstance(x, str) for x in value):
            return None
        return f"a list of strings such as [{example!r}]"

    return check


def _string_map(example: str) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return None
        return f"a dict of strings such as {example}"

    return check


def _translation_id(value: Any) -> str | None:
    if value is None or value is False or isinstance(value, str):
        return None
    if isinstance(value, list | tuple) and all(isinstance(x, str) for x in value):
        return None
    return "a metadata name such as 'slug', a list of names, or None"


def _paginated(value: Any) -> str | None:
    expected = "a dict such as {'index': None, 'tag': 10}: template name -> page size or None"
    if not isinstance(value, dict):
        return expected
    for size in value.values():
        if size is not None and _positive_int(10)(size) is not None:
            return expected
    return None


def _pagination_patterns(value: Any) -> str | None:
    expected = "a list of (first page number, URL, save_as) such as [(1, '{url}', '{save_as}')]"
    if not isinstance(value, list | tuple):
        return expected
    for rule in value:
        if not (
            isinstance(rule, list | tuple)
            and len(rule) == 3
            and isinstance(rule[0], int)
            and isinstance(rule[1], str)
            and isinstance(rule[2], str)
        ):
            return expected
    return None


def _log_filter(value: Any) -> str | None:
    expected = "a list of (level, message) pairs such as [(logging.WARNING, 'text')]"
    if not isinstance(value, list | tuple):
        return expected
    for item in value:
        if not (
            isinstance(item, list | tuple)
            and len(item) == 2
            and isinstance(item[0], int)
            and isinstance(item[1], str)
        ):
            return expected
    return None


def _switch(value: Any) -> str | None:
    """Pelican reads these as true or false; a string ("no", "False") is always true.
    Numbers are what older settings files use (DISPLAY_PAGES_ON_MENU = 1)."""
    return None if isinstance(value, bool | int) else "True or False"


def _typogrify(value: Any) -> str | None:
    """Pelican imports typogrify (and smartypants) only when it reads the first post
    and stops there with a traceback when they are missing."""
    wrong = _switch(value)
    if wrong or not value:
        return wrong
    import importlib.util

    missing = [n for n in ("typogrify", "smartypants") if importlib.util.find_spec(n) is None]
    if missing:
        return (
            f"False, or True with the package{'s' if len(missing) > 1 else ''} "
            f"{' and '.join(missing)} installed (pip install typogrify)"
        )
    return None


def _url_pattern(value: Any) -> str | None:
    """Pelican's *_URL and *_SAVE_AS: a pattern, or False/None/'' for none."""
    if value is None or value is False or isinstance(value, str):
        return None
    return "a string such as '{slug}.html', or False to write none"


_TRUE_OR_FALSE = (
    "CACHE_CONTENT",
    "DELETE_OUTPUT_DIRECTORY",
    "DISPLAY_CATEGORIES_ON_MENU",
    "DISPLAY_PAGES_ON_MENU",
    "GZIP_CACHE",
    "LOAD_CONTENT_CACHE",
    "NEWEST_FIRST_ARCHIVES",
    "RELATIVE_URLS",
    "REVERSE_CATEGORY_ORDER",
    "STATIC_CHECK_IF_MODIFIED",
    "STATIC_CREATE_LINKS",
    "USE_FOLDER_AS_CATEGORY",
    "WITH_FUTURE_DATES",
)

#: Pelican settings Cadence reads or Pelican would stop on with a traceback (or use
#: wrongly without a word, like RELATIVE_URLS = "no", which is true); *_URL and
#: *_SAVE_AS patterns are checked by their suffix.
PELICAN_CHECKS: dict[str, Check] = {
    "TIMEZONE": _timezone,
    "DEFAULT_PAGINATION": _pagination,
    "SITENAME": _string("Release Cadence"),
    "SITEURL": lambda v: None if isinstance(v, str) else "a string such as 'https://example.org'",
    "OUTPUT_PATH": _string("output"),
    "PATH": _string("content"),
    "THEME": _string("theme"),
    "CACHE_PATH": _string("cache"),
    "AUTHOR": _string("Ana Ribeiro", optional=True),
    "DEFAULT_LANG": _string("en"),
    "DEFAULT_CATEGORY": _string("misc"),
    "DEFAULT_DATE_FORMAT": _string("%d %B %Y"),
    "THEME_STATIC_DIR": _template("theme", set()),
    "DEFAULT_ORPHANS": _count(0),
    "SUMMARY_MAX_LENGTH": _of_type(int, "a whole number such as 50", optional=True),
    "DATE_FORMATS": _of_type(dict, "a dict such as {'en': '%d %B %Y'}"),
    "MARKDOWN": _of_type(dict, "a dict such as {'extension_configs': {}}"),
    "JINJA_ENVIRONMENT": _of_type(dict, "a dict such as {'trim_blocks': True}"),
    "JINJA_FILTERS": _of_type(dict, "a dict such as {'name': function}"),
    "JINJA_GLOBALS": _of_type(dict, "a dict such as {'name': value}"),
    "JINJA_TESTS": _of_type(dict, "a dict such as {'name': function}"),
    "READERS": _of_type(dict, "a dict such as {'html': None}"),
    "EXTRA_PATH_METADATA": _of_type(
        dict, "a dict such as {'extra/robots.txt': {'path': 'robots.txt'}}"
    ),
    "DEFAULT_METADATA": _of_type(dict, "a dict such as {'status': 'draft'}"),
    "TEMPLATE_PAGES": _string_map("{'src/books.html': 'dest/books.html'}"),
    "FORMATTED_FIELDS": _strings("summary"),
    "SLUG_REGEX_SUBSTITUTIONS": _pairs,
    "TAG_REGEX_SUBSTITUTIONS": _pairs,
    "CATEGORY_REGEX_SUBSTITUTIONS": _pairs,
    "AUTHOR_REGEX_SUBSTITUTIONS": _pairs,
    "ARTICLE_TRANSLATION_ID": _translation_id,
    "PAGE_TRANSLATION_ID": _translation_id,
    "PAGINATED_TEMPLATES": _paginated,
    "PAGINATION_PATTERNS": _pagination_patterns,
    "LOG_FILTER": _log_filter,
    "TYPOGRIFY": _typogrify,
    **{name: _switch for name in _TRUE_OR_FALSE},
}


def _checks_for(settings: Mapping[str, Any]) -> list[tuple[str, Check]]:
    """Every check that applies to these settings, in a stable order."""
    patterns = sorted(
        name
        for name in settings
        if name.endswith(("_URL", "_SAVE_AS"))
        and not name.startswith("CADENCE_")
        and name not in PELICAN_CHECKS
        and name != "SITEURL"
    )
    return [
        *PELICAN_CHECKS.items(),
        *((name, _url_pattern) for name in patterns),
        *((n, s.check) for n, s in SETTINGS.items()),
    ]


def value(settings: Mapping[str, Any], name: str) -> Any:
    """A Cadence setting's value, or its one default."""
    return settings.get(name, SETTINGS[name].default)


def problems(
    settings: Mapping[str, Any],
    source: str | Path = "settings",
    given: Mapping[str, str] | None = None,
) -> list[str]:
    """Every wrong or unknown setting, as `file:line: NAME: expected X, got Y`.

    `given` names where settings that do not come from the file come from
    (NAME -> '--extra-settings', say)."""

    def origin(name: str) -> str:
        return (given or {}).get(name) or where(source, name)

    found = []
    for name, check in _checks_for(settings):
        if name not in settings:
            continue
        expected = check(settings[name])
        if expected:
            got = _describe(settings[name])
            found.append(f"{origin(name)}: {name}: expected {expected}, got {got}")
    known = [n for n, s in SETTINGS.items() if not s.internal]
    for name in sorted(k for k in settings if k.startswith("CADENCE_") and k not in SETTINGS):
        found.append(f"{origin(name)}: unknown setting {name}{did_you_mean(name, known)}")
    return found


def check(
    settings: Mapping[str, Any],
    source: str | Path = "settings",
    given: Mapping[str, str] | None = None,
) -> None:
    found = problems(settings, source, given)
    if found:
        raise UserError(found)


def where(source: str | Path, name: str) -> str:
    """'pelicanconf.py:12' where the setting is assigned in that file."""
    path = Path(source)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(source)
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*(:[^=]*)?=")
    numbers = [i for i, line in enumerate(lines, 1) if pattern.match(line)]
    return f"{source}:{numbers[-1]}" if numbers else str(source)


_PATH_SETTINGS = ("CADENCE_DATA_PATH",)


def load_settings(
    settings_file: str | Path,
    overrides: dict[str, Any] | None = None,
    overrides_from: str | None = None,
) -> dict[str, Any]:
    """Pelican's read_settings, checked, plus absolute CADENCE_* paths.

    `overrides_from` names where the overrides come from in messages (the
    command's option); by default they are reported as the settings file's."""
    given = dict.fromkeys(overrides or {}, overrides_from) if overrides_from else None
    from pelican.settings import read_settings

    if not Path(settings_file).is_file():
        raise UserError(f"{settings_file}: settings file not found")
    try:
        settings = read_settings(str(settings_file), override=dict(overrides or {}))
    except SyntaxError as error:
        raise UserError(
            f"{settings_file}:{error.lineno}: Python syntax error: {error.msg}"
        ) from None
    except Exception as error:  # the settings file is Python: any mistake in it
        # Pelican stops on some wrong values while reading them (SITEURL = None):
        # the same checks as below, on the values as written, say which one.
        _check_as_written(settings_file, overrides, given)
        if isinstance(error, ValueError):  # Pelican's word on a setting, e.g. a missing PATH
            raise UserError(f"{settings_file}: {error}") from None
        line = _line_in(error, settings_file)
        raise UserError(f"{settings_file}{line}: {type(error).__name__}: {error}") from None
    check(settings, settings_file, given)
    settings["CADENCE_SETTINGS_FILE"] = str(settings_file)
    base = Path(settings_file).resolve().parent
    _default_content_path(settings, settings_file, base)
    for key in _PATH_SETTINGS:
        configured = settings.get(key)
        if configured is not None and not os.path.isabs(configured):
            settings[key] = str(base / configured)
    return settings


def _default_content_path(settings: dict[str, Any], settings_file: str | Path, base: Path) -> None:
    """Settings without PATH rely on the command line (`pelican content`, as in the
    Makefile Pelican's quickstart writes): read content/ beside the settings file."""
    if settings.get("PATH") != os.curdir or not (base / "content").is_dir():
        return
    settings["PATH"] = str(base / "content")
    report(
        logger,
        Diagnostic(
            INFO,
            "PATH is not set: reading content/ beside the settings file, as `pelican content` does",
            str(settings_file),
        ),
    )


def _check_as_written(
    settings_file: str | Path,
    overrides: dict[str, Any] | None,
    given: Mapping[str, str] | None = None,
) -> None:
    from pelican.settings import get_settings_from_file

    try:
        written = {**get_settings_from_file(str(settings_file)), **(overrides or {})}
    except Exception:  # the file itself fails: reported by the caller
        return
    check(written, settings_file, given)


def _line_in(error: BaseException, settings_file: str | Path) -> str:
    """':12' when the traceback passes through the settings file."""
    import traceback

    name = str(Path(settings_file).resolve())
    lines = [
        f.lineno
        for f in traceback.extract_tb(error.__traceback__)
        if str(Path(f.filename).resolve()) == name
    ]
    return f":{lines[-1]}" if lines else ""


def data_options(settings_file: str | Path, data: str | Path | None = None) -> tuple[Path, Options]:
    """Where the data is and how to load it, from a settings file if it exists."""
    settings = load_settings(settings_file) if Path(settings_file).is_file() else {}
    return data_dir(settings, data), options_from(settings)


def data_dir(settings: Mapping[str, Any], override: str | Path | None = None) -> Path:
    if override is not None:
        return Path(override)
    configured = Path(value(settings, "CADENCE_DATA_PATH"))
    if not configured.is_absolute() and settings.get("PATH"):
        # Run through plain `pelican`: data/ sits beside content/.
        configured = Path(settings["PATH"]).parent / configured
    return configured


def options_from(settings: Mapping[str, Any]) -> Options:
    return Options(
        blueprint_url=value(settings, "CADENCE_BLUEPRINT_URL"),
        max_bytes=value(settings, "CADENCE_MAX_DATA_FILE_BYTES"),
        cache=Path(settings["CACHE_PATH"]) / "data" if settings.get("CACHE_PATH") else None,
    )


def save_as(url: str) -> str:
    """Clean URLs end with '/': the file is its index.html."""
    return url + "index.html" if url.endswith("/") or not url else url


def plugin_active(settings: Mapping[str, Any], name: str) -> bool:
    """Whether the Pelican plugin `name` (e.g. 'cadence.notes') is in PLUGINS."""
    for plugin in settings.get("PLUGINS") or ():
        if (plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")) == name:
            return True
    return False


@functools.cache
def only_when_active(name: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    """`handler`, run only for builds whose PLUGINS list `name`.

    Pelican's signals are process-wide: once a Cadence plugin has registered, its
    handlers would also run for any later build in the same process (tests, a
    preview of another project). The same wrapper is returned for the same
    handler, so registering again for each build connects it once."""

    @functools.wraps(handler)
    def gated(sender: Any, *args: Any, **kwargs: Any) -> Any:
        first = sender[0] if isinstance(sender, list) and sender else sender
        if not plugin_active(getattr(first, "settings", None) or {}, name):
            return None
        return handler(sender, *args, **kwargs)

    return gated
