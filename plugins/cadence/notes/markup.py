"""Markdown from data (intros, descriptions), rendered and then sanitised.

Data comes from trackers where anyone can type; after rendering, nh3 keeps only
harmless tags and http(s) or relative links. The `Summary:` of a post, which
lists show as HTML, goes through the same sanitiser.
"""

from __future__ import annotations

from typing import Any

import markdown
import nh3

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text, output_format="html")
    return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes={"http", "https"},
        link_rel="nofollow noopener",
    )


def sanitise_summary(content: Any) -> None:
    """At content_object_init: a `Summary:` from a post's metadata is HTML that lists
    and feeds show as is; keep only what Markdown from data may hold. A summary
    Pelican cuts from the post itself is left alone: it is the post's own HTML."""
    metadata = getattr(content, "metadata", None)
    summary = metadata.get("summary") if isinstance(metadata, dict) else None
    if isinstance(summary, str):
        clean = sanitise(summary)
        metadata["summary"] = clean
        content._summary = clean  # Pelican's copy, written back when links are resolved
