"""What the key of `cadence build`'s stamp is made of (cadence.stamp): the folders
whose files it looks at, and settings values it can or cannot compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cadence.stamp import Unstampable, _folders, canonical

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_blog_with_its_own_theme_still_watches_cadences_templates(tmp_path):
    settings = {
        "PATH": str(tmp_path / "content"),
        "THEME": str(tmp_path / "their-theme"),
        "CADENCE_DATA_PATH": str(tmp_path / "data"),
        "PLUGIN_PATHS": [],
    }
    folders = _folders(settings)
    assert REPOSITORY / "theme" in folders  # Cadence's templates inside their theme
    assert tmp_path / "their-theme" in folders
    assert tmp_path / "content" in folders
    assert REPOSITORY / "plugins" / "cadence" in folders


def test_equal_settings_values_give_equal_texts_in_any_order():
    first = {"B": [1, 2], "A": {"x": re.compile("a+")}, "C": {3, 1}}
    second = {"C": {1, 3}, "A": {"x": re.compile("a+")}, "B": [1, 2]}
    assert canonical(first) == canonical(second)
    assert canonical({"B": [2, 1]}) != canonical({"B": [1, 2]})


def test_functions_are_compared_by_their_code_and_the_values_they_close_over():
    def made(upper: bool, suffix: str):
        if upper:

            def shown(text):
                return text.upper() + suffix

        else:

            def shown(text):
                return text.lower() + suffix

        return shown

    # one name (made.<locals>.shown), different code or different closed-over values
    assert canonical(made(True, "!")) == canonical(made(True, "!"))
    assert canonical(made(True, "!")) != canonical(made(False, "!"))
    assert canonical(made(True, "!")) != canonical(made(True, "?"))


def test_an_object_without_a_comparable_form_means_no_stamp():
    class Extension:
        pass

    with pytest.raises(Unstampable):
        canonical({"MARKDOWN": {"extensions": [Extension()]}})
