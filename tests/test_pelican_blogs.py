"""Existing Pelican blogs build with Cadence: their own settings, theme and content.

The fixtures in fixtures/blogs/ are small excerpts in the shapes of real public
blogs (each SOURCE.md names the repository and commit): reStructuredText with an own
theme and folder categories; Markdown with the old `|filename|` syntax and
translations; `.markdown` posts with `{filename}/images/...` links. What Pelican
accepts and resolves builds, with a notice naming file:line, the old form and the
modern one; what loses content is an error; `cadence fix` rewrites the old forms;
`cadence init` adds Cadence to the blog.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .conftest import FIXTURES, ROOT, resolve, soup

BLOGS = FIXTURES / "blogs"


def blog(tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.copytree(BLOGS / name, copy)
    return copy


def cadence(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@dataclass
class Built:
    """What `cadence build` printed, by kind."""

    returncode: int
    info: list[str]
    notices: list[str]
    errors: list[str]


def build_blog(site: Path, output: Path, strict: bool = False) -> Built:
    """`cadence build -s pelicanconf.py` in the blog's folder, in a process of its
    own: each build loads only the plugins of its own settings."""
    result = cadence("build", "-o", str(output), *(["--strict"] if strict else []), cwd=site)
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr, result.stderr

    def kind(prefix: str) -> list[str]:
        return [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]

    return Built(result.returncode, kind("info: "), kind("notice: "), kind("error: "))


def add_settings(site: Path, text: str) -> None:
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + text)


TODAY = "CADENCE_TODAY = __import__('datetime').date(2026, 1, 1)\n"


def sources(site: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((site / "content").rglob("*")) if p.is_file()}


def html(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*.html")
        if "pagefind" not in p.relative_to(output).parts
    }


# -- reStructuredText, own theme, folder categories (getpelican/pelican-blog) ------


def test_rst_blog_builds_unchanged_with_every_post_page_and_file(tmp_path):
    site = blog(tmp_path, "rst-news")
    output = tmp_path / "output"
    built = build_blog(site, output)
    assert built.notices == []
    assert built.errors == []
    assert built.info == [
        "pelicanconf.py:3: SITEURL is empty: feed links are relative until SITEURL is set "
        "(usually in publishconf.py)"
    ]
    for url in (
        "sample-2.0-released.html",
        "sample-blog-opens.html",
        "plugins-moved.html",
        "pages/thanks.html",
        "pages/not-found.html",
        "category/news.html",
    ):
        assert (output / url).is_file(), url
    release = soup(output / "sample-2.0-released.html")
    assert release.find("img")["src"] == "/images/screenshot.png"
    assert release.find("a", string="first post")["href"] == "/sample-blog-opens.html"
    # the old syntax in a code sample is text, not a link
    assert "|filename|/article1.md" in release.find("tt").get_text()
    thanks = soup(output / "pages/thanks.html")
    assert thanks.find("img")["src"] == "/logo/logo-small.png"
    assert thanks.find("a", string="PNG")["href"] == "/logo/logo.png"
    for copied in ("images/screenshot.png", "logo/logo-small.png", "logo/logo.png"):
        assert (output / copied).read_bytes() == (site / "content" / copied).read_bytes()
    assert (output / "robots.txt").read_bytes() == (site / "content/extra/robots.txt").read_bytes()
    assert (output / "favicon.ico").is_file()
    # the blog's own theme, its stylesheet and its menu
    home = soup(output / "index.html")
    assert home.find("header", class_="plain-header") is not None
    assert [a.get_text() for a in home.find("nav").find_all("a")] == ["documentation", "thanks"]
    assert (output / "theme/css/plain.css").is_file()


def test_fix_leaves_a_blog_without_legacy_forms_alone(tmp_path):
    site = blog(tmp_path, "rst-news")
    before = sources(site)
    result = cadence("fix", "--write", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["nothing to fix"]
    assert sources(site) == before


# -- Markdown with |filename| links and translations (sozi-projects/Sozi-website) ---

PIPE_NOTICES = [
    "content/News/tutorial.md:7:16: old link syntax: expected "
    "{filename}/pages/en/tutorial.md, got |filename|/pages/en/tutorial.md",
    "content/News/tutorial.md:8:25: old link syntax: expected "
    "{filename}/pages/en/install.md, got |filename|/pages/en/install.md",
    "content/Releases/release-1.0-fr.md:8:42: old link syntax: expected "
    "{filename}/pages/fr/install.md, got |filename|/pages/fr/install.md",
    "content/Releases/release-1.0.md:8:36: old link syntax: expected "
    "{filename}release-0.9.md, got |filename|release-0.9.md",
    "content/Releases/release-1.0.md:9:40: old link syntax: expected "
    "{filename}/pages/en/install.md, got |filename|/pages/en/install.md",
    "content/pages/en/tutorial.md:6:31: old link syntax: expected "
    "{filename}install.md, got |filename|install.md",
]


def test_old_link_syntax_builds_with_a_notice_naming_file_line_and_both_forms(tmp_path):
    site = blog(tmp_path, "markdown-pipes")
    output = tmp_path / "output"
    built = build_blog(site, output)
    assert built.notices == PIPE_NOTICES
    assert built.errors == []
    assert built.info == [
        "pelicanconf.py: PATH is not set: reading content/ beside the settings file, "
        "as `pelican content` does"
    ]
    release = soup(output / "release-1.0.html")
    links = {a.get_text(): a["href"] for a in release.find_all("a")}
    assert links["preview of version 0.9"] == "./release-0.9.html"
    assert links["installation instructions"] == "./pages/20-install.html"
    assert release.find("img")["src"] == "./images/editor.png"
    assert [a["hreflang"] for a in release.find_all("a", class_="translation")] == ["fr"]
    french = soup(output / "release-1.0-fr.html")
    assert french.find("a", string="instructions d'installation")["href"] == (
        "./pages/20-install-fr.html"
    )
    assert soup(output / "pages/30-tutorial.html").find("a", string="installation")["href"] == (
        "../pages/20-install.html"
    )
    # STATIC_PATHS: a single file moved to the root, a folder of plain files
    assert (output / "favicon.ico").is_file()
    assert (output / "wiki/meeting-notes.md").is_file()
    assert not (output / "Releases").exists()  # sources of posts are not copied


def test_strict_build_turns_the_notices_into_errors(tmp_path):
    site = blog(tmp_path, "markdown-pipes")
    result = cadence("build", "--strict", "-o", str(tmp_path / "output"), cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        *(f"error: {n}" for n in PIPE_NOTICES),
        "6 problems found; nothing was written",
    ]
    assert not (tmp_path / "output").exists()


def test_build_prints_notices_and_still_builds(tmp_path):
    site = blog(tmp_path, "markdown-pipes")
    result = cadence("build", "-o", str(tmp_path / "output"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "info: pelicanconf.py: PATH is not set: reading content/ beside the settings file, "
        "as `pelican content` does",
        *(f"notice: {n}" for n in PIPE_NOTICES),
        "6 notices: forms Pelican still accepts; `cadence fix` rewrites those in content, "
        "--strict makes them errors",
    ]
    assert result.stdout.splitlines() == [f"built {tmp_path / 'output'}"]


def test_fix_shows_a_diff_and_writes_only_with_write(tmp_path):
    site = blog(tmp_path, "markdown-pipes")
    before = sources(site)
    result = cadence("fix", cwd=site)
    assert result.returncode == 0, result.stderr
    assert sources(site) == before
    lines = result.stdout.splitlines()
    assert lines[-1] == (
        "6 legacy forms in 4 files; dry run: nothing written; run again with --write "
        "to rewrite them"
    )
    assert "--- a/content/Releases/release-1.0.md" in lines
    assert (
        "-After the [preview of version 0.9](|filename|release-0.9.md), here is the "
        "stable version." in lines
    )
    assert (
        "+After the [preview of version 0.9]({filename}release-0.9.md), here is the "
        "stable version." in lines
    )


def test_fix_write_changes_only_the_old_forms_and_is_idempotent(tmp_path):
    site = blog(tmp_path, "markdown-pipes")
    first = tmp_path / "before"
    build_blog(site, first)
    before = sources(site)
    result = cadence("fix", "--write", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "rewrote 6 legacy forms in 4 files"
    changed = {p for p in before if p.read_bytes() != before[p]}
    assert {p.relative_to(site).as_posix() for p in changed} == {
        "content/News/tutorial.md",
        "content/Releases/release-1.0-fr.md",
        "content/Releases/release-1.0.md",
        "content/pages/en/tutorial.md",
    }
    for path in changed:  # the same bytes once the old marker is put back
        assert path.read_bytes().replace(b"{filename}", b"|filename|") == before[path]
    tutorial = (site / "content/pages/en/tutorial.md").read_text()
    # a commented-out link is not a link: left as written
    assert "<!-- * [Transitions](|filename|tutorial-transitions.md) -->" in tutorial
    assert "Start with the [installation]({filename}install.md)." in tutorial
    again = cadence("fix", "--write", cwd=site)
    assert again.stdout.splitlines() == ["nothing to fix"]
    strict = cadence("build", "--strict", "-o", str(tmp_path / "after"), cwd=site)
    assert strict.returncode == 0, strict.stderr
    assert "notice:" not in strict.stderr
    after = tmp_path / "after"
    assert html(after) == html(first)


# -- .markdown posts with {filename}/images links (rtaibah/pelican-blog) -----------


def test_filename_links_to_images_build_and_become_static(tmp_path):
    site = blog(tmp_path, "filename-images")
    output = tmp_path / "output"
    built = build_blog(site, output)
    assert built.notices == [
        "content/blog/2007-12-11-a-small-gadget.markdown:9:15: link to a static file: "
        "expected {static}/images/gadget.jpg, got {filename}/images/gadget.jpg",
        "content/blog/2009-08-11-street-art.markdown:9:20: link to a static file: "
        "expected {static}/images/wall.jpg, got {filename}/images/wall.jpg",
        "content/blog/2009-08-11-street-art.markdown:9:49: link to a static file: "
        "expected {static}/images/wall-large.jpg, got {filename}/images/wall-large.jpg",
        "content/blog/2009-08-11-street-art.markdown:9:87: link to a static file: "
        "expected {static}/images/mural.jpg, got {filename}/images/mural.jpg",
        "content/books/2010-01-05-a-book-on-shells.markdown:9:49: link to a static file: "
        "expected {static}/pdfs/shell-notes.pdf, got {filename}/pdfs/shell-notes.pdf",
    ]
    assert built.info == [
        "content/blog/2009-08-11-street-art.markdown:9:105: image without alt text: "
        'mural.jpg is skipped by screen readers (alt="" marks an image as decorative)',
    ]
    gadget = soup(output / "blog/2007/Dec/11/a-small-gadget-on-my-desk/index.html")
    assert gadget.find("img", alt="The gadget")["src"] == "/images/gadget.jpg"
    art = soup(output / "blog/2009/Aug/11/street-art-about-free-software/index.html")
    assert [img["src"] for img in art.find("div", class_="entry-content").find_all("img")] == [
        "/images/wall.jpg",
        "/images/mural.jpg",
    ]
    book = soup(output / "books/2010/Jan/05/a-book-on-shells/index.html")
    links = {a.get_text(): a["href"] for a in book.find_all("a")}
    assert links["the gadget"] == "/blog/2007/Dec/11/a-small-gadget-on-my-desk/"
    assert links["in a PDF"] == "/pdfs/shell-notes.pdf"
    for url in ("images/gadget.jpg", "images/wall-large.jpg", "pdfs/shell-notes.pdf"):
        assert resolve(output, url).is_file(), url
    assert (output / "pages/about/index.html").is_file()


def test_fix_then_strict_build_of_filename_images(tmp_path):
    site = blog(tmp_path, "filename-images")
    assert cadence("fix", "--write", cwd=site).returncode == 0
    text = (site / "content/blog/2009-08-11-street-art.markdown").read_text()
    assert (
        "[![A painted wall]({static}/images/wall.jpg)]({static}/images/wall-large.jpg) "
        "![]({static}/images/mural.jpg)" in text
    )
    assert (
        "({filename}/blog/2007-12-11-a-small-gadget.markdown)"
        in (site / "content/books/2010-01-05-a-book-on-shells.markdown").read_text()
    )  # a link to a post stays {filename}
    result = cadence("build", "--strict", "-o", str(tmp_path / "output"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "notice:" not in result.stderr
    # information is never fatal, even when strict
    assert "info: content/blog/2009-08-11-street-art.markdown:9:99: image without" in (
        result.stderr
    )


def test_a_link_to_nothing_is_an_error_with_its_line(tmp_path):
    site = blog(tmp_path, "filename-images")
    post = site / "content/blog/2009-01-11-torrents.markdown"
    post.write_text(
        "title: Torrents\n\nQuestions? [Write to me]({filename}/blog/contact).\n"
        "![Missing]({static}/images/gone.png)\n"
    )
    built = build_blog(site, tmp_path / "output")
    assert built.returncode == 1
    assert built.errors == [
        "content/blog/2009-01-11-torrents.markdown:3:26: link to nothing: expected the path "
        "of a post, page or static file in content/, got {filename}/blog/contact",
        "content/blog/2009-01-11-torrents.markdown:4:12: {static} link to "
        "'/images/gone.png': no such file in content/",
    ]
    assert not (tmp_path / "output").exists()


def test_log_filter_accepts_a_known_problem(tmp_path):
    site = blog(tmp_path, "filename-images")
    (site / "content/blog/2009-01-11-torrents.markdown").write_text(
        "title: Torrents\n\nQuestions? [Write to me]({filename}/blog/contact).\n"
    )
    add_settings(
        site, "LOG_FILTER = [(30, \"Unable to find '/blog/contact', skipping url replacement.\")]\n"
    )
    assert build_blog(site, tmp_path / "output").returncode == 0
    assert (tmp_path / "output/blog/2009/Jan/11/torrents/index.html").is_file()


def test_old_syntax_in_rst_with_a_space_is_found_and_fixed(tmp_path):
    """`.. image:: |static| images/x.png`: docutils drops the space in the URI."""
    site = blog(tmp_path, "rst-news")
    post = site / "content/news/travis.rst"
    post.write_text(
        "Moving to a new CI\n##################\n\n:date: 2020-02-04\n\n"
        ".. image:: |static| images/checks.png\n   :alt: The checks of a pull request\n"
    )
    shutil.copy(site / "content/images/screenshot.png", site / "content/news/images.png")
    (site / "content/news/images").mkdir()
    shutil.copy(site / "content/images/screenshot.png", site / "content/news/images/checks.png")
    built = build_blog(site, tmp_path / "output")
    assert built.notices == [
        "content/news/travis.rst:6:12: old link syntax: expected {static} images/checks.png, "
        "got |static| images/checks.png"
    ]
    assert cadence("fix", "--write", cwd=site).returncode == 0
    assert ".. image:: {static} images/checks.png\n" in post.read_text()


# -- settings in old forms ---------------------------------------------------------


def test_deprecated_settings_are_notices_at_their_line(tmp_path):
    site = blog(tmp_path, "rst-news")
    settings = site / "pelicanconf.py"
    settings.write_text(
        settings.read_text()
        + "CATEGORY_FEED_ATOM = 'feeds/category_%s.atom.xml'\n"
        + "MD_EXTENSIONS = ['codehilite(css_class=highlight)', 'extra']\n"
    )
    built = build_blog(site, tmp_path / "output")
    assert built.notices == [
        "pelicanconf.py:43:38: CATEGORY_FEED_ATOM: '%s' in a feed path is deprecated: "
        "expected {slug}, got %s",
        "pelicanconf.py:44: MD_EXTENSIONS is ignored (Pelican's default Markdown extensions "
        "are used): expected MARKDOWN = {'extension_configs': {...}}, got MD_EXTENSIONS",
    ]
    result = cadence("fix", "--write", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "by hand: pelicanconf.py:44: MD_EXTENSIONS is ignored (Pelican's default Markdown "
        "extensions are used): expected MARKDOWN = {'extension_configs': {...}}, "
        "got MD_EXTENSIONS",
        "rewrote 1 legacy form in 1 file",
    ]
    assert "CATEGORY_FEED_ATOM = 'feeds/category_{slug}.atom.xml'\n" in settings.read_text()


def test_a_plugin_that_does_not_load_is_an_error_naming_the_setting(tmp_path):
    site = blog(tmp_path, "rst-news")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + "PLUGINS = ['pelican.plugins.sitemap']\n")
    built = build_blog(site, tmp_path / "output")
    assert built.returncode == 1
    assert built.errors == [
        "pelicanconf.py:43: PLUGINS: plugin 'pelican.plugins.sitemap' is not loaded: "
        "expected an installed plugin, got Cannot import plugin `pelican.plugins.sitemap`"
    ]


# -- cadence init --------------------------------------------------------------------

INIT_OUTPUT = [
    "append to pelicanconf.py:",
    "    # Cadence (added by `cadence init`, see Cadence's docs/migrating.md): its plugins",
    "    # after the blog's own, and the release data in data/.",
    '    PLUGINS = [*PLUGINS, "cadence.checks", "cadence.notes", "cadence.feeds", '
    '"cadence.sitemap"]',
    '    CADENCE_DATA_PATH = "data"',
    "create data/blueprints/.gitkeep",
    "create data/projects.yaml",
    "create data/series/.gitkeep",
    "create schemas/blueprints.json",
    "create schemas/people.json",
    "create schemas/projects.json",
    "create schemas/releases.json",
    "create schemas/series.json",
    "content and theme unchanged; next: `cadence build`, then describe a release series "
    "in data/series/ (docs/data-format.md)",
]


def init_blog(tmp_path: Path, *args: str) -> Path:
    site = blog(tmp_path, "rst-news")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + "PLUGINS = []\n")
    before = sources(site)
    result = cadence("init", *args, cwd=site)
    assert result.returncode == 0, result.stderr
    assert sources(site) == before
    return site


def test_init_adds_plugins_data_and_schemas_and_prints_every_change(tmp_path):
    site = blog(tmp_path, "rst-news")
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text() + "PLUGINS = []\n")
    original = settings.read_text()
    before = sources(site)
    result = cadence("init", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == INIT_OUTPUT
    assert sources(site) == before
    assert settings.read_text() == original + (
        "\n# Cadence (added by `cadence init`, see Cadence's docs/migrating.md): its plugins\n"
        "# after the blog's own, and the release data in data/.\n"
        'PLUGINS = [*PLUGINS, "cadence.checks", "cadence.notes", "cadence.feeds", '
        '"cadence.sitemap"]\n'
        'CADENCE_DATA_PATH = "data"\n'
    )
    assert (site / "data/projects.yaml").read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=../schemas/projects.json"
    )
    assert (site / "schemas/series.json").read_text() == (ROOT / "schemas/series.json").read_text()
    # the data skeleton is valid: the blog builds, with nothing generated yet
    built = build_blog(site, tmp_path / "output")
    assert built.errors == [] and built.notices == []
    assert not (tmp_path / "output/release-notes").exists()


def test_init_refuses_to_overwrite_and_changes_nothing(tmp_path):
    site = init_blog(tmp_path)
    settings = (site / "pelicanconf.py").read_text()
    projects = (site / "data/projects.yaml").read_text()
    result = cadence("init", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "error: data/blueprints/.gitkeep: already exists: cadence init never overwrites a "
        "file; nothing was changed",
        "error: data/projects.yaml: already exists: cadence init never overwrites a file; "
        "nothing was changed",
    ]
    assert (site / "pelicanconf.py").read_text() == settings
    assert (site / "data/projects.yaml").read_text() == projects


def test_init_outside_a_pelican_project_says_so(tmp_path):
    result = cadence("init", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "error: pelicanconf.py: settings file not found: run `cadence init` in a Pelican "
        "project, or name its settings with -s"
    )


def add_release_data(site: Path, fixture: str = "minimal") -> None:
    shutil.copytree(FIXTURES / fixture / "data", site / "data", dirs_exist_ok=True)


def test_init_then_data_gives_the_blog_plus_release_notes_in_its_theme(tmp_path):
    site = init_blog(tmp_path)
    add_release_data(site)
    output = tmp_path / "output"
    add_settings(site, TODAY)
    built = build_blog(site, output)
    assert built.errors == [] and built.notices == []
    for url in ("sample-2.0-released.html", "pages/thanks.html", "category/news.html"):
        assert (output / url).is_file(), url
    note = soup(resolve(output, "release-notes/alpha/alpha-2/"))
    # a generated post, written by the blog's own article template
    assert note.find("header", class_="plain-header") is not None
    assert note.find("h1", class_="entry-title").get_text(strip=True) == (
        "Features are in: the alpha-2 milestone"
    )
    assert note.find("li", attrs={"data-blueprint": "nova/live-migration"}) is not None
    series = soup(resolve(output, "series/alpha/"))
    # Cadence's page, framed like the blog's own pages (its page.html)
    frame = series.find("section", id="content")
    assert frame.find("h1", class_="entry-title").get_text() == "Alpha (2020.1)"
    assert len(series.find_all("h1")) == 1
    assert frame.find("table", class_="schedule") is not None
    assert series.find("header", class_="plain-header") is not None
    stylesheet = series.find("link", href="/theme/cadence-pages.css")
    assert stylesheet is not None and stylesheet["rel"] == ["stylesheet"]
    assert (output / "theme/cadence-pages.css").read_bytes() == (
        ROOT / "theme/embedded/cadence-pages.css"
    ).read_bytes()
    assert (output / "theme/css/plain.css").is_file()
    index = soup(resolve(output, "release-notes/"))
    assert index.find("h1", class_="entry-title").get_text() == "Release notes"
    assert [a["href"] for a in index.select("ol.post-list h2 a")][:1] == [
        "/release-notes/alpha/alpha-final/"
    ]
    for url, title in (
        ("schedule/", "Release schedule"),
        ("projects/nova/", "Nova"),
        ("subscribe/", "Subscribe"),
        ("subscribe/release-notes/", "Release notes"),
    ):
        framed = soup(resolve(output, url))
        assert framed.find("header", class_="plain-header"), url
        assert [h.get_text() for h in framed.find_all("h1")] == [title], url


def test_release_data_is_escaped_in_the_blogs_own_theme(tmp_path):
    """The blog's theme prints titles as they are (autoescape off): Cadence's pages
    and the titles of generated posts are escaped all the same."""
    site = init_blog(tmp_path)
    add_release_data(site, "hostile")
    output = tmp_path / "output"
    add_settings(site, TODAY)
    assert build_blog(site, output).returncode == 0
    pages = [p for p in output.rglob("*.html")]
    assert len(pages) > 20
    for path in pages:
        doc = soup(path)
        assert doc.find("script") is None, path
        assert doc.find("iframe") is None, path
        for svg in doc.find_all("svg"):  # only Cadence's charts, drawn from numbers
            assert "chart" in svg.find_parent("figure")["class"], path
        for tag in doc.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (path, tag)
    note = soup(resolve(output, "release-notes/evil/evil-final/"))
    assert (
        note.find("h1", class_="entry-title")
        .get_text(strip=True)
        .startswith('Evil "><img src=x onerror="window.__pwned=\'series\'">')
    )


def test_init_with_cadence_theme(tmp_path):
    site = init_blog(tmp_path, "--theme", "cadence")
    assert f"THEME = {str(ROOT / 'theme')!r}\n" in (site / "pelicanconf.py").read_text()
    add_release_data(site)
    output = tmp_path / "output"
    add_settings(site, TODAY)
    assert build_blog(site, output).returncode == 0
    home = soup(output / "index.html")
    assert home.find("header", class_="site-header") is not None
    series = soup(resolve(output, "series/alpha/"))
    assert series.find("link", href="/theme/cadence-pages.css") is None
    assert series.find("article", class_="series").h1.get_text() == "Alpha (2020.1)"
    assert not (output / "theme/cadence-pages.css").exists()
    assert soup(output / "sample-2.0-released.html").find("img")["src"] == (
        "/images/screenshot.png"
    )


def test_a_project_without_data_builds_as_a_plain_blog_with_a_notice(tmp_path):
    site = init_blog(tmp_path)
    shutil.rmtree(site / "data")
    output = tmp_path / "output"
    built = build_blog(site, output)
    assert built.notices == [
        "data/: release data folder not found (CADENCE_DATA_PATH): building a plain blog "
        "without release notes; `cadence init` creates it"
    ]
    assert (output / "sample-2.0-released.html").is_file()
    assert not (output / "release-notes").exists()
    strict = build_blog(site, tmp_path / "strict", strict=True)
    assert strict.returncode == 1
    assert strict.errors == built.notices


def test_the_sweep_of_real_blogs_runs_on_a_local_checkout(tmp_path):
    """bench/pelican_blogs.py, on the excerpt standing in for the first blog."""
    checkouts = tmp_path / "checkouts"
    shutil.copytree(BLOGS / "rst-news", checkouts / "getpelican__pelican-blog")
    (checkouts / "getpelican__pelican-blog" / ".source_commit").write_text("0123456789abcdef\n")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "pelican_blogs.py"),
            "--blogs",
            str(checkouts),
            "--work",
            str(tmp_path / "work"),
            "--only",
            "getpelican__pelican-blog",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| getpelican")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1] == "01234567"
    assert cells[4:] == [
        "12", "0", "0", "0", "1", "0", "0, 0 (0, 0)", "2/2", "nothing to fix", "yes", "passes",
    ]  # fmt: skip
    assert (
        "- with data: errors none; pages: `release-notes/` yes, `series/alpha/` yes, "
        "`projects/nova/` yes, `schedule/` yes, `subscribe/` yes" in result.stdout
    )
