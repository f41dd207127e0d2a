"""Fail the build on content mistakes that Pelican only logs or lets pass.

Pelican skips a post it cannot read and lets two posts claim the same URL (the
last one wins). For a blog, a silently dropped or overwritten post is a bug, so
these become errors that name every file involved.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican import signals

from cadence.errors import UserError
from cadence.notes.posts import generated
from cadence.settings import only_when_active

logger = logging.getLogger(__name__)


def register() -> None:
    signals.initialized.connect(only_when_active(__name__, check_sources))
    signals.all_generators_finalized.connect(only_when_active(__name__, check_unique_urls))


def check_sources(pelican: Any) -> None:
    """Refuse to build from Markdown with broken metadata or links (all at once)."""
    from cadence.checks.lint import lint

    problems = lint(Path(pelican.settings["PATH"]), pelican.settings)
    if problems:
        raise UserError(problems)


def _label(content: Any) -> str:
    """content/2011/x.md: the source as the writer sees it from the project folder."""
    if content.source_path:
        base = Path(content.settings["PATH"])
        return Path(content.source_path).resolve().relative_to(base.resolve().parent).as_posix()
    post = generated(content)
    return (post and post.source) or content.title


def check_unique_urls(generators: list) -> None:
    claims: dict[str, list[str]] = {}
    for generator in generators:
        for attr in (
            "articles",
            "translations",
            "drafts",
            "drafts_translations",
            "hidden_articles",
            "pages",
            "hidden_pages",
            "draft_pages",
        ):
            for content in getattr(generator, attr, ()) or ():
                save_as = getattr(content, "save_as", None)
                if not save_as:
                    continue
                source = _label(content)
                claims.setdefault(os.path.normpath(save_as), []).append(source)
    problems = []
    for save_as, sources in sorted(claims.items()):
        unique = sorted(set(sources))
        if len(sources) > 1:
            problems.append(
                f"{unique[0]}: the same URL ({save_as}) is also written by "
                f"{', '.join(unique[1:]) or unique[0]}: give each post its own Slug"
            )
    if problems:
        raise UserError(problems)
