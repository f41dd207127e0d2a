"""Build a site with Pelican, atomically and strictly.

The site is written into a staging folder beside the output folder; only a build
that succeeded entirely (no error, every post step done) replaces the output, in
one atomic exchange of the two folders. A failed, interrupted or killed build
leaves the previous output untouched. What Pelican logs is sorted into errors,
notices and info by cadence.checks.notices.

Before anything is written: the output folder must stand apart from the sources
(checks/folders.py); one build at a time holds the lock beside the output folder
(`.output.lock`); leftovers of killed builds are removed; Pelican's content caches
that a killed build may have left half-written are discarded.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import fcntl
import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from pelican import Pelican
from pelican import log as pelican_log

from cadence.checks.folders import output_problem
from cadence.checks.legacy import watch_links
from cadence.checks.notices import Report
from cadence.errors import ERROR, Diagnostic, Interrupted, UserError
from cadence.settings import load_settings, where
from cadence.stamp import FOREVER, FutureDates, Stamps, input_key, today

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    output: Path
    #: legacy forms and missing parts, file:line: ... (fatal with strict=True)
    notices: tuple[str, ...] = ()
    #: remarks about the machine or deliberate choices, never fatal
    infos: tuple[str, ...] = ()
    #: nothing changed since the last build of this output: it was not run again
    unchanged: bool = False


# Pelican messages that Cadence's own checks replace with clearer ones (file names
# relative to the project, the fix to make).
_SUPERSEDED = (re.compile(r"^There are \d+ (original \(not translated\) )?items"),)


class _Collector(logging.Handler):
    """Hands every warning and error Pelican (or a plugin) logs during a build to
    the report, except those the settings' LOG_FILTER silences, as Pelican does."""

    def __init__(self, ignored: set[tuple[int, str]], report: Report) -> None:
        super().__init__(level=logging.WARNING)
        self.report = report
        self.ignored = ignored

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(pattern.match(message) for pattern in _SUPERSEDED):
            return
        if {(record.levelno, str(record.msg)), (record.levelno, message)} & self.ignored:
            return
        rewritten = _rewritten(record)
        if rewritten:
            self.report.add(Diagnostic(ERROR, rewritten))
            return
        self.report.emit(record)


def _rewritten(record: logging.LogRecord) -> str | None:
    """Pelican's message about a post it skips because its path leaves the output
    folder, with the file, the line and the metadata to fix instead."""
    if record.msg == _OUTSIDE_OUTPUT and isinstance(record.args, tuple) and len(record.args) == 2:
        from cadence.checks.outputs import content_path_message  # only on this error

        content, save_as = record.args
        return content_path_message(content, str(save_as))
    return None


_OUTSIDE_OUTPUT = "Skipping %s: file %r would be written outside output path"


