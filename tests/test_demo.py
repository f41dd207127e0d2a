"""The demo site (content/ and data/ of the repository), read as a reader would."""

from __future__ import annotations

import feedparser
import yaml
from cadence.data import load

from .conftest import ROOT, page
from .linkcheck import broken_links

DATA = load(ROOT / "data")


def completed_urls_in_yaml(series: str) -> dict[str, list[str]]:
    """{milestone: sorted blueprint URLs} read straight from the YAML files with
    PyYAML, independently of Cadence's loader (the code under test)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "blueprints" / series).glob("*.yaml")):
        project = path.stem
        for slug, bp in yaml.safe_load(path.read_text())["blueprints"].items():
            if bp.get("completed"):
                url = bp.get("url") or f"https://blueprints.launchpad.net/{project}/+spec/{slug}"
                found.setdefault(bp["completed"], []).append(url)
    return {milestone: sorted(urls) for milestone, urls in found.items()}


def linked_blueprints(doc) -> list[str]:
    return sorted(a["href"] for a in doc.select(".post-body a.blueprint"))


def test_every_released_milestone_has_its_post_listing_exactly_its_blueprints(demo_site):
    expected = completed_urls_in_yaml("diablo")
    assert sorted(expected) == ["diablo-1", "diablo-2", "diablo-3", "diablo-4", "diablo-rc1"]
    for milestone, urls in expected.items():
        doc = page(demo_site, f"/release-notes/diablo/{milestone}/")
        assert linked_blueprints(doc) == urls, milestone
    assert sum(len(urls) for urls in expected.values()) >= 30
    assert not (demo_site / "release-notes" / "diablo" / "diablo-summit").exists()


#: Released milestones with nothing to say: no blueprint, no release, no intro.
NO_NEWS = {"epoxy-3"}
#: Kinds that never get a post: they appear on the schedule only.
SCHEDULE_ONLY = {"summit", "ptg", "deadline"}


def test_every_demo_milestone_with_something_to_say_is_published(demo_site):
    for series in DATA.series:
        assert page(demo_site, f"/series/{series.name}/").h1.get_text().startswith(series.title)
        for m in series.milestones:
            exists = (demo_site / "release-notes" / series.name / m.name / "index.html").exists()
            expected = m.released and m.kind not in SCHEDULE_ONLY and m.name not in NO_NEWS
            assert exists == expected, m.name
            freeze = demo_site / "release-notes" / series.name / m.name / "freeze-report"
            assert freeze.exists() == (m.released and m.is_freeze and m.name not in NO_NEWS), m.name
    for project in DATA.projects:
        assert page(demo_site, f"/projects/{project.name}/").h1.get_text() == project.title
    assert len(page(demo_site, "/schedule/").select("section.schedule-series")) == 5


def test_charts_of_the_demo(demo_site):
    doc = page(demo_site, "/series/diablo/")
    figures = doc.select("figure.chart")
    assert [f.figcaption.get_text() for f in figures] == [
        "Diablo: completed blueprints, cumulative",
        "Diablo: open release-critical bugs",
    ]
    for figure in figures:
        wide, narrow = figure.select(".chart-wide svg"), figure.select(".chart-narrow svg")
        assert len(wide) == len(narrow) == 1
        assert wide[0]["role"] == "img" and wide[0]["aria-label"] == narrow[0]["aria-label"]
    # swift is a Diablo project without a single blueprint in data: not drawn
    progress = figures[0]
    legend = [t.get_text() for t in progress.select(".chart-wide .legend text")]
    assert legend == ["nova", "glance"]
    assert [tr.th.get_text() for tr in progress.select("tbody tr")] == ["nova", "glance"]
    assert "swift" not in progress.svg["aria-label"]
    rc = figures[1]
    nova = next(tr for tr in rc.select("tbody tr") if tr.th.get_text() == "nova")
    assert next(td.get_text() for td in nova.find_all("td")) == "41"
    assert not (demo_site / "charts").exists()


def test_generated_posts_sit_with_articles_everywhere(demo_site):
    home = [h.get_text(strip=True) for h in page(demo_site, "/").select(".post-list h2")]
    assert len(home) == 10
    archive = page(demo_site, "/archives/").get_text()
    assert "Features are in: the diablo-4 milestone" in archive
    assert "Diablo in numbers" in archive
    nova_tag = " ".join(
        page(demo_site, url).get_text()
        for url in ["/tag/nova/"] + [f"/tag/nova/page/{n}/" for n in range(2, 5)]
    )
    assert "Features are in: the diablo-4 milestone" in nova_tag
    assert "Diablo in numbers" in nova_tag
    feed = feedparser.parse((demo_site / "feeds" / "all.atom.xml").read_bytes())
    titles = [e.title for e in feed.entries]
    assert "Havana 2013.2 is released" in titles and "Havana summit in Portland" in titles
    assert "Thinking about Icehouse" not in titles  # a draft


def test_demo_writer_features(demo_site):
    havana = page(demo_site, "/2013/havana-summit/")
    img = havana.select_one(".post-body img")
    assert img["alt"].startswith("Six-month release cycle")
    assert (demo_site / img["src"].lstrip("/")).exists()
    both = page(demo_site, "/2011/diablo-in-numbers/")
    authors = [a.get_text() for a in both.select(".byline a[href^='/author/']")]
    assert authors == ["Ana Ribeiro", "Tomás Lindqvist"]
    assert (demo_site / "drafts" / "icehouse-plans.html").exists()
    ffe = page(demo_site, "/2011/feature-freeze-exceptions/").select_one(".post-body")
    hrefs = [a["href"] for a in ffe.find_all("a")]
    assert "/release-notes/diablo/diablo-4/" in hrefs
    assert "https://blueprints.launchpad.net/nova/+spec/configuration-drive" in hrefs
    categories = page(demo_site, "/categories/").select(".index-list li")
    assert len(categories) >= 5


def test_project_page_lists_series_newest_first(demo_site):
    nova = page(demo_site, "/projects/nova/")
    assert [s["data-series"] for s in nova.select("section.project-series")] == [
        "havana",
        "grizzly",
        "diablo",
        "cactus",
    ]


def test_demo_builds_are_byte_identical(demo_site, tmp_path):
    from .conftest import build_site
    from .test_build import tree_digest

    again = build_site(tmp_path, ROOT / "content", ROOT / "data")
    assert tree_digest(again) == tree_digest(demo_site)


def test_every_internal_link_and_image_resolves(demo_site):
    assert broken_links(demo_site) == []


def releases_in_yaml(series: str) -> dict[str, list[dict]]:
    """{project: [release entries]} in the series' project order, read with PyYAML."""
    projects = yaml.safe_load((ROOT / "data" / "series" / f"{series}.yaml").read_text())
    found = {}
    for project in projects["projects"]:
        path = ROOT / "data" / "releases" / series / f"{project}.yaml"
        if path.exists():
            found[project] = yaml.safe_load(path.read_text())
    return found


