"""`cadence serve` (and `invoke serve`): rebuild on every change, reload the page,
or show what is wrong until the next good build."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .browser import CHROMIUM, CHROMIUM_ARGS
from .conftest import FIXTURES, ROOT, make_project

BROKEN_LINK = "[cells]({blueprint}nova/cels)"
BROKEN_MESSAGE = (
    "unknown blueprint 'nova/cels' in a {blueprint} link (did you mean 'nova/cells'?): "
    "expected project/slug (or series/project/slug) of a blueprint in data/"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 5) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
        return response.read()


def fetch(port: int, path: str) -> BeautifulSoup:
    return BeautifulSoup(get(port, path), "html.parser")


def fetch_title(port: int, path: str) -> str:
    return fetch(port, path).h1.get_text()


def changes(port: int, since: int) -> dict:
    """What the page script asks: the build state, once its version differs from `since`."""
    return json.loads(get(port, f"/__cadence__/changes?since={since}", timeout=40))


class Preview:
    """A preview server started as a person would, in a project folder."""

    def __init__(self, project: Path, command: list[str], port: int) -> None:
        self.project = project
        self.port = port
        self.log = project.parent / "serve.log"
        self.process = subprocess.Popen(
            command, cwd=project, stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )

    def wait_until_served(self) -> Preview:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(self.port, "/__cadence__/reload.js")
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    pytest.fail(f"the preview server did not start:\n{self.output()}")
                time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        return self.process.wait(timeout=30)

    def change_and_wait(self, change, done=lambda state: True) -> dict:
        """Make the change and wait, as an open page does, for the build it causes."""
        version = changes(self.port, -1)["version"]
        change()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = changes(self.port, version)
            version = state["version"]
            if done(state):
                return state
        pytest.fail(f"no build after the change:\n{self.output()}")


def cadence_serve(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "cadence.cli", "serve", *args]


@pytest.fixture
def served(tmp_path):
    """`invoke serve` in a copy of the project with the minimal fixture's content."""
    project = tmp_path / "blog"
    project.mkdir()
    for name in ["tasks.py", "pelicanconf.py"]:
        shutil.copy(ROOT / name, project / name)
    for name in ["theme", "plugins"]:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["content", "data"]:
        shutil.copytree(FIXTURES / "minimal" / name, project / name)
    port = free_port()
    command = [sys.executable, "-m", "invoke", "serve", "--port", str(port)]
    preview = Preview(project, command, port).wait_until_served()
    yield preview
    preview.stop()


@pytest.fixture
def preview(tmp_path):
    """`cadence serve` in a project using the repository's theme and plugins."""
    project = make_project(tmp_path)
    port = free_port()
    running = Preview(project, cadence_serve(project, "--port", str(port)), port)
    yield running.wait_until_served()
    running.stop()


def post_body(port: int) -> str:
    return fetch(port, "/2020/hello-alpha/").select_one(".post-body").get_text().strip()


def test_serve_reloads_after_a_post_and_a_data_change(served):
    port, project = served.port, served.project
    post = project / "content" / "2020" / "hello.md"
    assert post_body(port).startswith("We booted")

    served.change_and_wait(
        lambda: post.write_text(post.read_text().replace("We booted", "Today we booted")),
        lambda state: post_body(port).startswith("Today we booted"),
    )

    series = project / "data" / "series" / "alpha.yaml"
    served.change_and_wait(
        lambda: series.write_text(series.read_text().replace("title: Alpha\n", "title: Alpha C\n")),
        lambda state: fetch_title(port, "/series/alpha/") == "Alpha C (2020.1)",
    )


def test_served_page_carries_the_reload_script_with_its_build(preview):
    scripts = fetch(preview.port, "/").find_all("script")
    assert [(s.get("src"), s.get("data-version")) for s in scripts] == [
        ("/__cadence__/reload.js", "1")
    ]
    assert b"location.reload()" in get(preview.port, "/__cadence__/reload.js")


def test_a_failed_build_is_reported_to_pages_until_the_next_good_build(preview):
    post = preview.project / "content" / "2020" / "hello.md"
    good = post.read_text()
    failed = preview.change_and_wait(lambda: post.write_text(good + f"\nSee {BROKEN_LINK}.\n"))
    assert failed["ok"] is False
    assert failed["problems"] == [{"where": "content/2020/hello.md:9", "what": BROKEN_MESSAGE}]
    # the last good site is still served, and a page opened now learns of the failure
    assert post_body(preview.port).startswith("We booted")
    assert changes(preview.port, -1) == failed

    fixed = preview.change_and_wait(lambda: post.write_text(good + "\nSee the cells.\n"))
    assert fixed == {"version": failed["version"] + 1, "ok": True, "problems": []}
    assert post_body(preview.port).endswith("See the cells.")
    assert "error: content/2020/hello.md:9: " + BROKEN_MESSAGE in preview.output()
    assert "Traceback" not in preview.output()


