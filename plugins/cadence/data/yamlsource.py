"""Read one YAML file into plain Python values, keeping where every value came from.

PyYAML's loaders forget positions, keep the last of two duplicate keys and expand
aliases without limit. Here the file is only *composed* (safe: no object is ever
constructed from a tag) and then walked, so that:

- every value and every key has a (line, column) for error messages;
- duplicate keys are errors;
- alias expansion is bounded, by the number of re-used nodes and by the size of
  the text they add (a "billion laughs" file, or a small file whose long values
  are re-used thousands of times, is refused at once);
- nesting is bounded before libyaml composes the file (deep nesting exhausts the
  stack of its recursive composer);
- an impossible date or an unknown tag is a clean error, not an exception.

`read` looks at the file before opening it (cadence.fileio): a folder, a named
pipe or a device is a problem on the file, and the size is checked first.
"""

from __future__ import annotations

import datetime
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cadence.cache import Cache
from cadence.errors import Problem, undecodable
from cadence.fileio import SourceError, TooLarge, read_bounded, size_text

try:  # libyaml is an order of magnitude faster; positions are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

#: Bump when parsing changes, so cached parses are not reused.
PARSE_CACHE_VERSION = "parse-3"
#: Beyond this many re-uses of aliased nodes, a file is refused.
MAX_ALIAS_EXPANSIONS = 10_000
#: Aliases may add at most this much text to a file (and never take it past its size
#: limit): a re-used value is a shorthand, not a way to multiply a small file into
#: a site hundreds of times its size.
MAX_ALIAS_BYTES = 1_000_000
EMPTY_FILE = "empty file: expected a YAML mapping"
#: Data files nest a few levels; far deeper nesting is refused before composing.
MAX_DEPTH = 100
_TAG_PREFIX = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    _TAG_PREFIX + name
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}


