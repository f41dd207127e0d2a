"""Broken and hostile builds: no lost sources, no write outside output/, no traceback.

The catalogue (CASES) is a table: each case changes one thing in a project that
built once, runs `python -m cadence.cli build`, and expects its exact messages,
exit status 1, and content/, data/, the settings and the previous output
byte-identical afterwards. Add a row to grow it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ROOT, make_project

PLUGINS = ROOT / "plugins"
SUMMARY = "problem found; nothing was written"
APART = (
    "expected a folder of its own, apart from content, data, theme, plugins and the project "
    "folder, got"
)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", "build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(PLUGINS)},
    )


def tree(root: Path) -> dict[str, str]:
    """Every file under root (or root itself) and the SHA-256 of its bytes."""
    if root.is_file():
        return {root.name: hashlib.sha256(root.read_bytes()).hexdigest()}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def sources(project: Path) -> dict[str, dict[str, str]]:
    return {name: tree(project / name) for name in ("content", "data", "pelicanconf.py", "output")}


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """The minimal project, built once into output/ (copied for each case)."""
    tmp = tmp_path_factory.mktemp("safety")
    project = make_project(tmp)
    result = cli(cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy, symlinks=True)
    return copy


@dataclass(frozen=True)
class Case:
    name: str
    expected: list[str]
    files: dict[str, str] = field(default_factory=dict)
    setting: str | None = None  # a line appended to the settings file (its line 6)
    args: tuple[str, ...] = ()


def post(metadata: str) -> str:
    return f"Title: X\nDate: 2020-02-01 10:00\n{metadata}\n\nText.\n"


def saved_as(path: str, line: str) -> Case:
    """A post whose Save_as is a path something else writes."""
    return Case(
        f"save-as-{path.replace('/', '-')}",
        [
            f"content/2020/x.md:3: the same URL ({path}) is also written by {line}: "
            "give it another Slug or Save_as"
        ],
        files={"content/2020/x.md": post(f"Save_as: {path}")},
    )


def setting_error(line: str, name: str, expected: str, got: str) -> Case:
    return Case(
        f"setting-{name}-{got}",
        [f"pelicanconf.py:6: {name}: expected {expected}, got {got}"],
        setting=line,
    )


CASES = [
    # -- 1. the output folder stands apart from the sources ---------------------
    Case(
        "output-is-data",
        [f"--output: {APART} 'data': it is the data folder (CADENCE_DATA_PATH)"],
        args=("-o", "data"),
    ),
    Case(
        "output-is-content",
        [f"--output: {APART} 'content': it is the content folder (PATH)"],
        args=("-o", "content"),
    ),
    Case(
        "output-is-the-project",
        [f"--output: {APART} '.': it is the project folder (where pelicanconf.py is)"],
        args=("-o", "."),
    ),
    Case(
        "output-holds-the-project",
        [f"--output: {APART} '..': it holds the project folder (where pelicanconf.py is)"],
        args=("-o", ".."),
    ),
    Case(
        "output-inside-content",
        [f"--output: {APART} 'content/2020': it is inside the content folder (PATH)"],
        args=("-o", "content/2020"),
    ),
    Case(
        "output-inside-data",
        [f"--output: {APART} 'data/site': it is inside the data folder (CADENCE_DATA_PATH)"],
        args=("-o", "data/site"),
    ),
    Case(
        "output-is-the-settings-file",
        [f"--output: {APART} 'pelicanconf.py': it is a file, not a folder"],
        args=("-o", "pelicanconf.py"),
    ),
    Case(
        "output-is-the-theme",
        [f"--output: {APART} '{ROOT / 'theme'}': it is the theme folder (THEME)"],
        args=("-o", str(ROOT / "theme")),
    ),
    Case(
        "output-inside-plugins",
        [f"--output: {APART} '{PLUGINS / 'site'}': it is inside a plugins folder (PLUGIN_PATHS)"],
        args=("-o", str(PLUGINS / "site")),
    ),
    Case(
        "OUTPUT_PATH-is-content",
        [f"pelicanconf.py:6: OUTPUT_PATH: {APART} 'content': it is the content folder (PATH)"],
        setting='OUTPUT_PATH = "content"',
    ),
    Case(
        "OUTPUT_PATH-is-the-project",
        [
            f"pelicanconf.py:6: OUTPUT_PATH: {APART} '.': it is the project folder "
            "(where pelicanconf.py is)"
        ],
        setting='OUTPUT_PATH = "."',
    ),
    Case(
        "OUTPUT_PATH-is-data",
        [
            f"pelicanconf.py:6: OUTPUT_PATH: {APART} 'data': it is the data folder "
            "(CADENCE_DATA_PATH)"
        ],
        setting='OUTPUT_PATH = "data"',
    ),
    # -- 1. every output path inside the output folder ---------------------------
    Case(
        "save-as-parent-folder",
        ["content/2020/x.md:3: Save_as: expected a path inside the output folder, got '../x.html'"],
        files={"content/2020/x.md": post("Save_as: ../x.html")},
    ),
    Case(
        "save-as-absolute",
        [
            "content/2020/x.md:3: Save_as: expected a path relative to the output folder, "
            "got '/tmp/cadence-hostile.html'"
        ],
        files={"content/2020/x.md": post("Save_as: /tmp/cadence-hostile.html")},
    ),
    Case(
        "save-as-folder",
        [
            "content/2020/x.md:3: Save_as: expected the path of a file inside the output "
            "folder, got 'notes/'"
        ],
        files={"content/2020/x.md": post("Save_as: notes/")},
    ),
    Case(
        "slug-climbing-out",
        [
            "content/2020/x.md:3: Slug: expected a path inside the output folder, "
            "got '2020/../../x/index.html'"
        ],
        files={"content/2020/x.md": post("Slug: ../../x")},
    ),
    Case(
        "CATEGORY_SAVE_AS-climbing-out",
        [
            "pelicanconf.py:6: CATEGORY_SAVE_AS: expected a path inside the output folder, "
            "got '../x/process.html' (the page of category 'Process')"
        ],
        setting='CATEGORY_SAVE_AS = "../x/{slug}.html"',
    ),
    Case(
        "TAG_SAVE_AS-absolute",
        [
            "pelicanconf.py:6: TAG_SAVE_AS: expected a path relative to the output folder, "
            "got '/tmp/tags/alpha.html' (the page of tag 'alpha')"
        ],
        setting='TAG_SAVE_AS = "/tmp/tags/{slug}.html"',
    ),
    Case(
        "ARCHIVES_SAVE_AS-climbing-out",
        [
            "pelicanconf.py:6: ARCHIVES_SAVE_AS: expected a path inside the output folder, "
            "got '../archives.html' (the 'archives' page)"
        ],
        setting='ARCHIVES_SAVE_AS = "../archives.html"',
    ),
    setting_error(
        'CADENCE_JSON_FEED = "../data/x.json"',
        "CADENCE_JSON_FEED",
        "a string such as 'feeds/all.json' (inside the output folder: no '..')",
        "'../data/x.json'",
    ),
    setting_error(
        'CADENCE_CALENDAR_PATHS = {"all": "/tmp/x.ics"}',
        "CADENCE_CALENDAR_PATHS",
        "a dict of paths such as {'all': 'schedule.ics', 'series': "
        "'series/{slug}/schedule.ics'}; 'all': a string such as 'schedule.ics' "
        "(relative to the site, not absolute)",
        "dict {'all': '/tmp/x.ics'}",
    ),
    # -- 1. two outputs on one path ----------------------------------------------
    saved_as("feeds/all.atom.xml", "the Atom feed 'All posts'"),
    saved_as("feeds/all.rss.xml", "the RSS feed 'All posts'"),
    saved_as("feeds/all.json", "the JSON Feed 'All posts'"),
    saved_as("feeds/tag/nova.atom.xml", "the Atom feed 'Tag nova'"),
    saved_as("schedule.ics", "the calendar of all series"),
    saved_as("series/alpha/schedule.ics", "the calendar of series 'alpha'"),
    saved_as("feeds/series/alpha.atom.xml", "the Atom feed 'Alpha series'"),
    saved_as("category/process/index.html", "the page of category 'Process'"),
    saved_as("archives/index.html", "the 'archives' page"),
    saved_as("2020/index.html", "the archive of 2020"),
    saved_as("sitemap.xml", "the sitemap"),
    saved_as("index.html", "the 'index' page"),
    saved_as("robots.txt", "the 'robots' page"),
    saved_as("tag/nova/index.html", "the page of tag 'nova'"),
    saved_as("theme/css/cadence.css", "the theme file theme/static/css/cadence.css"),
    saved_as("subscribe/index.html", "the Subscribe page"),
    saved_as("subscribe/tag/nova/index.html", "the page of the feed 'Tag nova'"),
    saved_as("release-notes/index.html", "the release notes index"),
    saved_as("series/alpha/index.html", "the page of series 'alpha'"),
    Case(
        "save-as-a-generated-post",
        [
            "content/2020/x.md:3: the same URL (release-notes/alpha/alpha-1/index.html) is also "
            "written by data/series/alpha.yaml: give each post its own Slug"
        ],
        files={"content/2020/x.md": post("Save_as: release-notes/alpha/alpha-1/index.html")},
    ),
    Case(
        "page-slug-schedule",
        [
            "content/pages/s.md:2: the same URL (schedule/index.html) is also written by "
            "the schedule page: give it another Slug or Save_as"
        ],
        files={"content/pages/s.md": "Title: S\nSlug: schedule\n\nText.\n"},
    ),
    Case(
        "page-slug-project",
        [
            "content/pages/s.md:2: the same URL (projects/nova/index.html) is also written by "
            "the page of project 'nova': give it another Slug or Save_as"
        ],
        files={"content/pages/s.md": "Title: S\nSlug: projects/nova\n\nText.\n"},
    ),
    Case(
        "save-as-a-file-where-a-folder-is-written",
        [
            "content/2020/x.md:3: writes schedule, and the schedule page writes "
            "schedule/index.html: schedule cannot be both a file and a folder: "
            "give it another Slug or Save_as"
        ],
        files={"content/2020/x.md": post("Save_as: schedule")},
    ),
    Case(
        "two-settings-on-one-path",
        [
            "the release notes index: the same URL (release-notes/index.html) is also written "
            "by the schedule page: change CADENCE_NOTES_INDEX_URL or CADENCE_SCHEDULE_URL"
        ],
        setting='CADENCE_SCHEDULE_URL = "release-notes/"',
    ),
    Case(
        "a-setting-on-a-page",
        [
            "content/pages/about.md: the same URL (about/index.html) is also written by "
            "the schedule page: give it another Slug or Save_as"
        ],
        setting='CADENCE_SCHEDULE_URL = "about/"',
    ),
    # -- 3. metadata Pelican would crash on --------------------------------------
    Case(
        "unknown-template",
        [
            "content/2020/x.md:3: Template: expected the name of a template of the theme, "
            "such as 'article' or 'page', got 'nosuch'"
        ],
        files={"content/2020/x.md": post("Template: nosuch")},
    ),
    Case(
        "misspelt-template",
        [
            "content/2020/x.md:3: Template: expected the name of a template of the theme, "
            "such as 'article' or 'page', got 'artcle' (did you mean 'article'?)"
        ],
        files={"content/2020/x.md": post("Template: artcle")},
    ),
    Case(
        "template-outside-the-theme",
        [
            "content/pages/p.md:2: Template: expected the name of a template of the theme, "
            "such as 'article' or 'page', got '../../pelicanconf'"
        ],
        files={"content/pages/p.md": "Title: P\nTemplate: ../../pelicanconf\n\nText.\n"},
    ),
    Case(
        "control-character-in-slug",
        ["content/2020/x.md:3: Slug: expected text without control characters, got 'a\\x1bb'"],
        files={"content/2020/x.md": post("Slug: a\x1bb")},
    ),
    Case(
        "control-character-in-save-as",
        [
            "content/2020/x.md:3: Save_as: expected text without control characters, "
            "got 'x\\x07.html'"
        ],
        files={"content/2020/x.md": post("Save_as: x\x07.html")},
    ),
    Case(
        "control-character-in-url",
        ["content/2020/x.md:3: URL: expected text without control characters, got 'x\\x01/'"],
        files={"content/2020/x.md": post("URL: x\x01/")},
    ),
    Case(
        "control-character-in-feed-id",
        [
            "content/2020/x.md:3: Feed_id: expected text without control characters, "
            "got 'post\\x01one'"
        ],
        files={"content/2020/x.md": post("Feed_id: post\x01one")},
    ),
    # -- 3. wrong types in the settings ------------------------------------------
    setting_error(
        "TIMEZONE = 5",
        "TIMEZONE",
        "a time zone name such as 'UTC' or 'Europe/Paris'",
        "the number 5",
    ),
    setting_error(
        'DEFAULT_PAGINATION = "10"',
        "DEFAULT_PAGINATION",
        "a whole number above 0 such as 10, or False",
        "'10'",
    ),
    setting_error(
        'DEFAULT_ORPHANS = "x"', "DEFAULT_ORPHANS", "a whole number, 0 or more, such as 0", "'x'"
    ),
    setting_error(
        "THEME_STATIC_DIR = 5", "THEME_STATIC_DIR", "a string such as 'theme'", "the number 5"
    ),
    setting_error(
        "SITEURL = None", "SITEURL", "a string such as 'https://example.org'", "NoneType None"
    ),
    setting_error("DEFAULT_LANG = None", "DEFAULT_LANG", "a string such as 'en'", "NoneType None"),
    setting_error(
        "DEFAULT_DATE_FORMAT = 5",
        "DEFAULT_DATE_FORMAT",
        "a string such as '%d %B %Y'",
        "the number 5",
    ),
    setting_error(
        "TAG_SAVE_AS = 5",
        "TAG_SAVE_AS",
        "a string such as '{slug}.html', or False to write none",
        "the number 5",
    ),
    setting_error(
        "MARKDOWN = 5", "MARKDOWN", "a dict such as {'extension_configs': {}}", "the number 5"
    ),
    setting_error("AUTHOR = 5", "AUTHOR", "a string such as 'Ana Ribeiro' or None", "the number 5"),
    setting_error(
        'SLUG_REGEX_SUBSTITUTIONS = "x"',
        "SLUG_REGEX_SUBSTITUTIONS",
        "a list of (pattern, replacement) pairs such as [('[^\\w\\s-]', '')]",
        "'x'",
    ),
    setting_error(
        "TEMPLATE_PAGES = 5",
        "TEMPLATE_PAGES",
        "a dict of strings such as {'src/books.html': 'dest/books.html'}",
        "the number 5",
    ),
    setting_error(
        "JINJA_FILTERS = 5", "JINJA_FILTERS", "a dict such as {'name': function}", "the number 5"
    ),
    setting_error(
        "PAGINATED_TEMPLATES = 5",
        "PAGINATED_TEMPLATES",
        "a dict such as {'index': None, 'tag': 10}: template name -> page size or None",
        "the number 5",
    ),
    setting_error(
        'PAGINATION_PATTERNS = ((1, "{url}"),)',
        "PAGINATION_PATTERNS",
        "a list of (first page number, URL, save_as) such as [(1, '{url}', '{save_as}')]",
        "tuple ((1, '{url}'),)",
    ),
    setting_error('RELATIVE_URLS = "no"', "RELATIVE_URLS", "True or False", "'no'"),
    setting_error(
        "ARTICLE_TRANSLATION_ID = 5",
        "ARTICLE_TRANSLATION_ID",
        "a metadata name such as 'slug', a list of names, or None",
        "the number 5",
    ),
    # -- 3. a format spec in a CADENCE_ URL setting ------------------------------
    setting_error(
        'CADENCE_BLUEPRINT_URL = "https://x.example/{slug:>5000000}"',
        "CADENCE_BLUEPRINT_URL",
        "a string such as 'https://blueprints.launchpad.net/{project}/+spec/{slug}', "
        "with only {project}, {series} and {slug}",
        "'https://x.example/{slug:>5000000}'",
    ),
    setting_error(
        'CADENCE_SERIES_URL = "series/{series:>99}/"',
        "CADENCE_SERIES_URL",
        "a string such as 'series/{series}/', with plain placeholders (no format spec)",
        "'series/{series:>99}/'",
    ),
]


def test_the_catalogue_has_no_two_cases_of_one_name():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)) and len(names) >= 60


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_build_gives_its_exact_messages_and_touches_nothing(project, case):
    for name, text in case.files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if case.setting:
        settings = project / "pelicanconf.py"
        settings.write_text(settings.read_text() + case.setting + "\n")
    before = sources(project)
    outside = sorted(p.name for p in project.parent.iterdir())
    result = cli(*case.args, cwd=project)
    assert "Traceback" not in result.stderr
    count = len(case.expected)
    assert result.stderr.splitlines() == [
        *(f"error: {line}" for line in case.expected),
        f"{count} {SUMMARY}" if count == 1 else f"{count} problems found; nothing was written",
    ]
    assert result.returncode == 1
    assert sources(project) == before
    assert sorted(p.name for p in project.parent.iterdir()) == outside
    assert not Path("/tmp/cadence-hostile.html").exists()


# -- 2. interruptions: leftovers, locks, damaged caches, kill -9 -----------------


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(project):
    for name in (".output.staging-abc123", ".output.old-4242"):
        (project / name / "2020").mkdir(parents=True)
        (project / name / "2020" / "index.html").write_text("half a site")
    (project / ".other.staging-abc").mkdir()  # another output's: not ours to remove
    result = cli(cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [
        ".other.staging-abc",
    ]


def test_output_moved_away_by_a_killed_swap_comes_back_even_if_the_build_fails(project):
    before = tree(project / "output")
    (project / "output").rename(project / ".output.old-4242")
    (project / "content" / "2020" / "x.md").write_text(post("Template: nosuch"))
    result = cli(cwd=project)
    assert result.returncode == 1
    assert tree(project / "output") == before
    assert not (project / ".output.old-4242").exists()


def hold_lock(project: Path, holder: str) -> int:
    descriptor = os.open(project / ".output.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.ftruncate(descriptor, 0)
    os.write(descriptor, holder.encode())
    return descriptor


def test_a_second_build_of_one_output_stops_and_names_the_first(project):
    before = sources(project)
    descriptor = hold_lock(project, "pid 4242, started 2026-01-01 10:00:00\n")
    try:
        result = cli("--wait", "0", cwd=project)
    finally:
        os.close(descriptor)
    assert result.stderr.splitlines() == [
        f"error: {project / 'output'}: another build (pid 4242, started 2026-01-01 10:00:00) "
        "is writing this output folder; waited 0 s for it (cadence build --wait): "
        "let it finish, or stop it, then build again",
        f"1 {SUMMARY}",
    ]
    assert result.returncode == 1
    assert sources(project) == before


def test_builds_of_two_outputs_sharing_one_cache_take_turns(project):
    descriptor = os.open(project / "cache" / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(descriptor, b"pid 4242, started 2026-01-01 10:00:00\n")
    try:
        result = cli("-o", "elsewhere", "--wait", "0", cwd=project)
    finally:
        os.close(descriptor)
    assert result.stderr.splitlines()[0] == (
        "error: cache: another build (pid 4242, started 2026-01-01 10:00:00) "
        "is using this cache folder; waited 0 s for it (cadence build --wait): "
        "let it finish, or stop it, then build again"
    )
    assert result.returncode == 1
    assert not (project / "elsewhere").exists()


def test_a_second_build_waits_for_the_first_to_finish(project):
    descriptor = hold_lock(project, "pid 4242, started 2026-01-01 10:00:00\n")
    threading.Timer(1.0, os.close, [descriptor]).start()
    started = time.monotonic()
    result = cli("--wait", "30", cwd=project)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 1.0


def test_wait_must_be_a_number_of_seconds(project):
    result = cli("--wait", "soon", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "cadence build: error: argument --wait: expected a number of seconds, 0 or more, got 'soon'"
    )


def test_damaged_caches_are_misses_never_a_crash(project):
    before = tree(project / "output")
    cache = project / "cache"
    folders = ("markdown", "pages", "feeds", "data")  # converted Markdown, page records, ...
    entries = sorted(p for folder in folders for p in (cache / folder).iterdir())
    assert {p.parent.name for p in entries} == set(folders)
    for entry in entries[::2]:
        entry.write_bytes(entry.read_bytes()[:-7])
    for entry in entries[1::2]:
        entry.write_bytes(b"")
    result = cli(cwd=project)
    assert result.returncode == 0, result.stderr
    assert tree(project / "output") == before
    again = cli(cwd=project)  # and the caches written again are good
    assert again.returncode == 0, again.stderr
    assert tree(project / "output") == before


def write_posts(project: Path, word: str) -> None:
    for i in range(40):
        (project / "content" / "2020" / f"post-{i}.md").write_text(
            f"Title: Post {i}\nDate: 2020-03-01 10:{i:02d}\nTags: t{i}\n\n" + f"{word}. " * 300
        )


def test_kill_9_at_random_moments_leaves_one_whole_site(project):
    """SIGKILL at random moments of builds: output/ is always one whole site, the
    previous one or the new one, byte for byte; the next build is green (whatever
    cache a kill cut short) and removes what the killed builds left."""
    sites, durations = {}, []
    for word in ("Words", "Other words"):
        write_posts(project, word)
        started = time.monotonic()
        assert cli(cwd=project).returncode == 0
        durations.append(time.monotonic() - started)
        sites[word] = tree(project / "output")
    assert sites["Words"] != sites["Other words"]
    rng = random.Random(2011)
    command = [sys.executable, "-m", "cadence.cli", "build"]
    environment = {**os.environ, "PYTHONPATH": str(PLUGINS)}
    landed_mid_build = 0
    for i in range(6):
        word = ("Words", "Other words")[i % 2]
        write_posts(project, word)
        previous = tree(project / "output")
        process = subprocess.Popen(
            command,
            cwd=project,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.1, 0.9) * min(durations))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        site = tree(project / "output")
        assert site in (previous, sites[word])
        landed_mid_build += site == previous
    assert landed_mid_build >= 1
    result = cli(cwd=project)
    assert result.returncode == 0, result.stderr
    assert tree(project / "output") == sites[word]
    leftovers = [p.name for p in project.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    assert leftovers == []


# -- 4. scale: thousands of tags ---------------------------------------------------


def feed_with_tags(count: int):
    from cadence.feeds.model import Entry, Feed

    day = __import__("datetime").datetime(2020, 1, 1, tzinfo=__import__("datetime").UTC)
    entry = Entry(
        id="tag:example.org,2010:post/1",
        title="A post with many tags",
        url="https://example.org/2020/x/",
        content_html="<p>Text.</p>",
        summary_html="<p>Text.</p>",
        published=day,
        updated=day,
        authors=("Ana Ribeiro",),
        categories=tuple(f"tag-{i:05d}" for i in range(count)),
    )
    return Feed("tag:x", "Tags", "Tag x", (("atom", "feeds/x.atom.xml"),), (entry,))


def test_a_feed_entry_gets_all_its_tags_in_one_call(monkeypatch):
    """A post with every tag is in every tag feed: feedgen re-maps every category it
    already holds on each call, so adding them one at a time cost the square of the
    tags. The entry must get them in one call (bench/tags.py times whole builds)."""
    import feedparser
    from cadence.feeds import writers
    from feedgen.entry import FeedEntry

    calls = []
    original = FeedEntry.category

    def counted(self, *args, **kwargs):
        if args or kwargs:
            calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FeedEntry, "category", counted)
    info = writers.FeedInfo("https://example.org", "Site", None, "en", None)
    terms = [
        t.term for t in feedparser.parse(writers.atom(feed_with_tags(3000), info)).entries[0].tags
    ]
    assert terms == [f"tag-{i:05d}" for i in range(3000)]
    assert len(calls) == 1


def test_pelican_defaults_and_the_project_settings_pass_the_settings_checks():
    """The added checks refuse wrong values only: Pelican's own defaults, and this
    project's development and production settings, are all accepted."""
    from cadence.settings import problems
    from pelican.settings import read_settings

    for source in (None, ROOT / "pelicanconf.py", ROOT / "publishconf.py"):
        settings = read_settings(str(source) if source else None)
        assert problems(settings, source or "defaults") == []


def test_tags_benchmark_runs(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "tags.py"),
            "--tags",
            "20",
            "--shape",
            "spread",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("spread: 20 tags, 12 posts: ")
    assert (tmp_path / "spread-20" / "output" / "tag" / "tag-00019" / "index.html").is_file()
