"""Release data: the YAML model of series, milestones and blueprints.

Pure Python, no Pelican: `loader.load(path)` turns the files under `data/` into a
validated `model.ReleaseData`, or raises `LoadError` with every problem found.
"""

from cadence.data.loader import load
from cadence.data.model import Blueprint, Milestone, Project, ReleaseData, Series
from cadence.errors import LoadError, Problem

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
