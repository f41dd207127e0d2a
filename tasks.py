"""Developer and writer commands: `invoke --list` shows them all.

The build itself is `cadence build` (plugins/cadence): staged, strict, atomic.
These tasks wrap it for daily use.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CADENCE = (
    [str(BIN / "cadence")] if (BIN / "cadence").exists() else [sys.executable, "-m", "cadence.cli"]
)
OUTPUT = ROOT / "output"
PORT = 8000


def _cadence(c, *args: str, warn: bool = False):
    return c.run(shlex.join([*CADENCE, *args]), warn=warn, pty=False)


@task(
    help={
        "settings": "settings file (default pelicanconf.py)",
        "output": "default output/",
        "force": "build even when nothing changed since the last build",
    }
)
def build(c, settings="pelicanconf.py", output="output", force=False):
    """Build the site into output/ (replaced only if the whole build succeeds)."""
    _cadence(
        c, "build", "--settings", settings, "--output", output, *(["--force"] if force else [])
    )


@task
def preview(c):
    """Build with the production settings (publishconf.py)."""
    build(c, settings="publishconf.py")


@task
def clean(c):
    """Remove output/ and caches."""
    for path in [OUTPUT, ROOT / "cache", ROOT / ".pytest_cache"]:
        shutil.rmtree(path, ignore_errors=True)


@task(help={"data": "the data folder (default: CADENCE_DATA_PATH of pelicanconf.py)"})
def validate(c, data=None):
    """Check data/ (YAML release data) without building."""
    _cadence(c, "validate", *([data] if data else []))


@task(help={"milestone": "e.g. diablo-4", "scaffold": "write content/notes/<milestone>.md"})
def notes(c, milestone, scaffold=False):
    """Check one milestone's data, rebuild, and summarise its release notes."""
    _cadence(c, "notes", milestone, *(["--scaffold"] if scaffold else []))


@task(
    help={
        "file": "schedule.yaml in the openstack/releases format",
        "series": "series name",
        "write": "write the files (default: show the changes only)",
    }
)
def import_schedule(c, file, series, version=None, projects=None, write=False):
    """Import milestones from a release schedule; --write to write data/series/<series>.yaml."""
    args = ["import-schedule", file, "--series", series]
    args += ["--version", version] if version else []
    args += ["--projects", projects] if projects else []
    _cadence(c, *args, *(["--write"] if write else []))


@task(
    help={
        "checkout": "a checkout of openstack/releases",
        "series": "comma-separated series (default: every series with a schedule)",
        "projects": "comma-separated deliverables (default: all)",
        "write": "write the files (default: show the changes only)",
        "verbose": "list every file's changes",
    }
)
def import_releases(c, checkout, series="", projects=None, write=False, verbose=False):
    """Import series, milestones, releases and highlights from openstack/releases."""
    args = ["import-releases", checkout]
    names = [s.strip() for s in series.split(",") if s.strip()]
    args += ["--series", *names] if names else []
    args += ["--projects", projects] if projects else []
    args += ["--verbose"] if verbose else []
    _cadence(c, *args, *(["--write"] if write else []))


@task(
    help={
        "folder": "a checkout of an OpenStack specs repository (nova-specs, cinder-specs...)",
        "series": "series name",
        "projects": "comma-separated Launchpad projects whose blueprints to import",
        "write": "write the files (default: show the changes only)",
    }
)
def import_specs(c, folder, series, projects, write=False):
    """Import blueprints from a specs repository; --write to write data/blueprints/."""
    args = ["import-specs", folder, "--series", series]
    for name in filter(None, (p.strip() for p in projects.split(","))):
        args += ["--project", name]
    _cadence(c, *args, *(["--write"] if write else []))


