"""A build of unchanged inputs into an unchanged output folder is not run again.

After a good build, `cadence build` keeps a stamp in CACHE_PATH/builds/: a key of
everything the site is made from, and a listing of the output folder as that
build left it. The next `cadence build` of the same output computes the key
again; when it is the same and every file of the output folder is still the one
listed, the site the build would make is the one already there, and the build
stops at once (`--force` builds anyway).

The key is made of:
- the settings after they are read (values, not the settings file's text: a
  setting computed from the environment counts); functions by their code;
- every file under the content, data, theme and plugin folders, the settings
  file's folder (its `*.py`), the `cadence` package and Cadence's own templates
  (they serve inside a blog's theme): path, size, modification
  and change times, inode (an edit, a rename or a copy over a file changes them);
- the versions of every installed distribution and of Python;
- the date, in the site's time zone, the machine's and UTC (what the schedule
  calls today), and the earliest date of a post still in the future: the stamp
  is valid until then (Pelican shows such a post from its date on);
- the command's options (strict) and the post-build steps.

A setting whose value cannot be told apart from another one (an object shown as
`<... at 0x...>`) means no stamp: such a site is always built. The listing is of
sizes and modification times: a person editing a file in the output folder makes
the next build run. Deleting cache/ only costs one build.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import marshal
import os
import re
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican import signals

import cadence
from cadence.cache import Cache

#: Part of every key: a new layout of stamps makes older ones misses.
STAMP_VERSION = "stamp-1"
#: Settings the key leaves out: where the output goes is the stamp's own name.
_NOT_INPUTS = frozenset({"OUTPUT_PATH", "CADENCE_PREVIOUS_OUTPUT"})
#: Never inputs: version control folders and compiled Python (see _stats).
_SKIPPED_FOLDERS = frozenset({"__pycache__", ".git", ".hg", ".svn"})
_DEPTH_LIMIT = 32
#: valid_until of a stamp when no post waits for its date (JSON has no infinity).
FOREVER = 1e300


class Unstampable(Exception):
    """A value the key cannot describe: the site is always built."""


def canonical(value: Any, depth: int = 0) -> str:
    """A text that is the same for equal settings values, in every process."""
    if depth > _DEPTH_LIMIT:
        raise Unstampable("nested too deep")
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta, datetime.tzinfo)):
        return f"{type(value).__qualname__}:{value!r}"
    if isinstance(value, Path):
        return f"path:{value!s}"
    if isinstance(value, (list, tuple)):
        inner = ",".join(canonical(item, depth + 1) for item in value)
        return f"{type(value).__name__}[{inner}]"
    if isinstance(value, (set, frozenset)):
        return "set[" + ",".join(sorted(canonical(item, depth + 1) for item in value)) + "]"
    if isinstance(value, dict):
        items = sorted(
            f"{canonical(key, depth + 1)}:{canonical(item, depth + 1)}"
            for key, item in value.items()
        )
        return "dict{" + ",".join(items) + "}"
    if isinstance(value, re.Pattern):
        return f"re:{value.pattern!r}/{value.flags}"
    if isinstance(value, functools.partial):
        return "partial(" + canonical((value.func, value.args, value.keywords), depth + 1) + ")"
    if isinstance(value, types.FunctionType):
        return _function(value, depth)
    if isinstance(value, types.MethodType):
        return f"method({canonical(value.__self__, depth + 1)}.{_function(value.__func__, depth)})"
    if isinstance(value, (type, types.ModuleType, types.BuiltinFunctionType)):
        return (
            f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value.__name__)}"
        )
    shown = repr(value)
    if " at 0x" in shown or "object at" in shown:
        raise Unstampable(f"{type(value).__qualname__} cannot be compared between builds")
    return f"{type(value).__module__}.{type(value).__qualname__}:{shown}"


def _function(function: types.FunctionType, depth: int) -> str:
    code = hashlib.sha256(marshal.dumps(function.__code__)).hexdigest()[:32]
    cells = tuple(cell.cell_contents for cell in function.__closure__ or ())
    extra = canonical((function.__defaults__, function.__kwdefaults__, cells), depth + 1)
    return f"function:{function.__module__}.{function.__qualname__}:{code}:{extra}"


def _stats(root: Path) -> Iterator[str]:
    """One line per file and folder under `root` (sorted): what changes when it does."""
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in _SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            yield _stat_line(os.path.join(folder, name))


def _stat_line(path: str | Path) -> str:
    """What changes when a file does: size, times, inode, mode (and, for a link,
    those of what it leads to, which may change apart from it)."""
    try:
        info = os.lstat(path)
        line = f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
        line += f"\0{info.st_ino}\0{info.st_mode}"
        if os.path.islink(path):
            target = os.stat(path)
            line += f"\0{target.st_size}\0{target.st_mtime_ns}\0{target.st_ctime_ns}"
    except OSError:
        line = f"{path}\0missing"
    return line


def _installed() -> list[str]:
    """Every installed distribution, by the name of its metadata folder (name and
    version), on every entry of sys.path."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += [f"{entry}/{n}" for n in names if n.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def _folders(settings: dict[str, Any]) -> list[Path]:
    from cadence.settings import data_dir
    from cadence.theme import THEME as CADENCE_THEME

    # Cadence's own templates serve inside a blog's theme: part of every site
    folders = [Path(settings["PATH"]), Path(cadence.__file__).resolve().parent, CADENCE_THEME]
    folders.append(data_dir(settings))
    theme = settings.get("THEME")
    if theme:
        folders.append(Path(theme))
    for setting in ("PLUGIN_PATHS", "THEME_TEMPLATES_OVERRIDES"):
        folders += [Path(p) for p in settings.get(setting) or []]
    return sorted({folder.resolve() for folder in folders})


