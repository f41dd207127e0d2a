"""Release data: the YAML model of series, milestones and blueprints.

Pure Python, no Pelican: `loader.load(path)` turns the files under `data/` into a
validated `model.ReleaseData`, or raises `LoadError` with every problem found.
"""

from __future__ import annotations

import importlib
from typing import Any

from cadence.errors import LoadError, Problem

#: Imported when first used: the schema (pydantic) is not needed to read settings.
_LAZY = {
    "load": "cadence.data.loader",
    "Blueprint": "cadence.data.model",
    "Milestone": "cadence.data.model",
    "Project": "cadence.data.model",
    "ReleaseData": "cadence.data.model",
    "Series": "cadence.data.model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Blueprint",
    "LoadError",
    "Milestone",
    "Problem",
    "Project",
    "ReleaseData",
    "Series",
    "load",
]
