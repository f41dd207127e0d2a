"""Broken and hostile input to the importers and the data model: a clear message,
exit 1, nothing written outside data/ and nothing half-written; links from data
stay one attribute; what `validate` accepts, the build builds."""

from __future__ import annotations

import datetime
import errno
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from cadence.cli import main
from cadence.data import LoadError, load
from cadence.data.model import Blueprint, Milestone, ReleaseData, Series
from cadence.errors import UserError
from cadence.importers.plan import plan_blueprints, plan_series
from cadence.importers.schedule import DEFAULT_DAYS, Rules, read_schedule
from cadence.importers.specs import read_specs
from cadence.notes.links import replace_data_links
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import (
    FIXTURES,
    build_site,
    copy_fixture,
    deadline,
    make_project,
    snapshot,
    soup,
)

SCHEDULE = FIXTURES / "schedule" / "antelope.yaml"
SPECS = FIXTURES / "specs" / "nova-specs"
NAME_HINT = (
    "expected lowercase letters, digits, '-', '.', '+' or '_' starting with a letter or "
    "digit (e.g. 'diablo-4'), got '../../x'"
)


def run(capsys, *args: str) -> tuple[int, list[str]]:
    """`cadence ARGS` in this process: exit code and the lines on stderr."""
    code = main(list(args))
    return code, capsys.readouterr().err.splitlines()


# -- names from the command line -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["import-schedule", str(SCHEDULE), "--series", "../../x"], "--series"),
        (
            ["import-specs", str(FIXTURES / "specs"), "--series", "../../x", "--project", "nova"],
            "--series",
        ),
        (
            ["import-specs", str(FIXTURES / "specs"), "--series", "alpha", "--project", "../../x"],
            "--project",
        ),
        (["import-launchpad", "--series", "alpha", "--project", "../../x"], "--project"),
    ],
)
def test_names_from_the_command_line_are_checked_first(tmp_path, capsys, monkeypatch, args, option):
    site = make_project(tmp_path)
    monkeypatch.chdir(site)
    before = snapshot(tmp_path)
    code, lines = run(capsys, *args, "--write")
    assert (code, lines) == (
        1,
        [f"error: {option}: invalid name: {NAME_HINT}", "1 problem found; nothing was written"],
    )
    assert snapshot(tmp_path) == before


def test_a_project_name_from_a_tracker_is_checked_like_one_from_the_command_line(tmp_path):
    site = make_project(tmp_path)
    with pytest.raises(UserError) as caught:
        plan_blueprints(site / "data", "alpha", "../../x", {})
    assert caught.value.messages == [f"project: invalid name: {NAME_HINT}"]


# -- atomic writes ---------------------------------------------------------------


def fill_disk_at(monkeypatch, write: int) -> None:
    """The disk is full when the `write`-th file is flushed."""
    calls = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == write:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_an_import_on_a_full_disk_writes_nothing(tmp_path, capsys, monkeypatch):
    site = make_project(tmp_path)
    monkeypatch.chdir(site)
    before = snapshot(site / "data")
    fill_disk_at(monkeypatch, 1)
    code, lines = run(
        capsys,
        *("import-schedule", str(SCHEDULE), "--series", "antelope", "--version", "2023.1"),
        *("--projects", "nova,glance", "--write"),
    )
    assert (code, lines) == (
        1,
        [
            "error: cannot write data/series/antelope.yaml: No space left on device",
            "1 problem found; nothing was written",
        ],
    )
    assert snapshot(site / "data") == before  # no new file, no temporary file left


def test_a_full_disk_on_the_second_file_leaves_the_first_unchanged(tmp_path, monkeypatch):
    site = make_project(tmp_path)
    data = site / "data"
    before = snapshot(data)
    plan = plan_blueprints(
        data, "alpha", "glance", {"new-one": {"title": "New", "status": "deferred"}}
    )
    plan.files.update(
        plan_blueprints(
            data, "alpha", "nova", {"other": {"title": "Other", "status": "deferred"}}
        ).files
    )
    fill_disk_at(monkeypatch, 2)
    with pytest.raises(UserError) as caught:
        plan.write()
    assert caught.value.messages == [
        "cannot write data/blueprints/alpha/glance.yaml, data/blueprints/alpha/nova.yaml: "
        "No space left on device"
    ]
    assert snapshot(data) == before
    monkeypatch.undo()
    assert plan.write() == sorted(plan.files)
    assert load(data).blueprints_by_key["nova/other"].title == "Other"
    assert load(data).blueprints_by_key["glance/new-one"].title == "New"


