"""Pelican plugin: release notes, series, project and schedule pages from data/.

Every signal connection is here; the work is in the modules:
settings (defaults), site (per-run state), articles (generated posts),
pages (series/project/schedule pages), links ({blueprint} and {milestone}).
"""

from __future__ import annotations

from pelican import signals

from release_notes import articles, links, pages, site


def register() -> None:
    signals.initialized.connect(site.configure)
    signals.article_generator_init.connect(site.load_for_run)
    signals.article_generator_pretaxonomy.connect(articles.add_generated_articles)
    signals.content_object_init.connect(links.replace_data_links)
    signals.all_generators_finalized.connect(links.check_links)
    signals.get_generators.connect(pages.get_generators)
