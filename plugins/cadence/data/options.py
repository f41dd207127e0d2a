"""How release data is read: the options of `loader.load`, apart from the loader
so that reading the settings does not import the schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_BLUEPRINT_URL = "https://blueprints.launchpad.net/{project}/+spec/{slug}"
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Options:
    blueprint_url: str = DEFAULT_BLUEPRINT_URL
    max_bytes: int = DEFAULT_MAX_BYTES
    #: where parsed files are kept between runs (None: no cache)
    cache: Path | None = None
