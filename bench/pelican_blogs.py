"""Sweep real Pelican blogs through Cadence: build, fix, strict, init.

    python bench/pelican_blogs.py --blogs /work/research/blogs [--write]

`--blogs` holds local checkouts, one folder per blog named `<owner>__<name>`
(a `.source_commit` file names the commit). BLOGS lists the blogs and the few
settings their repository cannot provide (a theme outside it, say). For each
blog, on a scratch copy:

1. plain Pelican 4.12 builds it: the reference;
2. `cadence build` (not strict): its errors, notices and info; every page of the
   reference present; link markers left in the output ({filename}, |static|...);
   internal links and images that resolve, against the reference; the extra
   files EXTRA_PATH_METADATA names;
3. `cadence fix --write`, then a second build: the HTML is the same;
4. `cadence build --strict`.

Then `cadence init` on a fresh copy of the first blog, with the release data of
the test fixture `minimal` added: the blog, plus release notes. The results go
to the results section of docs/migrating.md with --write.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from cadence.build import build  # noqa: E402
from cadence.checks.notices import Report  # noqa: E402
from cadence.errors import UserError  # noqa: E402
from cadence.fix import plan_fixes  # noqa: E402


@dataclass(frozen=True)
class Blog:
    folder: str
    shape: str
    #: settings the repository cannot provide, and why
    overrides: dict[str, Any] = field(default_factory=dict)
    why: str = ""


BLOGS = [
    Blog(
        "getpelican__pelican-blog",
        "reStructuredText, own theme, folder categories, hidden page, 11 extra files",
    ),
    Blog(
        "sozi-projects__Sozi-website",
        "Markdown, `|filename|` links (relative too), 4 languages, own theme, no PATH",
    ),
    Blog(
        "rtaibah__pelican-blog",
        "`.markdown`, `{filename}/images/...` links, folder categories",
        {"THEME": "notmyidea"},
        "its THEME is a folder on the author's machine",
    ),
    Blog(
        "rtaibah__pelican-blog",
        "the same, its 2 broken links accepted with LOG_FILTER",
        {
            "THEME": "notmyidea",
            "LOG_FILTER": [
                (30, "Unable to find '/blog/contact', skipping url replacement."),
                (
                    30,
                    "Unable to find '/images/2008-05-16-linux-and-sex-debunking-the-myth"
                    ".markdown', skipping url replacement.",
                ),
            ],
        },
        "its THEME is a folder on the author's machine; LOG_FILTER accepts its 2 broken links",
    ),
    Blog(
        "jamescooke__blog",
        "reStructuredText, `|static|` and `|filename|` images, no PATH",
        {"THEME": "notmyidea", "PLUGINS": [], "TYPOGRIFY": False},
        "its theme and plugins live outside the repository; typogrify is not installed",
    ),
    Blog(
        "xuanmingyi__blog",
        "Markdown, file names with spaces and parentheses, CNAME and favicon",
        {"THEME": "themes/pelican-theme-jesuislibre"},
        "its THEME names a theme installed with pelican-themes",
    ),
    Blog(
        "quack1__quack1_blog",
        "Pelican 3 settings (MD_EXTENSIONS, %s feeds, old plugin names), raw Jinja in posts",
    ),
]

MARKERS = ("{filename}", "|filename|", "{static}", "|static|", "{attach}", "|attach|")


def html_pages(output: Path) -> set[str]:
    return {
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if "pagefind" not in p.relative_to(output).parts
    }


def link_report(output: Path, siteurl: str) -> tuple[int, int, int]:
    """(link markers left, internal links that resolve nowhere, images that do not)."""
    markers = broken = images = 0
    for page in sorted(output.rglob("*.html")):
        if "pagefind" in page.relative_to(output).parts:
            continue
        doc = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        for tag in doc.find_all(href=True) + doc.find_all(src=True):
            link = str(tag.get("href") or tag.get("src"))
            if any(m in link for m in MARKERS):
                markers += 1
                continue
            if not _resolves(output, page, link, siteurl):
                broken += 1
                images += tag.name == "img"
    return markers, broken, images


def _resolves(output: Path, page: Path, link: str, siteurl: str) -> bool:
    if siteurl and link.startswith(siteurl):
        link = link[len(siteurl) :] or "/"
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return True  # another site: not ours to check
    path = unquote(parts.path)
    if not path:
        return True
    target = output / path.lstrip("/") if path.startswith("/") else page.parent / path
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target.exists()


def extra_files(settings_file: Path, output: Path, overrides: dict[str, Any]) -> tuple[int, int]:
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override=dict(overrides))
    wanted = [v["path"] for v in settings.get("EXTRA_PATH_METADATA", {}).values() if "path" in v]
    return sum((output / p).exists() for p in wanted), len(wanted)


def reference_build(copy: Path, output: Path, overrides: dict[str, Any]) -> None:
    """Plain Pelican, as its Makefile runs it (`pelican content -s pelicanconf.py`)."""
    # LOG_FILTER is how a Cadence build accepts a known problem; Pelican only logs it.
    extra = [f"{k}={json.dumps(v)}" for k, v in overrides.items() if k != "LOG_FILTER"]
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"]
    command += ["-o", str(output), "--ignore-cache", "-q"]
    if extra:
        command += ["-e", *extra]
    subprocess.run(command, cwd=copy, check=False, capture_output=True, text=True)


def cadence_build(copy: Path, output: Path, overrides: dict[str, Any], strict: bool) -> Report:
    """`cadence build -s pelicanconf.py` in the blog's folder, as a writer runs it."""
    report = Report("pelicanconf.py")
    with contextlib.chdir(copy):
        try:
            build("pelicanconf.py", output, overrides, post_steps=[], strict=strict, report=report)
        except UserError as error:
            report.failure = error.messages  # type: ignore[attr-defined]
    return report