# -- the importers read YAML like the loader -------------------------------------

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "cycle: *i",
        "",
    ]
)
SIZE_BOMB = "\n".join(
    [f"long: &long {'x' * 20_000}", "cycle:"]
    + ["  - {start: 2023-01-02, name: *long}" for _ in range(600)]
    + [""]
)
DEEP = "cycle: " + "[" * 10_000 + "]" * 10_000 + "\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            BILLION_LAUGHS,
            "1:1: too many alias expansions (more than 10000): refusing a file that expands "
            "aliases exponentially",
        ),
        (
            SIZE_BOMB,
            "1:1: aliases add more than 1.0 MB of text to this file (each use of an alias "
            "counts): write the values out",
        ),
        (
            DEEP,
            "1:107: nested more than 100 levels deep: data files nest a few levels "
            "(a mapping of mappings of lists)",
        ),
    ],
    ids=["billion-laughs", "aliases-re-used", "deep"],
)
def test_a_schedule_that_would_explode_is_refused_at_once(
    tmp_path, capsys, monkeypatch, text, problem
):
    site = make_project(tmp_path)
    schedule = tmp_path / "schedule.yaml"
    schedule.write_text(text)
    monkeypatch.chdir(site)
    started = time.perf_counter()
    code, lines = run(capsys, "import-schedule", str(schedule), "--series", "alpha", "--write")
    assert time.perf_counter() - started < 5
    assert (code, lines) == (
        1,
        [
            f"error: {schedule}: cannot read the schedule:",
            f"error: {schedule}:{problem}",
            "2 problems found; nothing was written",
        ],
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: os.mkfifo(path), "a named pipe (FIFO), not a file: expected a text file"),
        (
            lambda path: path.symlink_to("/dev/zero"),
            "a character device, not a file: expected a text file",
        ),
        (lambda path: path.mkdir(), "a folder, not a file: expected a text file"),
        (
            lambda path: path.symlink_to("nowhere.yaml"),
            "broken symbolic link to 'nowhere.yaml': the file it points to does not exist",
        ),
    ],
    ids=["fifo", "dev-zero", "folder", "broken-link"],
)
def test_a_schedule_that_is_not_a_file_is_named_without_reading_it(tmp_path, capsys, make, problem):
    schedule = tmp_path / "schedule.yaml"
    make(schedule)
    with deadline(30):
        code, lines = run(
            capsys, "import-schedule", str(schedule), "--series", "alpha", "--data", str(tmp_path)
        )
    assert (code, lines[:2]) == (
        1,
        [f"error: {schedule}: cannot read the schedule:", f"error: {schedule}:1:1: {problem}"],
    )


def test_an_import_will_not_merge_into_a_data_file_it_cannot_read_safely(
    tmp_path, capsys, monkeypatch
):
    site = make_project(tmp_path)
    series = site / "data" / "series" / "alpha.yaml"
    series.write_text(
        series.read_text() + f"description: &d {'x' * 20_000}\nmore: [{', '.join(['*d'] * 60)}]\n"
    )
    monkeypatch.chdir(site)
    before = snapshot(site / "data")
    code, lines = run(capsys, "import-schedule", str(SCHEDULE), "--series", "alpha", "--write")
    assert (code, lines) == (
        1,
        [
            "error: data/series/alpha.yaml: cannot merge into this file; fix it first:",
            "error: data/series/alpha.yaml:1:1: aliases add more than 1.0 MB of text "
            "to this file (each use of an alias counts): write the values out",
            "2 problems found; nothing was written",
        ],
    )
    assert snapshot(site / "data") == before


