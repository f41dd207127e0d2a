"""Metadata that Pelican takes as given and fails on later, checked with file:line.

An unknown `Template:` stops Pelican with a traceback when it writes the post; a
control character in a `Slug:`, `Save_as:` or `URL:` ends up in a file name and
in links and feeds, where XML cannot carry it (the feed writer crashes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pelican.generators import PelicanTemplateNotFound

from cadence.errors import did_you_mean
from cadence.notes.posts import CONTENT_LISTS, source_of

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PATH_FIELDS = {"slug": "Slug", "save_as": "Save_as", "url": "URL"}


def contents(generator: Any) -> Iterator[Any]:
    seen: set[int] = set()
    for attr in CONTENT_LISTS:
        for content in getattr(generator, attr, ()) or ():
            if id(content) not in seen:
                seen.add(id(content))
                yield content


def check(generators: list[Any]) -> list[str]:
    found = []
    for generator in generators:
        for content in contents(generator):
            found += _problems(generator, content)
    return found


def _problems(generator: Any, content: Any) -> list[str]:
    metadata = getattr(content, "metadata", None) or {}
    found = []
    for key, name in _PATH_FIELDS.items():
        text = metadata.get(key)
        if isinstance(text, str) and _CONTROL.search(text):
            found.append(
                f"{source_of(content, key)}: {name}: expected text without control characters, "
                f"got {text!r}"
            )
    if "template" in metadata:
        problem = _template_problem(generator, str(metadata["template"]))
        if problem:
            found.append(f"{source_of(content, 'template')}: Template: {problem}")
    return found


def _template_problem(generator: Any, name: str) -> str | None:
    try:
        generator.get_template(name)
    except PelicanTemplateNotFound:
        names = _template_names(generator)
        return (
            f"expected the name of a template of the theme, such as 'article' or 'page', "
            f"got {name!r}{did_you_mean(name, names)}"
        )
    return None


def _template_names(generator: Any) -> list[str]:
    """The theme's own page templates, for a did-you-mean."""
    try:
        listed = generator.env.list_templates(filter_func=lambda n: n.endswith(".html"))
    except TypeError:  # a loader that cannot list its templates
        listed = [p.name for p in Path(generator.theme, "templates").glob("*.html")]
    return sorted(n.removesuffix(".html") for n in listed if not n.startswith("_") and "/" not in n)