def input_key(
    settings: dict[str, Any], settings_file: str | Path, options: Iterable[Any], today: str
) -> str | None:
    """The key of everything the build reads; None when one setting cannot be described."""
    settings_file = Path(settings_file).resolve()
    digest = hashlib.sha256(STAMP_VERSION.encode())

    def add(text: str) -> None:
        data = text.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "big") + data)

    try:
        for name in sorted(settings):
            if name not in _NOT_INPUTS:
                add(f"{name}={canonical(settings[name])}")
        add(canonical(list(options)))
    except Unstampable:
        return None
    add(f"today={today}")
    add(sys.version)
    for line in _installed():
        add(line)
    for folder in _folders(settings):
        add(f"folder:{folder}")
        for line in _stats(folder):
            add(line)
    # the settings file, and the Python beside it that it may read (publishconf.py)
    for path in sorted({*settings_file.parent.glob("*.py"), settings_file}):
        add(_stat_line(path))
    return digest.hexdigest()


def listing(output: Path) -> dict[str, list[int]] | None:
    """Every file of the output folder: size and modification time."""
    files: dict[str, list[int]] = {}
    try:
        for folder, folders, names in os.walk(output):
            folders.sort()
            for name in names:
                path = os.path.join(folder, name)
                info = os.lstat(path)
                files[os.path.relpath(path, output)] = [info.st_size, info.st_mtime_ns]
    except OSError:
        return None
    return files if os.path.isdir(output) else None


class Stamps:
    """The stamps of one cache folder, one per output folder."""

    def __init__(self, cache_path: str | Path | None) -> None:
        self.cache = Cache.under(cache_path, "builds", STAMP_VERSION)

    def _key(self, output: Path) -> str:
        return self.cache.key(str(output))

    def unchanged(self, output: Path, key: str | None, now: float) -> dict[str, Any] | None:
        """The stamp of the last build of `output` when its key is `key`, it is still
        valid at `now` and the output folder is as that build left it."""
        if key is None:
            return None
        data = self.cache.get(self._key(output), ".json")
        if data is None:
            return None
        try:
            stamp = json.loads(data)
        except ValueError:
            return None
        if stamp.get("key") != key or now >= stamp.get("valid_until", 0):
            return None
        if listing(output) != stamp.get("files"):
            return None
        return stamp

    def record(
        self,
        output: Path,
        key: str | None,
        valid_until: float,
        notices: Iterable[str],
        infos: Iterable[str],
    ) -> None:
        files = listing(output)
        if key is None or files is None:
            return
        stamp = {
            "key": key,
            "valid_until": valid_until,
            "files": files,
            "notices": list(notices),
            "infos": list(infos),
        }
        self.cache.put(self._key(output), ".json", json.dumps(stamp, sort_keys=True).encode())


class FutureDates:
    """While a build runs: the earliest date of a post or page still in the future
    (Pelican leaves it out until then, so the site changes on that date)."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now
        self.earliest: float | None = None

    def __enter__(self) -> FutureDates:
        signals.content_object_init.connect(self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        signals.content_object_init.disconnect(self._seen)

    def _seen(self, content: Any) -> None:
        date = getattr(content, "date", None)
        if not isinstance(date, datetime.datetime):
            return
        when = date.timestamp()  # naive: local time, as Pelican compares it
        if when > self.now.timestamp() and (self.earliest is None or when < self.earliest):
            self.earliest = when


def today(settings: dict[str, Any], now: datetime.datetime) -> str:
    """The dates a build may call today: the site's (TIMEZONE), the machine's and UTC's."""
    try:
        zone: datetime.tzinfo = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ValueError, ZoneInfoNotFoundError):
        zone = datetime.UTC
    dates = (now.astimezone(zone).date(), now.date(), now.astimezone(datetime.UTC).date())
    return "/".join(date.isoformat() for date in dates)
