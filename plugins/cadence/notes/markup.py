"""Markdown from data (intros, descriptions), rendered and then sanitised.

Data comes from trackers where anyone can type; after rendering, nh3 keeps only
harmless tags and http(s) or relative links.
"""

from __future__ import annotations

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
