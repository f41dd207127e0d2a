"""`cadence serve`: serve the site, rebuild it on every change, reload open pages.

- The port is taken before anything is built, so a busy port is reported at once.
- Builds run in a worker process that stays up between builds (imports and caches
  stay warm) and is replaced when Python code changes (plugins, settings), so the
  plugins that run are always the ones on disk.
- While previewing, the search index of the last build is carried over and
  refreshed in the background once the pages reloaded: indexing takes about as
  long as the rest of a rebuild.
- Pages get a small script that long-polls /__cadence__/changes: a good build
  reloads them; a failed one shows every problem over the page (file:line, what)
  until the next good build. The last good site is served meanwhile.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cadence.errors import UserError

#: Pelican's own defaults for `pelican --listen` (the BIND and PORT settings).
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
#: How many ports --next-free-port tries after the one asked for.
PORT_TRIES = 100
#: A browser waiting for the next build asks again after this many seconds.
LONG_POLL_SECONDS = 25
#: The search index is refreshed this long after a good build, once pages reloaded.
SEARCH_REFRESH_DELAY = 1.0

SCRIPT_PATH = "/__cadence__/reload.js"
CHANGES_PATH = "/__cadence__/changes"
# The page script: reload after a good build; after a failed one, list its problems
# over the page (in a shadow root, so neither the site's styles nor its scripts get
# in the way) until the next good build. Text is only ever set as text.
RELOAD_JS = b"""(function () {
  "use strict";
  var shown = Number(document.currentScript.dataset.version);
  var seen = null;
  var host = null;
  var CSS = [
    ":host { all: initial; }",
    ".backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;",
    "  background: rgba(0, 0, 0, 0.6); font: 16px/1.5 system-ui, sans-serif; }",
    "section { box-sizing: border-box; width: min(60rem, calc(100% - 1rem));",
    "  margin: 2rem auto; padding: 1rem 1.5rem 1.25rem;",
    "  background: #1c1e24; color: #f1f1f1; border-top: 6px solid #e5484d;",
    "  border-radius: 6px; box-shadow: 0 8px 30px rgba(0, 0, 0, 0.5); }",
    "h2 { margin: 0 0 0.25rem; font-size: 1.25rem; color: #ff9592; }",
    "p { margin: 0 0 0.75rem; color: #c9cbd1; }",
    "ol { margin: 0; padding-left: 1.5rem; }",
    "li { margin: 0.6rem 0; overflow-wrap: anywhere; }",
    ".where { display: block; font: 0.9rem/1.4 ui-monospace, monospace; color: #9ecbff; }",
    "button { float: right; font: inherit; color: #f1f1f1; background: #33363f;",
    "  border: 1px solid #6b6f7a; border-radius: 4px; padding: 0.2rem 0.8rem; cursor: pointer; }",
    "button:focus-visible { outline: 3px solid #9ecbff; outline-offset: 2px; }"
  ].join("\\n");

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function hide() {
    if (host) { host.remove(); host = null; }
  }

  function show(problems) {
    hide();
    host = document.createElement("cadence-build-errors");
    var root = host.attachShadow({mode: "open"});
    var backdrop = element("div", null, "backdrop");
    var panel = element("section");
    panel.setAttribute("role", "alert");
    var close = element("button", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    var count = problems.length + " problem" + (problems.length === 1 ? "" : "s");
    panel.append(
      close,
      element("h2", "The site did not build: " + count),
      element("p", "This page is the last good build. Fix the problems and save: " +
        "the page reloads once the site builds.")
    );
    var list = element("ol");
    problems.forEach(function (problem) {
      var item = element("li");
      if (problem.where) { item.append(element("code", problem.where, "where")); }
      item.append(element("span", problem.what, "what"));
      list.append(item);
    });
    panel.append(list);
    backdrop.append(panel);
    var style = element("style", CSS);
    root.append(style, backdrop);
    document.documentElement.append(host);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });

  function poll(since) {
    fetch("/__cadence__/changes?since=" + since, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.ok && state.version !== shown) { location.reload(); return; }
        if (state.version !== seen) {  // not again when a long poll only timed out
          seen = state.version;
          if (state.ok) { hide(); } else { show(state.problems); }
        }
        poll(state.version);
      })
      .catch(function () { setTimeout(function () { poll(since); }, 1000); });
  }
  poll(-1);
})();
"""
_WHERE = re.compile(r"^(?P<where>\S+?:\d+(?::\d+)?): (?P<what>.*)$", re.DOTALL)


# -- build state, shared by the watcher and the request handlers --------------


@dataclass(frozen=True)
class BuildState:
    """What the last build gave: pages compare `version` with the one they show."""

    version: int = 0
    ok: bool = True
    problems: tuple[str, ...] = ()

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "version": self.version,
                "ok": self.ok,
                "problems": [_split_problem(p) for p in self.problems],
            }
        ).encode()


def _split_problem(message: str) -> dict[str, str]:
    """'content/x.md:4: what' -> {'where': 'content/x.md:4', 'what': 'what'}."""
    match = _WHERE.match(message)
    if match is None:
        return {"where": "", "what": message}
    return {"where": match["where"], "what": match["what"]}


class Builds:
    """The latest build state, and a way to wait for the next one."""

    def __init__(self) -> None:
        self.state = BuildState()
        self._changed = threading.Condition()

    def finished(self, ok: bool, problems: list[str]) -> None:
        with self._changed:
            self.state = BuildState(self.state.version + 1, ok, tuple(problems))
            self._changed.notify_all()

    def wait_beyond(self, since: int, timeout: float) -> BuildState:
        with self._changed:
            self._changed.wait_for(lambda: self.state.version != since, timeout=timeout)
            return self.state


# -- the HTTP side ---------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    builds: Builds

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == SCRIPT_PATH:
            return self._send(RELOAD_JS, "text/javascript")
        if parts.path == CHANGES_PATH:
            since = parse_qs(parts.query).get("since", ["-1"])[0]
            state = self.builds.wait_beyond(
                int(since) if since.lstrip("-").isdigit() else -1, timeout=LONG_POLL_SECONDS
            )
            return self._send(state.as_json(), "application/json")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send(self._with_script(path.read_bytes()), "text/html; charset=utf-8")
        if not path.exists() and not self.builds.state.ok and path.suffix in {"", ".html"}:
            # No page yet (the first build failed): a blank page that shows why.
            page = b"<!doctype html><title>Build failed</title><body></body>"
            return self._send(self._with_script(page), "text/html; charset=utf-8", status=503)
        return super().do_GET()

    def _with_script(self, html: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" data-version="{self.builds.state.version}"></script>'
        at = html.rfind(b"</body>")
        at = len(html) if at < 0 else at
        return html[:at] + tag.encode() + html[at:]

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        # The browser asks again for every file on reload, so an edited
        # stylesheet or image is never taken from its cache.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return  # the browser closed the page or moved on: nothing went wrong
        print(f"preview: request failed: {type(error).__name__}: {error}", file=sys.stderr)


def bind(host: str, port: int, builds: Builds, output: Path, next_free: bool) -> _Server:
    """Take the port (or, with next_free, the first free one from it) before building."""
    handler = functools.partial(
        type("Handler", (_Handler,), {"builds": builds}), directory=str(output)
    )
    last = min(port + PORT_TRIES, 65535) if next_free else port
    for candidate in range(port, last + 1):
        try:
            return _Server((host, candidate), handler)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise UserError(
                    f"serve: cannot listen on {host}:{candidate}: {error.strerror}"
                ) from None
    if next_free:
        raise UserError(f"serve: ports {port} to {last} on {host} are all in use")
    raise UserError(
        f"serve: port {port} on {host} is already in use (another preview?): "
        "stop the program using it, choose another port with --port, "
        "or add --next-free-port to take the next free one"
    )


# -- the build worker ------------------------------------------------------------


class Worker:
    """A build process that stays up between builds; replaced when code changes."""

    def __init__(self, settings_file: Path, output: Path) -> None:
        self.settings_file = settings_file
        self.output = output
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        import cadence

        # The worker imports the same cadence package as this process.
        package_root = str(Path(cadence.__file__).resolve().parent.parent)
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from cadence.preview import work; work()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
            # Ctrl-C in the terminal reaches this process only: it stops the
            # worker itself, so that a build in progress cleans up after itself.
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.terminate()  # a build in progress removes its staging folder
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def restart(self) -> None:
        self.stop()
        self.start()

    def build(self) -> dict[str, Any]:
        """Build once; {'ok': bool, 'problems': [...], 'seconds': float}."""
        if self.process is None or self.process.poll() is not None:
            self.restart()
        assert self.process is not None and self.process.stdin and self.process.stdout
        request = {"settings": str(self.settings_file), "output": str(self.output)}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            reply = self.process.stdout.readline()
        except OSError:
            reply = ""
        if not reply:
            status = self.process.wait()
            self.process = None
            return {
                "ok": False,
                "problems": [f"the build process stopped (exit status {status}); see the terminal"],
            }
        return json.loads(reply)


def work() -> None:
    """The worker's loop: one JSON request per line on stdin, one reply per line."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to the terminal
    from cadence.build import build  # imported once: this is what makes rebuilds fast

    index = _SearchIndex()
    discard = _Discard()
    signal.signal(signal.SIGTERM, _exit)  # stopped between builds: clean up first
    try:
        _serve_requests(functools.partial(build, discard=discard), index, replies)
    except (SystemExit, KeyboardInterrupt, BrokenPipeError):
        pass  # stopped by the server; a build in progress removed its staging folder
    finally:
        index.cancel()
        discard.finish()