@task(
    help={
        "series": "series name",
        "projects": "comma-separated Launchpad projects",
        "group": "a Launchpad project group: its projects that have the series",
        "version": "for a new series",
        "write": "write the files (default: show only)",
    }
)
def import_launchpad(c, series, projects="", group=None, version=None, write=False):
    """Import milestones and blueprints of a series from Launchpad (anonymous, read-only)."""
    args = ["import-launchpad", "--series", series]
    for name in filter(None, (p.strip() for p in projects.split(","))):
        args += ["--project", name]
    args += ["--group", group] if group else []
    args += ["--version", version] if version else []
    _cadence(c, *args, *(["--write"] if write else []))


@task(
    help={
        "title": "the post title",
        "category": "category name",
        "tags": "comma-separated",
        "draft": "create it as a draft",
        "author": "author name",
    }
)
def new_post(c, title, category=None, tags="", draft=False, author=None):
    """Create content/<year>/<slug>.md with complete metadata; never overwrites."""
    args = ["new-post", title, "--tags", tags]
    if category:
        args += ["--category", category]
    if author:
        args += ["--author", author]
    if draft:
        args.append("--draft")
    _cadence(c, *args)


@task(
    help={
        "port": "port on 127.0.0.1 (default 8000)",
        "next_free_port": "when the port is taken, use the next free one",
    }
)
def serve(c, port=PORT, next_free_port=False):
    """Preview at http://127.0.0.1:8000, rebuilding and reloading the browser on changes.

    `cadence serve`: watches content/, data/, theme/, plugins/ and the settings. A
    failed build lists its problems over the open page and keeps the last good site.
    """
    from cadence.cli import main

    # In this process, so that stopping the task (Ctrl-C, SIGTERM) stops the preview.
    args = ["serve", "--settings", str(ROOT / "pelicanconf.py"), "--port", str(port)]
    code = main([*args, *(["--next-free-port"] if next_free_port else [])])
    if code:
        raise Exit(code=code)


