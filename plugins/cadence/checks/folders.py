"""The output folder stands apart from every folder the build reads.

A build replaces its output folder as a whole. An output folder that is, holds or
sits inside content/, data/, the theme or a plugins folder would replace a source
with the built site (or write the site into it, to be read back as content the
next time); one that is or holds the project folder would replace the project.
This is checked before anything is created, moved or written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cadence.settings import data_dir


def sources(
    settings: dict[str, Any], settings_file: str | Path
) -> Iterator[tuple[str, Path, bool]]:
    """(what it is, folder, whether an output may sit inside it) for every source."""
    project = Path(settings_file).resolve().parent
    yield f"the project folder (where {Path(settings_file).name} is)", project, True
    yield "the content folder (PATH)", Path(settings["PATH"]), False
    yield "the data folder (CADENCE_DATA_PATH)", _absolute(data_dir(settings), project), False
    if settings.get("THEME") and os.path.isdir(settings["THEME"]):
        yield "the theme folder (THEME)", Path(settings["THEME"]), False
    for folder in settings.get("PLUGIN_PATHS") or ():
        yield "a plugins folder (PLUGIN_PATHS)", _absolute(Path(folder), project), False


def _absolute(path: Path, base: Path) -> Path:
    return path if path.is_absolute() else base / path


def output_problem(output: Path, settings: dict[str, Any], settings_file: str | Path) -> str | None:
    """Why `output` cannot be the output folder (None when it can): the relation
    that makes it unsafe, e.g. "it is the content folder (PATH)"."""
    target = output.resolve()
    if target.exists() and not target.is_dir():
        return "it is a file, not a folder"
    found = []
    for order, (what, folder, may_hold_output) in enumerate(sources(settings, settings_file)):
        source = folder.resolve()
        if target == source:
            found.append((0, order, f"it is {what}"))
        elif target in source.parents:
            found.append((1, order, f"it holds {what}"))
        elif (
            source in target.parents
            and not may_hold_output
            and not _holds_project(source, settings_file)
        ):
            found.append((2, order, f"it is inside {what}"))
    return min(found)[2] if found else None


def _holds_project(source: Path, settings_file: str | Path) -> bool:
    """A plugins folder or theme may be the project folder itself (PLUGIN_PATHS =
    ["."]); outputs inside the project are the usual case, not a mistake."""
    project = Path(settings_file).resolve().parent
    return source == project or source in project.parents