def test_a_spec_that_is_not_a_file_is_skipped_with_a_note(tmp_path):
    specs = tmp_path / "nova-specs"
    shutil.copytree(SPECS, specs)
    clean = read_specs(specs, "juno", ["nova"], completed="juno-final")
    approved = specs / "specs" / "juno" / "approved"
    os.mkfifo(approved / "pipe.rst")
    (approved / "zero.rst").symlink_to("/dev/zero")
    with deadline(30):
        found = read_specs(specs, "juno", ["nova"], completed="juno-final")
    assert found.blueprints == clean.blueprints and found.blueprints["nova"]
    notes = [str(note) for note in found.notes if note.file.endswith(("pipe.rst", "zero.rst"))]
    assert notes == [
        f"{approved}/pipe.rst: a named pipe (FIFO), not a file: expected a text file; skipped",
        f"{approved}/zero.rst: a symbolic link to /dev/zero, outside the repository; skipped",
    ]


# -- hypothesis: importers' inputs and the loader raise nothing but UserError ----

_plausible_day = st.dates(datetime.date(1960, 1, 1), datetime.date(2210, 1, 1))
_week_values = st.one_of(
    st.dates(),  # written as YAML dates
    st.datetimes(),
    st.dates().map(str),  # written as quoted text
    st.text(max_size=12),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=8), max_size=3),
)
_labels = st.lists(
    st.sampled_from(["a-1", "a-2", "a-3", "a-ff", "a-rc1", "a-final", "a-ptg", "a-x", "ff", ""])
    | st.text(max_size=8)
    | st.integers(),
    max_size=4,
)
_week = st.fixed_dictionaries(
    {"start": _plausible_day | _week_values},
    optional={"x-project": _labels | _week_values, "name": _week_values},
)
_schedule = st.one_of(
    st.text(max_size=200),
    st.fixed_dictionaries({"cycle": st.lists(_week, min_size=1, max_size=6)}).map(yaml.safe_dump),
    st.dictionaries(
        st.sampled_from(["cycle", "weeks", "start-week"]),
        st.lists(_week | _week_values, max_size=6) | _week_values,
        max_size=2,
    ).map(yaml.safe_dump),
)


@pytest.fixture(scope="module")
def minimal_data(tmp_path_factory) -> Path:
    return copy_fixture(tmp_path_factory.mktemp("minimal"), "minimal") / "data"


def _only_user_errors(action) -> None:
    try:
        action()
    except UserError as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=_schedule, weekday=st.integers(0, 6))
def test_any_schedule_text_gives_milestones_or_user_errors(
    tmp_path_factory, minimal_data, text, weekday
):
    path = tmp_path_factory.mktemp("schedule") / "schedule.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")

    def importing() -> None:
        rules = Rules(days={kind: weekday for kind in DEFAULT_DAYS})
        schedule = read_schedule(path, "gamma", rules=rules, today=datetime.date(2026, 1, 1))
        plan = plan_series(
            minimal_data, "gamma", schedule.milestones, version="1.0", projects=["nova"]
        )
        plan.check()

    _only_user_errors(importing)


