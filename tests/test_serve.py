"""`invoke serve`: the preview rebuilds and tells the browser to reload."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from bs4 import BeautifulSoup

from .conftest import FIXTURES, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> BeautifulSoup:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return BeautifulSoup(response.read(), "html.parser")


def fetch_title(port: int, path: str) -> str:
    return fetch(port, path).h1.get_text()


@pytest.fixture
def served(tmp_path):
    project = tmp_path / "blog"
    project.mkdir()
    for name in ["tasks.py", "pelicanconf.py"]:
        shutil.copy(ROOT / name, project / name)
    for name in ["theme", "plugins"]:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["content", "data"]:
        shutil.copytree(FIXTURES / "minimal" / name, project / name)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=project,
        stdout=open(tmp_path / "serve.log", "w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch_title(port, "/")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the preview server did not start")
            time.sleep(0.2)
    yield project, port
    process.terminate()
    process.wait(timeout=10)


def changes(port: int, since: int) -> int:
    """What the page script asks: the build version, once it differs from `since`."""
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/__cadence__/changes?since={since}", timeout=40
    ) as response:
        return json.loads(response.read())["version"]


def reload_until(port: int, change, done) -> None:
    """Make the change and wait, as an open page does, for the build that reloads it."""
    version = changes(port, -1)
    change()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        version = changes(port, version)
        if done():
            return
    pytest.fail("no reload after the change")


def test_serve_reloads_after_a_post_and_a_data_change(served):
    project, port = served
    post = project / "content" / "2020" / "hello.md"
    assert (
        fetch(port, "/2020/hello-alpha/")
        .select_one(".post-body")
        .get_text()
        .strip()
        .startswith("We booted")
    )

    reload_until(
        port,
        lambda: post.write_text(post.read_text().replace("We booted", "Today we booted")),
        lambda: (
            fetch(port, "/2020/hello-alpha/")
            .select_one(".post-body")
            .get_text()
            .strip()
            .startswith("Today we booted")
        ),
    )

    series = project / "data" / "series" / "alpha.yaml"
    reload_until(
        port,
        lambda: series.write_text(series.read_text().replace("title: Alpha\n", "title: Alpha C\n")),
        lambda: fetch_title(port, "/series/alpha/") == "Alpha C (2020.1)",
    )


def test_served_page_carries_the_reload_script(served):
    _, port = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
        html = response.read().decode()
    scripts = [s.get("src", "") for s in BeautifulSoup(html, "html.parser").find_all("script")]
    assert scripts == ["/__cadence__/reload.js"]
    assert (
        b"location.reload()"
        in urllib.request.urlopen(
            f"http://127.0.0.1:{port}/__cadence__/reload.js", timeout=5
        ).read()
    )
