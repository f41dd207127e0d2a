"""Save-to-reload time of `cadence serve` on the demo site, in Chromium.

    python bench/reload.py --edits 10
    python bench/reload.py --size blog    (1,000 posts beside the demo data)

Copies the demo (content/, data/, theme/, settings) into a temporary folder,
starts `cadence serve` there on a free port of 127.0.0.1 and opens a post in
Debian's Chromium (Playwright). Each edit appends a sentence to the post's file;
the time counted runs from the write to the `load` event of the reloaded page,
which must show the new sentence (and, separately, to the moment the page learns
of the new build). Edits are a few seconds apart, like a writer's saves. Prints
the median, the fastest and the slowest.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
#: The post each save edits, and its address.
DEMO = (Path("content/2011/diablo-summit.md"), "/2011/diablo-summit/")
BLOG = (Path("content/2010/notes-1.md"), "/2010/notes-1/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_demo(target: Path) -> None:
    for name in ["content", "data", "theme"]:
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "pelicanconf.py", target / "pelicanconf.py")
    # the plugins are the installed cadence package; the copy uses it too
    (target / "plugins").mkdir()


def generate_blog(target: Path) -> Path:
    """bench/generate.py's `blog` size: 1,000 posts of ~400 words and the demo data."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import SIZES, generate

    generate(target, SIZES["blog"])
    return target / "cadence"


def wait_until_served(port: int, process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("cadence serve stopped; see its messages above")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("cadence serve did not answer within 300 s")


def measure(
    port: int, post: Path, url: str, edits: int, pause: float
) -> tuple[list[float], list[float]]:
    """(save to reload signal, save to reloaded page) of each edit, in seconds."""
    from playwright.sync_api import sync_playwright

    signals, reloads = [], []
    signalled: list[float] = []
    original = post.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        # the answer to the page's long poll (since=N): a new build; since=-1 is
        # the question a freshly loaded page asks first
        page.on(
            "response",
            lambda r: (
                "/__cadence__/changes?since=" in r.url
                and "since=-1" not in r.url
                and signalled.append(time.perf_counter())
            ),
        )
        page.goto(f"http://127.0.0.1:{port}{url}", wait_until="load")
        for number in range(1, edits + 1):
            time.sleep(pause)
            sentence = f"Edit number {number} of the reload benchmark."
            signalled.clear()
            with page.expect_event("load", timeout=30_000):
                started = time.perf_counter()
                post.write_text(original + f"\n{sentence}\n", encoding="utf-8")
            reloads.append(time.perf_counter() - started)
            signals.append(min(t for t in signalled if t > started) - started)
            if sentence not in page.locator(".post-body").inner_text():
                raise SystemExit(f"edit {number}: the reloaded page does not show the edit")
        browser.close()
    return signals, reloads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10, help="saves to time (default: 10)")
    parser.add_argument("--verbose", action="store_true", help="show the server's messages")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between saves")
    parser.add_argument(
        "--size", choices=("demo", "blog"), default="demo", help="the demo site or 1,000 posts"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cadence-reload-") as folder:
        if args.size == "blog":
            project, settings, (post, url) = generate_blog(Path(folder)), "benchconf.py", BLOG
        else:
            project, settings, (post, url) = Path(folder), "pelicanconf.py", DEMO
            copy_demo(project)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "cadence.cli", "serve", "-s", settings, "--port", str(port)],
            cwd=project,
            stdout=None if args.verbose else subprocess.DEVNULL,
        )
        try:
            wait_until_served(port, server, url)
            signals, reloads = measure(port, project / post, url, args.edits, args.pause)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for name, times in [("save to reload signal", signals), ("save to reloaded page", reloads)]:
        print(
            f"{name}, {len(times)} saves: median {statistics.median(times):.2f} s, "
            f"fastest {min(times):.2f} s, slowest {max(times):.2f} s"
        )


if __name__ == "__main__":
    main()
