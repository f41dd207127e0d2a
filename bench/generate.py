"""Synthetic but realistic inputs for benchmarks: articles, series, blueprints.

    python bench/generate.py --size medium bench/work/medium

writes <target>/cadence (content/, data/, settings) and <target>/baseline: the
same articles plus one plain Markdown post in place of each page Cadence would
generate, for plain Pelican with its default settings.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Size:
    articles: int
    series: int
    projects: int
    milestones: int  # delivery milestones per series (plus RC and final)
    blueprints: int  # per project per series
    #: a blog: the repository's demo data/ instead of synthetic series, and baselines
    #: (plain Pelican with feeds and pagination, Hugo) on exactly the same posts
    blog: bool = False


SIZES = {
    "tiny": Size(articles=8, series=2, projects=2, milestones=3, blueprints=4),
    "demo": Size(articles=14, series=4, projects=4, milestones=4, blueprints=8),
    "medium": Size(articles=500, series=10, projects=10, milestones=4, blueprints=50),
    "large": Size(articles=2000, series=20, projects=15, milestones=4, blueprints=67),
    "blog": Size(articles=1000, series=0, projects=0, milestones=0, blueprints=0, blog=True),
}

WORDS = (
    "release milestone freeze blueprint review gate branch candidate schedule feature "
    "summit project cycle stable backport deprecation upgrade tempest gate queue core "
    "reviewer patch merge spec priority deadline exception regression bug triage"
).split()


TAGS = ["nova", "glance", "freeze", "summit", "stable", "gate"]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article(
    rng: random.Random, i: int, day: datetime.datetime, links: list[str], long: bool = False
) -> str:
    """A post with headings, a list, a code block and links: about 300 words, or
    about 400 when `long`."""
    extra = [paragraph(rng, 100), ""] if long else []
    parts = [
        f"Title: Notes on the release process, part {i}",
        f"Date: {day:%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(['Process', 'Governance', 'Summits', 'Releases'])}",
        f"Tags: {', '.join(rng.sample(TAGS, 2))}",
        f"Slug: notes-{i}",
        f"Summary: {paragraph(rng, 20)}",
        "",
        paragraph(rng, 80),
        "",
        "## What changed",
        "",
        *[f"- {paragraph(rng, 8)}" for _ in range(5)],
        "",
        paragraph(rng, 90),
        "",
        *extra,
        "```bash",
        "git checkout -b stable/example origin/master",
        "tox -e py27",
        "```",
        "",
        "## Links",
        "",
        *[f"- [{link}]({{filename}}/{link})" for link in links],
        "",
        paragraph(rng, 60),
        "",
    ]
    return "\n".join(parts)


def generate(target: Path, size: Size, seed: int = 2011) -> dict[str, int]:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    cadence, baseline = target / "cadence", target / "baseline"
    start = datetime.datetime(2010, 10, 1, 9, 0)
    paths = []
    for i in range(size.articles):
        day = start + datetime.timedelta(hours=37 * i)
        paths.append(f"{day:%Y}/notes-{i}.md")
    for i, path in enumerate(paths):
        links = rng.sample(paths[:i], min(2, i))
        day = start + datetime.timedelta(hours=37 * i)
        for root in (cadence, baseline):
            file = root / "content" / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(article(rng, i, day, links, long=size.blog))
    if size.blog:
        return blog_data(target, size)
    projects = [f"project{p:02d}" for p in range(size.projects)]
    data = cadence / "data"
    (data / "series").mkdir(parents=True)
    (data / "projects.yaml").write_text(
        "projects:\n" + "".join(f"  {p}:\n    title: Project {p[-2:]}\n" for p in projects)
    )
    generated_pages = 1 + 1 + size.projects  # schedule, notes index, project pages
    blueprint_count = 0
    for s in range(size.series):
        name = f"series{s:02d}"
        first = datetime.date(2010, 11, 1) + datetime.timedelta(days=182 * s)
        milestones = []
        for m in range(size.milestones):
            kind = "freeze" if m == size.milestones - 1 else "milestone"
            milestones.append(
                (f"{name}-{m + 1}", kind, first + datetime.timedelta(days=35 * (m + 1)))
            )
        milestones.append(
            (
                f"{name}-rc1",
                "release-candidate",
                first + datetime.timedelta(days=35 * size.milestones + 14),
            )
        )
        final = first + datetime.timedelta(days=35 * size.milestones + 28)
        milestones.append((f"{name}-final", "final", final))
        lines = [
            f"name: {name}",
            f"title: Series {s:02d}",
            f'version: "{2010 + s // 2}.{s % 2 + 1}"',
            "status: released",
            f"release_date: {final}",
            f"projects: [{', '.join(projects)}]",
            "milestones:",
        ]
        for mname, kind, day in milestones:
            lines += [
                f"  - name: {mname}",
                f"    kind: {kind}",
                f"    date: {day}",
                "    released: true",
            ]
        (data / "series" / f"{name}.yaml").write_text("\n".join(lines) + "\n")
        generated_pages += 1 + len(milestones) + 1  # series page, notes, one freeze report
        delivery = [m for m in milestones]
        folder = data / "blueprints" / name
        folder.mkdir(parents=True)
        for project in projects:
            out = ["blueprints:"]
            for b in range(size.blueprints):
                target_m = rng.choice(delivery[:-1])[0]
                status = rng.choices(["implemented", "deferred", "in-progress"], [8, 1, 1])[0]
                out += [
                    f"  bp-{project}-{b:03d}:",
                    f"    title: {paragraph(rng, 5)[:-1]}",
                    f"    summary: {paragraph(rng, 18)}",
                    f"    priority: {rng.choice(['essential', 'high', 'medium', 'low'])}",
                    f"    status: {status}",
                    f"    targeted: {target_m}",
                    f"    assignee: dev{rng.randrange(200):03d}",
                ]
                if status == "implemented":
                    out.append(f"    completed: {rng.choice([target_m, rng.choice(delivery)[0]])}")
                blueprint_count += 1
            (folder / f"{project}.yaml").write_text("\n".join(out) + "\n")
    # The baseline gets one plain post per generated page, of a similar length.
    for g in range(generated_pages):
        day = start + datetime.timedelta(hours=41 * g + 5)
        file = baseline / "content" / "generated" / f"page-{g}.md"
        file.parent.mkdir(parents=True, exist_ok=True)
        body = "\n".join(
            f"- [{paragraph(rng, 5)}](https://example.org/{g}/{k}) (high, dev{k})"
            for k in range(40)
        )
        file.write_text(f"Title: Generated page {g}\nDate: {day:%Y-%m-%d %H:%M}\n\n{body}\n")
    write_settings(cadence, baseline)
    return {
        "articles": size.articles,
        "series": size.series,
        "projects": size.projects,
        "blueprints": blueprint_count,
        "generated_pages": generated_pages,
    }


def blog_data(target: Path, size: Size) -> dict[str, int]:
    """The `blog` size: the demo's release data beside the posts; the Pelican baseline
    with feeds, categories and pagination of 10; a Hugo site of the same posts."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from cadence.data import load

    cadence, baseline = target / "cadence", target / "baseline"
    shutil.copytree(ROOT / "data", cadence / "data")
    data = load(cadence / "data")
    notes = sum(
        1 + m.is_freeze
        for s in data.series
        for m in s.milestones
        if m.released and m.kind in ("milestone", "freeze", "release-candidate", "final")
    )
    write_settings(cadence, baseline)
    with (baseline / "baselineconf.py").open("a") as settings:
        settings.write(
            "# As a blog: feeds, categories and pagination, like the Cadence build.\n"
            "FEED_ALL_ATOM = 'feeds/all.atom.xml'\nFEED_ALL_RSS = 'feeds/all.rss.xml'\n"
            "CATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\nDEFAULT_PAGINATION = 10\n"
            "SITEURL = 'http://127.0.0.1:8000'\n"
        )
    hugo_site(baseline / "content", target / "hugo")
    return {
        "articles": size.articles,
        "series": len(data.series),
        "projects": len(data.projects),
        "blueprints": len(data.blueprints),
        "generated_pages": notes + len(data.series) + len(data.projects) + 2,
    }


