"""Build a site with Pelican, atomically and strictly.

The site is written into a staging folder beside the output folder; only a build
that succeeded entirely (no error, every post step done) replaces the output. A
failed or interrupted build leaves the previous output untouched. What Pelican
logs is sorted into errors, notices and info by cadence.checks.notices.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from pelican import Pelican
from pelican import log as pelican_log

from cadence.checks.legacy import watch_links
from cadence.checks.notices import Report
from cadence.errors import Interrupted, UserError
from cadence.settings import load_settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    output: Path
    #: legacy forms and missing parts, file:line: ... (fatal with strict=True)
    notices: tuple[str, ...] = ()
    #: remarks about the machine or deliberate choices, never fatal
    infos: tuple[str, ...] = ()


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
        self.report.emit(record)


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


def build(
    settings_file: str | Path = "pelicanconf.py",
    output: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    post_steps: list[Callable[[Path, dict[str, Any]], None]] | None = None,
    strict: bool = False,
    report: Report | None = None,
    discard: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Build the site; raise UserError with every problem if anything went wrong.

    With `strict`, notices (legacy forms) are problems too. `report` receives every
    diagnostic, also when the build fails (`cadence fix` reads its rewrites).
    `discard` removes the output the new one replaced (default: at once; the live
    preview does it in the background, so the page reloads sooner)."""
    report = report if report is not None else Report(settings_file)
    with report.capture():  # deprecated settings are logged while they are read
        settings = load_settings(settings_file, overrides)
    report.use(settings)
    _cache_compiled_templates(settings)
    target = Path(output or settings["OUTPUT_PATH"]).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    settings["OUTPUT_PATH"] = str(staging)
    settings["CADENCE_PREVIOUS_OUTPUT"] = str(target) if target.is_dir() else None
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    try:
        with _interruptible(), _collect_warnings(settings, report), watch_links():
            pelican = Pelican(settings)
            try:
                pelican.run()
            except UserError as error:
                raise UserError(report.problems(strict) + error.messages) from None
            except jinja2.TemplateError as error:
                raise UserError([*report.problems(strict), _template_problem(error)]) from None
            if report.problems(strict):
                raise UserError(report.problems(strict))
            steps = post_steps if post_steps is not None else default_post_steps(settings)
            for step in steps:
                step(staging, settings)
        _replace(target, staging, discard or _remove)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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
    previous = settings.get("CADENCE_PREVIOUS_OUTPUT")
    if previous and _same_pages(site, Path(previous)):
        shutil.copytree(Path(previous) / "pagefind", site / "pagefind")
        return
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise UserError(
            f"search index: pagefind failed: {(result.stderr or result.stdout).strip()}"
        )


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
        if old_stat.st_size == new.stat().st_size and old.read_bytes() == new.read_bytes():
            os.utime(new, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))


def _same_pages(site: Path, previous: Path) -> bool:
    if not (previous / "pagefind").is_dir():
        return False
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    before = sorted(
        p.relative_to(previous) for p in previous.rglob("*.html") if "pagefind" not in p.parts
    )
    return pages == before and all(
        (site / page).read_bytes() == (previous / page).read_bytes() for page in pages
    )


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _replace(target: Path, staging: Path, discard: Callable[[Path], None]) -> None:
    """Swap the staging folder in place of the output with two renames."""
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    keep_unchanged_times(staging, target)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    staging.rename(target)
    discard(old)
