"""Walk every href/src of a built site and report internal ones that do not resolve."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def broken_links(output: Path, siteurl: str = "") -> list[str]:
    broken = []
    ids: dict[Path, set[str]] = {}
    for html in sorted(output.rglob("*.html")):
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in doc.find_all(href=True) + doc.find_all(src=True):
            link = tag.get("href") or tag.get("src")
            problem = _check(output, html, link, siteurl, ids)
            if problem:
                broken.append(f"{html.relative_to(output)}: {link}: {problem}")
    return broken


def _check(
    output: Path, page: Path, link: str, siteurl: str, ids: dict[Path, set[str]]
) -> str | None:
    if siteurl and link.startswith(siteurl):
        link = link[len(siteurl) :] or "/"
    parts = urlsplit(link)
    if parts.scheme in {"http", "https", "mailto"} or parts.netloc:
        return None
    if parts.scheme:
        return f"unexpected scheme {parts.scheme}"
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = output / path.lstrip("/")
    else:
        target = page.parent / path
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    if not target.exists():
        return "no such file"
    if parts.fragment and target.suffix == ".html":
        if target not in ids:
            doc = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            ids[target] = {t["id"] for t in doc.find_all(id=True)} | {
                t["name"] for t in doc.find_all("a", attrs={"name": True})
            }
        if parts.fragment not in ids[target]:
            return f"no element with id '{parts.fragment}'"
    return None
