"""Pelican plugin `cadence.reading`: Markdown converted on every core, cached by content.

Pelican converts each Markdown file in turn, in one process, with a new Markdown
instance per file. Here the files a generator is about to read are converted
beforehand by a pool of forked processes (one per core) that reuse their Markdown
instances, and the conversions are kept in `cache/markdown`, keyed by each file's
text and the Markdown settings: a rebuild converts only the files whose text
changed, whatever their modification times.

Only the conversion moves: Pelican still reads every file through this reader,
and metadata (dates, categories, tags, authors) is processed in the build's own
process with the current settings, as Pelican's MarkdownReader does it. A file
whose conversion fails in a worker is converted again in the build's process, so
its error is reported as Pelican reports it.
"""

from __future__ import annotations

import logging
import marshal
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from typing import Any

from markdown import Markdown
from pelican import signals
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open

from cadence.cache import Cache
from cadence.settings import only_when_active

logger = logging.getLogger(__name__)

#: Part of every cache key: a new Markdown, Pygments or Pelican gives new entries.
CACHE_VERSION = "2-markdown{}-pygments{}-pelican{}".format(
    *(version(name) for name in ("markdown", "pygments", "pelican"))
)
#: Fewer files than this are converted in the build's own process: starting
#: workers costs more than it saves.
POOL_THRESHOLD = 16

#: What Markdown makes of a file: the body's HTML, the metadata as written
#: ((name, (values...)), ...), the HTML of formatted fields ((name, html), ...).
Converted = tuple[str, tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]]


def register() -> None:
    signals.readers_init.connect(only_when_active(__name__, use_parallel_reader))
    signals.article_generator_init.connect(only_when_active(__name__, convert_ahead))
    signals.page_generator_init.connect(only_when_active(__name__, convert_ahead))
    signals.article_generator_finalized.connect(finish)
    signals.page_generator_finalized.connect(finish)


def use_parallel_reader(readers: Any) -> None:
    """Read Markdown with ParallelMarkdownReader, unless the settings chose another reader."""
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ParallelMarkdownReader


def _readers(generator: Any) -> dict[int, ParallelMarkdownReader]:
    # Pelican makes one reader per file extension
    return {
        id(reader): reader
        for reader in generator.readers.readers.values()
        if isinstance(reader, ParallelMarkdownReader)
    }


def convert_ahead(generator: Any) -> None:
    """Start converting the Markdown files this generator will read."""
    kind = "PAGE" if "page" in type(generator).__name__.lower() else "ARTICLE"
    paths = generator.get_files(
        generator.settings[f"{kind}_PATHS"], exclude=generator.settings[f"{kind}_EXCLUDES"]
    )
    by_reader: dict[int, tuple[ParallelMarkdownReader, str, list[str]]] = {}
    for path in sorted(paths):
        extension = path.rsplit(".", 1)[-1]
        reader = generator.readers.readers.get(extension)
        if isinstance(reader, ParallelMarkdownReader):
            full = os.path.abspath(os.path.join(generator.path, path))
            by_reader.setdefault(id(reader), (reader, f"{kind.lower()}.{extension}", []))[2].append(
                full
            )
    for reader, name, files in by_reader.values():
        reader.convert_ahead(name, files)


def finish(generator: Any) -> None:
    """Stop the workers of a generator that read all it wanted; keep what it converted."""
    for reader in _readers(generator).values():
        reader.finish()


class Converter:
    """Markdown instances reused from file to file (reset in between), as
    Pelican's reader configures them: one for bodies (with the metadata
    extension), one for formatted fields (without it, as Pelican converts them)."""

    def __init__(self, markdown_settings: dict[str, Any], formatted_fields: Iterable[str]) -> None:
        self.body = Markdown(**markdown_settings)
        self.fields = Markdown(**markdown_settings)
        self.fields.preprocessors.deregister("meta")
        self.formatted_fields = set(formatted_fields)

    def convert(self, text: str) -> Converted:
        self.body.reset()
        content = self.body.convert(text)
        meta = getattr(self.body, "Meta", {})
        formatted = []
        for name, values in meta.items():
            if name.lower() in self.formatted_fields:
                self.fields.reset()
                formatted.append((name.lower(), self.fields.convert("\n".join(values))))
        return (
            content,
            tuple((name, tuple(values)) for name, values in meta.items()),
            tuple(formatted),
        )


