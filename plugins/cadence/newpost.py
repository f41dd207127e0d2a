"""`cadence new-post`: start a Markdown post with complete metadata.

The Summary is a placeholder the content checks refuse until the writer replaces
it (drafts may keep it), so no post goes out with an empty or template summary.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from pelican.utils import slugify

from cadence.checks.lint import SUMMARY_PLACEHOLDER
from cadence.errors import UserError


def new_post(
    content: Path,
    title: str,
    *,
    category: str | None = None,
    tags: list[str] | None = None,
    author: str | None = None,
    draft: bool = False,
    date: str | None = None,
) -> Path:
    """Write content/<year>/<slug>.md and return its path; never overwrite a file."""
    title = " ".join(title.split())
    if not title:
        raise UserError("new-post: the title is empty")
    when = _parse_date(date)
    slug = slugify(
        title,
        regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")],
    )
    if not slug:
        raise UserError(f"new-post: cannot make a file name from the title '{title}'")
    path = content / f"{when:%Y}" / f"{slug}.md"
    lines = [
        f"Title: {title}",
        f"Date: {when:%Y-%m-%d %H:%M}",
        f"Category: {category or 'Notes'}",
        f"Tags: {', '.join(tags or [])}",
        f"Slug: {slug}",
    ]
    if author:
        lines.append(f"Authors: {author}")
    lines.append(f"Summary: {SUMMARY_PLACEHOLDER}")
    lines.append(f"Status: {'draft' if draft else 'published'}")
    body = "\n".join(lines) + "\n\nWrite the post here.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(body)
    except FileExistsError:
        raise UserError(
            f"{path}: already exists; not overwriting it (choose another title or edit that file)"
        ) from None
    return path


def _parse_date(text: str | None) -> datetime.datetime:
    if text is None:
        return datetime.datetime.now().replace(second=0, microsecond=0)
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise UserError(f"new-post: --date: expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM', got '{text}'")
