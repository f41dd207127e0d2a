"""Pelican plugin: release notes, series, project and schedule pages from data/.

Every signal connection is here; the work is in the modules:
settings (typed view), posts (what a generated post is), site (per-run state),
articles (generated posts), pages (series/project/schedule pages), links
({blueprint} and {milestone}), markup (the one HTML sanitiser).
"""

from __future__ import annotations

from pelican import signals

from cadence import theme
from cadence.notes import articles, links, markup, pages, site
from cadence.settings import only_when_active


def register() -> None:
    theme.connect()
    for signal, handler in (
        (signals.initialized, site.configure),
        (signals.content_object_init, markup.sanitise_summary),
        (signals.article_generator_init, site.load_for_run),
        (signals.article_generator_pretaxonomy, articles.add_generated_articles),
        (signals.article_generator_finalized, links.replace_in_generator),
        (signals.page_generator_finalized, links.replace_in_generator),
        (signals.all_generators_finalized, links.check_links),
        (signals.get_generators, pages.get_generators),
    ):
        # signals are process-wide: act only in builds that list this plugin
        signal.connect(only_when_active(__name__, handler))