class ParallelMarkdownReader(MarkdownReader):
    """Pelican's MarkdownReader, serving conversions made ahead by a process pool
    or kept by an earlier build."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache = Cache.under(self.settings.get("CACHE_PATH"), "markdown", CACHE_VERSION)
        # repr, not JSON: extension instances in MARKDOWN have no stable form, and
        # an entry that never matches is only a miss.
        self.settings_key = repr(
            (self.settings["MARKDOWN"], sorted(self.settings["FORMATTED_FIELDS"]))
        )
        self.kind = "other"
        self._texts: dict[str, tuple[str, str]] = {}
        self._kept: dict[str, Converted] | None = None
        self._used: dict[str, Converted] = {}
        self._converter: Converter | None = None
        self._ahead: dict[str, int] = {}
        self._results: Iterator[Converted | None] | None = None
        self._received: list[Converted | None] = []
        self._pool: Any = None

    # -- the conversions of the last build ----------------------------------

    def _pack_key(self) -> str:
        return self.cache.key("pack", self.kind, self.settings_key)

    def kept(self) -> dict[str, Converted]:
        if self._kept is None:
            self._kept = {}
            data = self.cache.get(self._pack_key(), ".marshal")
            if data is not None:
                try:
                    self._kept = marshal.loads(data)
                except (EOFError, ValueError, TypeError):
                    self._kept = {}
        return self._kept

    def finish(self) -> None:
        """Stop the workers; keep this build's conversions for the next one."""
        self._stop_pool()
        if self._used and set(self._used) != set(self.kept()):
            self.cache.put(self._pack_key(), ".marshal", marshal.dumps(self._used))
        self._kept, self._used, self._texts = None, {}, {}

    # -- converting ahead -----------------------------------------------------

    def convert_ahead(self, kind: str, paths: list[str]) -> None:
        self.kind = kind
        kept = self.kept()
        jobs: list[str] = []
        for path in paths:
            try:
                text = self._text(path)
            except (OSError, UnicodeDecodeError):
                continue  # read, and reported, by Pelican in its turn
            key = self.cache.key(self.settings_key, text)
            self._texts[path] = (text, key)
            if key not in kept:
                self._ahead[path] = len(jobs)
                jobs.append(text)
        workers = _cores()
        if len(jobs) < POOL_THRESHOLD or workers < 2:
            self._ahead.clear()  # converted one by one when read
            return
        self._pool = multiprocessing.get_context("fork").Pool(
            workers,
            initializer=_start_worker,
            initargs=(self.settings["MARKDOWN"], self.settings["FORMATTED_FIELDS"]),
        )
        self._results = self._pool.imap(_convert_job, jobs, chunksize=8)
        self._pool.close()

    def _from_pool(self, path: str) -> Converted | None:
        index = self._ahead.pop(path)
        assert self._results is not None
        while len(self._received) <= index:
            self._received.append(next(self._results))
        result, self._received[index] = self._received[index], None
        if not self._ahead:
            self._stop_pool()
        return result

    def _stop_pool(self) -> None:
        """Wait for the workers when every result was used, else end them."""
        if self._pool is not None:
            if self._ahead:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._ahead.clear()
        self._results = None
        self._received = []

    # -- reading --------------------------------------------------------------

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        found = self._texts.pop(source_path, None)
        text, key = found if found else self._read_text(source_path)
        converted = self._from_pool(source_path) if source_path in self._ahead else None
        if converted is None:
            converted = self.kept().get(key)
        if converted is None:
            if self._converter is None:
                self._converter = Converter(
                    self.settings["MARKDOWN"], self.settings["FORMATTED_FIELDS"]
                )
            converted = self._converter.convert(text)
        self._used[key] = converted
        content, meta, formatted = converted
        return content, self._metadata(meta, dict(formatted))

    def _read_text(self, source_path: str) -> tuple[str, str]:
        text = self._text(source_path)
        return text, self.cache.key(self.settings_key, text)

    def _metadata(
        self, meta: tuple[tuple[str, tuple[str, ...]], ...], formatted: dict[str, str]
    ) -> dict[str, Any]:
        """Pelican's MarkdownReader._parse_metadata, on converted values."""
        output: dict[str, Any] = {}
        for name, values in meta:
            name = name.lower()
            if name in formatted:
                output[name] = self.process_metadata(name, formatted[name])
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(values) > 1:
                    logger.warning(
                        "Duplicate definition of `%s` for %s. Using first one.",
                        name,
                        self._source_path,
                    )
                output[name] = self.process_metadata(name, values[0])
            elif len(values) > 1:
                output[name] = self.process_metadata(name, list(values))
            else:
                output[name] = self.process_metadata(name, values[0])
        return output

    def _text(self, path: str) -> str:
        with pelican_open(path) as text:
            return text


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- in the worker processes ----------------------------------------------------

_worker: Converter | None = None


def _start_worker(markdown_settings: dict[str, Any], formatted_fields: list[str]) -> None:
    global _worker
    # The build turns SIGTERM into an exception and stops its workers itself;
    # Ctrl-C reaches the whole process group and is the build's to handle.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = Converter(markdown_settings, formatted_fields)


def _convert_job(text: str) -> Converted | None:
    assert _worker is not None
    try:
        return _worker.convert(text)
    except Exception:  # converted again, and reported, in the build's process
        return None
