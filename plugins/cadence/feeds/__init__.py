"""Pelican plugin: Cadence's own feeds (Atom, RSS 2.0, JSON Feed) and calendars.

Replaces Pelican's feeds so every feed shares one implementation: stable entry
ids, no false updates, absolute links, byte-identical output for the same input.
"""

from __future__ import annotations

from pelican import signals

from cadence import theme
from cadence.feeds import generator
from cadence.settings import only_when_active


def register() -> None:
    theme.connect()
    signals.initialized.connect(only_when_active(__name__, generator.disable_pelican_feeds))
    signals.get_generators.connect(only_when_active(__name__, generator.get_generators))