def test_imported_epoxy_series_shows_real_versions_and_our_highlights(demo_site):
    files = releases_in_yaml("epoxy")
    assert list(files) == ["nova", "glance", "cinder", "neutron"]
    final = page(demo_site, "/release-notes/epoxy/epoxy-final/")
    assert final.h1.get_text(strip=True) == "Epoxy 2025.1 is released"
    rows = [
        (tr["data-project"], tr.td.select_one(".version").get_text())
        for tr in final.select("table.releases tbody tr")
    ]
    assert rows == [
        (project, next(r["version"] for r in f["releases"] if r.get("milestone") == "epoxy-final"))
        for project, f in files.items()
    ]
    assert rows == [
        ("nova", "31.0.0"),
        ("glance", "30.0.0"),
        ("cinder", "26.0.0"),
        ("neutron", "26.0.0"),
    ]
    for project, f in files.items():
        items = final.select(f"section.highlights[data-project={project}] li")
        assert len(items) == len(f["highlights"]), project
    second = page(demo_site, "/release-notes/epoxy/epoxy-2/")
    assert [
        (tr["data-project"], tr.td.get_text(strip=True))
        for tr in second.select("table.releases tbody tr")
    ] == [("glance", "30.0.0.0b2"), ("neutron", "26.0.0.0b2")]
    series = page(demo_site, "/series/epoxy/")
    assert series.select_one(".series-status").get_text() == "released on 02 April 2025, maintained"
    assert series.select_one("#completed") is None
