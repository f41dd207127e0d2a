"""Pelican plugin `cadence.rendering`: render only the pages whose inputs changed.

Pelican renders every page of the site on every build. This plugin's writer
records, while a page renders, everything the page's templates read from outside
themselves: each variable of the context, each attribute or item of an object
(`article.title`, `articles_page.object_list`), each call of a function or method
(`feeds.for_article(article)`) and of a filter that received an object, and each
template loaded. On the next build, before rendering a page again, the recorded
reads are done again on the new build's objects; when every value is the same
and the previous output still has the bytes recorded for it, those bytes are
written instead of rendering the page. Everything else (Pelican's pagination,
local context, signals, checks for files written twice) is Pelican's own
`Writer.write_file`.

Objects are named in the record by how the template reached them: a context
variable (`("n", "article")`), a post or page (`("c", ...)` by its class, source
file and output path), a category, tag or author (`("w", ...)`), or a path from
one of those (`("a", parent, "title")`, `("i", parent, 3)`, `("call", ...)`).
A page whose templates reach an object by any other way (an object made by a
filter, a filter that receives the whole context) is always rendered.

The record of the last build is `cache/pages/`; deleting it only costs renders.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import io
import logging
import marshal
import multiprocessing
import os
import shutil
import signal
import sys
import types
import weakref
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.runtime import (
    BlockReference,
    Context,
    LoopContext,
    Macro,
    TemplateReference,
    Undefined,
)
from jinja2.utils import Cycler, Joiner, LRUCache, Namespace, missing
from markupsafe import Markup
from pelican import signals
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime, sanitised_join
from pelican.writers import Writer

from cadence.cache import Cache
from cadence.settings import only_when_active

logger = logging.getLogger(__name__)

#: Part of the record's key: a new Pelican, Jinja or record format starts afresh.
RECORD_VERSION = "4-pelican{}-jinja{}-markupsafe{}-py{}".format(
    version("pelican"), version("jinja2"), version("markupsafe"), sys.version_info[:2]
)


def register() -> None:
    signals.get_writer.connect(only_when_active(__name__, incremental_writer))


def incremental_writer(pelican: Any) -> type[Writer]:
    return IncrementalWriter


class IncrementalWriter(Writer):
    """Pelican's Writer, rendering a page only when something it read changed, and
    rendering the others on every core once all are known."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.run = Run(self.settings)
        previous = self.settings.get("CADENCE_PREVIOUS_OUTPUT") or output_path
        self.previous = Path(previous)
        self.record_cache = Cache.under(self.settings.get("CACHE_PATH"), "pages", RECORD_VERSION)
        self.old = Record.load(self.record_cache)
        self.new = Record()
        self.rendered = 0
        self.reused = 0
        #: unchanged pages, by output path: the previous file to link there
        self._links: dict[str, Path] = {}
        #: pages to render at the end, by output path, and the one being written now
        self._jobs: dict[str, tuple[str, jinja2.Template, dict[str, Any]]] = {}
        self._pending: tuple[str, jinja2.Template, dict[str, Any]] | None = None
        # Links share files with the previous output, and deferred pages are empty
        # until the end: only when no plugin reads or rewrites written files
        # (content_written) or acts when the writing ends (finalized).
        alone = not signals.content_written.receivers and not _others_on(signals.finalized)
        self._linking = alone and self.previous.resolve() != Path(output_path).resolve()
        self._deferring = alone and not self.settings.get("RELATIVE_URLS") and _cores() > 1
        signals.finalized.connect(self._finish)

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> None:
        super().write_file(name, _Incremental(template, self), context, *args, **kwargs)

    def render(self, template: jinja2.Template, local: dict[str, Any]) -> str:
        self._render_pending()
        if not isinstance(template, jinja2.Template) or template.name is None:
            self.rendered += 1  # not a theme template (a page framed by cadence.theme)
            return template.render(local)
        name = str(local.get("output_file", ""))
        self.run.environment(template.environment)  # the code digest, on first use
        if self.old.code == self.run.code:
            reused = self._reuse(name, template, local)
            if reused is not None:
                self.reused += 1
                return reused
        self.rendered += 1
        if self._deferring and template.name is not None:
            # Pelican writes an empty file now; the page is rendered at the end
            self._pending = (name, template, local)
            return ""
        return self._render_now(name, template, local)

    def _render_now(self, name: str, template: jinja2.Template, local: dict[str, Any]) -> str:
        output, reads = self.run.render(template, local)
        if reads is not None:
            self.new.add(name, hashlib.sha256(output.encode()).hexdigest(), reads)
        return output

    def _render_pending(self) -> None:
        """A deferred page Pelican did not open through _open_w (a Pelican that
        writes otherwise): render it now, and stop deferring."""
        if self._pending is None:
            return
        name, template, local = self._pending
        self._pending = None
        self._deferring = False
        path = sanitised_join(self.output_path, name)
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(self._render_now(name, template, local))

    def _reuse(self, name: str, template: jinja2.Template, local: dict[str, Any]) -> str | None:
        entry = self.old.pages.get(name)
        if entry is None:
            return None
        digest, reads_digest, refs, stamp = entry
        if self.run.replay(template, local, [self.old.refs[i] for i in refs]) != reads_digest:
            return None
        previous = self.previous / name
        # The file written last time, untouched since (same inode, size and time),
        # holds the recorded bytes; any other file is read and compared.
        same = stamp is not None and _stamp(previous) == tuple(stamp)
        text = None
        if not same or not self._linking:
            try:
                data = previous.read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != digest:
                return None
            text = data.decode()
        self.new.add_replayed(name, digest, reads_digest, [self.old.refs[i] for i in refs])
        if self._linking:
            self._links[sanitised_join(self.output_path, name)] = previous
            return text or ""  # written into nothing: the link holds the bytes
        return text

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Pelican's file opening. An unchanged page becomes a hard link to the
        previous output's file (same bytes, same modification time, nothing
        written); a deferred page is left empty until the end. Pelican writes the
        text it was given into nothing, or the empty text."""
        previous = self._links.pop(filename, None)
        job, self._pending = self._pending, None
        stream = super()._open_w(filename, encoding, override)
        if stream.name != filename:
            return stream  # Pelican skips this write
        self._jobs.pop(filename, None)  # a later write of a path replaces the earlier
        if job is not None:
            self._jobs[filename] = job
            return stream
        if previous is None:
            return stream
        stream.close()
        _link_or_copy(previous, filename)
        return io.StringIO()

    def _finish(self, pelican: Any) -> None:
        if pelican.settings is not self.settings:
            return  # another build's writer
        signals.finalized.disconnect(self._finish)
        self._render_pending()
        self._render_deferred()
        for filename, previous in self._links.items():  # not opened through _open_w
            _link_or_copy(previous, filename)
        self._links = {}
        self.new.stamp(self.output_path)
        self.new.code = self.run.code
        self.new.save(self.record_cache)
        logger.debug("pages: %d rendered, %d unchanged", self.rendered, self.reused)

    def _render_deferred(self) -> None:
        """Render the deferred pages in worker processes (forked: they share this
        build's objects), each writing its pages; the reads come back."""
        jobs = list(self._jobs.items())
        self._jobs = {}
        failed: list[int] = []
        if len(jobs) >= RENDER_POOL_THRESHOLD:
            chunks = [range(i, min(i + 32, len(jobs))) for i in range(0, len(jobs), 32)]
            with multiprocessing.get_context("fork").Pool(
                _cores(), initializer=_start_renderer, initargs=(self, jobs)
            ) as pool:
                for results, records in pool.imap_unordered(_render_chunk, chunks):
                    for record in records:
                        logging.getLogger(record[0]).log(record[1], record[2], *record[3])
                    for index, digest, reads in results:
                        if digest is None:
                            failed.append(index)
                        elif reads is not None:
                            self.new.add(jobs[index][1][0], digest, reads)
        else:
            failed = list(range(len(jobs)))
        for index in sorted(failed):  # here, so that errors are raised as usual
            path, (name, template, local) = jobs[index]
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(self._render_now(name, template, local))


def _others_on(signal: Any) -> bool:
    """Whether a receiver other than a writer is connected to `signal`; writers of
    earlier builds that never finished (a failed build in a long-lived process, the
    live preview's) are disconnected."""
    others = False
    for value in list(signal.receivers.values()):
        receiver = value() if isinstance(value, weakref.ref) else value
        if isinstance(getattr(receiver, "__self__", None), IncrementalWriter):
            signal.disconnect(receiver)
        elif receiver is not None:
            others = True
    return others


#: Fewer pages to render than this are rendered in the build's own process.
RENDER_POOL_THRESHOLD = 16


#: Frozen dataclasses holding more values than this are not fingerprinted whole.
VALUE_LIMIT = 2000


def _frozen_dataclass(value: Any) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and params.frozen


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _link_or_copy(previous: Path | str, filename: str) -> None:
    """Put the previous output's file at `filename`: a hard link, or a copy where
    the file system has none."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(filename)
    try:
        os.link(previous, filename)
    except OSError:
        shutil.copyfile(previous, filename)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_renderer: tuple[IncrementalWriter, list] | None = None


def _start_renderer(writer: IncrementalWriter, jobs: list) -> None:
    global _renderer
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build ends its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _renderer = (writer, jobs)


class _Records(logging.Handler):
    """Warnings logged while rendering in a worker, sent back to the build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[str, int, str, tuple[str, ...]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        self.records.append((record.name, record.levelno, str(record.msg), tuple(map(str, args))))


def _render_chunk(indices: range) -> tuple[list[tuple[int, str | None, Any]], list]:
    assert _renderer is not None
    writer, jobs = _renderer
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    results: list[tuple[int, str | None, Any]] = []
    try:
        for index in indices:
            path, (_, template, local) = jobs[index]
            try:
                output, reads = writer.run.render(template, local)
                with open(path, "w", encoding="utf-8") as stream:
                    stream.write(output)
            except Exception:  # rendered again by the build, which reports it
                results.append((index, None, None))
                continue
            results.append((index, hashlib.sha256(output.encode()).hexdigest(), reads))
    finally:
        root.removeHandler(handler)
    return results, handler.records


class _Incremental:
    """What Pelican's Writer renders: the template, through the writer."""

    def __init__(self, template: jinja2.Template, writer: IncrementalWriter) -> None:
        self.template = template
        self.writer = writer

    def render(self, local: dict[str, Any]) -> str:
        return self.writer.render(self.template, local)


class Record:
    """Per page: the digest of its bytes, of the values it read, what it read, and
    the stamp of the file written (inode, size, modification time)."""

    def __init__(self) -> None:
        self.code = ""
        self.refs: list[tuple] = []
        self.pages: dict[str, tuple[str, str, list[int], tuple[int, int, int] | None]] = {}
        self._index: dict[tuple, int] = {}

    def _intern(self, refs: Iterable[tuple]) -> list[int]:
        indices = []
        for ref in refs:
            index = self._index.get(ref)
            if index is None:
                index = self._index[ref] = len(self.refs)
                self.refs.append(ref)
            indices.append(index)
        return indices

    def add(self, name: str, digest: str, reads: list[tuple[tuple, str]]) -> None:
        self.pages[name] = (
            digest,
            _digest(fp for _, fp in reads),
            self._intern(r for r, _ in reads),
            None,
        )

    def add_replayed(self, name: str, digest: str, reads_digest: str, refs: list[tuple]) -> None:
        self.pages[name] = (digest, reads_digest, self._intern(refs), None)

    def stamp(self, output_path: str) -> None:
        for name, (digest, reads_digest, refs, _) in self.pages.items():
            stamp = _stamp(Path(sanitised_join(output_path, name)))
            self.pages[name] = (digest, reads_digest, refs, stamp)

    @classmethod
    def load(cls, cache: Cache) -> Record:
        record = cls()
        data = cache.get(cache.key("record"), ".marshal")
        if data is None:
            return record
        try:
            code, refs, pages = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return record
        record.code, record.refs, record.pages = code, refs, pages
        return record

    def save(self, cache: Cache) -> None:
        cache.put(
            cache.key("record"), ".marshal", marshal.dumps((self.code, self.refs, self.pages))
        )


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


# -- what a page reads ------------------------------------------------------------

_SCALARS = (str, int, float, bool, type(None), datetime.date, datetime.time, datetime.timedelta)
_CONTAINERS = (list, tuple, dict, set, frozenset)
#: Made by the template itself, or plain values: reads on them need no record.
_DERIVED = (
    *_SCALARS,
    *_CONTAINERS,
    LoopContext,
    Namespace,
    Undefined,
    Macro,
    BlockReference,
    TemplateReference,
    Cycler,
    Joiner,
    range,
    type({}.items()),
    type({}.keys()),
    type({}.values()),
)
_MISSING_FP = "X"
#: The commonest values, tested by exact type first (the hot path of recording).
_PLAIN = frozenset({str, int, float, bool, type(None), SafeDatetime, datetime.datetime})
_UNSEEN = object()


class Broken(Exception):
    """A page whose reads cannot all be recorded: it is always rendered."""


class Run:
    """One build's renders: identities of posts and taxonomies, memos, the
    recording environments, and the digest of the code templates can call."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self._content_root = settings.get("PATH")
        self._environments: dict[int, RecordingEnvironment] = {}
        self._idents: dict[int, tuple | None] = {}
        self._registry: dict[tuple, Any] | None = None
        self._container_fps: dict[int, tuple[Any, str]] = {}
        self._template_fps: dict[tuple[int, str], str] = {}
        self._urls: dict[tuple[int, str], Any] = {}
        self._replayed: dict[Any, str] = {}
        self._values: dict[Any, Any] = {}
        self._flat: dict[int, Any] = {}
        self._ident_fps: dict[int, str] = {}
        self._values: dict[int, tuple[Any, str | None, int]] = {}
        self._field_names: dict[type, tuple[str, ...]] = {}
        #: ids are only unique among live objects: everything named stays alive
        self._alive: list[Any] = []
        self.code = ""

    # -- identities ----------------------------------------------------------

    def identity(self, obj: Any) -> tuple | None:
        """A post, page, category, tag or author: named by what it is."""
        key = id(obj)
        ident = self._idents.get(key, _UNSEEN)
        if ident is not _UNSEEN:
            return ident  # type: ignore[return-value]
        ident: tuple | None = None
        if isinstance(obj, Content):
            source = obj.source_path
            if source and self._content_root:  # the project folder may move
                source = os.path.relpath(source, self._content_root)
            ident = ("c", type(obj).__name__, str(source), str(self.attr(obj, "save_as")))
        elif isinstance(obj, URLWrapper):
            ident = ("w", type(obj).__name__, str(obj.name), str(obj.slug))
        self._idents[key] = ident
        self._alive.append(obj)
        return ident

    def flat(self, container: Any) -> bool:
        """Whether a list or tuple holds only plain values, posts and taxonomies
        (then its items need no names of their own)."""
        known = self._flat.get(id(container))
        if known is None or known[0] is not container:
            answer = all(
                isinstance(item, _SCALARS) or self.identity(item) is not None for item in container
            )
            known = self._flat[id(container)] = (container, answer)
        return known[1]

    def attr(self, obj: Any, name: str) -> Any:
        """Attributes of posts computed once per build (Pelican formats `url` and
        `save_as` from the settings on every access)."""
        if name in ("url", "save_as") and isinstance(obj, (Content, URLWrapper)):
            key = (id(obj), name)
            try:
                return self._urls[key]
            except KeyError:
                value = self._urls[key] = getattr(obj, name)
                self._alive.append(obj)
                return value
        return getattr(obj, name)

    def registry(self, context: dict[str, Any]) -> dict[tuple, Any]:
        """Every post, page, category, tag and author of the site, by identity."""
        if self._registry is None:
            found: dict[tuple, Any] = {}
            ambiguous: set[tuple] = set()

            def visit(value: Any, depth: int) -> None:
                ident = self.identity(value)
                if ident is not None:
                    # Pelican makes a Category, Tag or Author per post; equal
                    # ones are interchangeable, two posts of one name are not
                    if ident[0] == "c" and ident in found and found[ident] is not value:
                        ambiguous.add(ident)
                    found.setdefault(ident, value)
                    if isinstance(value, Content):
                        for name in ("category", "author", "authors", "tags"):
                            visit(getattr(value, name, None), 1)
                    return
                if depth > 0 and isinstance(value, (list, tuple, set, frozenset)):
                    for item in value:
                        visit(item, depth - 1)
                elif depth > 0 and isinstance(value, dict):
                    for item in value.values():
                        visit(item, depth - 1)

            for value in list(context.values()):
                visit(value, 3)
            for ident in ambiguous:
                found.pop(ident, None)
            self._registry = found
        return self._registry

    # -- fingerprints of values -------------------------------------------------

    def fingerprint(self, value: Any, tracker: Tracker | None = None) -> str:
        kind = type(value)
        if kind is str:
            if len(value) < 48:
                return "s" + value
            return "s" + hashlib.blake2b(value.encode(), digest_size=16).hexdigest()
        if value is missing:
            return _MISSING_FP
        ident_fp = self._ident_fps.get(id(value))
        if ident_fp is not None:
            return ident_fp
        known = self._values.get(id(value))  # a value seen before (a blueprint in a list)
        if known is not None and known[0] is value and known[1] is not None:
            return known[1]
        if isinstance(value, str):
            text = str(value)
            kind = "M" if isinstance(value, Markup) else "s"
            return kind + (
                text
                if len(text) < 48
                else hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
            )
        if isinstance(value, (bool, int, float, type(None))):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, (datetime.date, datetime.time)):
            return f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)!r}"
        if isinstance(value, datetime.timedelta):
            return repr(value)
        ident = self.identity(value)
        if ident is not None:
            ident_fp = self._ident_fps[id(value)] = repr(ident)
            return ident_fp
        if isinstance(value, Undefined):
            return "U"
        if isinstance(value, _CONTAINERS):
            return self._container(value, tracker)
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            return f"fn:{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
        if isinstance(value, types.MethodType):
            return f"bm:{value.__func__.__qualname__}"
        if _frozen_dataclass(value):
            fp = self.value_fp(value)
            if fp is not None:
                return fp
        return self._opaque(value)

    def value_fp(self, value: Any) -> str | None:
        """A frozen dataclass of plain values (a blueprint, a series) is a value:
        its fields fingerprint it, and its properties and methods, which depend on
        its fields only, need no record. None: too big or holding other objects
        (then its reads are recorded one by one)."""
        fp, _ = self._value(value)
        return fp

    def _value(self, value: Any) -> tuple[str | None, int]:
        """(fingerprint, number of values inside); None past VALUE_LIMIT."""
        kind = type(value)
        if kind in _PLAIN or isinstance(value, _SCALARS) or value is None:
            return self.fingerprint(value), 1
        if self.identity(value) is not None:
            return self.fingerprint(value), 1  # its reads are recorded as a post's
        memo = self._values.get(id(value))
        if memo is not None and memo[0] is value:
            return memo[1], memo[2]
        if _frozen_dataclass(value):
            names = self._field_names.get(kind)
            if names is None:
                names = self._field_names[kind] = tuple(f.name for f in dataclasses.fields(value))
            items = [getattr(value, name) for name in names]
        elif isinstance(value, (list, tuple, frozenset, set)):
            items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        elif isinstance(value, dict):
            items = [x for pair in value.items() for x in pair]
        else:
            return None, 1
        parts, size = [f"{kind.__module__}.{kind.__qualname__}"], 1
        for item in items:
            if type(item) is str:  # most fields: inline, not a call
                fp, count = ("s" + item if len(item) < 48 else self.fingerprint(item)), 1
            else:
                fp, count = self._value(item)
            size += count
            if fp is None or size > VALUE_LIMIT:
                fp, size = None, VALUE_LIMIT + 1
                break
            parts.append(fp)
        result = _digest(parts) if size <= VALUE_LIMIT else None
        self._values[id(value)] = (value, result, size)
        return result, size

    def _container(self, value: Any, tracker: Tracker | None) -> str:
        memo = self._container_fps.get(id(value))
        if memo is not None and memo[0] is value and memo[1]:
            return memo[1]
        if isinstance(value, dict):
            parts = [f"{self.fingerprint(k)}={self.fingerprint(v)}" for k, v in value.items()]
        elif isinstance(value, (set, frozenset)):
            parts = sorted(self.fingerprint(v) for v in value)
        else:
            parts = [self.fingerprint(v) for v in value]
        fp = type(value).__name__ + ":" + _digest(parts)
        self._container_fps[id(value)] = (value, fp)
        return fp

    def _opaque(self, value: Any) -> str:
        """Any other object: its reads are recorded one by one; what a filter can
        learn of it without reading an attribute (truth, length, text) is here."""
        kind = type(value)
        parts = [f"o:{kind.__module__}.{kind.__qualname__}", str(bool(value))]
        if hasattr(value, "__len__"):
            parts.append(str(len(value)))
        if kind.__str__ is not object.__str__:
            parts.append(str(value))
        if hasattr(value, "__html__"):
            parts.append(str(value.__html__()))
        if hasattr(value, "__iter__"):
            raise Broken(f"an object that can be iterated ({kind.__qualname__})")
        return _digest(parts)

    # -- recording -----------------------------------------------------------

    def environment(self, env: Environment) -> RecordingEnvironment:
        recording = self._environments.get(id(env))
        if recording is None:
            recording = self._environments[id(env)] = RecordingEnvironment.copy_of(env, self)
            if not self.code:
                self.code = self._code_digest(env)
        return recording

    def render(
        self, template: jinja2.Template, local: dict[str, Any]
    ) -> tuple[str, list[tuple[tuple, str]] | None]:
        """Render and record the page's reads (None: not all could be recorded)."""
        if template.name is None:
            return template.render(local), None
        env = self.environment(template.environment)
        recording = env.get_template(template.name)
        tracker = Tracker(self, env, local)
        env.tracker = tracker
        try:
            context = recording.new_context(local)
            tracker.root = context.parent
            tracker.on_template(template.name)
            try:
                output = env.concat(recording.root_render_func(context))  # type: ignore[arg-type]
            except Exception:
                env.handle_exception()
        finally:
            env.tracker = None
        return output, tracker.finish()

    def template_fp(self, env: Environment, name: str) -> str:
        key = (id(env), name)
        fp = self._template_fps.get(key)
        if fp is None:
            try:
                source = env.loader.get_source(env, name)[0] if env.loader else ""
            except jinja2.TemplateNotFound:
                source = "\0missing"
            fp = self._template_fps[key] = hashlib.blake2b(
                source.encode(), digest_size=16
            ).hexdigest()
        return fp

    def _code_digest(self, env: Environment) -> str:
        """What every page depends on besides what it reads: the Python code
        behind filters, functions and objects of the context (Cadence's and the
        plugins') and Jinja's settings."""
        digest = hashlib.sha256(RECORD_VERSION.encode())
        plugins = [
            p if isinstance(p, str) else getattr(p, "__name__", "")
            for p in self.settings.get("PLUGINS") or []
        ]
        for name in sorted({"cadence", *plugins}):
            for file in _source_files(name):
                try:
                    digest.update(file.as_posix().encode() + b"\0" + file.read_bytes())
                except OSError:
                    digest.update(file.as_posix().encode())
        jinja = self.settings.get("JINJA_ENVIRONMENT") or {}
        # the bytecode cache is where compiled templates are kept, not how they render
        digest.update(
            repr(sorted((k, v) for k, v in jinja.items() if k != "bytecode_cache")).encode()
        )
        for table in (env.filters, env.tests, env.globals):
            digest.update(repr(sorted(table)).encode())
        return digest.hexdigest()

    # -- replaying -----------------------------------------------------------

    def replay(
        self, template: jinja2.Template, local: dict[str, Any], refs: list[tuple]
    ) -> str | None:
        """The digest of the values `refs` have now (None: one cannot be read)."""
        if template.name is None:
            return None
        env = self.environment(template.environment)
        resolver = Resolver(self, env, local)
        try:
            return _digest(resolver.fingerprint(ref) for ref in refs)
        except Exception:  # anything that fails to replay is rendered, and reported then
            return None


def _source_files(module_name: str) -> list[Path]:
    """The Python files of a module, or of the whole package it is part of."""
    module = sys.modules.get(module_name)
    if module is None:
        return []
    package = (
        sys.modules.get(module_name.split(".")[0]) if module_name.startswith("cadence") else module
    )
    folders = list(getattr(package, "__path__", []) or [])
    if folders:
        return sorted(file for folder in folders for file in Path(folder).rglob("*.py"))
    file = getattr(module, "__file__", None)
    return [Path(file)] if file else []


class Tracker:
    """The reads of one page while it renders."""

    def __init__(self, run: Run, env: RecordingEnvironment, local: dict[str, Any]) -> None:
        self.run = run
        self.env = env
        self.local = local
        self.root: dict[str, Any] | None = None
        self.refs: dict[int, tuple] = {}
        self.keep: list[Any] = []
        self.reads: list[tuple[tuple, Any]] = []
        self.seen: set[tuple] = set()
        self.broken: str | None = None

    def ref_of(self, obj: Any) -> tuple | None:
        key = id(obj)
        ref = self.refs.get(key)
        if ref is None:
            ref = self.run.identity(obj)
            if ref is not None:
                self.refs[key] = ref  # found faster next time (the run keeps obj alive)
        return ref

    def read(self, ref: tuple, value: Any) -> None:
        if ref not in self.seen:  # a page reads the same value once
            self.seen.add(ref)
            self.reads.append((ref, value))
        if type(value) not in _PLAIN:
            self.read_free(ref, value)

    def _name_items_of(self, ref: tuple, value: Any) -> None:
        if isinstance(value, (list, tuple)):
            if not self.run.flat(value):
                self._name_items(ref, enumerate(value))
        elif isinstance(value, dict):
            self._name_items(ref, value.items())

    def _name_items(self, ref: tuple, items: Iterable[tuple[Any, Any]]) -> None:
        """Items of a container reached by iterating it: named by their position."""
        for key, item in items:
            if isinstance(item, _SCALARS) or id(item) in self.refs:
                continue
            if isinstance(item, (list, tuple, dict)) or self.run.identity(item) is None:
                if isinstance(key, (str, int)):
                    self.read_free(("i", ref, key), item)

    def read_free(self, ref: tuple, value: Any) -> None:
        """Name a value without recording a read (its container's read covers it)."""
        key = id(value)
        if key in self.refs or isinstance(value, _SCALARS):
            return  # a post or taxonomy (named by identity), or named already
        identity = self.run.identity(value)
        if identity is not None:
            self.refs[key] = identity
            return
        self.refs[key] = ref
        self.keep.append(value)
        self._name_items_of(ref, value)

    def on_name(self, key: str, value: Any) -> None:
        root = self.root
        if root is not None and (root.get(key, missing) is value):
            self.read(("n", key), value)
        else:
            self.read(("g", key), value)

    def on_access(self, kind: str, obj: Any, key: Any, value: Any) -> None:
        if _frozen_dataclass(obj) and self.run.value_fp(obj) is not None:
            return  # a value: the read that reached it recorded all of it
        ref = self.ref_of(obj)
        if ref is None:
            if not isinstance(obj, _DERIVED):
                self.broken = f"read {key!r} of {type(obj).__qualname__}"
            return
        if not isinstance(key, (str, int)):
            self.broken = f"an item of {type(obj).__qualname__} by a {type(key).__qualname__}"
            return
        self.read((kind, ref, key), value)

    def on_call(self, obj: Any, args: tuple, kwargs: dict[str, Any], value: Any) -> None:
        if _pure(obj):
            return
        owner = getattr(obj, "__self__", None)
        if _frozen_dataclass(owner) and self.run.value_fp(owner) is not None:
            named = (v for k, v in kwargs.items() if k not in ("_loop_vars", "_block_vars"))
            if all(_plain(v) for v in args) and all(_plain(v) for v in named):
                return  # a method of a value, on plain arguments
        ref = self.ref_of(obj)
        if ref is None:
            self.broken = f"a call of {getattr(obj, '__qualname__', type(obj).__qualname__)}"
            return
        if getattr(obj, "jinja_pass_arg", None) is not None:
            self.broken = f"a call of {getattr(obj, '__qualname__', '?')} that receives the context"
            return
        self.read(("call", ref, self.encode(args), self.encode_kwargs(kwargs)), value)

    def on_filter(
        self, name: str, pass_arg: Any, args: tuple, kwargs: dict[str, Any], value: Any
    ) -> None:
        values = args[1:] if pass_arg is not None else args
        if all(_plain(v) for v in values) and all(_plain(v) for v in kwargs.values()):
            return
        if pass_arg is not None and pass_arg.name != "environment":
            self.broken = f"the filter {name} receives the context"
            return
        self.read(("f", name, self.encode(values), self.encode_kwargs(kwargs)), value)

    def on_template(self, name: str) -> None:
        self.reads.append((("t", name), self.run.template_fp(self.env, name)))

    def encode(self, values: Iterable[Any]) -> tuple:
        return tuple(self._encode(v) for v in values)

    def encode_kwargs(self, kwargs: dict[str, Any]) -> tuple:
        return tuple(
            (k, self._encode(v))
            for k, v in sorted(kwargs.items())
            if k not in ("_loop_vars", "_block_vars")
        )

    def _encode(self, value: Any) -> tuple:
        if isinstance(value, Markup):
            return ("M", str(value))
        if isinstance(value, (str, int, float, bool, type(None))):
            return ("v", value)
        ref = self.ref_of(value)
        if ref is not None:
            return ("r", ref)
        if isinstance(value, (list, tuple)):
            return ("l" if isinstance(value, list) else "T", tuple(self._encode(v) for v in value))
        raise Broken(f"an argument of type {type(value).__qualname__}")

    def finish(self) -> list[tuple[tuple, str]] | None:
        if self.broken is not None:
            logger.debug(
                "pages: always rendered: %s: %s", self.local.get("output_file"), self.broken
            )
            return None
        try:
            return self._grouped()
        except Broken as problem:
            logger.debug("pages: always rendered: %s: %s", self.local.get("output_file"), problem)
            return None

    def _grouped(self) -> list[tuple[tuple, str]]:
        """The reads with their fingerprints; the attributes read of one post or
        taxonomy become one read, `("o", identity, names)`: list pages read the
        same few attributes of many posts, and a build checks each group once."""
        reads: list[tuple[tuple, Any]] = []
        groups: dict[tuple, list[tuple[tuple, str]]] = {}
        for ref, value in self.reads:
            if ref[0] == "t":
                reads.append((ref, value))
                continue
            fp = self.run.fingerprint(value, self)
            if ref[0] in ("a", "i") and ref[1][0] in ("c", "w"):
                members = groups.get(ref[1])
                if members is None:
                    members = groups[ref[1]] = []
                    reads.append((ref[1], members))
                members.append(((ref[0], ref[2]), fp))
            else:
                reads.append((ref, fp))
        return [
            (("o", ref, tuple(name for name, _ in fp)), _digest(f for _, f in fp))
            if isinstance(fp, list)
            else (ref, fp)
            for ref, fp in reads
        ]


def _plain(value: Any) -> bool:
    if isinstance(value, _SCALARS) or isinstance(value, Undefined):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _pure(function: Any) -> bool:
    """Callables whose result depends only on their arguments and on values
    already recorded: macros, classes, builtins, methods of plain values."""
    if isinstance(function, (Macro, BlockReference, type)):
        return True
    if isinstance(function, (types.MethodType, types.BuiltinFunctionType)):
        owner = getattr(function, "__self__", None)
        return owner is None or isinstance(owner, (*_DERIVED, types.ModuleType))
    return function is DEFAULT_NAMESPACE["lipsum"]


class Resolver:
    """Reads again, on this build's objects, what a page read last time.

    A value is found once per build for all the pages that read it: it is keyed
    by how it is reached from this page's variables (by their identity), from
    posts, taxonomies and globals, so `article.title` is read once per post and
    `cadence.urls` once per build."""

    def __init__(self, run: Run, env: RecordingEnvironment, local: dict[str, Any]) -> None:
        self.run = run
        self.env = env
        self.local = local
        self.page: dict[tuple, tuple[Any, Any]] = {}
        self.localsiteurl = local.get("localsiteurl")

    def fingerprint(self, ref: tuple) -> str:
        kind = ref[0]
        if kind == "t":
            return self.run.template_fp(self.env, ref[1])
        if kind == "o":
            fps = self.run._replayed
            key = (ref, self.localsiteurl)
            fp = fps.get(key)
            if fp is None:
                identity = ref[1]
                fp = fps[key] = _digest(self.fingerprint((k, identity, name)) for k, name in ref[2])
            return fp
        key, value = self.resolve(ref)
        fps = self.run._replayed
        fp = fps.get(key)
        if fp is None:
            fp = fps[key] = self.run.fingerprint(value)
        return fp

    def resolve(self, ref: tuple) -> tuple[Any, Any]:
        found = self.page.get(ref)
        if found is not None:
            return found
        kind = ref[0]
        if kind == "n":
            name = ref[1]
            value = self.local[name] if name in self.local else self.env.globals.get(name, missing)
            self.run._alive.append(value)
            found = (("n", id(value)), value)
        elif kind == "g":
            found = (ref, self.env.globals.get(ref[1], missing))
        elif kind in ("c", "w"):
            value = self.run.registry(self.local).get(ref, missing)
            if value is missing:
                raise LookupError(ref)
            found = (ref, value)
        else:
            found = self._derived(ref)
        self.page[ref] = found
        return found

    def _derived(self, ref: tuple) -> tuple[Any, Any]:
        kind = ref[0]
        if kind in ("a", "i"):
            parent_key, parent = self.resolve(ref[1])
            key = (kind, parent_key, ref[2], self.localsiteurl)
        elif kind == "call":
            function_key, function = self.resolve(ref[1])
            args, args_key = self.decode(ref[2])
            kwargs, kwargs_key = self.decode(tuple(v for _, v in ref[3]))
            key = (
                kind,
                function_key,
                args_key,
                tuple(k for k, _ in ref[3]),
                kwargs_key,
                self.localsiteurl,
            )
        elif kind == "f":
            args, args_key = self.decode(ref[2])
            kwargs, kwargs_key = self.decode(tuple(v for _, v in ref[3]))
            key = (
                kind,
                ref[1],
                args_key,
                tuple(k for k, _ in ref[3]),
                kwargs_key,
                self.localsiteurl,
            )
        else:
            raise LookupError(ref)
        values = self.run._values
        if key in values:
            return key, values[key]
        if kind == "a":
            try:
                value = self.run.attr(parent, ref[2])
            except AttributeError:
                value = self.env.getattr_plain(parent, ref[2])
        elif kind == "i":
            value = self.env.getitem_plain(parent, ref[2])
        elif kind == "call":
            value = function(*args, **dict(zip((k for k, _ in ref[3]), kwargs, strict=True)))
        else:
            function = self.env.original_filters[ref[1]]
            if getattr(function, "jinja_pass_arg", None) is not None:
                args = (self.env, *args)
            value = function(*args, **dict(zip((k for k, _ in ref[3]), kwargs, strict=True)))
        values[key] = value
        return key, value

    def decode(self, encoded: tuple) -> tuple[tuple, tuple]:
        """Arguments of a call, and a key naming them for the build."""
        pairs = [self._decode(v) for v in encoded]
        return tuple(v for v, _ in pairs), tuple(k for _, k in pairs)

    def _decode(self, encoded: tuple) -> tuple[Any, Any]:
        kind = encoded[0]
        if kind == "v":
            return encoded[1], encoded
        if kind == "M":
            return Markup(encoded[1]), encoded
        if kind == "r":
            key, value = self.resolve(encoded[1])
            return value, ("r", key)
        if kind in ("l", "T"):
            values, keys = self.decode(encoded[1])
            return (list(values) if kind == "l" else values), (kind, keys)
        raise LookupError(encoded)


class RecordingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            return self.vars[key]
        value = self.parent[key] if key in self.parent else missing
        tracker = self.environment.tracker  # type: ignore[attr-defined]
        if tracker is not None:
            tracker.on_name(key, value)
        return value


class RecordingEnvironment(Environment):
    """A copy of a Pelican Jinja environment that reports reads to a Tracker."""

    #: makes Jinja compile calls as environment.call(...), where they are seen
    sandboxed = True
    intercepted_binops: frozenset[str] = frozenset()
    intercepted_unops: frozenset[str] = frozenset()
    context_class = RecordingContext
    tracker: Tracker | None = None

    @classmethod
    def copy_of(cls, env: Environment, run: Run) -> RecordingEnvironment:
        # Environment.overlay, for a subclass: same settings, own template cache
        recording = object.__new__(cls)
        recording.__dict__.update(env.__dict__)
        recording.overlayed = True
        recording.linked_to = env
        recording.cache = LRUCache(400)
        # Templates compile differently here (calls go through the environment):
        # their compiled code is kept apart from Pelican's.
        cache = env.bytecode_cache
        if isinstance(cache, FileSystemBytecodeCache):
            recording.bytecode_cache = FileSystemBytecodeCache(
                cache.directory, "__jinja2_recording_%s.cache"
            )
        else:
            recording.bytecode_cache = None
        recording.extensions = {key: ext.bind(recording) for key, ext in env.extensions.items()}
        recording.original_filters = dict(env.filters)
        recording.filters = {
            name: function
            if _builtin_filter(name, function)
            else _recording_filter(recording, name, function)
            for name, function in env.filters.items()
        }
        recording.tracker = None
        recording.run = run
        return recording

    def getattr(self, obj: Any, attribute: str) -> Any:
        tracker = self.tracker
        if tracker is None:
            return super().getattr(obj, attribute)
        try:
            if attribute == "url" or attribute == "save_as":
                value = self.run.attr(obj, attribute)
            else:
                value = getattr(obj, attribute)
        except AttributeError:
            value = self.getattr_plain(obj, attribute)
        tracker.on_access("a", obj, attribute, value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        tracker = self.tracker
        if tracker is not None:
            tracker.on_access("i", obj, argument, value)
        return value

    def getattr_plain(self, obj: Any, attribute: str) -> Any:
        return Environment.getattr(self, obj, attribute)

    def getitem_plain(self, obj: Any, argument: Any) -> Any:
        return Environment.getitem(self, obj, argument)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        value = __context.call(__obj, *args, **kwargs)
        tracker = __self.tracker
        if tracker is not None:
            tracker.on_call(__obj, args, kwargs, value)
        return value

    def get_template(
        self, name: Any, parent: str | None = None, globals: Any = None
    ) -> jinja2.Template:
        template = super().get_template(name, parent, globals)
        tracker = self.tracker
        if tracker is not None and template.name is not None:
            tracker.on_template(template.name)
        return template

    def select_template(
        self, names: Any, parent: str | None = None, globals: Any = None
    ) -> jinja2.Template:
        template = super().select_template(names, parent, globals)
        tracker = self.tracker
        if tracker is not None:
            tracker.broken = "a template chosen from several"
        return template


def _builtin_filter(name: str, function: Any) -> bool:
    from jinja2.filters import FILTERS

    return FILTERS.get(name) is function


def _recording_filter(env: RecordingEnvironment, name: str, function: Any) -> Any:
    pass_arg = getattr(function, "jinja_pass_arg", None)

    @functools.wraps(function)
    def recording(*args: Any, **kwargs: Any) -> Any:
        value = function(*args, **kwargs)
        tracker = env.tracker
        if tracker is not None:
            tracker.on_filter(name, pass_arg, args, kwargs, value)
        return value

    return recording
