"""Shared helpers: build sites through Cadence's own build into tmp_path."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cadence.build import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Three layers (README, tests/): tests/unit/ holds the fast tests of pure code;
    everything else drives Pelican or a whole build and is marked slow, so
    `pytest -m "not slow"` runs the unit layer in seconds."""
    for item in items:
        if "unit" not in Path(str(item.fspath)).relative_to(ROOT / "tests").parts[:1]:
            item.add_marker(pytest.mark.slow)


def build_site(tmp_path: Path, content: Path, data: Path | None, **overrides) -> Path:
    """Build `content` (+ `data`) with the project's settings into tmp_path/output."""
    settings = {
        "PATH": str(content),
        "CADENCE_DATA_PATH": str(data) if data else str(tmp_path / "no-data"),
        "CADENCE_TODAY": __import__("datetime").date(2026, 1, 1),
        "CACHE_PATH": str(tmp_path / "cache"),
        **overrides,
    }
    if data is None:
        (tmp_path / "no-data").mkdir(exist_ok=True)
    output = tmp_path / "output"
    build(ROOT / "pelicanconf.py", output, overrides=settings)
    return output


def copy_fixture(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(output: Path, url: str) -> BeautifulSoup:
    """The page a reader gets at `url` (a site-relative URL like /2011/x/)."""
    return soup(resolve(output, url))


def resolve(output: Path, url: str) -> Path:
    path = url.split("#")[0].split("?")[0].lstrip("/")
    target = output / path
    if not path or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site (content/ and data/ of the repository), built once."""
    tmp = tmp_path_factory.mktemp("demo")
    return build_site(tmp, ROOT / "content", ROOT / "data")


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("minimal")
    site = copy_fixture(tmp, "minimal")
    return build_site(tmp, site / "content", site / "data")


def make_project(tmp_path: Path) -> Path:
    """A project folder: the minimal fixture's content and data, with a settings file
    that uses the repository's settings, theme and plugins (for command tests)."""
    site = copy_fixture(tmp_path, "minimal")
    (site / "pelicanconf.py").write_text(
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "CADENCE_TODAY = __import__('datetime').date(2026, 1, 1)\nCADENCE_SEARCH = False\n"
    )
    return site


def make_special_files(root: Path, case: Path) -> None:
    """Lay out what git cannot store, as listed in the case's `special.txt`:

        dir PATH                 a folder
        fifo PATH                a named pipe
        symlink PATH -> TARGET   a symbolic link (TARGET as written, may not exist)

    PATH is relative to `root` (the site folder holding content/ and data/)."""
    manifest = case / "special.txt"
    if not manifest.exists():
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, rest = line.split(" ", 1)
        path, _, target = (part.strip() for part in rest.partition(" -> "))
        where = root / path
        where.parent.mkdir(parents=True, exist_ok=True)
        if kind == "dir":
            where.mkdir()
        elif kind == "fifo":
            os.mkfifo(where)
        elif kind == "symlink":
            where.symlink_to(target)
        else:
            raise ValueError(f"{manifest}: unknown kind {kind!r}")


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder` without following links or opening special files:
    the bytes of files, the targets of links, the kind of anything else."""
    found: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            relative = path.relative_to(folder).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[relative] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                found[relative] = path.read_bytes()
            else:
                found[relative] = ("kind", stat.S_IFMT(mode))
    return found


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a named pipe read by mistake blocks forever)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