def test_a_closed_browser_connection_is_not_an_error(preview):
    post = preview.project / "content" / "2020" / "hello.md"
    version = changes(preview.port, -1)["version"]
    # pages that were closed while they waited for the next build
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", preview.port))
        sock.sendall(f"GET /__cadence__/changes?since={version} HTTP/1.1\r\n\r\n".encode())
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # with SO_LINGER 0: a reset, as when a tab is closed
    preview.change_and_wait(lambda: post.write_text(post.read_text() + "\nMore.\n"))
    time.sleep(0.5)
    assert preview.stop() == 0
    lines = preview.output().splitlines()
    assert "Traceback" not in preview.output()
    assert not [line for line in lines if "Error" in line], lines
    assert lines[-1] == "preview stopped"
    # the replaced outputs, removed in the background, are gone too
    assert sorted(p.name for p in preview.project.iterdir() if p.name.startswith(".")) == []


def test_a_busy_port_is_reported_before_building(tmp_path):
    project = make_project(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            cadence_serve(project, "--port", str(port)),
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: serve: port {port} on 127.0.0.1 is already in use (another preview?): "
        "stop the program using it, choose another port with --port, "
        "or add --next-free-port to take the next free one",
        "1 problem found; nothing was written",
    ]
    assert not (project / "output").exists()


def test_next_free_port_takes_the_next_one(tmp_path):
    project = make_project(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        running = Preview(
            project, cadence_serve(project, "--port", str(port), "--next-free-port"), port + 1
        )
        try:
            running.wait_until_served()
            assert fetch_title(port + 1, "/series/alpha/") == "Alpha (2020.1)"
            lines = running.output().splitlines()
            assert f"port {port} is taken: using {port + 1}" in lines
            assert f"serving http://127.0.0.1:{port + 1}/ (Ctrl-C to stop)" in lines
        finally:
            running.stop()


def test_an_edited_plugin_runs_at_the_next_build(tmp_path):
    project = make_project(tmp_path)
    plugins = project / "plugins"
    plugins.mkdir()
    plugin = plugins / "stamp.py"
    plugin.write_text(
        "from pelican import signals\n\n"
        "def stamp(generator):\n"
        "    for article in generator.articles:\n"
        "        article._content += '<p>stamp one</p>'\n\n"
        "def register():\n"
        "    signals.article_generator_finalized.connect(stamp)\n"
    )
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + f"PLUGIN_PATHS += [{str(plugins)!r}]\nPLUGINS += ['stamp']\n"
    )
    port = free_port()
    running = Preview(project, cadence_serve(project, "--port", str(port)), port)
    try:
        running.wait_until_served()
        assert post_body(port).endswith("stamp one")
        running.change_and_wait(
            lambda: plugin.write_text(plugin.read_text().replace("stamp one", "stamp two")),
            lambda state: post_body(port).endswith("stamp two"),
        )
    finally:
        running.stop()


def test_the_search_index_follows_the_edits(tmp_path):
    project = make_project(tmp_path)
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text().replace("CADENCE_SEARCH = False", ""))
    port = free_port()
    running = Preview(project, cadence_serve(project, "--port", str(port)), port)

    def pages_indexed() -> int:
        entry = json.loads(get(port, "/pagefind/pagefind-entry.json"))
        return sum(language["page_count"] for language in entry["languages"].values())

    try:
        running.wait_until_served()
        deadline = time.monotonic() + 30
        while (before := _or_zero(pages_indexed)) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        post = project / "content" / "2020" / "later.md"
        running.change_and_wait(
            lambda: post.write_text("Title: Later\nDate: 2020-03-01\n\nA later post.\n")
        )
        while _or_zero(pages_indexed) != before + 1 and time.monotonic() < deadline + 30:
            time.sleep(0.2)
        assert pages_indexed() == before + 1
    finally:
        running.stop()


def _or_zero(count) -> int:
    try:
        return count()
    except OSError:
        return 0


# -- in the browser ----------------------------------------------------------------


@pytest.mark.browser
def test_overlay_lists_the_problems_and_goes_away_after_the_fix(preview):
    from playwright.sync_api import expect, sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    post = preview.project / "content" / "2020" / "hello.md"
    good = post.read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{preview.port}/2020/hello-alpha/", wait_until="load")
        overlay = page.locator("cadence-build-errors section[role=alert]")
        expect(overlay).to_have_count(0)

        post.write_text(good + f"\nSee {BROKEN_LINK}.\n")
        expect(overlay).to_be_visible(timeout=30_000)
        expect(overlay.locator("h2")).to_have_text("The site did not build: 1 problem")
        items = overlay.locator("li")
        expect(items).to_have_count(1)
        expect(items.locator(".where")).to_have_text("content/2020/hello.md:9")
        expect(items.locator(".what")).to_have_text(BROKEN_MESSAGE)
        # another page of the site, opened now, shows the problem too
        other = browser.new_page()
        other.goto(f"http://127.0.0.1:{preview.port}/", wait_until="load")
        expect(other.locator("cadence-build-errors li .where")).to_have_text(
            "content/2020/hello.md:9", timeout=10_000
        )

        with page.expect_event("load", timeout=30_000):
            post.write_text(good + "\nSee the cells.\n")
        expect(overlay).to_have_count(0)
        expect(page.locator(".post-body")).to_contain_text("See the cells.")
        browser.close()
