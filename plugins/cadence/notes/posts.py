"""What a generated post is: the typed contract other plugins (feeds, checks) read.

A generated post is a Pelican `Article` (so categories, tags, archives and feeds
treat it like a hand-written one) of the subclass `GeneratedArticle`, which carries
a `GeneratedPost` describing where it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from pelican.contents import Article

PostKind = Literal["release-note", "freeze-report"]
POST_KINDS: tuple[str, ...] = get_args(PostKind)

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
