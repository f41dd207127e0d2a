"""The package's layers: every module imports only from its own layer or below.

A lower layer importing a higher one (data importing the command line, say) is
what makes a package hard to read and to reuse; this test names the import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "cadence"

#: Bottom first. A module belongs to the first prefix it starts with.
LAYERS: list[tuple[str, ...]] = [
    ("cadence.errors", "cadence.cache", "cadence.fileio"),
    ("cadence.data",),
    ("cadence.settings", "cadence.theme"),
    ("cadence.importers", "cadence.notes"),
    ("cadence.feeds", "cadence.checks", "cadence.sitemap", "cadence.reading", "cadence.rendering"),
    (
        "cadence.build",
        "cadence.cli",
        "cadence.preview",
        "cadence.newpost",
        "cadence.notes_command",
        "cadence.stamp",
        "cadence",
    ),
]


def layer_of(module: str) -> int:
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def cadence_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a cadence module, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("cadence")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("cadence"):
                found.append((node.lineno, node.module))
    return found


def upward_imports(package: Path) -> list[str]:
    problems = []
    for path in sorted(package.rglob("*.py")):
        name = module_name(path, package)
        own = layer_of(name)
        for line, imported in cadence_imports(path):
            if imported != "cadence" and layer_of(imported) > own:
                where = f"{path.relative_to(package.parent)}:{line}"
                problems.append(f"{where}: {name} imports {imported}")
    return problems


def test_imports_point_down_only():
    assert upward_imports(PACKAGE) == []


def test_data_layer_does_not_import_pelican():
    for path in sorted((PACKAGE / "data").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "pelican" for n in names), path


def test_an_upward_import_is_caught(tmp_path):
    """The check itself: a data module importing the command line is reported."""
    import shutil

    copy = tmp_path / "cadence"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    loader = copy / "data" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\nfrom cadence.cli import main\n")
    problems = upward_imports(copy)
    assert len(problems) == 1
    assert problems[0].startswith("cadence/data/loader.py:")
    assert problems[0].endswith("cadence.data.loader imports cadence.cli")


@pytest.mark.parametrize(
    "name", ["release_data", "release_notes", "cadence_feeds", "importers", "site_checks"]
)
def test_one_top_level_package(name):
    """Only `cadence` is installed: the old top-level packages are gone."""
    import importlib.util

    assert importlib.util.find_spec(name) is None
    assert not (PACKAGE.parent / name).exists()