_METADATA = re.compile(r"^(\w+): (.*)$")


def hugo_site(content: Path, site: Path) -> None:
    """The same posts as a Hugo site with minimal layouts equivalent to the baseline's:
    a paginated home, a page per post, category and tag lists, RSS."""
    for source in sorted(content.rglob("*.md")):
        head, _, body = source.read_text().partition("\n\n")
        meta = dict(m.groups() for line in head.splitlines() if (m := _METADATA.match(line)))
        front = {
            "title": meta["Title"],
            "date": meta["Date"].replace(" ", "T") + ":00Z",
            "slug": meta["Slug"],
            "summary": meta["Summary"],
            "categories": [meta["Category"]],
            "tags": [t.strip() for t in meta["Tags"].split(",")],
        }
        body = re.sub(r"\{filename\}/\d{4}/(notes-\d+)\.md", r"/posts/\1/", body)
        target = site / "content" / "posts" / f"{meta['Slug']}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(front, indent=1) + "\n\n" + body)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(
        'baseURL = "http://127.0.0.1:8000/"\ntitle = "Baseline"\n'
        "[pagination]\npagerSize = 10\n[taxonomies]\ncategory = 'categories'\ntag = 'tags'\n"
    )
    (layouts / "baseof.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<title>{{ .Title }}</title>{{ with .OutputFormats.Get "rss" }}'
        '<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}'
        '</head><body><nav><a href="/">Home</a></nav>{{ block "main" . }}{{ end }}'
        "</body></html>\n"
    )
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}'
        '</time>{{ .Content }}<p>{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">'
        "{{ . }}</a> {{ end }}</p></article>{{ end }}\n"
    )
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}'
        '{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
        '{{ .Summary }}</article>{{ end }}{{ with $p.Next }}<a href="{{ .URL }}">Older</a>'
        "{{ end }}{{ end }}\n"
    )
    (layouts / "terms.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="'
        '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    )
    (layouts / "index.html").write_text(
        '{{ define "main" }}{{ $p := .Paginate (where .Site.RegularPages "Type" "posts") }}'
        '{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
        "{{ .Summary }}</article>{{ end }}{{ end }}\n"
    )


def write_settings(cadence: Path, baseline: Path) -> None:
    (cadence / "benchconf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "CADENCE_TODAY = __import__('datetime').date(2026, 1, 1)\n"
    )
    (baseline / "baselineconf.py").write_text(
        "# Plain Pelican 4.12 with its default settings.\nPATH = 'content'\nTIMEZONE = 'UTC'\n"
        "SITENAME = 'Baseline'\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    args = parser.parse_args()
    print(generate(args.target, SIZES[args.size]))


if __name__ == "__main__":
    main()
