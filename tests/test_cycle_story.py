"""The final release post tells the cycle; scaffolding starts from what a post
shows; a series in development gets a Coming up page (built HTML, read as a reader)."""

from __future__ import annotations

import datetime

import yaml
from cadence.data import load
from cadence.notes_command import scaffold

from .conftest import ROOT, build_site, copy_fixture, page


def demo_final(demo_site, series: str):
    return page(demo_site, f"/release-notes/{series}/{series}-final/")


def test_every_demo_final_post_tells_its_cycle(demo_site):
    for series in ("cactus", "diablo", "grizzly", "havana"):
        doc = demo_final(demo_site, series)
        assert doc.select("table.cycle-summary tbody tr"), series
        assert doc.select("ul.contributors li"), series
        links = [a["href"] for a in doc.select("ul.cycle-milestones a")]
        # every other release-note post of the series, and its freeze report(s)
        posts = sorted(
            p.parent.name
            for p in (demo_site / "release-notes" / series).glob("*/index.html")
            if p.parent.name != f"{series}-final"
        )
        parts = [h.strip("/").split("/") for h in links]
        assert sorted(p[2] for p in parts if len(p) == 3) == posts, series
        assert [p[3] for p in parts if len(p) == 4] == ["freeze-report"], series


def test_havana_final_post_in_numbers(demo_site):
    doc = demo_final(demo_site, "havana")
    table = doc.select_one("table.cycle-summary")
    header = [th.get_text() for th in table.thead.find_all("th")]
    assert header == ["Project", "essential", "high", "medium", "low", "Total"]
    rows = {
        tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }
    # counted by hand from data/blueprints/havana/*.yaml
    assert rows["Nova"] == ["1", "2", "4", "3", "10"]
    assert rows["Neutron"] == ["1", "1", "1", "0", "3"]
    nova = doc.select_one("section#project-nova")
    headline = [a.get_text() for a in nova.select("ul.headline a.blueprint")]
    assert headline == [
        "Versioned objects for live upgrades",
        "Compute API v3",
        "Encrypted volumes",
    ]
    assert "Carla Aldana" in [p.get_text() for p in nova.select(".person")]
    people = [li.select_one(".person").get_text() for li in doc.select("ul.contributors li")]
    assert "Carla Aldana" in people and "caldana" not in people
    summary = doc.find("meta", attrs={"name": "description"})["content"]
    assert summary.startswith("Havana 2013.2 is out: 26 blueprints over 3 milestones")


def test_assignees_show_display_names_and_fall_back_to_their_id(demo_site):
    doc = page(demo_site, "/release-notes/diablo/diablo-1/")
    people = {p.get_text() for p in doc.select(".post-body .person")}
    assert "Rita Costa" in people
    assert not any(name.islower() and " " not in name for name in people - {"lhartmann"})


def test_titles_do_not_repeat_themselves(demo_site):
    titles = [a.get_text() for a in page(demo_site, "/archives/").select("li a")]
    assert "Cactus 2011.2 release candidate" in titles
    assert "Diablo 2011.3 RC1" in titles
    assert not [t for t in titles if t.count("release candidate") > 1]


def test_series_page_keeps_slipped_work_apart_from_targets(demo_site):
    doc = page(demo_site, "/series/diablo/")
    row = doc.select_one("tr#milestone-diablo-rc1")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells[3:5] == ["0 / 0", "1"]  # nothing targeted at RC1; one blueprint slipped in
    status = doc.select_one(".series-status").get_text()
    assert status == "released on 22 September 2011, end of life"


def test_building_after_scaffold_changes_nothing(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    before = build_site(tmp_path / "a", site / "content", site / "data")
    data = load(site / "data")
    released = [m for s in data.series for m in s.milestones if m.released]
    for m in released:
        scaffold(site / "content", "notes", data, m, "Release notes")
    after = build_site(tmp_path / "b", site / "content", site / "data")
    for m in released:
        path = f"release-notes/alpha/{m.name}/index.html"
        assert (after / path).read_bytes() == (before / path).read_bytes(), m.name
    text = (site / "content" / "notes" / "alpha-1.md").read_text()
    assert text.splitlines()[:4] == [
        "Title: Features are in: the alpha-1 milestone",
        "Summary: One blueprint landed in alpha-1: Boot from volumes (nova).",
        "Category: Release notes",
        "Tags: alpha, glance, nova",
    ]


def test_a_series_in_development_gets_a_coming_up_page_linked_from_home(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    data = site / "data"
    (data / "series" / "beta.yaml").write_text(
        yaml.safe_dump(
            {
                "name": "beta",
                "title": "Beta",
                "version": "2020.2",
                "status": "development",
                "projects": ["nova"],
                "milestones": [
                    {"name": "beta-1", "date": datetime.date(2020, 6, 4), "released": True},
                    {"name": "beta-2", "date": datetime.date(2020, 7, 30)},
                    {"name": "beta-final", "kind": "final", "date": datetime.date(2020, 10, 1)},
                ],
            },
            sort_keys=False,
        )
    )
    (data / "blueprints" / "beta").mkdir()
    (data / "blueprints" / "beta" / "nova.yaml").write_text(
        "blueprints:\n"
        "  numa:\n    title: NUMA placement\n    priority: high\n    status: in-progress\n"
        "    targeted: beta-2\n    assignee: asmith\n"
        "  done:\n    title: Done already\n    status: implemented\n    targeted: beta-1\n"
        "    completed: beta-1\n"
    )
    output = build_site(tmp_path, site / "content", data)
    home = page(output, "/")
    assert home.select_one(".coming-up-banner a")["href"] == "/coming-up/"
    doc = page(output, "/coming-up/")
    assert doc.h1.get_text() == "Coming up in Beta (2020.2)"
    assert [li.strong.get_text() for li in doc.select("ul.upcoming li")] == ["beta-2", "beta-final"]
    assert [li["data-blueprint"] for li in doc.select("ul.planned li")] == ["nova/numa"]
    assert doc.select_one("section.project-plan h4").get_text() == "High priority (1)"


def test_no_coming_up_page_without_a_series_in_development(minimal_site):
    assert not (minimal_site / "coming-up").exists()
    assert page(minimal_site, "/").select_one(".coming-up-banner") is None


def test_demo_people_file_names_everyone_but_one():
    people = yaml.safe_load((ROOT / "data" / "people.yaml").read_text())["people"]
    assignees = {
        bp["assignee"]
        for path in (ROOT / "data" / "blueprints").rglob("*.yaml")
        for bp in yaml.safe_load(path.read_text())["blueprints"].values()
        if bp.get("assignee")
    }
    assert assignees - set(people) == {"lhartmann"}  # shown by id: the fallback is visible