def sweep_blog(blog: Blog, source: Path, work: Path) -> dict[str, Any]:
    copy = work / blog.folder
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git"))
    row: dict[str, Any] = {"blog": blog, "commit": (source / ".source_commit").read_text()[:8]}
    started = time.monotonic()
    reference, first, second, strict = (work / f"{blog.folder}.{n}" for n in "rabs")
    for folder in (reference, first, second, strict):
        shutil.rmtree(folder, ignore_errors=True)
    reference_build(copy, reference, blog.overrides)
    report = cadence_build(copy, first, blog.overrides, strict=False)
    row["errors"] = getattr(report, "failure", [])
    row["notices"], row["infos"] = report.notices, report.infos
    built = first.is_dir()
    row["built"] = built
    siteurl = _siteurl(copy, blog.overrides)
    row["reference_pages"] = len(html_pages(reference))
    if built:
        row["missing"] = sorted(html_pages(reference) - html_pages(first))
        row["links"] = link_report(first, siteurl)
        row["reference_links"] = link_report(reference, siteurl)
        row["extra"] = extra_files(copy / "pelicanconf.py", first, blog.overrides)
    with contextlib.chdir(copy):
        plan = plan_fixes("pelicanconf.py", blog.overrides)
        plan.write()
    row["fixed"] = (sum(plan.counts.values()), len(plan.counts))
    row["by_hand"] = plan.manual
    if built:
        cadence_build(copy, second, blog.overrides, strict=False)
        row["same_html"] = second.is_dir() and all(
            (first / p).read_bytes() == (second / p).read_bytes() for p in html_pages(first)
        )
    after = cadence_build(copy, strict, blog.overrides, strict=True)
    row["strict"] = getattr(after, "failure", [])
    row["strict_notices"] = after.notices
    row["seconds"] = time.monotonic() - started
    return row


def _siteurl(copy: Path, overrides: dict[str, Any]) -> str:
    from pelican.settings import read_settings

    return str(read_settings(str(copy / "pelicanconf.py"), override=dict(overrides))["SITEURL"])