@dataclass
class Document:
    """A parsed file: its data, the position of each value and key, its problems."""

    file: str
    data: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: values that could not be read: (path, message), named once the data is known
    unreadable: list[tuple[Path_, str]] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at `path`, or of its nearest parent."""
        table = self.key_positions if key else self.positions
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.positions.get(path[:end])
            if found:
                return found
        return (1, 1)

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        found = Problem(self.file, line, column, message)
        self.problems.append(found)
        return found


class _Bomb(Exception):
    """Alias expansion went past a limit; the message says which."""

    def __init__(self, message: str, position: tuple[int, int] = (1, 1)) -> None:
        super().__init__(message)
        self.position = position


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def parse(raw: bytes, file: str, max_bytes: int | None = None) -> Document:
    """Parse bytes of a YAML file; problems are collected on the Document."""
    doc = Document(file)
    if max_bytes is not None and len(raw) > max_bytes:
        doc.problems.append(Problem(file, 1, 1, _too_large(len(raw), max_bytes)))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        doc.problems.append(Problem(file, *undecodable(raw, error)))
        return doc
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        doc.problems.append(Problem(file, 1, 1, EMPTY_FILE))
        return doc
    try:
        deep = _too_deep(text)
        if deep is not None:
            doc.problems.append(
                Problem(
                    file,
                    *deep,
                    f"nested more than {MAX_DEPTH} levels deep: data files nest a few "
                    "levels (a mapping of mappings of lists)",
                )
            )
            return doc
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        doc.problems.append(_syntax_problem(file, error, text))
        return doc
    except yaml.YAMLError as error:  # errors without a position, e.g. reader errors
        doc.problems.append(Problem(file, 1, 1, f"YAML syntax error: {error}"))
        return doc
    room = MAX_ALIAS_BYTES if max_bytes is None else min(MAX_ALIAS_BYTES, max_bytes - len(raw))
    walker = _Walker(doc, room)
    try:
        doc.data = walker.value(root, ())
    except _Bomb as bomb:
        doc.data = None
        doc.problems.append(Problem(file, *bomb.position, str(bomb)))
    return doc


def _too_large(size: int, limit: int) -> str:
    return (
        f"file too large: {size_text(size)}, the limit is {size_text(limit)} "
        "per data file (split it, e.g. one file per project)"
    )


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) of the first collection nested deeper than MAX_DEPTH, or None.

    libyaml's parser is iterative, its composer recursive: counting depth on the
    parser's events is safe where composing a 100,000-deep file crashes Python."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return (event.start_mark.line + 1, event.start_mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def read(
    path: Path, file: str, max_bytes: int | None = None, cache: Cache | None = None
) -> Document:
    """Parse a file; with a cache, reuse the parse of identical bytes.

    The file is checked before it is read (a folder, a named pipe, a device or
    a file larger than `max_bytes` is a problem on the Document)."""
    try:
        raw = read_bounded(path, max_bytes)
    except TooLarge as error:
        return Document(file, problems=[Problem(file, 1, 1, _too_large(error.size, error.limit))])
    except SourceError as error:
        return Document(file, problems=[Problem(file, 1, 1, str(error))])
    if cache is None or not cache.enabled:
        return parse(raw, file, max_bytes)
    key = cache.key(file, str(max_bytes), raw)
    stored = cache.get(key, ".pickle")
    if stored is not None:
        try:
            doc = pickle.loads(stored)
        except Exception:  # a corrupt or outdated entry is a miss
            doc = None
        if isinstance(doc, Document):
            return doc
    doc = parse(raw, file, max_bytes)
    if not doc.problems and not doc.unreadable:
        cache.put(key, ".pickle", pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    return doc


def _syntax_problem(file: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "invalid YAML"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        column = lines[mark.line].index("\t") + 1
        return Problem(file, line, column, "YAML syntax error: a tab character; indent with spaces")
    context = f" ({error.context})" if error.context else ""
    return Problem(file, line, column, f"YAML syntax error: {problem}{context}")


class _Walker:
    def __init__(self, doc: Document, room: int) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        #: the collections being walked, outermost first: an alias to one of them
        #: would expand forever
        self.active: set[int] = set()
        self.reuses = 0
        #: characters aliases may add to the file's text, and what is left of them
        self.limit = self.room = room
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def value(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.doc.positions.setdefault(path, _mark(node))
            self.doc.unreadable.append(
                (path, f"unsupported YAML tag {node.tag}: only plain values are allowed")
            )
            return _INVALID
        if id(node) in self.active:
            raise _Bomb("a recursive alias: this node contains an alias to itself", _mark(node))
        if id(node) in self.seen:
            self.reuses += 1
            if self.reuses > MAX_ALIAS_EXPANSIONS:
                raise _Bomb(
                    f"too many alias expansions (more than {MAX_ALIAS_EXPANSIONS}): "
                    "refusing a file that expands aliases exponentially"
                )
            # a re-used node costs what writing it out would: its text, or a byte
            self.room -= len(node.value) if isinstance(node, yaml.ScalarNode) else 1
            if self.room < 0:
                raise _Bomb(
                    f"aliases add more than {size_text(self.limit)} of text to this "
                    "file (each use of an alias counts): write the values out"
                )
        self.seen.add(id(node))
        self.doc.positions.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        firsts: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(
                    Problem(self.doc.file, *_mark(key_node), "a mapping key must be plain text")
                )
                continue
            if key_node.tag == _TAG_PREFIX + "merge":
                self.doc.problems.append(
                    Problem(
                        self.doc.file,
                        *_mark(key_node),
                        "merge keys ('<<') are not supported: write the fields out",
                    )
                )
                continue
            key = self.key(key_node)
            if key in firsts:
                line, _ = firsts[key]
                self.doc.problems.append(
                    Problem(
                        self.doc.file,
                        *_mark(key_node),
                        f"duplicate key '{key}': already defined on line {line}",
                    )
                )
                continue
            firsts[key] = _mark(key_node)
            self.doc.key_positions[(*path, key)] = _mark(key_node)
            result[key] = self.value(value_node, (*path, key))
        return result

    def key(self, node: yaml.ScalarNode) -> Any:
        """Keys stay text (a slug `no` is not false), except dates (time series)."""
        if node.tag == _TAG_PREFIX + "timestamp":
            parsed = self.scalar(node, ())
            if isinstance(parsed, datetime.date):
                return parsed
        return node.value

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            if node.tag == _TAG_PREFIX + "timestamp":
                message = f"expected a real date (YYYY-MM-DD), got '{node.value}'"
            else:
                text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
                message = f"cannot read value '{text}'"
        if path == ():  # a key: reported where it stands
            self.doc.problems.append(Problem(self.doc.file, *_mark(node), message))
        else:
            self.doc.unreadable.append((path, message))
        return _INVALID


class _Invalid:
    """Stands for a value already reported; validation skips it."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def is_invalid(value: Any) -> bool:
    return value is _INVALID