@contextlib.contextmanager
def _collect_warnings(settings: dict[str, Any], report: Report) -> Iterator[_Collector]:
    collector = _Collector(
        {(level, text) for level, text in settings.get("LOG_FILTER", [])}, report
    )
    # Pelican hides a message it has logged before in the same process; a second
    # build (tests, live preview) must see its warnings again. This is Pelican's
    # own --logs-dedup-min-level option: warnings are not de-duplicated.
    pelican_log.init(level=None, handler=None, logs_dedup_min_level=logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(collector)
    # Pelican prints its own "Done: ..." summary; the command says what happened.
    quiet, pelican_log.console.quiet = pelican_log.console.quiet, True
    try:
        yield collector
    finally:
        pelican_log.console.quiet = quiet
        root.removeHandler(collector)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGTERM into an exception so staging is cleaned and output is kept."""

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(signal.Signals(signum).name)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not in the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: How long a build waits for another build of the same output to finish.
LOCK_WAIT_SECONDS = 60.0


def build(
    settings_file: str | Path = "pelicanconf.py",
    output: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    post_steps: list[Callable[[Path, dict[str, Any]], None]] | None = None,
    strict: bool = False,
    report: Report | None = None,
    discard: Callable[[Path], None] | None = None,
    wait: float = LOCK_WAIT_SECONDS,
    stamp: bool = False,
    force: bool = False,
    overrides_from: str | None = None,
) -> BuildResult:
    """Build the site; raise UserError with every problem if anything went wrong.

    `output` is the --output option (default: OUTPUT_PATH of the settings). With
    `strict`, notices (legacy forms) are problems too. `report` receives every
    diagnostic, also when the build fails (`cadence fix` reads its rewrites).
    `discard` removes the output the new one replaced (default: at once; the live
    preview does it in the background, so the page reloads sooner). `wait` is how
    many seconds to wait for another build of the same output to finish. With
    `stamp`, a good build leaves a stamp of its inputs and output (cadence.stamp),
    and a build whose inputs did not change since then, with the output folder as
    that build left it, is not run again, unless `force`."""
    report = report if report is not None else Report(settings_file)
    with report.capture():  # deprecated settings are logged while they are read
        settings = load_settings(settings_file, overrides, overrides_from)
    report.use(settings)
    target = output_folder(settings, settings_file, output)
    steps = post_steps if post_steps is not None else default_post_steps(settings)
    now = datetime.datetime.now()
    stamps = Stamps(settings.get("CACHE_PATH")) if stamp else None
    key = (
        input_key(settings, settings_file, (strict, steps), today(settings, now)) if stamp else None
    )
    _cache_compiled_templates(settings)
    with _output_lock(target, wait), _cache_lock(settings, wait):
        last = stamps.unchanged(target, key, now.timestamp()) if stamps and not force else None
        if last is not None:
            return BuildResult(target, tuple(last["notices"]), tuple(last["infos"]), True)
        _remove_leftovers(target)
        _discard_unverified_caches(settings)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
        settings["OUTPUT_PATH"] = str(staging)
        settings["CADENCE_PREVIOUS_OUTPUT"] = str(target) if target.is_dir() else None
        settings["DELETE_OUTPUT_DIRECTORY"] = False
        try:
            with (
                _interruptible(),
                _collect_warnings(settings, report),
                watch_links(),
                FutureDates(now) as future,
            ):
                _run_pelican(settings, report, strict)
                for step in steps:
                    step(staging, settings)
            _replace(target, staging, discard or _remove)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if stamps is not None:
            valid_until = future.earliest if future.earliest is not None else FOREVER
            stamps.record(target, key, valid_until, report.notices, report.infos)
    return BuildResult(output=target, notices=tuple(report.notices), infos=tuple(report.infos))


def _cache_compiled_templates(settings: dict[str, Any]) -> None:
    """Keep Jinja's compiled templates in CACHE_PATH/jinja: every Pelican generator
    compiles the theme again, a third of a rebuild. Entries are checked against the
    template source, so an edited template is always compiled afresh."""
    environment = settings.get("JINJA_ENVIRONMENT") or {}
    if not settings.get("CACHE_PATH") or "bytecode_cache" in environment:
        return
    folder = Path(settings["CACHE_PATH"]) / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # like every cache: one that cannot be written is skipped
    settings["JINJA_ENVIRONMENT"] = {
        **environment,
        "bytecode_cache": jinja2.FileSystemBytecodeCache(str(folder)),
    }


def output_folder(
    settings: dict[str, Any], settings_file: str | Path, output: str | Path | None
) -> Path:
    """The output folder, refused (before anything is touched) when it is, holds or
    sits inside a source folder, or is a file."""
    if output is not None:
        option, shown = "--output", str(output)
    else:
        option = f"{where(settings_file, 'OUTPUT_PATH')}: OUTPUT_PATH"
        project = Path(settings_file).resolve().parent
        shown = os.path.relpath(settings["OUTPUT_PATH"], project)
    target = Path(output if output is not None else settings["OUTPUT_PATH"]).resolve()
    problem = output_problem(target, settings, settings_file)
    if problem:
        raise UserError(
            f"{option}: expected a folder of its own, apart from content, data, theme, "
            f"plugins and the project folder, got {shown!r}: {problem}"
        )
    return target


def _run_pelican(settings: dict[str, Any], report: Report, strict: bool) -> None:
    """Run Pelican; every problem it logged or raised becomes one UserError."""
    pelican = Pelican(settings)
    ended = False  # by itself: not stopped by a signal, maybe while writing a cache
    try:
        pelican.run()
        ended = True
    except UserError as error:
        ended = True
        raise UserError(report.problems(strict) + error.messages) from None
    except jinja2.TemplateError as error:
        ended = True
        raise UserError([*report.problems(strict), _template_problem(error)]) from None
    finally:
        if ended:
            _record_verified_caches(settings)
    if report.problems(strict):
        raise UserError(report.problems(strict))


def _template_problem(error: jinja2.TemplateError) -> str:
    """A theme mistake, as file:line: what."""
    where = getattr(error, "filename", None) or getattr(error, "name", None) or "theme"
    line = getattr(error, "lineno", None)
    return f"{where}{f':{line}' if line else ''}: template error: {error.message or error}"


def default_post_steps(settings: dict[str, Any]) -> list[Callable[[Path, dict[str, Any]], None]]:
    return [search_index] if settings.get("CADENCE_SEARCH", True) else []


def search_index(site: Path, settings: dict[str, Any]) -> None:
    """Index article bodies and release notes with Pagefind (data-pagefind-body).

    The index depends on the HTML only: when no page changed since the last build,
    the previous index is reused instead of indexing the whole site again."""
    from cadence.checks.outputs import SEARCH_FOLDER  # the checks claim it; loaded by then

    previous = settings.get("CADENCE_PREVIOUS_OUTPUT")
    if previous and _same_pages(site, Path(previous)):
        shutil.copytree(Path(previous) / SEARCH_FOLDER, site / SEARCH_FOLDER, copy_function=_link)
        return
    with _searchable_pages(site) as pages:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(pages), "--quiet"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise UserError(
                f"search index: pagefind failed: {(result.stderr or result.stdout).strip()}"
            )
        if pages != site:
            (pages / SEARCH_FOLDER).rename(site / SEARCH_FOLDER)


@contextlib.contextmanager
def _searchable_pages(site: Path) -> Iterator[Path]:
    """The pages Pagefind indexes, alone in a folder of links (inside the site,
    removed before the site is published).

    Once a page has data-pagefind-body, Pagefind indexes only such pages: giving
    it only those (the posts) makes the same index without parsing the list pages
    (40% of Pagefind's time at 1,000 posts)."""
    pages = [p for p in site.rglob("*.html") if b"data-pagefind-body" in p.read_bytes()]
    if not pages:
        yield site
        return
    mirror = Path(tempfile.mkdtemp(prefix=".search-", dir=site))
    try:
        for page in pages:
            target = mirror / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(page, target)
        yield mirror
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def _link(source: Path | str, target: Path | str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, no links
        shutil.copy2(source, target)


def keep_unchanged_times(staging: Path, target: Path) -> None:
    """Files whose bytes did not change keep their old modification time, so
    deploys that compare times and sizes (rsync) only send what changed."""
    for new in staging.rglob("*"):
        if not new.is_file():
            continue
        old = target / new.relative_to(staging)
        try:
            old_stat = old.stat()
        except OSError:
            continue
        new_stat = new.stat()
        if os.path.samestat(old_stat, new_stat):
            continue  # an unchanged page linked to the previous file (cadence.rendering)
        if old_stat.st_size == new_stat.st_size and old.read_bytes() == new.read_bytes():
            os.utime(new, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))


def _same_pages(site: Path, previous: Path) -> bool:
    from cadence.checks.outputs import SEARCH_FOLDER

    if not (previous / SEARCH_FOLDER).is_dir():
        return False
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    before = sorted(
        p.relative_to(previous) for p in previous.rglob("*.html") if SEARCH_FOLDER not in p.parts
    )
    return pages == before and all(_same_bytes(site / page, previous / page) for page in pages)


def _same_bytes(a: Path, b: Path) -> bool:
    return a.samefile(b) or a.read_bytes() == b.read_bytes()


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _replace(target: Path, staging: Path, discard: Callable[[Path], None]) -> None:
    """Put the staging folder in place of the output in one atomic exchange (two
    renames where the file system cannot exchange), then discard the previous site."""
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    keep_unchanged_times(staging, target)
    if _exchange(staging, target):
        discard(staging)  # now the previous output
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    staging.rename(target)
    discard(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE): at every
    moment, whatever kills the build, the output folder is one complete site."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# -- one build at a time, and what killed builds leave behind -----------------


@contextlib.contextmanager
def _output_lock(target: Path, wait: float) -> Iterator[None]:
    """Hold `.<output>.lock` beside the output folder for the whole build.

    A second build of the same output waits up to `wait` seconds, then stops and
    names the build that holds the lock. The kernel releases the lock when its
    holder exits, however it exits (even killed with SIGKILL)."""
    with _lock(
        target.with_name(f".{target.name}.lock"), target, "writing this output folder", wait
    ):
        yield


@contextlib.contextmanager
def _cache_lock(settings: dict[str, Any], wait: float) -> Iterator[None]:
    """Builds of different outputs that share CACHE_PATH take turns: Pelican writes
    its caches in place, and one build must not read (or vouch for) a cache that
    another is writing."""
    if not settings.get("CACHE_PATH"):
        yield
        return
    folder = Path(settings["CACHE_PATH"])
    with _lock(folder / ".lock", folder, "using this cache folder", wait):
        yield


@contextlib.contextmanager
def _lock(path: Path, folder: Path, doing: str, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created, and removed when released)."""
    deadline = time.monotonic() + wait
    while True:
        descriptor = _open_lock(path)
        if _acquire(descriptor, deadline):
            if _still_at(descriptor, path):
                break
            os.close(descriptor)  # its holder removed it: lock the file now there
            continue
        holder = os.pread(descriptor, 200, 0).decode(errors="replace").strip()
        os.close(descriptor)
        raise UserError(
            f"{folder}: another build ({holder or 'holder unknown'}) is {doing}; "
            f"waited {wait:g} s for it (cadence build --wait): "
            "let it finish, or stop it, then build again"
        )
    try:
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        yield
    finally:
        # Removed while still held, so no file is left beside the output; a build
        # waiting on the removed file sees that it is gone and locks the next one.
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(descriptor)


def _open_lock(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise UserError(f"{path}: cannot create the build lock: {error.strerror}") from None


def _acquire(descriptor: int, deadline: float) -> bool:
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def _still_at(descriptor: int, path: Path) -> bool:
    """Whether the locked file is still the one at `path` (not removed meanwhile)."""
    try:
        here = path.stat()
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (here.st_dev, here.st_ino)


def _remove_leftovers(target: Path) -> None:
    """Staging folders and previous outputs left by killed builds of this output
    (only called while holding its lock, so no running build owns them). If a build
    was killed between the two renames of a swap, the previous output comes back.
    Folders the live preview is removing in the background (`*.preview-N`) are its
    own to remove."""
    prefixes = (f".{target.name}.staging-", f".{target.name}.old-")
    leftovers = sorted(
        (
            p
            for p in target.parent.iterdir()
            if p.name.startswith(prefixes) and ".preview-" not in p.name and p.is_dir()
        ),
        key=_modified,
    )
    if not target.exists():
        previous = [p for p in leftovers if p.name.startswith(prefixes[1])]
        if previous:
            previous[-1].rename(target)
            leftovers.remove(previous[-1])
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


# Pelican writes its content caches (CACHE_PATH/ArticlesGenerator-Readers, ...) in
# place, and cannot read a half-written one: every later build would fail. Cadence
# records the digest of each cache after a Pelican run that ended by itself, and
# deletes any cache that does not match before the next run: a miss, never a crash.
_PELICAN_CACHE = re.compile(r"^\w+Generator(-Readers)?$")
_VERIFIED = "pelican-caches.sha256"


def _pelican_caches(settings: dict[str, Any]) -> list[Path]:
    folder = Path(settings.get("CACHE_PATH") or "")
    if not settings.get("CACHE_PATH") or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _PELICAN_CACHE.match(p.name) and p.is_file())


def _digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _verified_digests(settings: dict[str, Any]) -> dict[str, str]:
    try:
        text = (Path(settings["CACHE_PATH"]) / _VERIFIED).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, KeyError, TypeError):
        return {}
    pairs = (line.split("  ", 1) for line in text.splitlines())
    return {name: digest for digest, name in (p for p in pairs if len(p) == 2)}


def _discard_unverified_caches(settings: dict[str, Any]) -> None:
    verified = _verified_digests(settings)
    for cache in _pelican_caches(settings):
        try:
            if verified.get(cache.name) != _digest(cache):
                logger.info("%s: not written completely by the last build; discarded", cache)
                cache.unlink()
        except OSError:
            with contextlib.suppress(OSError):
                cache.unlink()


def _record_verified_caches(settings: dict[str, Any]) -> None:
    caches = _pelican_caches(settings)
    if not caches:
        return
    lines = "".join(f"{_digest(cache)}  {cache.name}\n" for cache in caches)
    folder = caches[0].parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(lines)
        os.replace(temporary, folder / _VERIFIED)
    except OSError:  # a cache that cannot be written is skipped
        return
