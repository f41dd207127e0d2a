"""Time builds of sites with thousands of tags: does the build stay linear?

    python bench/tags.py --tags 500 --tags 1000 --tags 2000 [--shape one-post|spread]

Two shapes of taxonomy, each built cold (no cache) in a whole process:

- `one-post`: one post carries every tag (the worst case for feeds: the post is
  in every tag feed, with every tag as a category), plus ten ordinary posts;
- `spread`: a blog with many tags and posts of a few tags each (every post has
  five tags, every tag is on about three posts).

Prints one line per build: shape, tags, posts, wall and CPU seconds (CPU time is
steadier on a busy machine), output megabytes.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tag(i: int) -> str:
    return f"tag-{i:05d}"


def post(i: int, tags: list[str]) -> str:
    return (
        f"Title: Post {i}\nDate: 2020-01-01 {i // 60 % 24:02d}:{i % 60:02d}\n"
        f"Category: Notes\nTags: {', '.join(tags)}\nSlug: post-{i}\n\n"
        f"Post {i}: a paragraph of text.\n"
    )


def generate(target: Path, tags: int, shape: str) -> int:
    """Write content/ and settings for `tags` tags; return the number of posts."""
    if target.exists():
        shutil.rmtree(target)
    folder = target / "content" / "2020"
    folder.mkdir(parents=True)
    (target / "data").mkdir()
    if shape == "one-post":
        bodies = [post(0, [tag(t) for t in range(tags)])]
        bodies += [post(i, [tag(i), tag(i + 1)]) for i in range(1, 11)]
    else:
        count = tags * 3 // 5
        bodies = [post(i, [tag((i * 5 + k) % tags) for k in range(5)]) for i in range(count)]
    for i, body in enumerate(bodies):
        (folder / f"post-{i}.md").write_text(body)
    (target / "tagsconf.py").write_text(
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}).read())\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        "CADENCE_TODAY = __import__('datetime').date(2026, 1, 1)\n"
        "CADENCE_SEARCH = False\n"
    )
    return len(bodies)


def measure(target: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of a cold build (no cache), and megabytes written."""
    shutil.rmtree(target / "cache", ignore_errors=True)
    shutil.rmtree(target / "output", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cadence.cli", "build", "-s", "tagsconf.py"],
        cwd=target,
        check=True,
        stdout=subprocess.DEVNULL,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    size = sum(p.stat().st_size for p in (target / "output").rglob("*") if p.is_file())
    return wall, cpu, size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, action="append", required=True)
    parser.add_argument("--shape", choices=("one-post", "spread"), default="one-post")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "tags")
    args = parser.parse_args()
    for count in args.tags:
        target = args.work / f"{args.shape}-{count}"
        posts = generate(target, count, args.shape)
        wall, cpu, megabytes = measure(target)
        print(
            f"{args.shape}: {count} tags, {posts} posts: {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"{megabytes:.1f} MB"
        )


if __name__ == "__main__":
    main()
