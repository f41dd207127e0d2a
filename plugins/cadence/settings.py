"""Cadence's settings, read from the Pelican settings file, with their defaults.

Relative paths in CADENCE_* settings are resolved against the folder of the
settings file, like Pelican's own PATH and THEME.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from release_data.loader import DEFAULT_BLUEPRINT_URL, DEFAULT_MAX_BYTES, Options

_PATH_SETTINGS = ("CADENCE_DATA_PATH",)


def load_settings(
    settings_file: str | Path, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Pelican's read_settings, plus absolute CADENCE_* paths."""
    from pelican.settings import read_settings

    from cadence.errors import UserError

    if not Path(settings_file).is_file():
        raise UserError(f"{settings_file}: settings file not found")
    try:
        settings = read_settings(str(settings_file), override=dict(overrides or {}))
    except ValueError as error:  # Pelican's word on a setting, e.g. a missing PATH
        raise UserError(f"{settings_file}: {error}") from None
    except SyntaxError as error:
        raise UserError(
            f"{settings_file}:{error.lineno}: Python syntax error: {error.msg}"
        ) from None
    except Exception as error:  # the settings file is Python: any mistake in it
        line = _line_in(error, settings_file)
        raise UserError(f"{settings_file}{line}: {type(error).__name__}: {error}") from None
    base = Path(settings_file).resolve().parent
    for key in _PATH_SETTINGS:
        value = settings.get(key)
        if value is not None and not os.path.isabs(value):
            settings[key] = str(base / value)
    return settings


def _line_in(error: BaseException, settings_file: str | Path) -> str:
    """':12' when the traceback passes through the settings file."""
    import traceback

    name = str(Path(settings_file).resolve())
    lines = [
        f.lineno
        for f in traceback.extract_tb(error.__traceback__)
        if str(Path(f.filename).resolve()) == name
    ]
    return f":{lines[-1]}" if lines else ""


def data_options(settings_file: str | Path, data: str | Path | None = None) -> tuple[Path, Options]:
    """Where the data is and how to load it, from a settings file if it exists."""
    settings = load_settings(settings_file) if Path(settings_file).is_file() else {}
    return data_dir(settings, data), options_from(settings)


def data_dir(settings: dict[str, Any], override: str | Path | None = None) -> Path:
    if override is not None:
        return Path(override)
    configured = Path(settings.get("CADENCE_DATA_PATH", "data"))
    if not configured.is_absolute() and settings.get("PATH"):
        # Run through plain `pelican`: data/ sits beside content/.
        configured = Path(settings["PATH"]).parent / configured
    return configured


def options_from(settings: dict[str, Any]) -> Options:
    return Options(
        blueprint_url=settings.get("CADENCE_BLUEPRINT_URL", DEFAULT_BLUEPRINT_URL),
        max_bytes=settings.get("CADENCE_MAX_DATA_FILE_BYTES", DEFAULT_MAX_BYTES),
        cache=Path(settings["CACHE_PATH"]) / "data" if settings.get("CACHE_PATH") else None,
    )
