"""Cadence: a static site generator for a release manager's blog, built on Pelican.

One package whose folders are the pipeline, each layer importing only the ones
below it (tests/unit/test_layers.py checks this):

    errors, cache, fileio   shared error types, the content-addressed cache,
                       reading sources safely and writing files atomically
    data/              YAML -> validated, frozen model (no Pelican)
    settings           every Cadence setting, its default and its check
    importers/         real trackers -> data/ files
    notes/             model -> Pelican posts, pages and charts (a Pelican plugin)
    feeds/, checks/, sitemap   Atom/RSS/JSON/iCalendar, content checks, sitemap.xml
    reading, rendering Markdown on every core; only pages whose inputs changed rendered
    build, cli, preview, newpost, notes_command   the command line on top
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cadence")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
