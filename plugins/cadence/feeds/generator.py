"""Pelican content -> feed models -> files; the Subscribe page; the calendars.

Entry identity (docs/feeds.md): a tag: URI from CADENCE_FEED_TAG_AUTHORITY and a
permanent key: for generated notes "release-notes/<series>/<milestone>/<kind>",
for articles a `Feed_id:` metadata field if set, else "post/<first publication
date and time>". Neither URLs, titles nor slugs take part, so an entry keeps its
id when it is renamed, regenerated or the site moves.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import lxml.html
from markupsafe import escape
from pelican.generators import Generator
from pelican.utils import slugify

from cadence import theme
from cadence.cache import Cache
from cadence.errors import UserError
from cadence.feeds import calendars, writers
from cadence.feeds.model import Entry, Feed
from cadence.feeds.output import KeptFiles, KeptLinks, feed_keys, write_feeds
from cadence.feeds.settings import FeedSettings
from cadence.notes.posts import generated, source_label, source_of
from cadence.notes.site import CadenceSite
from cadence.settings import save_as

logger = logging.getLogger(__name__)

#: Web feed readers that subscribe from a link carrying the feed's address.
READERS = (
    ("Feedly", "https://feedly.com/i/subscription/feed/{url}"),
    ("Inoreader", "https://www.inoreader.com/?add_feed={url}"),
    ("NewsBlur", "https://www.newsblur.com/?url={url}"),
    ("The Old Reader", "https://theoldreader.com/feeds/subscribe?url={url}"),
)
_FORMAT_NAMES = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}
_FEED_KINDS = {"atom": "Atom feed", "rss": "RSS feed", "json": "JSON Feed"}
#: Subscribe page groups shown folded: there can be many of them.
_FOLDED = ("Categories", "Tags", "Authors")

_PELICAN_FEEDS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)


def disable_pelican_feeds(pelican: Any) -> None:
    """Cadence writes every feed; Pelican's own writer must not write a second set."""
    for key in _PELICAN_FEEDS:
        pelican.settings[key] = None


def get_generators(pelican: Any) -> type[Generator]:
    return FeedsGenerator


class FeedLinks:
    """For templates: the feeds of a page, as (title, href) pairs, Atom first."""

    def __init__(self, settings: FeedSettings, slug: Any, context: dict[str, Any]) -> None:
        self.s = settings
        self._slug = slug
        self._context = context

    def _links(self, kind: str, name: str, slug: str | None = None) -> list[tuple[str, str, str]]:
        base = self.s.paths[kind].format(slug=slug or "")
        types = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
        return [
            (
                f"{name} ({fmt.upper() if fmt == 'rss' else 'Atom'})",
                f"{self.s.site_url}/{base}{suffix}",
                types[fmt],
            )
            for fmt, suffix in self.s.formats.items()
        ]

    def site(self) -> list[tuple[str, str, str]]:
        return self._links("site", "All posts")

    def notes(self) -> list[tuple[str, str, str]]:
        return self._links("notes", "Release notes")

    def category(self, category: Any) -> list[tuple[str, str, str]]:
        return self._links("category", f"Category {category}", category.slug)

    def tag(self, tag: Any) -> list[tuple[str, str, str]]:
        return self._links("tag", f"Tag {tag}", tag.slug)

    def author(self, author: Any) -> list[tuple[str, str, str]]:
        return self._links("author", f"Posts by {author}", author.slug)

    def project(self, name: str, title: str | None = None) -> list[tuple[str, str, str]]:
        return self._links(
            "project", f"{title or name}: release notes and articles", self._slug(name)
        )

    def series(self, name: str, title: str | None = None) -> list[tuple[str, str, str]]:
        return self._links("series", f"{title or name} series", self._slug(name))

    def calendar(self, series: str | None = None) -> str:
        """Absolute URL of the schedule as iCalendar: all series, or one."""
        paths = self.s.calendar_paths
        path = paths["all"] if series is None else paths["series"].format(slug=series)
        return f"{self.s.site_url}/{path}"

    def page(self, kind: str, name: str | None = None) -> str:
        """Site-relative URL of a feed's page for people (what it is, its address to
        copy, reader links): where visible feed links point. `name` is a project or
        series name, or the slug of a category, tag or author."""
        slug = self._slug(name) if kind in ("project", "series") and name else name
        return self.s.page_url(kind, slug)

    def _of_article(self, article: Any) -> list[tuple[str, str, str | None]]:
        """(kind, name, slug) of an article's feeds: its category, projects, series."""
        category = getattr(article, "category", None)
        found = [("category", f"Category {category}", category.slug)] if category else []
        cadence = CadenceSite.of(self._context)
        if cadence is not None:
            data = cadence.data
            for tag in getattr(article, "tags", []) or []:
                if tag.name in data.projects_by_name:
                    title = data.projects_by_name[tag.name].title
                    found.append(
                        ("project", f"{title}: release notes and articles", self._slug(tag.name))
                    )
                elif tag.name in data.series_by_name:
                    title = data.series_by_name[tag.name].title
                    found.append(("series", f"{title} series", self._slug(tag.name)))
        return found

    def for_article(self, article: Any) -> list[tuple[str, str, str]]:
        return [
            link
            for kind, name, slug in self._of_article(article)
            for link in self._links(kind, name, slug)
        ]

    def pages_for_article(self, article: Any) -> list[tuple[str, str]]:
        """(feed name, site-relative URL of its page) for the article's "Follow" line."""
        return [
            (name, self.s.page_url(kind, slug)) for kind, name, slug in self._of_article(article)
        ]


class FeedsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feed_settings = FeedSettings.from_pelican(self.settings)
        self.context["feeds"] = FeedLinks(self.feed_settings, self.slug, self.context)
        self.context["SUBSCRIBE_URL"] = self.feed_settings.subscribe_url
        self._specs: list[_Spec] | None = None

    def slug(self, name: str) -> str:
        return slugify(name, regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        s = self.feed_settings
        articles = self.context.get("articles", [])
        problems = self.problems()
        if problems:
            raise UserError(problems)
        cache = Cache.under(self.settings.get("CACHE_PATH"), "feeds", writers.CACHE_VERSION)
        links = KeptLinks(cache, feed_html)
        entries = {id(a): self.entry(a, links) for a in articles}
        links.save()
        feeds = self.feeds(entries)
        info = writers.FeedInfo(
            site_url=s.site_url,
            site_title=self.settings.get("SITENAME", ""),
            subtitle=self.settings.get("SITESUBTITLE"),
            language=self.settings.get("DEFAULT_LANG", "en"),
            icon=s.icon,
        )
        output = Path(self.output_path)
        previous = self.settings.get("CADENCE_PREVIOUS_OUTPUT")

        def write(path: Path, data: bytes) -> None:
            before = Path(previous) / path.relative_to(output) if previous else None
            write_if_changed(path, data, before)

        # Feeds whose key did not change are linked from the previous output; the
        # others are written by one worker per core (feeds/output.py).
        files = KeptFiles(cache, output, Path(previous) if previous else None)
        keys = feed_keys(feeds, info, cache)
        jobs = []
        for feed in feeds:
            for fmt, path in feed.paths:
                key = cache.key(fmt, keys[id(feed)])
                if not files.link(path, key):
                    jobs.append((fmt, feed, path, key))
                files.written[path] = key
        write_feeds(jobs, info, cache, lambda path, data: write(output / path, data))
        files.save()
        cadence = CadenceSite.of(self.context)
        calendar_of: dict[str, str] = {}
        if cadence is not None:
            calendars.write_all(cadence, s, output, write)
            links = self.context["feeds"]
            calendar_of["notes"] = links.calendar()
            for series in cadence.data.series:
                calendar_of[f"series:{series.name}"] = links.calendar(series.name)
        listings = [self.listing(feed, calendar_of.get(feed.key)) for feed in feeds]
        for listing in listings:
            self.write_page(writer, listing.feed.page, "cadence/feed", listing=listing)
        self.write_page(
            writer, s.subscribe_url, "cadence/subscribe", feed_groups=_grouped(listings)
        )

    def write_page(self, writer: Any, url: str, template: str, **values: Any) -> None:
        writer.write_file(
            save_as(url),
            theme.page_template(self, template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            page_url=url,
            **values,
        )

    def planned_outputs(self) -> Iterator[tuple[str, str, str]]:
        """(path, what it is, the setting that decides it) for every file written here."""
        s = self.feed_settings
        for spec in self.specs():
            for fmt, path in spec.paths:
                setting = "CADENCE_JSON_FEED" if fmt == "json" else "CADENCE_FEED_PATHS"
                yield path, f"the {_FEED_KINDS[fmt]} {spec.name!r}", setting
            yield save_as(spec.page), f"the page of the feed {spec.name!r}", "CADENCE_SUBSCRIBE_URL"
        cadence = CadenceSite.of(self.context)
        if cadence is not None:
            yield s.calendar_paths["all"], "the calendar of all series", "CADENCE_CALENDAR_PATHS"
            for series in cadence.data.series:
                path = s.calendar_paths["series"].format(slug=series.name)
                yield path, f"the calendar of series {series.name!r}", "CADENCE_CALENDAR_PATHS"
        yield save_as(s.subscribe_url), "the Subscribe page", "CADENCE_SUBSCRIBE_URL"

    def problems(self) -> list[str]:
        """Feed ids that XML cannot carry, or that two posts share."""
        problems = []
        seen: dict[str, Any] = {}
        for article in self.context.get("articles", []):
            custom = getattr(article, "feed_id", None)
            if isinstance(custom, str) and _CONTROL.search(custom):
                problems.append(
                    f"{source_of(article, 'feed_id')}: Feed_id: expected text without "
                    f"control characters, got {custom!r}"
                )
                continue
            entry_id = self.entry_id(article)
            if entry_id in seen:
                problems.append(
                    f"{source_label(article)}: feed id {entry_id} is also the id of "
                    f"{source_label(seen[entry_id])} "
                    "(both published at the same minute): add a 'Feed_id:' line to one of them"
                )
            seen.setdefault(entry_id, article)
        return problems

    def page_href(self, url: str) -> str:
        """A post's link on a page of the site: the page's own SITEURL, not the feeds'."""
        prefix = self.feed_settings.site_url + "/"
        if not url.startswith(prefix):
            return url
        return f"{self.settings.get('SITEURL', '')}/{url.removeprefix(prefix)}"

    def listing(self, feed: Feed, calendar: str | None) -> Listing:
        site_url = self.feed_settings.site_url
        addresses = tuple(
            Address(fmt, _FORMAT_NAMES[fmt], f"{site_url}/{path}") for fmt, path in feed.paths
        )
        atom = addresses[0].url
        return Listing(
            feed=feed,
            addresses=addresses,
            calendar=calendar,
            readers=tuple((name, link.format(url=quote(atom, safe=""))) for name, link in READERS),
            latest=tuple((e.title, self.page_href(e.url), e.published) for e in feed.entries[:10]),
        )

    # -- entries --------------------------------------------------------------

    def entry_id(self, article: Any) -> str:
        authority = self.feed_settings.tag_authority
        post = generated(article)
        if post is not None:
            return f"tag:{authority}:release-notes/{post.key}"
        custom = getattr(article, "feed_id", None)
        if custom:
            return custom if ":" in custom else f"tag:{authority}:{custom}"
        return f"tag:{authority}:post/{article.date:%Y-%m-%dT%H:%M}"

    def entry(self, article: Any, links: Callable[[str, str], str] | None = None) -> Entry:
        """The feed entry of a post; `links` prepares its HTML for feeds (feed_html)."""
        links = links or feed_html
        url = f"{self.feed_settings.site_url}/{article.url}"
        updated = getattr(article, "modified", None) or article.date
        return Entry(
            id=self.entry_id(article),
            title=article.title,
            url=url,
            content_html=links(article.content, url) if self.feed_settings.full_content else "",
            summary_html=links(article.summary or "", url),
            published=article.date,
            updated=max(updated, article.date),
            authors=tuple(str(a) for a in getattr(article, "authors", []) or []),
            categories=tuple([str(article.category)] if getattr(article, "category", None) else [])
            + tuple(sorted(str(t) for t in getattr(article, "tags", []) or [])),
        )

    # -- feeds ----------------------------------------------------------------

    def feeds(self, entries: dict[int, Entry]) -> list[Feed]:
        """Every feed, with its newest entries first (at most CADENCE_FEED_MAX_ITEMS)."""
        feeds = []
        for spec in self.specs():
            ordered = sorted(spec.articles, key=lambda a: (a.date, entries[id(a)].id), reverse=True)
            chosen = tuple(entries[id(a)] for a in ordered[: self.feed_settings.max_items])
            feeds.append(Feed(spec.key, spec.group, spec.name, spec.paths, chosen, page=spec.page))
        return feeds

    def specs(self) -> list[_Spec]:
        """What feeds there are and which posts each holds (made once per run)."""
        if self._specs is None:
            self._specs = self._make_specs()
        return self._specs

    def _make_specs(self) -> list[_Spec]:
        s = self.feed_settings
        articles = self.context.get("articles", [])

        def make(
            key: str,
            group: str,
            name: str,
            kind: str,
            slug: str | None,
            chosen: list[Any],
            with_json: bool = False,
        ) -> _Spec:
            base = s.paths[kind].format(slug=slug or "")
            paths = [(fmt, base + suffix) for fmt, suffix in s.formats.items()]
            if with_json and s.json_feed:
                paths.append(("json", s.json_feed))
            return _Spec(key, group, name, tuple(paths), chosen, s.page_url(kind, slug))

        specs = [make("site", "Site", "All posts", "site", None, articles, with_json=True)]
        cadence = CadenceSite.of(self.context)
        if cadence is not None:
            notes = [a for a in articles if generated(a)]
            specs.append(make("notes", "Release notes", "Release notes", "notes", None, notes))
            for project in cadence.data.projects:
                chosen = [a for a in articles if project.name in _tag_names(a)]
                specs.append(
                    make(
                        f"project:{project.name}",
                        "Projects",
                        f"{project.title}: release notes and articles",
                        "project",
                        self.slug(project.name),
                        chosen,
                    )
                )
            for series in cadence.data.series:
                chosen = [
                    a
                    for a in articles
                    if series.name in _tag_names(a)
                    or (generated(a) is not None and generated(a).series == series.name)
                ]
                specs.append(
                    make(
                        f"series:{series.name}",
                        "Series",
                        f"{series.title} series",
                        "series",
                        self.slug(series.name),
                        chosen,
                    )
                )
        for category, chosen in sorted(self.context.get("categories", []), key=lambda c: c[0].slug):
            specs.append(
                make(
                    f"category:{category.slug}",
                    "Categories",
                    f"Category {category}",
                    "category",
                    category.slug,
                    chosen,
                )
            )
        tags = self.context.get("tags", {})
        for tag, chosen in sorted(
            tags.items() if isinstance(tags, dict) else tags, key=lambda t: t[0].slug
        ):
            specs.append(make(f"tag:{tag.slug}", "Tags", f"Tag {tag}", "tag", tag.slug, chosen))
        for author, chosen in sorted(self.context.get("authors", []), key=lambda a: a[0].slug):
            specs.append(
                make(
                    f"author:{author.slug}",
                    "Authors",
                    f"Posts by {author}",
                    "author",
                    author.slug,
                    chosen,
                )
            )
        return specs


@dataclass(frozen=True)
class _Spec:
    """A feed before its entries are made: what it is, where it goes, which posts."""

    key: str
    group: str
    name: str
    paths: tuple[tuple[str, str], ...]
    articles: list[Any]
    page: str  # site-relative URL of its page for people


class Address(NamedTuple):
    format: str  # atom, rss, json
    name: str  # Atom, RSS, JSON Feed
    url: str


@dataclass(frozen=True)
class Listing:
    """A feed as people see it on the Subscribe page and on its own page."""

    feed: Feed
    addresses: tuple[Address, ...]  # Atom first
    calendar: str | None  # absolute URL of the matching calendar, if any
    readers: tuple[tuple[str, str], ...]  # (web reader, link that subscribes to the feed)
    latest: tuple[tuple[str, str, Any], ...]  # (title, link, published) of the newest posts


@dataclass(frozen=True)
class FeedGroup:
    title: str
    folded: bool
    listings: tuple[Listing, ...]

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")


def _grouped(listings: list[Listing]) -> list[FeedGroup]:
    groups: dict[str, list[Listing]] = {}
    for listing in listings:
        groups.setdefault(listing.feed.group, []).append(listing)
    return [FeedGroup(title, title in _FOLDED, tuple(items)) for title, items in groups.items()]


def _tag_names(article: Any) -> set[str]:
    return {t.name for t in getattr(article, "tags", []) or []}


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RELATIVE = re.compile(r"""\b(?:href|src)\s*=\s*["']?(?!https?:|mailto:|tag:|#)""", re.IGNORECASE)


#: The class of a chart's drawing for phones (theme/templates/cadence/_chart.html).
#: A page has two drawings of each chart and its CSS shows one; feed readers use
#: none of our CSS and would show both, so feeds keep only the wide one.
NARROW_CHART = "chart-narrow"


def feed_html(html: str, base: str) -> str:
    """A post's HTML as feed entries carry it: every href and src absolute (feed
    readers have no base URL) and only the wide drawing of each chart.

    HTML with a relative link is parsed and rewritten by lxml, in C, about ten
    times faster than a pure Python parser; HTML without one is not serialised
    again, every byte is kept but those of the narrow drawings."""
    if not html or not _RELATIVE.search(html):
        return without_narrow_charts(html)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    if NARROW_CHART in html:
        for drawing in root.find_class(NARROW_CHART):
            if drawing.tag == "div":
                drawing.drop_tree()  # its tail, the text after it, stays
    root.make_links_absolute(base, resolve_base_href=False)
    text = str(escape(root.text or ""))  # text before the first element
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def without_narrow_charts(html: str) -> str:
    """`html` without the <div class="chart-narrow"> of each chart, every other
    byte kept: the divs are found by Python's HTML parser and cut out of the text.
    """
    if NARROW_CHART not in html:
        return html
    kept, start = [], 0
    for begin, end in _NarrowCharts(html).spans:
        kept.append(html[start:begin])
        start = end
    return "".join(kept) + html[start:]


class _NarrowCharts(HTMLParser):
    """(start, end) offsets in the HTML of every <div class="chart-narrow">...</div>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.spans: list[tuple[int, int]] = []
        self._lines = [0] + [m.end() for m in re.finditer("\n", html)]
        self._start: int | None = None
        self._depth = 0  # divs open inside the drawing, its own included
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        # the parser counts lines by "\n" alone, as _lines does
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div":
            return
        if self._start is not None:
            self._depth += 1
        elif any(k == "class" and NARROW_CHART in (v or "").split() for k, v in attrs):
            self._start, self._depth = self._offset(), 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # HTML ignores the slash of <div/>: it opens a div

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or self._start is None:
            return
        self._depth -= 1
        if self._depth == 0:
            end = self.html.index(">", self._offset()) + 1
            self.spans.append((self._start, end))
            self._start = None


def write_if_changed(path: Path, data: bytes, previous: Path | None = None) -> None:
    """Leave identical files alone, so deploys by rsync only send what changed; a
    file identical to the previous output's (`previous`) becomes a hard link to it
    (nothing written, same modification time)."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and not path.exists() and _holds(previous, data):
        try:
            os.link(previous, path)
            return
        except OSError:  # another file system, no links
            pass
    path.write_bytes(data)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