def _exit(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _serve_requests(build: Any, index: _SearchIndex, replies: Any) -> None:
    for line in sys.stdin:
        request = json.loads(line)
        index.cancel()
        started = time.perf_counter()
        reply: dict[str, Any] = {"ok": False, "problems": []}
        try:
            result = build(request["settings"], request["output"], post_steps=[index.carry])
            reply = {"ok": True, "problems": [], "notices": list(result.notices)}
        except UserError as error:
            reply["problems"] = error.messages
        except Exception as error:  # a mistake in a plugin or a template: keep previewing
            traceback.print_exc()
            reply["problems"] = [_internal_error(error)]
        reply["seconds"] = round(time.perf_counter() - started, 3)
        replies.write(json.dumps(reply) + "\n")
        if reply["ok"] and index.enabled:
            index.refresh(Path(request["output"]))


def _internal_error(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{_display(Path(frames[-1].filename))}:{frames[-1].lineno}: " if frames else ""
    return f"{where}internal error: {type(error).__name__}: {error} (traceback in the terminal)"


class _Discard:
    """Removes the outputs that builds replaced, in the background: deleting a
    site's folders can take half a second on a busy disk, and no page waits for it."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Path | None] = queue.Queue()
        self._count = 0
        self._thread = threading.Thread(target=self._remove_queued, daemon=True)
        self._thread.start()

    def __call__(self, old: Path) -> None:
        if self._count == 0:  # left by a preview that was killed
            prefix = old.name.rsplit("-", 1)[0]
            for leftover in sorted(old.parent.glob(f"{prefix}-*.preview-*")):
                self._queue.put(leftover)
        self._count += 1
        unique = old.with_name(f"{old.name}.preview-{self._count}")
        old.rename(unique)  # the next build replaces its output under the same name
        self._queue.put(unique)

    def _remove_queued(self) -> None:
        while (folder := self._queue.get()) is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def finish(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)


class _SearchIndex:
    """The preview's search index: carried over by each build, refreshed afterwards.

    Pagefind runs in its own process a moment after the build reported success
    (once the pages reloaded), into a folder beside the site that then replaces the
    site's pagefind/. A new build cancels an unfinished refresh first, so the two
    never touch the site together.
    """

    def __init__(self) -> None:
        self.enabled = False
        self._lock = threading.Lock()
        self._generation = 0  # a refresh installs its index only if still current
        self._process: subprocess.Popen[bytes] | None = None
        self._fresh: Path | None = None

    def carry(self, staging: Path, settings: dict[str, Any]) -> None:
        """Post step of a preview build: reuse the previous index as it is."""
        self.enabled = bool(settings.get("CADENCE_SEARCH", True))
        previous = settings.get("CADENCE_PREVIOUS_OUTPUT")
        if self.enabled and previous and (Path(previous) / "pagefind").is_dir():
            (Path(previous) / "pagefind").rename(staging / "pagefind")

    def refresh(self, site: Path) -> None:
        with self._lock:
            self._generation += 1
            timer = threading.Timer(SEARCH_REFRESH_DELAY, self._run, (site, self._generation))
            timer.daemon = True
            timer.start()

    def _run(self, site: Path, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return
            fresh = Path(tempfile.mkdtemp(prefix=f".{site.name}.pagefind-", dir=site.parent))
            command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
            process = self._process = subprocess.Popen(
                [*command, "--output-path", str(fresh)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            self._fresh = fresh
        _, errors = process.communicate()
        with self._lock:
            if generation != self._generation:
                return  # cancelled: cancel() removed the folder
            self._process = self._fresh = None
            if process.returncode:
                shutil.rmtree(fresh, ignore_errors=True)
                message = errors.decode(errors="replace").strip()
                print(f"preview: search index not refreshed: {message}", file=sys.stderr)
                return
            stale = site / ".pagefind-stale"
            if (site / "pagefind").is_dir():
                (site / "pagefind").rename(stale)
            fresh.rename(site / "pagefind")
            shutil.rmtree(stale, ignore_errors=True)

    def cancel(self) -> None:
        with self._lock:
            self._generation += 1
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            if self._fresh is not None:
                shutil.rmtree(self._fresh, ignore_errors=True)
            self._process = self._fresh = None


# -- watching and the command ------------------------------------------------------


def watched_paths(settings_file: Path, settings: dict[str, Any]) -> list[Path]:
    """What a build reads: content, data, theme, plugins and the settings file."""
    from cadence.settings import data_dir

    candidates = [
        Path(settings["PATH"]),
        data_dir(settings),
        Path(settings["THEME"]),
        *(Path(p) for p in settings.get("PLUGIN_PATHS", ())),
        settings_file,
    ]
    found: list[Path] = []
    for path in candidates:
        path = path.resolve()
        if path.exists() and not any(path.is_relative_to(p) for p in found):
            found = [p for p in found if not p.is_relative_to(path)] + [path]
    return found


def _watch_filter(ignored: tuple[Path, ...]) -> Any:
    import watchfiles

    default = watchfiles.DefaultFilter()

    def accept(change: Any, path: str) -> bool:
        resolved = Path(path)
        return (
            default(change, path)
            and not any(part.startswith(".") for part in resolved.parts)
            and not any(resolved.is_relative_to(p) for p in ignored)
        )

    return accept


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _changes(
    paths: list[Path], ignored: tuple[Path, ...], stop: threading.Event
) -> Iterator[list[Path]]:
    import watchfiles

    for changes in watchfiles.watch(
        *paths,
        watch_filter=_watch_filter(ignored),
        debounce=1600,
        step=30,
        stop_event=stop,
        raise_interrupt=False,
    ):
        yield sorted({Path(path) for _, path in changes})


def serve(
    settings_file: str | Path,
    output: str | Path | None = None,
    *,
    port: int | None = None,
    next_free_port: bool = False,
) -> None:
    """Serve until Ctrl-C (or SIGTERM); raise UserError when it cannot start."""
    from cadence.settings import load_settings

    settings_path = Path(settings_file).resolve()
    settings = load_settings(settings_path)
    target = Path(output or settings["OUTPUT_PATH"]).resolve()
    host = settings.get("BIND") or DEFAULT_HOST
    builds = Builds()
    server = bind(
        host, port or settings.get("PORT") or DEFAULT_PORT, builds, target, next_free_port
    )
    worker = Worker(settings_path, target)
    stop = threading.Event()
    previous_handler = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        worker.start()
        url = f"http://{host}:{server.server_address[1]}/"
        if server.server_address[1] != port:
            print(f"port {port} is taken: using {server.server_address[1]}", flush=True)
        print(f"building {_display(target)} ...", flush=True)
        _rebuild(worker, builds, "first build")
        ignored = (target, Path(settings["CACHE_PATH"]).resolve())
        watcher = threading.Thread(
            target=_watch_and_rebuild,
            args=(watched_paths(settings_path, settings), ignored, worker, builds, stop),
            daemon=True,
        )
        watcher.start()
        print(f"serving {url} (Ctrl-C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("preview stopped", flush=True)
    finally:
        stop.set()
        server.server_close()
        worker.stop()
        signal.signal(signal.SIGTERM, previous_handler)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _watch_and_rebuild(
    paths: list[Path], ignored: tuple[Path, ...], worker: Worker, builds: Builds, stop: Any
) -> None:
    for changed in _changes(paths, ignored, stop):
        if any(path.suffix == ".py" for path in changed):
            worker.restart()  # new code: a fresh process imports it
        # an editor's temporary files come and go within one batch: name what is left
        shown = [path for path in changed if path.exists()] or changed
        names = ", ".join(_display(p) for p in shown[:3])
        more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
        _rebuild(worker, builds, f"{names}{more} changed")


def _rebuild(worker: Worker, builds: Builds, reason: str) -> None:
    reply = worker.build()
    problems = list(reply.get("problems", []))
    builds.finished(reply["ok"], problems)
    stamp = time.strftime("%H:%M:%S")
    seconds = reply.get("seconds")
    took = f" in {seconds:.2f} s" if seconds is not None else ""
    if reply["ok"]:
        print(f"{stamp} {reason}: rebuilt{took}", flush=True)
        for message in reply.get("notices", []):  # as `cadence build` shows them
            print(f"notice: {message}", file=sys.stderr, flush=True)
        return
    count = len(problems)
    print(
        f"{stamp} {reason}: build failed{took}, {count} problem{'s' if count != 1 else ''}; "
        "the preview keeps the last good site",
        file=sys.stderr,
        flush=True,
    )
    for message in problems:
        print(f"error: {message}", file=sys.stderr, flush=True)
