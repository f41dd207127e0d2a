"""Live preview: serve output/, rebuild on changes, tell open pages to reload.

watchfiles notices changes under content/, data/, theme/, plugins/ and the
settings; each change runs a fresh `cadence build` (a new process, so edited
plugins are reloaded too). Pages get a small script that long-polls
/__cadence__/changes and reloads when a build succeeded. A failed build prints its
errors and the preview keeps serving the last good site.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RELOAD_JS = b"""(function () {
  var version = null;
  function poll() {
    fetch('/__cadence__/changes?since=' + (version === null ? -1 : version), {cache: 'no-store'})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (version !== null && data.version !== version) { location.reload(); return; }
        version = data.version; poll();
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
"""
SCRIPT_TAG = b'<script src="/__cadence__/reload.js"></script>'
IGNORED_PARTS = {"__pycache__", ".git", ".pytest_cache", ".hypothesis", ".ruff_cache"}


class Builds:
    """The number of successful builds, and a way to wait for the next one."""

    def __init__(self) -> None:
        self.version = 0
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait_beyond(self, since: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version != since, timeout=timeout)
            return self.version


class _Handler(SimpleHTTPRequestHandler):
    builds: Builds

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/__cadence__/reload.js":
            return self._send(RELOAD_JS, "application/javascript")
        if parts.path == "/__cadence__/changes":
            since = int(parse_qs(parts.query).get("since", ["-1"])[0])
            version = self.builds.wait_beyond(since, timeout=25)
            return self._send(json.dumps({"version": version}).encode(), "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", SCRIPT_TAG + b"</body>", 1)
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _watch_filter(change: object, path: str) -> bool:
    return not (IGNORED_PARTS & set(Path(path).parts)) and not path.endswith((".pyc", "~", ".swp"))


def serve(
    root: Path,
    output: Path,
    watched: Sequence[str],
    build: Sequence[str],
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    import watchfiles

    builds = Builds()

    def rebuild() -> bool:
        result = subprocess.run(list(build), cwd=root, check=False)
        if result.returncode:
            print("build failed: the preview keeps the last good site", file=sys.stderr)
            return False
        builds.bump()
        return True

    rebuild()
    paths = [str(root / name) for name in watched if (root / name).exists()]

    def watch() -> None:
        for _ in watchfiles.watch(*paths, watch_filter=_watch_filter, debounce=200, step=50):
            rebuild()

    threading.Thread(target=watch, daemon=True).start()
    handler = functools.partial(
        type("Handler", (_Handler,), {"builds": builds}), directory=str(output)
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    print(f"serving {output} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