@task(
    help={
        "k": "only the tests matching this pytest -k expression",
        "x": "stop at the first failure",
    }
)
def test(c, k=None, x=False):
    """Run the whole test suite (pytest)."""
    args = [sys.executable, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    c.run(shlex.join(args), pty=False)


@task(help={"fix": "fix what ruff can fix"})
def lint(c, fix=False):
    """Lint and check formatting with ruff."""
    ruff = str(BIN / "ruff")
    c.run(f"{ruff} check {'--fix ' if fix else ''}.", pty=False)


@task
def schema(c):
    """Regenerate the JSON Schemas of the data files in schemas/."""
    _cadence(c, "schema", "schemas")


@task(
    help={
        "size": "tiny, demo, medium or large (repeatable)",
        "runs": "runs per scenario",
        "write": "also write docs/performance.md",
    },
    iterable=["size"],
)
def bench(c, size=None, runs=3, write=False):
    """Benchmark builds against plain Pelican, and Hugo for `--size blog` (bench/run.py)."""
    if "blog" in (size or []):  # Hugo is a benchmark baseline only, never needed to build
        c.run(f"{sys.executable} -m pip install -q -r {ROOT / 'bench' / 'requirements.txt'}")
    args = [sys.executable, str(ROOT / "bench" / "run.py"), "--runs", str(runs)]
    for name in size or ["medium"]:
        args += ["--size", name]
    if write:
        args += ["--out", str(ROOT / "docs" / "performance.md")]
    c.run(shlex.join(args), pty=False)


#: Pages with charts, and how a reader sees them: (width, height, colour scheme).
SCREENSHOT_PAGES = {
    "milestone": "/release-notes/diablo/diablo-4/",
    "final-release": "/release-notes/havana/havana-final/",
    "series": "/series/diablo/",
}
SCREENSHOT_VIEWS = {
    "light": (1280, 900, "light"),
    "dark": (1280, 900, "dark"),
    "phone": (390, 844, "light"),
    "phone-dark": (390, 844, "dark"),
}
#: Reader pages, each in the view a reader meets it in: name -> (path, view, whole page).
SCREENSHOT_READER_PAGES = {
    "search-dark": ("/search/?q=nova", "dark", False),
    "feed-page": ("/subscribe/series/diablo/", "light", True),
    "subscribe": ("/subscribe/", "light", True),
    "schedule-phone-dark": ("/schedule/", "phone-dark", False),
    "freeze-report-phone": ("/release-notes/diablo/diablo-4/freeze-report/", "phone", True),
}


@task(
    help={
        "site": "a built site to shoot (default: build output/ first)",
        "output": "folder for the PNG files (default: screenshots/)",
    }
)
def screenshots(c, site=None, output=None):
    """Screenshots to review into screenshots/: pages with charts (light, dark, 390 px
    phone); search (dark), a feed page, the Subscribe page, data pages on a phone."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve

    if site is None:
        build(c)
    folder = Path(output).resolve() if output else ROOT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    shots = [
        (f"{name}-{view}", path, view, True)
        for view in SCREENSHOT_VIEWS
        for name, path in SCREENSHOT_PAGES.items()
    ]
    shots += [(name, *shot) for name, shot in SCREENSHOT_READER_PAGES.items()]
    with serve(Path(site or OUTPUT)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for view, (width, height, scheme) in SCREENSHOT_VIEWS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=scheme,
                is_mobile=width < 600,
                has_touch=width < 600,
                device_scale_factor=2 if width < 600 else 1,
            )
            tab = context.new_page()
            for name, path, _, whole in [shot for shot in shots if shot[2] == view]:
                tab.goto(url + path, wait_until="networkidle")
                if "?q=" in path:  # the search runs in the page
                    tab.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
                target = folder / f"{name}.png"
                tab.screenshot(path=str(target), full_page=whole)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            context.close()
        browser.close()


@task
def lock(c):
    """Re-pin requirements.txt from requirements.in in a throwaway environment."""
    tmp = ROOT / ".lock-venv"
    shutil.rmtree(tmp, ignore_errors=True)
    c.run(f"{sys.executable} -m venv {tmp}")
    c.run(f"{tmp}/bin/pip install -q -r requirements.in")
    frozen = c.run(f"{tmp}/bin/pip freeze --all", hide=True).stdout
    lines = [line for line in frozen.splitlines() if not line.startswith("pip==")]
    (ROOT / "requirements.txt").write_text(
        "# Pinned by `invoke lock` from requirements.in. Do not edit by hand.\n"
        + "\n".join(lines)
        + "\n"
    )
    shutil.rmtree(tmp, ignore_errors=True)


def _publish_settings() -> dict:
    from cadence.errors import UserError
    from cadence.settings import load_settings

    try:
        return load_settings(ROOT / "publishconf.py")
    except UserError as error:
        raise Exit("\n".join(f"error: {m}" for m in error.messages)) from None


@task(help={"dry_run": "show what would be run, run nothing"})
def publish(c, dry_run=False):
    """Build with publishconf.py and push output/ (ghp-import or rsync, set in publishconf.py)."""
    settings = _publish_settings()
    method = settings.get("PUBLISH_METHOD", "ghp-import")
    if method == "ghp-import":
        push = [
            str(BIN / "ghp-import"),
            "--no-jekyll",
            "--push",
            "--branch",
            settings.get("PUBLISH_GIT_BRANCH", "gh-pages"),
            "--remote",
            settings.get("PUBLISH_GIT_REMOTE", "origin"),
            "output",
        ]
    elif method == "rsync":
        push = [
            "rsync",
            "--archive",
            "--checksum",
            "--delete",
            "--verbose",
            "output/",
            settings["PUBLISH_RSYNC_TARGET"],
        ]
    else:
        raise Exit(
            f"publishconf.py: PUBLISH_METHOD: expected 'ghp-import' or 'rsync', got {method!r}"
        )
    steps = [[*CADENCE, "build", "--settings", "publishconf.py"], push]
    for step in steps:
        print(("would run: " if dry_run else "running: ") + shlex.join(step))
        if not dry_run:
            c.run(shlex.join(step), pty=False)
    if dry_run and method == "rsync":
        print("rsync would send:")
        c.run(shlex.join([*push[:-2], "--dry-run", *push[-2:]]), warn=True, pty=False)
