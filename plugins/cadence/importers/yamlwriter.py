"""Write data/ files the way a person would: stable order, block style, quoted versions."""

from __future__ import annotations

import datetime
from typing import Any

import yaml

SCHEMA_LINES = {
    "people": "# yaml-language-server: $schema=../schemas/people.json\n",
    "projects": "# yaml-language-server: $schema=../schemas/projects.json\n",
    "series": "# yaml-language-server: $schema=../../schemas/series.json\n",
    "blueprints": "# yaml-language-server: $schema=../../../schemas/blueprints.json\n",
    "releases": "# yaml-language-server: $schema=../../../schemas/releases.json\n",
}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the same date twice is written twice, never as &id001 / *id001


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    node = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


def _date(dumper: yaml.SafeDumper, value: datetime.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(datetime.date, _date)


def dump(kind: str, document: dict[str, Any]) -> str:
    """The text of a data file of `kind` (people, projects, series, blueprints or releases)."""
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return SCHEMA_LINES[kind] + body
