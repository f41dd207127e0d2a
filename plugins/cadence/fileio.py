"""Reading and writing the files people keep, safely: the bottom of the package.

Sources (data/ and content/ files, schedule files) are looked at with `lstat`
before anything is opened, so a folder, a named pipe (which would block a read
forever), a device (`/dev/zero` never ends), a broken or escaping symbolic link
or an editor's lock file is named in a message instead of crashing or hanging a
build. Sizes are checked before reading. Files are written through a temporary
file in the same folder, flushed to disk and renamed, so a full disk or a crash
leaves the previous file whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class SourceError(Exception):
    """A source that cannot be read as a file; the message says why, for a person."""


def is_editor_file(name: str) -> bool:
    """Lock, backup and swap files editors leave beside the file being edited:
    `.#x.yaml` (Emacs lock), `#x.yaml#` (Emacs autosave), `x.yaml~` (backup),
    `.x.yaml.swp` (Vim swap)."""
    return (
        name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith("~")
        or name.endswith((".swp", ".swo", ".swx"))
    )


def kind_of(mode: int) -> str:
    """'a folder', 'a named pipe (FIFO)'... for a file that is not a regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_source(
    path: Path, root: Path | None = None, root_label: str = "", expected: str = "a text file"
) -> None:
    """Raise SourceError unless `path` is a regular file (or a symbolic link to one
    inside `root`, when a root is given). Nothing is opened."""
    try:
        info = path.lstat()
    except OSError as error:
        raise SourceError(f"cannot read the file: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        try:
            resolved = path.resolve(strict=True)
        except FileNotFoundError:
            raise SourceError(
                f"broken symbolic link to '{target}': the file it points to does not exist"
            ) from None
        except (OSError, RuntimeError):  # a loop of links, a folder we may not enter
            raise SourceError(f"symbolic link to '{target}' that cannot be followed") from None
        if root is not None and not resolved.is_relative_to(root.resolve()):
            raise SourceError(
                f"symbolic link to '{target}', outside {root_label or root.name + '/'}: "
                "link only to files inside it"
            )
        info = resolved.stat()
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{kind_of(info.st_mode)}, not a file: expected {expected}")


def read_bounded(path: Path, max_bytes: int | None) -> bytes:
    """The bytes of a regular file; SourceError if it is not one or is larger than
    `max_bytes` (checked before reading, and again while reading)."""
    try:
        # O_NONBLOCK: should the file have become a named pipe, open does not wait.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        if isinstance(error, FileNotFoundError) and path.is_symlink():
            raise SourceError(
                f"broken symbolic link to '{os.readlink(path)}': "
                "the file it points to does not exist"
            ) from None
        raise SourceError(f"cannot read the file: {error.strerror}") from None
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        raise SourceError(f"{kind_of(info.st_mode)}, not a file: expected a text file")
    if max_bytes is not None and info.st_size > max_bytes:
        os.close(handle)
        raise TooLarge(info.st_size, max_bytes)
    with os.fdopen(handle, "rb") as stream:
        try:
            raw = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
        except OSError as error:
            raise SourceError(f"cannot read the file: {error.strerror}") from None
    if max_bytes is not None and len(raw) > max_bytes:
        raise TooLarge(len(raw), max_bytes)
    return raw


class TooLarge(SourceError):
    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(f"file too large: {size_text(size)}, the limit is {size_text(limit)}")


def size_text(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count} bytes"


def write_all_atomic(files: dict[Path, bytes | str]) -> None:
    """Write several files so that a full disk changes none of them: every new
    text is first written and flushed beside its file, then all are renamed."""
    prepared: list[tuple[str, Path]] = []
    try:
        for path, data in sorted(files.items()):
            prepared.append((_prepare(path, data), path))
        for temporary, path in prepared:
            os.replace(temporary, path)
            _fsync_folder(path.parent)
    finally:
        for temporary, _ in prepared:
            Path(temporary).unlink(missing_ok=True)


def _prepare(path: Path, data: bytes | str) -> str:
    """A flushed temporary file beside `path` holding `data`, with path's mode."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot, which is fine."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
