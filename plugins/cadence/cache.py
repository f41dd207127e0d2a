"""One content-addressed cache for every cache Cadence keeps (parsed data files,
feeds).

An entry's name is a hash of everything that determines its bytes; entries are
written to a temporary file and renamed, so a reader never sees half an entry,
and end with a digest of their bytes, so an entry truncated or damaged on disk
is recognised. A missing, unreadable or corrupt entry is a miss, never an error:
deleting cache/ is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

#: Bytes of the digest that ends every entry.
_DIGEST_SIZE = 16
#: Bump when the layout of entries changes, so older entries are misses.
_LAYOUT = "cache-2"


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).digest()


class Cache:
    """A folder of entries keyed by the hash of their inputs (None: no caching)."""

    def __init__(self, folder: Path | str | None, version: str) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.version = version

    @classmethod
    def under(cls, cache_path: str | Path | None, name: str, version: str) -> Cache:
        """The cache `name` inside Pelican's CACHE_PATH, or a disabled one."""
        return cls(Path(cache_path) / name if cache_path else None, version)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(f"{_LAYOUT}/{self.version}".encode())
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            # length-prefixed, so ("ab", "c") and ("a", "bc") differ
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def path(self, key: str, suffix: str) -> Path | None:
        return self.folder / f"{key}{suffix}" if self.folder is not None else None

    def get(self, key: str, suffix: str) -> bytes | None:
        """The entry's bytes; None when it is missing, unreadable or damaged."""
        entry = self.path(key, suffix)
        if entry is None:
            return None
        try:
            stored = entry.read_bytes()
        except OSError:
            return None
        data, digest = stored[:-_DIGEST_SIZE], stored[-_DIGEST_SIZE:]
        if len(stored) < _DIGEST_SIZE or _digest(data) != digest:
            with contextlib.suppress(OSError):
                entry.unlink()  # written again after this miss
            return None
        return data

    def put(self, key: str, suffix: str, data: bytes) -> None:
        """Store an entry atomically; a cache that cannot be written is skipped."""
        entry = self.path(key, suffix)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data + _digest(data))
                os.replace(temporary, entry)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
