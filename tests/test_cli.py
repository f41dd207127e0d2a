"""The `cadence` command as people expect it: --version, help everywhere, exit codes,
and `new-post` writing what the settings know."""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tomllib
from importlib.metadata import version

import pytest
from cadence.cli import _parser
from cadence.errors import UserError

from .conftest import ROOT, build_site, make_project, page

COMMANDS = [
    "build",
    "fix",
    "init",
    "serve",
    "validate",
    "schema",
    "notes",
    "import-schedule",
    "import-releases",
    "import-specs",
    "import-launchpad",
    "new-post",
]


def cadence(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_version_names_cadence_pelican_and_python():
    result = cadence("--version")
    assert result.returncode == 0
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert result.stdout == (
        f"cadence {ours} (Pelican {version('pelican')}, Python {platform.python_version()})\n"
    )


def test_help_ends_with_the_exit_codes():
    result = cadence("--help")
    assert result.returncode == 0
    epilog = result.stdout[result.stdout.index("exit status:") :].splitlines()
    codes = [line.split()[0] for line in epilog[1:] if line[:5].strip().isdigit()]
    assert codes == ["0", "1", "2", "130"]


def test_every_command_and_option_has_a_help_line():
    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(commands.choices) == sorted(COMMANDS)
    missing = [a.dest for a in commands._choices_actions if not a.help]
    for name, parser in commands.choices.items():
        missing += [
            f"{name} {'/'.join(a.option_strings) or a.dest}" for a in parser._actions if not a.help
        ]
    assert missing == []
    listing = cadence("--help").stdout
    assert all(f"    {name}" in listing for name in COMMANDS)


def test_wrong_usage_exits_2_with_the_usage_line():
    result = cadence("build", "--no-such-option")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("usage: cadence ")
    assert result.stderr.splitlines()[-1] == (
        "cadence: error: unrecognized arguments: --no-such-option"
    )


def test_a_bad_port_is_a_usage_error():
    result = cadence("serve", "--port", "80000")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "cadence serve: error: argument -p/--port: "
        "expected a port number from 1 to 65535, got '80000'"
    )


def test_new_post_takes_the_author_category_and_folder_from_the_settings(tmp_path):
    project = make_project(tmp_path)
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text() + "AUTHOR = 'Ana Ribeiro'\n")
    result = cadence("new-post", "Freeze is coming", "--date", "2020-03-01 09:30", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/2020/freeze-is-coming.md\n"
    assert (project / "content" / "2020" / "freeze-is-coming.md").read_text() == (
        "Title: Freeze is coming\n"
        "Date: 2020-03-01 09:30\n"
        "Category: Notes\n"
        "Tags: \n"
        "Slug: freeze-is-coming\n"
        "Authors: Ana Ribeiro\n"
        "Summary: TODO: one or two sentences for the front page and the feeds\n"
        "Status: published\n"
        "\n"
        "Write the post here.\n"
    )


def test_a_summary_left_as_the_placeholder_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    cadence("new-post", "Freeze is coming", "--date", "2020-03-01", cwd=project)
    cadence("new-post", "Unfinished", "--date", "2020-03-02", "--draft", cwd=project)
    content = project / "content"
    with pytest.raises(UserError) as caught:
        build_site(tmp_path, content, project / "data", CADENCE_SEARCH=False)
    assert caught.value.messages == [
        "content/2020/freeze-is-coming.md:7: Summary: still the placeholder of new-post: "
        "expected one or two sentences about the post (or no Summary line, to use the "
        "first paragraph)"
    ]
    post = content / "2020" / "freeze-is-coming.md"
    post.write_text(
        post.read_text().replace(
            "TODO: one or two sentences for the front page and the feeds", "Three weeks left."
        )
    )
    output = build_site(tmp_path, content, project / "data", CADENCE_SEARCH=False)
    assert page(output, "/2020/freeze-is-coming/").h1.get_text() == "Freeze is coming"


def test_build_extra_settings_override_the_settings_file(tmp_path):
    project = make_project(tmp_path)
    result = cadence("build", "-e", 'SITENAME="Release notes, staging"', "SITEURL=", cwd=project)
    assert result.returncode == 0, result.stderr
    title = page(project / "output", "/").title.get_text()
    assert title.strip().startswith("Release notes, staging")


def test_build_extra_settings_are_checked_and_named_as_given(tmp_path):
    project = make_project(tmp_path)
    result = cadence("build", "-e", "CADENCE_NOTES_URL=42", "CADENCE_SERACH=false", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "error: --extra-settings: CADENCE_NOTES_URL: expected a string such as "
        "'release-notes/{series}/{milestone}/', got the number 42",
        "error: --extra-settings: unknown setting CADENCE_SERACH (did you mean 'CADENCE_SEARCH'?)",
    ]
    assert not (project / "output").exists()


def test_build_extra_settings_must_be_name_equals_value(tmp_path):
    result = cadence("build", "-e", "siteurl", cwd=make_project(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "cadence build: error: argument -e/--extra-settings: expected NAME=VALUE with NAME a "
        "setting in capitals (SITEURL=https://example.org), got 'siteurl'"
    )
