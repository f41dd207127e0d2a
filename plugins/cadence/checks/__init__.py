"""Fail the build on content mistakes that Pelican only logs, lets pass or crashes on.

Pelican skips a post it cannot read, lets two posts claim the same URL (the last
one wins) and stops with a traceback on an unknown template. For a blog, a
silently dropped or overwritten post is a bug, so these become errors that name
every file involved, all at once, before anything is written:

    lint       Markdown sources, before Pelican reads them (file:line)
    metadata   Template, and control characters in Slug, Save_as, URL
    outputs    every output path inside the output folder, and claimed once
    folders    the output folder apart from the sources (used by `cadence build`)

Other plugins' generators take part through two optional methods:
`planned_outputs()` -> (path, source, setting) for each file they will write, and
`problems()` -> messages about their own context.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from cadence.errors import UserError
from cadence.settings import only_when_active

logger = logging.getLogger(__name__)


def register() -> None:
    signals.initialized.connect(only_when_active(__name__, check_sources))
    signals.all_generators_finalized.connect(only_when_active(__name__, check_before_writing))


def check_sources(pelican: Any) -> None:
    """Refuse to build from Markdown with broken metadata or links (all at once)."""
    from cadence.checks.lint import lint

    problems = lint(Path(pelican.settings["PATH"]), pelican.settings)
    if problems:
        raise UserError(problems)


def check_before_writing(generators: list[Any]) -> None:
    """Once every generator has its context and before any writes: metadata,
    other plugins' own problems, and every output path."""
    from cadence.checks import metadata, outputs  # not needed by `cadence build` to start

    problems = metadata.check(generators)
    for generator in generators:
        own = getattr(generator, "problems", None)
        if callable(own):
            problems += own()
    problems += outputs.check(generators)
    if problems:
        raise UserError(problems)