_spec_lines = st.lists(
    st.sampled_from(
        [
            "Launchpad blueprint: https://blueprints.launchpad.net/nova/+spec/cells-v2",
            "https://blueprints.launchpad.net/nova/+spec/" + "x" * 120,
            "A title",
            "=======",
            "Primary assignee:",
            "  ana <ana@example.org>",
            "",
            "\x00\x1b[31m",
        ]
    )
    | st.text(max_size=40),
    max_size=12,
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(implemented=_spec_lines, approved=_spec_lines)
def test_any_spec_text_gives_blueprints_or_user_errors(
    tmp_path_factory, minimal_data, implemented, approved
):
    root = tmp_path_factory.mktemp("specs")
    for state, text in (("implemented", implemented), ("approved", approved)):
        folder = root / "specs" / "alpha" / state
        folder.mkdir(parents=True)
        (folder / "spec.rst").write_text(text, encoding="utf-8", errors="surrogatepass")

    def importing() -> None:
        found = read_specs(root, "alpha", ["nova"], completed="alpha-final")
        plan_blueprints(minimal_data, "alpha", "nova", found.blueprints.get("nova", {})).check()

    _only_user_errors(importing)


_day = st.dates(min_value=datetime.date(1, 1, 2), max_value=datetime.date(9999, 12, 30))
_milestone = st.fixed_dictionaries(
    {"name": st.sampled_from(["alpha-1", "alpha-2", "alpha-final"]), "date": _day},
    optional={
        "released": st.booleans(),
        "released_on": _day,
        "kind": st.sampled_from(["milestone", "final", "freeze"]),
        "projects": st.lists(st.sampled_from(["nova", "glance", "cinder"]), max_size=4),
    },
)
_series = st.fixed_dictionaries(
    {
        "name": st.just("alpha"),
        "title": st.text(min_size=1, max_size=10),
        "version": st.just("2020.1"),
        "status": st.sampled_from(["released", "development"]),
        "projects": st.lists(st.sampled_from(["nova", "glance"]), min_size=1, max_size=3),
        "milestones": st.lists(_milestone, min_size=1, max_size=4),
    },
    optional={
        "release_date": _day,
        "rc_bugs": st.dictionaries(
            st.sampled_from(["nova", "glance", "x"]),
            st.dictionaries(_day, st.integers(min_value=-5, max_value=10**30), max_size=3),
            max_size=2,
        ),
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(series=_series, completed_on=_day)
def test_any_series_gives_a_model_or_load_errors(tmp_path_factory, series, completed_on):
    data = copy_fixture(tmp_path_factory.mktemp("series"), "minimal") / "data"
    (data / "series" / "alpha.yaml").write_text(yaml.safe_dump(series))
    nova = data / "blueprints" / "alpha" / "nova.yaml"
    nova.write_text(nova.read_text().replace("2020-02-10", completed_on.isoformat()))
    try:
        load(data)
    except LoadError as error:
        assert all(m.startswith("data/") for m in error.messages)


# -- links from data stay one attribute -------------------------------------------


class _Post:
    """What replace_data_links reads of a Pelican content object."""

    def __init__(self, html: str) -> None:
        self._content = html
        self.settings = {"SITEURL": ""}
        self.source_path = None

    def get_relative_source_path(self) -> None:
        return None


def test_a_blueprint_link_escapes_whatever_url_reaches_it():
    """Defence in depth: even a URL that never passed validation stays one attribute."""
    url = "https://x.example/\"autofocus onfocus=\"alert(1)'/x='y"
    milestone = Milestone(
        name="alpha-1", series="alpha", kind="milestone", date=datetime.date(2020, 1, 9)
    )
    data = ReleaseData(
        series=(Series("alpha", "Alpha", "1", "released", ("nova",), (milestone,)),),
        blueprints=(Blueprint("nova", "alpha", "x", "X", url, "deferred"),),
    )
    site = type("Site", (), {"data": data, "link_problems": []})()
    post = _Post(
        "<a href=\"{blueprint}nova/x\">double</a> <a href='{blueprint}nova/x#t'>single</a>"
    )
    replace_data_links(site, post)
    links = BeautifulSoup(post._content, "html.parser").find_all("a")
    assert [link.attrs for link in links] == [{"href": url}, {"href": url + "#t"}]


# -- what validate accepts, the build builds ---------------------------------------


def test_data_at_the_edges_of_every_range_validates_and_builds(tmp_path, capsys):
    site = copy_fixture(tmp_path, "minimal")
    series = site / "data" / "series" / "alpha.yaml"
    text = series.read_text()
    text = text.replace("title: Alpha", 'title: "Alpha $x^{$ \\\\$ costs $5"')
    text = text.replace("date: 2020-01-09", "date: 1970-01-01")
    text = text.replace("date: 2020-04-02", "date: 2199-12-31")
    text = text.replace("release_date: 2020-04-02", "release_date: 2199-12-31")
    text += "rc_bugs:\n  nova:\n    1970-01-01: 1000000\n    2199-12-31: 0\n"
    series.write_text(text)
    assert main(["validate", str(site / "data")]) == 0
    assert capsys.readouterr().out.startswith(f"{site / 'data'}: OK: 1 series")
    output = build_site(tmp_path, site / "content", site / "data")
    series_page = soup(output / "series" / "alpha" / "index.html")
    assert series_page.h1.get_text(strip=True).startswith("Alpha $x^{$ \\$ costs $5")
    captions = [f.figcaption.get_text() for f in series_page.select("figure.chart")]
    assert "Alpha $x^{$ \\$ costs $5: completed blueprints, cumulative" in captions
