"""How feed files reach the output quickly: what the last build made is kept.

- `KeptLinks`: each post's HTML as feeds carry it (feed_html: absolute links, one
  drawing per chart), kept by HTML and base URL (lxml parses every post, and few
  posts change between builds).
- `KeptFiles`: each feed file's key (a digest of everything in the feed) and the
  stamp of the file written (inode, size, modification time). A feed whose key did
  not change, and whose file in the previous output is still that file, becomes a
  hard link to it: nothing rendered, read or written.
- `write_feeds`: the other feeds, rendered and written by one forked worker per
  core when there are many.
"""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cadence.cache import Cache
from cadence.feeds import writers
from cadence.feeds.model import Feed

#: Fewer feed files to render than this are rendered in the build's own process.
POOL_THRESHOLD = 16


class KeptLinks:
    """feed_html, kept from one build to the next by HTML and base URL."""

    def __init__(self, cache: Cache, feed_html: Callable[[str, str], str]) -> None:
        self.cache = cache
        self.feed_html = feed_html
        self.key = cache.key("absolute-links")
        self.kept: dict[str, str] = _load(cache, self.key)
        self.used: dict[str, str] = {}

    def __call__(self, html: str, base: str) -> str:
        key = hashlib.blake2b(f"{base}\0{html}".encode(), digest_size=16).hexdigest()
        found = self.kept.get(key)
        if found is None:
            found = self.feed_html(html, base)
        self.used[key] = found
        return found

    def save(self) -> None:
        if set(self.used) != set(self.kept):
            self.cache.put(self.key, ".marshal", marshal.dumps(self.used))


class KeptFiles:
    """Feed files of the last build, by path: their key and their file's stamp."""

    def __init__(self, cache: Cache, output: Path, previous: Path | None) -> None:
        self.cache = cache
        self.output = output
        self.previous = previous
        self.key = cache.key("files")
        self.kept: dict[str, tuple[str, Any]] = _load(cache, self.key) if previous else {}
        self.written: dict[str, str] = {}

    def link(self, path: str, key: str) -> bool:
        """Link the previous output's file when it is the one made for `key`."""
        kept = self.kept.get(path)
        if self.previous is None or kept is None or kept[0] != key:
            return False
        source = self.previous / path
        if kept[1] is None or _stamp(source) != tuple(kept[1]):
            return False
        target = self.output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            return False
        self.written[path] = key
        return True

    def save(self) -> None:
        record = {path: (key, _stamp(self.output / path)) for path, key in self.written.items()}
        self.cache.put(self.key, ".marshal", marshal.dumps(record))


def feed_keys(feeds: Iterable[Feed], info: writers.FeedInfo, cache: Cache) -> dict[int, str]:
    """A key per feed: its fields and a digest of each entry (entries are shared
    by many feeds: each is digested once)."""
    entry_digests: dict[int, str] = {}
    keys = {}
    for feed in feeds:
        parts = [repr(info), feed.key, feed.group, feed.name, repr(feed.paths)]
        for entry in feed.entries:
            digest = entry_digests.get(id(entry))
            if digest is None:
                digest = hashlib.blake2b(repr(entry).encode(), digest_size=16).hexdigest()
                entry_digests[id(entry)] = digest
            parts.append(digest)
        keys[id(feed)] = cache.key(*parts)
    return keys


Job = tuple[str, Feed, str, str]  # format, feed, path, key


def write_feeds(
    jobs: list[Job],
    info: writers.FeedInfo,
    cache: Cache,
    write: Callable[[str, bytes], None],
) -> None:
    """Render (or take from the cache) and write each feed file."""
    if len(jobs) < POOL_THRESHOLD or _cores() < 2:
        for index in range(len(jobs)):
            _write_job(jobs, info, cache, write, index)
        return
    # forked: the workers share the feeds; only job numbers go through pipes
    with multiprocessing.get_context("fork").Pool(
        _cores(), initializer=_start_worker, initargs=(jobs, info, cache, write)
    ) as pool:
        for _ in pool.imap_unordered(_worker_job, range(len(jobs)), chunksize=4):
            pass


def _write_job(
    jobs: list[Job],
    info: writers.FeedInfo,
    cache: Cache,
    write: Callable[[str, bytes], None],
    index: int,
) -> None:
    fmt, feed, path, key = jobs[index]
    data = cache.get(key, f".{fmt}")
    if data is None:
        data = writers.WRITERS[fmt](feed, info)
        cache.put(key, f".{fmt}", data)
    write(path, data)


_worker: tuple | None = None


def _start_worker(*state: Any) -> None:
    global _worker
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build ends its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = state


def _worker_job(index: int) -> None:
    assert _worker is not None
    _write_job(*_worker, index)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def _load(cache: Cache, key: str) -> dict:
    data = cache.get(key, ".marshal")
    if data is None:
        return {}
    try:
        loaded = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
