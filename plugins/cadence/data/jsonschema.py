"""Export the JSON Schemas of the data files, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path

from cadence.data.schema import SCHEMAS


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, stable (sorted keys, trailing newline)."""
    return {
        f"{name}.json": json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                **model.model_json_schema(),
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
        for name, model in SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
