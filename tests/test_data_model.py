"""The release-data loader on valid input, the JSON Schemas, and arbitrary input."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from cadence.data import LoadError, load
from cadence.data.jsonschema import schema_texts
from cadence.data.options import Options
from cadence.data.yamlsource import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import FIXTURES, ROOT


@pytest.fixture
def minimal_data(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "minimal" / "data", tmp_path / "data")
    return tmp_path / "data"


def test_minimal_data_loads_into_the_model(minimal_data):
    data = load(minimal_data)
    (alpha,) = data.series
    assert (alpha.name, alpha.version, alpha.projects) == ("alpha", "2020.1", ("nova", "glance"))
    assert [m.name for m in alpha.milestones] == ["alpha-1", "alpha-2", "alpha-final"]
    alpha2 = data.milestones_by_name["alpha-2"]
    assert alpha2.date == datetime.date(2020, 2, 13)
    assert alpha2.actual_date == datetime.date(2020, 2, 14)
    assert alpha2.is_freeze and alpha2.projects == ("nova", "glance")
    live = data.blueprints_by_key["nova/live-migration"]
    assert (live.targeted, live.completed, live.completed_on) == (
        "alpha-1",
        "alpha-2",
        datetime.date(2020, 2, 10),
    )
    assert live.url == "https://blueprints.launchpad.net/nova/+spec/live-migration"
    assert live.source.file == "data/blueprints/alpha/nova.yaml"
    assert live.source.line == 9
    assert [b.key for b in data.completed_in("alpha-2")] == [
        "glance/shared-images",
        "nova/live-migration",
    ]


def test_blueprint_url_template_is_configurable(minimal_data):
    data = load(
        minimal_data, Options(blueprint_url="https://specs.example.org/{project}/{slug}.html")
    )
    assert data.blueprints_by_key["nova/cells"].url == "https://specs.example.org/nova/cells.html"


def test_windows_line_endings_and_bom_are_read(minimal_data):
    path = minimal_data / "blueprints" / "alpha" / "nova.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    data = load(minimal_data)
    assert data.blueprints_by_key["nova/boot-from-volume"].title == "Boot from volumes"


def test_slug_that_looks_like_a_boolean_stays_text(minimal_data):
    path = minimal_data / "blueprints" / "alpha" / "glance.yaml"
    path.write_text(path.read_text() + "  no:\n    title: 'No'\n    status: deferred\n")
    assert "glance/no" in load(minimal_data).blueprints_by_key


def test_unquoted_yes_no_gets_a_hint(minimal_data):
    path = minimal_data / "blueprints" / "alpha" / "glance.yaml"
    path.write_text(path.read_text() + "  no:\n    title: No\n    status: deferred\n")
    with pytest.raises(LoadError) as caught:
        load(minimal_data)
    assert caught.value.messages == [
        "data/blueprints/alpha/glance.yaml:8:12: blueprint 'no': title: expected text, "
        "got the boolean false: put it in quotes to keep it as text"
    ]


def test_large_file_is_refused_with_a_clear_limit(minimal_data):
    path = minimal_data / "blueprints" / "alpha" / "nova.yaml"
    size = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"#" * 5000 + b"\n")
    with pytest.raises(LoadError) as caught:
        load(minimal_data, Options(max_bytes=size + 10))
    assert caught.value.messages == [
        f"data/blueprints/alpha/nova.yaml:1:1: file too large: {size + 5001} bytes, "
        f"the limit is {size + 10} bytes per data file (split it, e.g. one file per project)"
    ]


def test_demo_data_round_trip():
    data = load(ROOT / "data")
    names = [s.name for s in data.series]
    assert names == ["cactus", "diablo", "grizzly", "havana", "epoxy"]
    assert len(data.blueprints) >= 60
    diablo = data.series_by_name["diablo"]
    assert diablo.version == "2011.3"
    for slug in [
        "boot-from-volume",
        "configuration-drive",
        "kvm-block-migration",
        "distributed-scheduler",
    ]:
        assert data.blueprints_by_key[f"nova/{slug}"].series in names
    assert "glance/shared-images" in data.blueprints_by_key
    assert any(b.status == "deferred" for b in data.blueprints_of("diablo"))
    for series in data.series:
        dates = [m.date for m in series.milestones]
        assert dates == sorted(dates)


@pytest.mark.parametrize(
    "kind,pattern",
    [
        ("projects", "projects.yaml"),
        ("series", "series/*.yaml"),
        ("blueprints", "blueprints/*/*.yaml"),
        ("releases", "releases/*/*.yaml"),
    ],
)
def test_exported_schemas_accept_the_demo_data(kind, pattern):
    """Editors validate with these schemas: they must agree with the loader."""
    schema = json.loads((ROOT / "schemas" / f"{kind}.json").read_text())
    files = sorted((ROOT / "data").glob(pattern))
    assert files
    for path in files:
        document = jsonable(yaml.safe_load(path.read_text()))
        jsonschema.validate(document, schema)
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(
            f"{kind}.json"
        )


def test_committed_schemas_are_up_to_date():
    for name, text in schema_texts().items():
        assert (ROOT / "schemas" / name).read_text() == text, f"run `invoke schema` ({name})"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text_gives_data_or_clean_problems(text):
    doc = parse(text.encode("utf-8", "surrogatepass"), "x.yaml")
    for problem in doc.problems:
        assert problem.file == "x.yaml" and problem.line >= 1 and problem.column >= 1


_yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates().map(str),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "status",
                    "priority",
                    "completed",
                    "targeted",
                    "url",
                    "x",
                    "cells",
                    "boot",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.dictionaries(st.sampled_from(["blueprints", "extra"]), _yaml_values, max_size=2)
    | _yaml_values
)
def test_arbitrary_yaml_gives_a_model_or_load_errors(minimal_data, value):
    """Any YAML in a blueprint file: a model or LoadError, never another exception."""
    path = minimal_data / "blueprints" / "alpha" / "nova.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True))
    try:
        load(minimal_data)
    except LoadError as error:
        assert error.messages
        assert all(m.startswith("data/blueprints/alpha/nova.yaml:") for m in error.messages)


def jsonable(value):
    """YAML values as an editor's JSON Schema validator sees them (dates as text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_cached_parses_give_the_same_model_and_are_reused(minimal_data, tmp_path, monkeypatch):
    from cadence.data import yamlsource

    cache = tmp_path / "cache"
    first = load(minimal_data, Options(cache=cache))
    assert len(list(cache.glob("*.pickle"))) == 4
    monkeypatch.setattr(yamlsource, "parse", lambda *a, **k: pytest.fail("parsed again"))
    assert load(minimal_data, Options(cache=cache)) == first
    monkeypatch.undo()
    nova = minimal_data / "blueprints" / "alpha" / "nova.yaml"
    nova.write_text(nova.read_text().replace("title: Cells", "title: Cells v2"))
    assert (
        load(minimal_data, Options(cache=cache)).blueprints_by_key["nova/cells"].title == "Cells v2"
    )