def init_check(source: Path, work: Path) -> dict[str, Any]:
    """`cadence init` on a fresh copy, then the fixture's release data: the blog and
    its release notes."""
    copy = work / f"{source.name}.init"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git"))
    before = {p: p.read_bytes() for p in (copy / "content").rglob("*") if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "cadence.cli", "init"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
    )
    plain = work / f"{source.name}.init-plain"
    shutil.rmtree(plain, ignore_errors=True)
    no_data = cadence_build(copy, plain, {}, strict=False)
    fixture = ROOT / "tests" / "fixtures" / "minimal" / "data"
    shutil.copytree(fixture, copy / "data", dirs_exist_ok=True)
    output = work / f"{source.name}.init-site"
    shutil.rmtree(output, ignore_errors=True)
    report = cadence_build(copy, output, {"CADENCE_TODAY": datetime.date(2026, 1, 1)}, False)
    notes = sorted(
        p.parent.relative_to(output).as_posix()
        for p in (output / "release-notes").rglob("index.html")
        if p.parent != output / "release-notes"
    )
    return {
        "init_output": result.stdout.splitlines(),
        "init_rc": result.returncode,
        "content_untouched": all(p.read_bytes() == b for p, b in before.items()),
        "plain_notices": no_data.notices,
        "errors": getattr(report, "failure", []),
        "pages": {
            url: (output / url / "index.html").exists()
            for url in ("release-notes", "series/alpha", "projects/nova", "schedule", "subscribe")
        },
        "notes": notes,
        "blog_pages": len(html_pages(plain)),
        "site_pages": len(html_pages(output)),
    }


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| blog | commit | shape | settings given | pages (plain Pelican) | missing | "
        "errors | notices | info | markers left | broken links, images (plain Pelican) | "
        "extra files | `fix --write` | same HTML after fix | `--strict` |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- "
        "| --- | --- |",
    ]
    for r in rows:
        blog = r["blog"]
        given = ", ".join(f"`{k}`" for k in blog.overrides) or "none"
        if r["built"]:
            markers, broken, images = r["links"]
            _, ref_broken, ref_images = r["reference_links"]
            links = f"{broken}, {images} ({ref_broken}, {ref_images})"
            extra = "{}/{}".format(*r["extra"])
            missing = str(len(r["missing"]))
            same = "yes" if r["same_html"] else "**no**"
        else:
            markers, links, extra, missing, same = "–", "–", "–", "–", "–"
        fixed = "{} forms in {} files".format(*r["fixed"]) if r["fixed"][0] else "nothing to fix"
        strict = "passes" if not r["strict"] else f"fails: {len(r['strict'])} errors"
        lines.append(
            f"| {blog.folder.replace('__', '/')} | {r['commit']} | {_cell(blog.shape)} | {given} | "
            f"{r['reference_pages']} | {missing} | {len(r['errors'])} | {len(r['notices'])} | "
            f"{len(r['infos'])} | {markers} | {links} | {extra} | {fixed} | {same} | {strict} |"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    """Inline code that may itself hold backticks."""
    return f"`` {text} ``"


def details(rows: list[dict[str, Any]], init: dict[str, Any]) -> str:
    out = []
    for r in rows:
        blog = r["blog"]
        out.append(
            f"\n**{blog.folder.replace('__', '/')}**" + (f" ({blog.why})" if blog.why else "")
        )
        for label, items, shown in (
            ("errors", r["errors"], 4),
            ("notices", r["notices"], 2),
            ("info", r["infos"], 2),
            ("by hand after `fix`", r["by_hand"], 4),
            ("`--strict` after `fix`", r["strict"], 4),
        ):
            if items:
                out.append(f"- {label}:")
                out += [f"  - {_code(item)}" for item in items[:shown]]
                if len(items) > shown:
                    out.append(f"  - ... {len(items) - shown} more")
    out.append(
        "\n**`cadence init` on getpelican/pelican-blog**, then `tests/fixtures/minimal/data`:"
    )
    out.append(
        f"- init exit status {init['init_rc']}; content untouched: {init['content_untouched']}"
    )
    out += [f"  - {_code(line)}" for line in init["init_output"]]
    out.append(f"- before data: notices {init['plain_notices'] or 'none'}")
    pages = ", ".join(f"`{u}/` {'yes' if ok else '**missing**'}" for u, ok in init["pages"].items())
    out.append(f"- with data: errors {init['errors'] or 'none'}; pages: {pages}")
    out.append(
        f"- release-note posts: {', '.join(f'`{n}/`' for n in init['notes'])}; "
        f"{init['blog_pages']} HTML pages before the data, {init['site_pages']} after"
    )
    return "\n".join(out) + "\n"


START, END = "<!-- sweep -->", "<!-- /sweep -->"


def write_results(path: Path, results: str) -> None:
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    path.write_text(f"{before}{START}\n{results}{END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blogs", type=Path, required=True, help="folder of local checkouts")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cadence-pelican-blogs"))
    parser.add_argument("--only", action="append", default=[], help="a blog folder name")
    parser.add_argument("--write", action="store_true", help="update docs/migrating.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for blog in BLOGS:
        if args.only and blog.folder not in args.only:
            continue
        source = args.blogs / blog.folder
        if not source.is_dir():
            print(f"skipped {blog.folder}: no checkout in {args.blogs}", file=sys.stderr)
            continue
        rows.append(sweep_blog(blog, source, args.work))
        print(f"{blog.folder}: {rows[-1]['seconds']:.1f} s", file=sys.stderr)
    init = init_check(args.blogs / BLOGS[0].folder, args.work)
    results = (
        f"Measured {datetime.date.today().isoformat()} with Pelican 4.12; command: "
        f"`python bench/pelican_blogs.py --blogs <checkouts>`.\n\n"
        + table(rows)
        + details(rows, init)
    )
    print(results)
    if args.write:
        write_results(ROOT / "docs" / "migrating.md", results)


if __name__ == "__main__":
    main()
