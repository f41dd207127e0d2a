"""Synthetic but realistic inputs for benchmarks: articles, series, blueprints.

    python bench/generate.py --size medium bench/work/medium

writes <target>/cadence (content/, data/, settings) and <target>/baseline: the
same articles plus one plain Markdown post in place of each page Cadence would
generate, for plain Pelican with its default settings.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
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


SIZES = {
    "tiny": Size(articles=8, series=2, projects=2, milestones=3, blueprints=4),
    "demo": Size(articles=14, series=4, projects=4, milestones=4, blueprints=8),
    "medium": Size(articles=500, series=10, projects=10, milestones=4, blueprints=50),
    "large": Size(articles=2000, series=20, projects=15, milestones=4, blueprints=67),
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


def article(rng: random.Random, i: int, day: datetime.datetime, links: list[str]) -> str:
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
            file.write_text(article(rng, i, day, links))
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
