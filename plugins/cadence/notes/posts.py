"""What a generated post is: the typed contract other plugins (feeds, checks) read.

A generated post is a Pelican `Article` (so categories, tags, archives and feeds
treat it like a hand-written one) of the subclass `GeneratedArticle`, which carries
a `GeneratedPost` describing where it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from pelican.contents import Article

PostKind = Literal["release-note", "freeze-report"]
POST_KINDS: tuple[str, ...] = get_args(PostKind)

#: The lists of Pelican's generators that hold content a writer wrote.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)

#: How each kind is labelled in lists and on the post.
LABELS: dict[str, str] = {"release-note": "Release notes", "freeze-report": "Freeze report"}


@dataclass(frozen=True)
class GeneratedPost:
    kind: PostKind
    series: str
    milestone: str
    #: the file a person edits to change the post: its companion Markdown, or the data file
    source: str | None

    @property
    def key(self) -> str:
        """Permanent identity, used in feed ids: '<series>/<milestone>/<kind>'."""
        return f"{self.series}/{self.milestone}/{self.kind}"

    @property
    def label(self) -> str:
        return LABELS[self.kind]


class GeneratedArticle(Article):
    """An Article made from release data."""

    generated: GeneratedPost

    def __init__(self, *args: Any, generated: GeneratedPost, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.generated = generated


def generated(content: Any) -> GeneratedPost | None:
    """The generated post behind a piece of content, None for hand-written content."""
    return content.generated if isinstance(content, GeneratedArticle) else None


def source_label(content: Any) -> str:
    """Where a post comes from, as its writer sees it from the project folder:
    content/2011/x.md, or for a generated post its companion or data file."""
    if content.source_path:
        base = Path(content.settings["PATH"]).resolve().parent
        try:
            return Path(content.source_path).resolve().relative_to(base).as_posix()
        except ValueError:
            return str(content.source_path)
    post = generated(content)
    return (post and post.source) or content.title


def metadata_line(content: Any, key: str) -> int | None:
    """The line of a metadata field (`Save_as:`, `:save_as:`) in a post's source."""
    if not content.source_path:
        return None
    try:
        text = Path(content.source_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^:?{re.escape(key)}:", re.IGNORECASE)
    for number, line in enumerate(text.splitlines()[:100], 1):
        if pattern.match(line.strip()):
            return number
    return None


def source_of(content: Any, key: str) -> str:
    """'content/2011/x.md:4': the source and the line of one of its metadata fields."""
    line = metadata_line(content, key)
    return f"{source_label(content)}{f':{line}' if line else ''}"
