"""Cadence's templates for a blog that keeps its own theme.

Cadence renders its pages (release notes index, series, coming up, projects,
schedule, subscribe) and the bodies of generated posts from templates named
`cadence/...`. Every template environment gets one more loader, after the theme's
own and Pelican's, that serves Cadence's templates under that prefix: a theme's own
`cadence/series.html` still wins, a theme without one gets Cadence's. Those
are always autoescaped, whatever JINJA_ENVIRONMENT says, because they show data;
in the theme's own templates, the titles of generated posts (`DataText`) are
escaped too.

With Cadence's theme, a page template extends `base.html`. With another theme the
page is framed like the blog's own pages: its `content` block is handed to the
theme's `page.html` as the page's content (its `heading` block as the title), so
it sits in the same box, under the same header and navigation. A page template
extends `cadence_base or "base.html"` and shows its `<h1>` unless `cadence_framed`.
`cadence-pages.css` (tables, lists and charts, in the theme's own fonts and
colours) is copied to the theme's static folder, and those pages link it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
)
from markupsafe import Markup, escape
from pelican import signals

#: Cadence's own theme (the repository's theme/ folder).
THEME = Path(__file__).resolve().parents[2] / "theme"
TEMPLATES = THEME / "templates"
EMBEDDED_STYLESHEET = THEME / "embedded" / "cadence-pages.css"


class DataText(str):
    """Text from release data that a theme prints as it is (a generated post's
    title): Pelican themes print titles unescaped, so in such a theme every
    `{{ ... }}` that outputs a DataText escapes it (see add_templates)."""


class CadenceLoader(BaseLoader):
    """Cadence's templates under the name `cadence/...`: `cadence/series.html` is
    templates/cadence/series.html, `cadence/_macros.html` templates/_macros.html.
    (A PrefixLoader would drop the prefix from the name autoescaping looks at.)"""

    def __init__(self) -> None:
        self.files = FileSystemLoader([TEMPLATES / "cadence", TEMPLATES])

    def get_source(self, environment: Environment, template: str) -> Any:
        prefix, _, name = template.partition("/")
        if prefix != "cadence" or not name:
            raise TemplateNotFound(template)
        return self.files.get_source(environment, name)


def connect() -> None:
    """Called by the register() of the plugins that render Cadence's templates."""
    signals.initialized.connect(add_stylesheet)
    signals.generator_init.connect(add_templates)


def _enabled(settings: dict[str, Any]) -> bool:
    """Signals are process-wide: act only for a run with Cadence's plugins."""
    names = [getattr(p, "__name__", str(p)) for p in settings.get("PLUGINS") or ()]
    return any(name == "cadence" or name.startswith("cadence.") for name in names)


def is_cadence_theme(settings: dict[str, Any]) -> bool:
    theme = settings.get("THEME")
    return bool(theme) and Path(theme).resolve() == THEME.resolve()


def add_stylesheet(pelican: Any) -> None:
    """Another theme: copy the stylesheet of Cadence's pages with its static files."""
    settings = pelican.settings
    if not _enabled(settings):
        return
    paths = list(settings.get("THEME_STATIC_PATHS") or [])
    if not is_cadence_theme(settings) and str(EMBEDDED_STYLESHEET) not in paths:
        settings["THEME_STATIC_PATHS"] = [*paths, str(EMBEDDED_STYLESHEET)]


def add_templates(generator: Any) -> None:
    env = generator.env
    if not _enabled(generator.settings) or not isinstance(env.loader, ChoiceLoader):
        return
    if any(isinstance(loader, CadenceLoader) for loader in env.loader.loaders):
        return
    env.loader.loaders.append(CadenceLoader())
    own_theme = is_cadence_theme(generator.settings)
    env.globals["cadence_theme"] = own_theme
    configured = env.autoescape

    def autoescape(name: str | None) -> bool:
        if own_theme or (name or "").startswith("cadence/"):
            return True
        return bool(configured(name) if callable(configured) else configured)

    env.autoescape = autoescape
    if not own_theme:
        # Pelican compiles templates when they are first used, after this point.
        previous = env.finalize

        def finalize(value: Any) -> Any:
            if isinstance(value, DataText):
                return escape(value)
            return previous(value) if previous else value

        env.finalize = finalize


class FramedPage:
    """What a theme's page.html reads from `page`, for a page Cadence generated."""

    status = "published"
    translations: tuple[Any, ...] = ()
    authors: tuple[Any, ...] = ()

    def __init__(self, title: Markup, content: Markup, url: str) -> None:
        self.title = title
        self.content = content
        self.url = url
        self.slug = url.strip("/").replace("/", "-")
        self.metadata = {"title": str(title)}


class FramedTemplate:
    """A Cadence page rendered inside the theme's page.html (see the module doc).

    The page template is rendered whole, top-level `set`s and imports included, on
    `cadence/_framed.html` instead of `base.html`: its heading, a marker, its
    content. The writer calls render() with the page's own context (SITEURL
    relative to the page when RELATIVE_URLS is on), so links stay right."""

    BASE = "cadence/_framed.html"
    MARKER = "<!-- cadence:content -->"  # data is escaped: it cannot contain this

    def __init__(self, body: Template, frame: Template) -> None:
        self.body = body
        self.frame = frame

    def render(self, values: dict[str, Any]) -> str:
        values = {**values, "cadence_framed": True, "cadence_base": self.BASE}
        heading, _, content = self.body.render(values).partition(self.MARKER)
        page = FramedPage(Markup(heading.strip()), Markup(content), str(values.get("url") or ""))
        return self.frame.render({**values, "page": page})


def page_template(generator: Any, name: str) -> Template | FramedTemplate:
    """The template that writes Cadence's page `name` (cadence/series, ...)."""
    template = generator.get_template(name)
    if is_cadence_theme(generator.settings) or "heading" not in template.blocks:
        return template
    return FramedTemplate(template, generator.get_template("page"))
