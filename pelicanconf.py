"""Development settings for the Cadence demo site.

`publishconf.py` imports everything from here and adds what only production needs.
Cadence's own settings (release data, generated notes) are documented in
docs/settings.md.
"""

from __future__ import annotations

AUTHOR = "Ana Ribeiro"
SITENAME = "Release Cadence"
SITESUBTITLE = "Notes from the release team of a time-based open-source project"
SITEURL = ""
DEFAULT_LANG = "en"
TIMEZONE = "UTC"
DEFAULT_DATE_FORMAT = "%d %B %Y"

PATH = "content"
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "images", "extra"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Hidden files and what editors leave beside a post (Emacs' .#post.md lock, a
# broken link; post.md~ backups; #post.md# autosaves) are not content. Pelican
# matches these against file and folder names; its default "**/.*" matches none.
IGNORE_FILES = [".*", "*~", "#*#"]

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# Cadence's plugins are the subpackages of the installed `cadence` package
# (docs/settings.md): checks (content lint, one URL per output), notes (posts and
# pages from data/), feeds (Atom, RSS, JSON Feed, calendars), sitemap (sitemap.xml),
# reading (Markdown converted on every core and cached by content), rendering
# (only the pages whose inputs changed are rendered again).
PLUGINS = [
    "cadence.reading",
    "cadence.rendering",
    "cadence.checks",
    "cadence.notes",
    "cadence.feeds",
    "cadence.sitemap",
    "pelican.plugins.neighbors",
]

# Clean URLs: /2011/why-six-months/ rather than /why-six-months.html.
ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
# robots.txt is a theme template: it names the sitemap at the site's own URL.
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "robots"]
SEARCH_SAVE_AS = "search/index.html"
SEARCH_URL = "search/"
ROBOTS_SAVE_AS = "robots.txt"
ARCHIVES_SAVE_AS = "archives/index.html"
ARCHIVES_URL = "archives/"
CATEGORIES_URL = "categories/"
TAGS_URL = "tags/"
AUTHORS_URL = "authors/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_SAVE_AS = "tags/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10

# Writers' workflow: future-dated posts stay out until their date; drafts are
# built to drafts/ only (marked noindex, never listed) while previewing, and never
# in production (publishconf.py).
WITH_FUTURE_DATES = False
# Posts live in content/<year>/: the folder is not a category.
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Notes"

# Feeds: written by the cadence.feeds plugin (docs/feeds.md). While previewing,
# their links point to the preview server.
CADENCE_FEED_TAG_AUTHORITY = "release-cadence.example.org,2010"
# Pelican's own feeds are replaced by cadence.feeds.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Our theme escapes everything by default; only HTML Cadence produced or a
# writer wrote in Markdown is marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Cadence: release data and generated release notes (docs/settings.md).
CADENCE_DATA_PATH = "data"
CADENCE_BLUEPRINT_URL = "https://blueprints.launchpad.net/{project}/+spec/{slug}"
CADENCE_NOTES_CATEGORY = "Release notes"

# Rebuilds reuse converted Markdown of unchanged files from cache/markdown (keyed
# by the text and the Markdown settings; cache/ is not committed). Pelican's own
# content cache stays off: it keeps categories and tags made with the settings of
# the build that cached them.
CACHE_CONTENT = False

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = True
