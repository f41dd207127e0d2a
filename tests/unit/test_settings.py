"""Settings are checked with their types when they are loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cadence import settings
from cadence.errors import UserError


def write_settings(tmp_path, text: str):
    path = tmp_path / "pelicanconf.py"
    path.write_text('PATH = "content"\n' + text)
    (tmp_path / "content").mkdir(exist_ok=True)
    return path


def test_wrong_type_names_file_line_setting_and_expectation(tmp_path):
    path = write_settings(tmp_path, 'SITENAME = "x"\nCADENCE_NOTES_URL = 42\n')
    with pytest.raises(UserError) as error:
        settings.load_settings(path)
    assert error.value.messages == [
        f"{path}:3: CADENCE_NOTES_URL: expected a string such as "
        "'release-notes/{series}/{milestone}/', got the number 42"
    ]


def test_every_mistake_of_a_settings_file_at_once(tmp_path):
    path = write_settings(
        tmp_path,
        "TIMEZONE = 'Mars/Olympus'\nDEFAULT_PAGINATION = '10'\nCADENCE_CHARTS = 'yes'\n"
        "CADENCE_NOTES_CATEGROY = 'x'\n",
    )
    with pytest.raises(UserError) as error:
        settings.load_settings(path)
    assert error.value.messages == [
        f"{path}:2: TIMEZONE: expected a time zone name such as 'UTC' or 'Europe/Paris', "
        "got 'Mars/Olympus'",
        f"{path}:3: DEFAULT_PAGINATION: expected a whole number above 0 such as 10, or False, "
        "got '10'",
        f"{path}:4: CADENCE_CHARTS: expected True or False, got 'yes'",
        f"{path}:5: unknown setting CADENCE_NOTES_CATEGROY "
        "(did you mean 'CADENCE_NOTES_CATEGORY'?)",
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        (
            "CADENCE_BLUEPRINT_URL",
            "https://x.example/{slug:>5000000}",
            "expected a string such as 'https://blueprints.launchpad.net/{project}/+spec/{slug}', "
            "with only {project}, {series} and {slug}",
        ),
        (
            "CADENCE_SERIES_URL",
            "series/{name}/",
            "expected a string such as 'series/{series}/', with only {series}",
        ),
        (
            "CADENCE_PROJECT_URL",
            "../projects/{project}/",
            "expected a string such as 'projects/{project}/' (inside the output folder: no '..')",
        ),
        (
            "CADENCE_JSON_FEED",
            "/etc/x.json",
            "expected a string such as 'feeds/all.json' (relative to the site, not absolute)",
        ),
        (
            "CADENCE_CALENDAR_PATHS",
            {"all": "../data/x.ics"},
            "expected a dict of paths such as {'all': 'schedule.ics', 'series': "
            "'series/{slug}/schedule.ics'}; 'all': a string such as 'schedule.ics' "
            "(inside the output folder: no '..')",
        ),
        ("CADENCE_FEED_MAX_ITEMS", 0, "expected a whole number above 0 such as 50"),
    ],
)
def test_patterns_and_paths_are_checked(name, value, expected):
    found = settings.problems({name: value})
    assert len(found) == 1
    assert found[0].startswith(f"settings: {name}: {expected}, got ")


def test_right_settings_and_defaults_pass():
    assert settings.problems({"CADENCE_NOTES_URL": "notes/{series}/{milestone}.html"}) == []
    assert settings.problems({}) == []
    assert settings.value({}, "CADENCE_NOTES_URL") == "release-notes/{series}/{milestone}/"
    assert settings.value({"CADENCE_CHARTS": False}, "CADENCE_CHARTS") is False


def test_the_command_reports_a_wrong_setting_without_traceback(tmp_path):
    path = write_settings(tmp_path, "CADENCE_NOTES_URL = 42\n")
    result = subprocess.run(
        [sys.executable, "-m", "cadence.cli", "build", "--settings", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"error: {path}:2: CADENCE_NOTES_URL: expected a string such as "
        "'release-notes/{series}/{milestone}/', got the number 42"
    ) in result.stderr.splitlines()
    assert not (tmp_path / "output").exists()


def test_every_setting_is_documented():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    text = (docs / "settings.md").read_text() + (docs / "feeds.md").read_text()
    missing = [
        name
        for name, setting in settings.SETTINGS.items()
        if not setting.internal and f"`{name}`" not in text
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        (set(), "the packages typogrify and smartypants installed"),
        ({"typogrify"}, "the package smartypants installed"),
    ],
)
def test_typogrify_without_its_packages_is_a_settings_error(
    tmp_path, monkeypatch, installed, expected
):
    # Pelican imports them only when it reads the first post, and stops there with
    # a traceback (seen on a public blog whose settings say TYPOGRIFY = True)
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: (
            (real("json") if name in installed else None)
            if name in ("typogrify", "smartypants")
            else real(name, *a)
        ),
    )
    path = write_settings(tmp_path, "TYPOGRIFY = True\n")
    with pytest.raises(UserError) as error:
        settings.load_settings(path)
    assert error.value.messages == [
        f"{path}:2: TYPOGRIFY: expected False, or True with {expected} (pip install typogrify), "
        "got the boolean True"
    ]
    assert settings.problems({"TYPOGRIFY": False}) == []
