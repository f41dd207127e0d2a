"""reStructuredText fragments (openstack/releases cycle highlights) -> Markdown.

docutils parses the fragment (with file inclusion and raw HTML turned off); the
tree is written out as the Markdown that data/ holds everywhere else, so a
highlight can be edited like any intro and is rendered and sanitised like one.
Only http(s) links are kept as links; anything docutils warns about is returned
with its line so the importer can report it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docutils import nodes
from docutils.core import publish_doctree

_SETTINGS = {
    "file_insertion_enabled": False,  # `.. include::` must not read local files
    "raw_enabled": False,  # `.. raw:: html` must not pass HTML through
    "_disable_config": True,
    "report_level": 2,  # warnings and errors become system_message nodes
    "halt_level": 5,  # never stop: a broken fragment still gives its text
    "input_encoding": "unicode",
    "syntax_highlight": "none",
}
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]])")
_BLOCK_START = re.compile(r"^(#|>|[-+*]\s|\d+[.)]\s)")
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


@dataclass
class Converted:
    markdown: str
    #: (line within the fragment, message) for each docutils warning or error
    warnings: list[tuple[int, str]] = field(default_factory=list)


def to_markdown(source: str) -> Converted:
    stream = io.StringIO()
    tree = publish_doctree(source, settings_overrides={**_SETTINGS, "warning_stream": stream})
    warnings = [
        (message.get("line") or 1, _spaces(message.children[0].astext()).strip())
        for message in tree.findall(nodes.system_message)
        if message.children
    ]
    text = _Writer().blocks(tree.children).strip()
    return Converted(text, warnings)


class _Writer:
    def blocks(self, children: list[nodes.Node]) -> str:
        parts = [self.block(child) for child in children]
        return "\n\n".join(part for part in parts if part)

    def block(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.system_message | nodes.comment | nodes.target):
            return ""
        if isinstance(node, nodes.paragraph):
            return _block_safe(self.inline(node))
        if isinstance(node, nodes.bullet_list):
            return "\n".join(self.item(item, "- ") for item in node.children)
        if isinstance(node, nodes.enumerated_list):
            return "\n".join(
                self.item(item, f"{number}. ") for number, item in enumerate(node.children, 1)
            )
        if isinstance(node, nodes.literal_block):
            return "\n".join("    " + line for line in node.astext().splitlines())
        if isinstance(node, nodes.block_quote):
            inner = self.blocks(node.children)
            return "\n".join(("> " + line).rstrip() for line in inner.splitlines())
        if isinstance(node, nodes.line_block):
            return "  \n".join(_escape(line.astext()) for line in node.children)
        if isinstance(node, nodes.Element) and any(
            isinstance(child, nodes.Structural | nodes.Body) for child in node.children
        ):
            return self.blocks(node.children)  # sections, definition lists...: their text
        return _block_safe(_escape(_spaces(node.astext())))

    def item(self, item: nodes.Node, marker: str) -> str:
        inner = self.blocks(item.children) if isinstance(item, nodes.Element) else ""
        lines = inner.splitlines() or [""]
        pad = " " * 4
        return "\n".join([marker + lines[0]] + [pad + line if line else "" for line in lines[1:]])

    def inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return _escape(_spaces(str(node)))
        if isinstance(node, nodes.system_message | nodes.target):
            return ""
        if isinstance(node, nodes.literal | nodes.title_reference):
            return _code(_spaces(node.astext()))
        if isinstance(node, nodes.emphasis):
            return f"*{self.children(node)}*"
        if isinstance(node, nodes.strong):
            return f"**{self.children(node)}**"
        if isinstance(node, nodes.reference):
            text = self.children(node)
            url = node.get("refuri", "")
            if _URL.match(url):
                return f"[{text}]({url})"
            return text
        if isinstance(node, nodes.Element):
            return self.children(node)
        return _escape(_spaces(node.astext()))

    def children(self, node: nodes.Element) -> str:
        return "".join(self.inline(child) for child in node.children)


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _escape(text: str) -> str:
    """Text that Markdown shows as written: its markup characters escaped, '<' as
    an entity (Markdown would take it for HTML)."""
    return _INLINE_SPECIALS.sub(r"\\\1", text).replace("<", "&lt;")


def _block_safe(text: str) -> str:
    """A paragraph that does not start like a heading, a quote or a list."""
    text = text.strip()
    return "\\" + text if _BLOCK_START.match(text) else text


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"
