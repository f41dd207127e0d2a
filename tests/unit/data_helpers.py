"""Small release data written inline, loaded with the real loader (pure, fast)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from cadence.data import ReleaseData, load

PROJECTS = """\
projects:
  nova:
    title: Nova
  glance:
    title: Glance
"""

SERIES = """\
name: alpha
title: Alpha
version: "2020.1"
status: released
release_date: 2020-04-02
projects: [nova, glance]
milestones:
  - name: alpha-1
    kind: milestone
    date: 2020-01-09
    released: true
  - name: alpha-2
    kind: milestone
    date: 2020-02-13
    released: true
    feature_freeze: true
  - name: alpha-rc1
    kind: release-candidate
    date: 2020-03-19
    released: true
  - name: alpha-final
    kind: final
    date: 2020-04-02
    released: true
"""


def load_inline(
    tmp_path: Path, blueprints: dict[str, str], series: str = SERIES, people: str | None = None
) -> ReleaseData:
    data = tmp_path / "data"
    (data / "series").mkdir(parents=True)
    (data / "projects.yaml").write_text(PROJECTS)
    if people is not None:
        (data / "people.yaml").write_text(people)
    (data / "series" / "alpha.yaml").write_text(series)
    for project, text in blueprints.items():
        folder = data / "blueprints" / "alpha"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{project}.yaml").write_text("blueprints:\n" + textwrap.indent(text, "  "))
    return load(data)
