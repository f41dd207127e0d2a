"""Release data: the YAML model of series, milestones and blueprints.

Pure Python, no Pelican: `loader.load(path)` turns the files under `data/` into a
validated `model.ReleaseData`, or raises `LoadError` with every problem found.
"""

from release_data.errors import LoadError, Problem
from release_data.loader import load
from release_data.model import Blueprint, Milestone, Project, ReleaseData, Series

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
