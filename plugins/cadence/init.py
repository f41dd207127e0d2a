"""`cadence init`: Cadence joins an existing Pelican project.

It only adds: a block at the end of the settings file (Cadence's plugins after
the blog's own, where the release data is, and with `--theme cadence` Cadence's
theme), a data/ skeleton whose file names its JSON Schema, and schemas/ for the
editor. Content, theme and the rest of the settings are left as they are. Every
change is printed; when a file it would create already exists, nothing at all is
written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cadence.data.jsonschema import schema_texts
from cadence.errors import UserError
from cadence.theme import THEME

#: Cadence's plugins, in the order they run (docs/settings.md).
PLUGINS = ("cadence.checks", "cadence.notes", "cadence.feeds", "cadence.sitemap")
THEME_CHOICES = ("keep", "cadence")

PROJECTS_YAML = """\
# yaml-language-server: $schema=../schemas/projects.json
# The projects whose releases this blog follows (docs/data-format.md), e.g.
#   nova:
#     title: Nova
#     description: Compute service
projects: {}
"""


@dataclass
class InitPlan:
    settings_file: Path
    #: lines appended to the settings file
    settings_lines: list[str] = field(default_factory=list)
    #: new files and their text
    files: dict[Path, str] = field(default_factory=dict)

    def changes(self) -> list[str]:
        """What `write` does, one line each, as the writer sees the paths."""
        lines = []
        if self.settings_lines:
            lines.append(f"append to {self.settings_file.name}:")
            lines += [f"    {line}" for line in self.settings_lines if line]
        base = self.settings_file.parent
        lines += [f"create {path.relative_to(base).as_posix()}" for path in sorted(self.files)]
        return lines

    def write(self) -> None:
        for path, text in sorted(self.files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if self.settings_lines:
            current = self.settings_file.read_text(encoding="utf-8")
            separator = "" if current.endswith("\n") or not current else "\n"
            with self.settings_file.open("a", encoding="utf-8") as out:
                out.write(separator + "\n" + "\n".join(self.settings_lines) + "\n")


def plan_init(settings_file: str | Path, theme: str = "keep") -> InitPlan:
    """What `cadence init` would change; UserError if it would overwrite anything."""
    path = Path(settings_file)
    if not path.is_file():
        raise UserError(
            f"{settings_file}: settings file not found: run `cadence init` in a Pelican "
            "project, or name its settings with -s"
        )
    if theme not in THEME_CHOICES:
        raise UserError(f"--theme: expected one of: {', '.join(THEME_CHOICES)}; got '{theme}'")
    raw = _raw_settings(path)
    plan = InitPlan(path.resolve())
    plan.settings_lines = _settings_lines(raw, theme)
    data = _data_folder(raw, plan.settings_file.parent)
    plan.files[data / "projects.yaml"] = PROJECTS_YAML
    plan.files[data / "series" / ".gitkeep"] = ""
    plan.files[data / "blueprints" / ".gitkeep"] = ""
    schemas = plan.settings_file.parent / "schemas"
    for name, text in schema_texts().items():
        plan.files[schemas / name] = text
    existing = sorted(p for p in plan.files if p.exists())
    if existing:
        raise UserError(
            [
                f"{p.relative_to(plan.settings_file.parent).as_posix()}: already exists: "
                "cadence init never overwrites a file; nothing was changed"
                for p in existing
            ]
        )
    return plan


def _raw_settings(path: Path) -> dict[str, Any]:
    """The names the settings file itself assigns (Pelican's defaults not merged)."""
    from pelican.settings import get_settings_from_file

    try:
        return get_settings_from_file(str(path))
    except Exception as error:  # the settings file is Python: any mistake in it
        raise UserError(f"{path}: cannot be read: {type(error).__name__}: {error}") from None


def _settings_lines(raw: dict[str, Any], theme: str) -> list[str]:
    names = [getattr(p, "__name__", str(p)) for p in raw.get("PLUGINS") or ()]
    missing = [p for p in PLUGINS if p not in names]
    lines = []
    if missing:
        added = ", ".join(f'"{p}"' for p in missing)
        if "PLUGINS" in raw:
            lines.append(f"PLUGINS = [*PLUGINS, {added}]")
        else:
            # Without PLUGINS Pelican loads every installed namespace plugin; name
            # them, so adding Cadence's does not switch them off.
            from pelican.plugins._utils import get_namespace_plugins

            installed = ", ".join(f'"{p}"' for p in sorted(get_namespace_plugins()))
            lines.append(f"PLUGINS = [{installed + ', ' if installed else ''}{added}]")
    if "CADENCE_DATA_PATH" not in raw:
        lines.append('CADENCE_DATA_PATH = "data"')
    if theme == "cadence":
        lines.append(f"THEME = {str(THEME)!r}")
    if not lines:
        return []
    return [
        "# Cadence (added by `cadence init`, see Cadence's docs/migrating.md): its plugins",
        "# after the blog's own, and the release data in data/.",
        *lines,
    ]


def _data_folder(raw: dict[str, Any], base: Path) -> Path:
    configured = Path(str(raw.get("CADENCE_DATA_PATH", "data")))
    return configured if configured.is_absolute() else base / configured
