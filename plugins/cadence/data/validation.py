"""Turn pydantic's errors into messages a release manager can act on."""

from __future__ import annotations

import datetime
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from cadence.data.yamlsource import Document, is_invalid
from cadence.errors import did_you_mean

_KIND_NAMES = {
    "milestones": "milestone",
    "blueprints": "blueprint",
    "projects": "project",
    "releases": "release",
    "highlights": "highlight",
}
#: The field that names an entry of a list, in messages.
_NAMING_FIELDS = ("name", "version")


def validate(doc: Document, model: type[BaseModel]) -> BaseModel | None:
    """Validate a parsed document; record every problem on it; None if any."""
    for path, message in doc.unreadable:
        doc.problem(path, f"{where(doc, path)}: {message}" if path else message)
    if doc.data is None:
        return None
    try:
        result = model.model_validate(doc.data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            _report(doc, model, item)
        return None
    return None if doc.problems else result


def where(doc: Document, path: tuple[Any, ...]) -> str:
    """Human name of the thing at `path`: "blueprint 'x': status", "milestone 'd-4': date"."""
    parts: list[str] = []
    data = doc.data
    i = 0
    while i < len(path):
        step = path[i]
        if step in _KIND_NAMES and i + 1 < len(path) and isinstance(data, dict):
            container = data.get(step)
            item = path[i + 1]
            kind = _KIND_NAMES[step]
            if isinstance(item, int):
                name = None
                if isinstance(container, list) and item < len(container):
                    entry = container[item]
                    if isinstance(entry, dict):
                        name = next((entry[f] for f in _NAMING_FIELDS if f in entry), None)
                parts.append(f"{kind} '{name}'" if isinstance(name, str) else f"{kind} #{item + 1}")
                data = (
                    container[item]
                    if isinstance(container, list) and item < len(container)
                    else None
                )
            else:
                parts.append(f"{kind} '{item}'")
                data = container.get(item) if isinstance(container, dict) else None
            i += 2
            continue
        parts.append(str(step.isoformat() if hasattr(step, "isoformat") else step))
        data = data.get(step) if isinstance(data, dict) else None
        i += 1
    return ": ".join(parts)


def _fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at `loc` (for "did you mean" on unknown keys)."""
    current: Any = model
    for step in loc:
        if isinstance(step, int) or not hasattr(current, "model_fields"):
            continue
        field = current.model_fields.get(step)
        if field is None:
            # a dict of models: the step was a key, keep the value type
            continue
        current = _inner_model(field.annotation)
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _report(doc: Document, model: type[BaseModel], item: dict[str, Any]) -> None:
    loc = tuple(item["loc"])
    kind = item["type"]
    value = item.get("input")
    if is_invalid(value):
        return  # already reported by the YAML reader
    loc = _data_path(doc.data, loc)
    if loc and loc[-1] == "[key]":
        path = loc[:-1]
        detail = (
            _detail(kind, value, item, loc)
            if kind == "value_error"
            else f"invalid name: {name_hint(value)}"
        )
        doc.problem(path, f"{where(doc, path)}: {detail}", key=True)
        return
    if kind == "missing":
        parent, name = loc[:-1], loc[-1]
        prefix = f"{where(doc, parent)}: " if parent else ""
        doc.problem(parent, f"{prefix}missing required field '{name}'")
        return
    if kind == "extra_forbidden":
        parent, name = loc[:-1], loc[-1]
        allowed = _fields(model, parent)
        prefix = f"{where(doc, parent)}: " if parent else ""
        doc.problem(
            loc,
            f"{prefix}unknown field '{name}'{did_you_mean(name, allowed)}; "
            f"expected one of: {', '.join(allowed)}",
            key=True,
        )
        return
    what = where(doc, loc) if loc else "file"
    doc.problem(loc, f"{what}: {_detail(kind, value, item, loc)}")


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """pydantic's loc as a path into the data.

    pydantic inserts the union member it tried (`str`, `date`...) and writes
    non-text keys as their repr; walk the data and keep only real steps, plus a
    last step naming a missing field or '[key]' inside a mapping.
    """
    path: list[Any] = []
    for i, step in enumerate(loc):
        if isinstance(data, dict):
            key = (
                step
                if step in data
                else next((k for k in data if repr(k) == step or str(k) == step), _MISSING)
            )
            if key is not _MISSING:
                path.append(key)
                data = data[key]
                continue
            if i == len(loc) - 1:
                path.append(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            path.append(step)
            data = data[step]
    if loc and loc[-1] == "[key]" and path[-1:] != ["[key]"]:
        path.append("[key]")  # a key whose value is not a mapping (a date of rc_bugs)
    return tuple(path)


_MISSING = object()


def _detail(kind: str, value: Any, item: dict[str, Any], loc: tuple[Any, ...]) -> str:
    got = describe_value(value)
    ctx = item.get("ctx") or {}
    if kind == "string_type" and loc and loc[-1] == "version" and isinstance(value, int | float):
        return (
            f'expected a quoted string such as "2011.3", got {got}: '
            f"put the version in quotes (unquoted, 2011.10 would read as 2011.1)"
        )
    if kind == "string_type" and isinstance(value, bool | int | float | datetime.date):
        return f"expected text, got {got}: put it in quotes to keep it as text"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"expected one of: {', '.join(choices)}; got {got}{did_you_mean(value, choices)}"
    if kind == "string_pattern_mismatch":
        return f"invalid name: {name_hint(value)}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    if kind in {"too_short", "string_too_short"}:
        return "must not be empty"
    if kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')} characters"
    if kind == "greater_than_equal":
        return f"expected a number of at least {ctx.get('ge')}, got {got}"
    if kind == "less_than_equal":
        return f"expected a number of at most {ctx.get('le'):,}, got {got}"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}, got {got}"
    return f"{item['msg']} (got {got})"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time (YYYY-MM-DD)",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def name_hint(value: Any) -> str:
    return (
        "expected lowercase letters, digits, '-', '.', '+' or '_' starting with a letter or "
        f"digit (e.g. 'diablo-4'), got {describe_value(value)}"
    )


def describe_value(value: object) -> str:
    """How a parsed YAML value reads in an error message."""
    import datetime

    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int | float):
        digits = repr(value)
        return f"the number {digits if len(digits) <= 20 else digits[:17] + '...'}"
    if isinstance(value, datetime.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
