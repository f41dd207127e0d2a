"""Generated release notes and pages, read from the built HTML (fixture data)."""

from __future__ import annotations

import shutil

import pytest
from cadence.errors import UserError

from .conftest import build_site, copy_fixture, page
from .linkcheck import broken_links


def blueprint_links(doc):
    return sorted(a["href"].rsplit("/", 1)[-1] for a in doc.select(".post-body a.blueprint"))


def listed(doc, selector):
    return [li["data-blueprint"] for li in doc.select(selector)]


def test_released_milestones_get_posts_at_stable_urls(minimal_site):
    for url in [
        "/release-notes/alpha/alpha-1/",
        "/release-notes/alpha/alpha-2/",
        "/release-notes/alpha/alpha-final/",
        "/release-notes/alpha/alpha-2/freeze-report/",
    ]:
        assert page(minimal_site, url).h1 is not None, url
    assert (
        page(minimal_site, "/release-notes/alpha/alpha-2/").h1.get_text()
        == "Features are in: the alpha-2 milestone"
    )
    assert (
        page(minimal_site, "/release-notes/alpha/alpha-final/").h1.get_text()
        == "Alpha 2020.1 is released"
    )


def test_post_lists_exactly_the_blueprints_completed_in_its_milestone(minimal_site):
    alpha1 = page(minimal_site, "/release-notes/alpha/alpha-1/")
    assert blueprint_links(alpha1) == ["boot-from-volume"]
    assert listed(alpha1, ".blueprints.slipped li") == ["nova/live-migration"]
    assert "landed in alpha-2" in alpha1.select_one(".blueprints.slipped").get_text()
    alpha2 = page(minimal_site, "/release-notes/alpha/alpha-2/")
    assert blueprint_links(alpha2) == ["live-migration", "shared-images"]
    assert listed(alpha2, ".blueprints.deferred li") == ["nova/cells"]
    sections = [s["data-project"] for s in alpha2.select("section.project-notes")]
    assert sections == ["nova", "glance"]
    glance = " ".join(alpha2.select_one("section[data-project=glance] h2").get_text(" ").split())
    assert glance == "Glance : 1 blueprint completed"


def test_post_is_dated_at_the_actual_release_and_says_what_comes_next(minimal_site):
    doc = page(minimal_site, "/release-notes/alpha/alpha-2/")
    assert doc.select_one(".byline time")["datetime"].startswith("2020-02-14")
    lead = doc.select_one(".lead").get_text(" ", strip=True)
    assert "planned for 13 February 2020" in lead
    nxt = doc.select_one(".next").get_text(" ", strip=True)
    assert "alpha-final" in nxt and "02 April 2020" in nxt


def test_intro_markdown_is_rendered(minimal_site):
    intro = page(minimal_site, "/release-notes/alpha/alpha-1/").select_one(".intro")
    assert intro.find("em").get_text() == "Alpha"


def test_generated_posts_are_first_class_articles(minimal_site):
    home = [h.get_text(strip=True) for h in page(minimal_site, "/").select(".post-list h2")]
    assert "Features are in: the alpha-2 milestone" in home
    category = page(minimal_site, "/category/release-notes/")
    assert len(category.select(".post-list h2")) == 4
    for tag in ["alpha", "nova", "glance"]:
        titles = [
            h.get_text(strip=True)
            for h in page(minimal_site, f"/tag/{tag}/").select(".post-list h2")
        ]
        assert "Features are in: the alpha-2 milestone" in titles
    archives = page(minimal_site, "/archives/").get_text()
    assert "Alpha 2020.1 is released" in archives
    month = page(minimal_site, "/2020/02/")
    assert "Feature freeze report: alpha-2" in month.get_text()
    labels = {
        li.h2.get_text(strip=True): li.select_one(".label").get_text()
        for li in page(minimal_site, "/").select(".post-summary")
        if li.select_one(".label")
    }
    assert labels["Feature freeze report: alpha-2"] == "Freeze report"
    assert labels["Features are in: the alpha-2 milestone"] == "Release notes"
    assert labels["Hello Alpha"] == "Article"


def test_freeze_report_counts_per_priority(minimal_site):
    doc = page(minimal_site, "/release-notes/alpha/alpha-2/freeze-report/")
    rows = {
        tr["data-priority"]: [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in doc.select("table.freeze-report tr[data-priority]")
    }
    # targeted, merged, late, proposed, deferred, in time
    assert rows["essential"] == ["1", "1", "0", "0", "0", "100%"]
    assert rows["low"] == ["1", "0", "0", "0", "1", "0%"]
    assert rows["all"] == ["4", "3", "0", "0", "1", "75%"]


def test_series_page(minimal_site):
    doc = page(minimal_site, "/series/alpha/")
    assert doc.h1.get_text() == "Alpha (2020.1)"
    assert doc.select_one(".series-status").get_text() == "released on 02 April 2020"
    rows = {
        tr["id"]: [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in doc.select("table.schedule tbody tr")
    }
    assert rows["milestone-alpha-2"][:6] == [
        "alpha-2",
        "milestone, feature freeze",
        "13 Feb 2020",
        "14 Feb 2020",
        "1 / 2",  # shared images on target; cells deferred
        "1",  # live migration slipped in from alpha-1
    ]
    assert (
        "release notes" in rows["milestone-alpha-2"][6]
        and "freeze report" in rows["milestone-alpha-2"][6]
    )
    nova = doc.select_one("section.project-completed[data-project=nova]")
    assert [h.get_text() for h in nova.find_all("h4")] == ["alpha-1 (1)", "alpha-2 (1)"]


def test_project_and_schedule_and_index_pages(minimal_site):
    nova = page(minimal_site, "/projects/nova/")
    assert nova.h1.get_text() == "Nova"
    statuses = {
        tr["data-blueprint"]: tr.find_all("td")[2].get_text()
        for tr in nova.select("tr[data-blueprint]")
    }
    assert statuses == {
        "nova/boot-from-volume": "implemented",
        "nova/live-migration": "implemented",
        "nova/cells": "deferred",
    }
    schedule = page(minimal_site, "/schedule/")
    current = schedule.select_one("tr.current")
    assert current["data-milestone"] == "alpha-final"
    assert current.find_all("td")[1].get_text() == "alpha-final (latest)"
    index = page(minimal_site, "/release-notes/")
    titles = [h.get_text(strip=True) for h in index.select(".post-list h2")]
    assert titles == [
        "Alpha 2020.1 is released",
        "Feature freeze report: alpha-2",
        "Features are in: the alpha-2 milestone",
        "Features are in: the alpha-1 milestone",
    ]


def test_writers_link_data_by_reference(minimal_site):
    body = page(minimal_site, "/2020/hello-alpha/").select_one(".post-body")
    links = {a.get_text(): a["href"] for a in body.find_all("a")}
    assert links == {
        "volumes": "https://blueprints.launchpad.net/nova/+spec/boot-from-volume",
        "alpha-1": "/release-notes/alpha/alpha-1/",
    }


def test_a_data_link_in_the_summary_is_resolved_on_the_index(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    post = site / "content" / "2020" / "hello.md"
    post.write_text(
        post.read_text().replace(
            "Summary: A first post.", "Summary: About [cells]({blueprint}nova/cells)."
        )
    )
    output = build_site(tmp_path, site / "content", site / "data", CADENCE_SEARCH=False)
    item = next(
        li
        for li in page(output, "/").select(".post-summary")
        if li.find("a", string="Hello Alpha") is not None
    )
    link = item.select_one(".summary a")
    assert (link.get_text(), link["href"]) == (
        "cells",
        "https://blueprints.launchpad.net/nova/+spec/cells",
    )


def test_charts_come_with_their_numbers(minimal_site):
    doc = page(minimal_site, "/series/alpha/")
    figure = doc.select_one("figure.chart")
    assert figure.figcaption.get_text() == "Alpha: completed blueprints, cumulative"
    assert figure.svg["aria-label"] == (
        "Line chart of blueprints completed in Alpha by milestone, per project. "
        "Totals at the end: nova: 2, glance: 1. The table below has every number."
    )
    rows = {
        tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in figure.select("table.chart-data tbody tr")
    }
    assert rows == {"nova": ["1", "2", "2"], "glance": ["0", "1", "1"]}
    freeze = page(minimal_site, "/release-notes/alpha/alpha-2/freeze-report/").select_one(
        "figure.chart"
    )
    merged = [
        tr for tr in freeze.select("table.chart-data tbody tr") if tr.th.get_text() == "merged"
    ]
    assert [td.get_text() for td in merged[0].find_all("td")] == ["1", "1", "1", "0"]


def test_every_internal_link_resolves(minimal_site):
    assert broken_links(minimal_site) == []


def test_unknown_data_reference_fails_with_file_and_line(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    post = site / "content" / "2020" / "hello.md"
    post.write_text(
        post.read_text() + "\nSee [cells]({blueprint}nova/cels) and {milestone}x.\n"
        "[beta]({milestone}beta-1)\n"
    )
    with pytest.raises(UserError) as caught:
        build_site(tmp_path, site / "content", site / "data")
    assert caught.value.messages == [
        "content/2020/hello.md:9: unknown blueprint 'nova/cels' in a {blueprint} link "
        "(did you mean 'nova/cells'?): expected project/slug (or series/project/slug) "
        "of a blueprint in data/",
        "content/2020/hello.md:10: unknown milestone 'beta-1' in a {milestone} link: "
        "expected a milestone name",
    ]


def test_companion_file_prose_and_metadata_take_precedence(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    notes = site / "content" / "notes"
    notes.mkdir()
    (notes / "alpha-2.md").write_text(
        "Title: Alpha-2 is here\nTags: alpha, extra-tag\n\nWe are **frozen** now.\n"
    )
    output = build_site(tmp_path, site / "content", site / "data")
    doc = page(output, "/release-notes/alpha/alpha-2/")
    assert doc.h1.get_text() == "Alpha-2 is here"
    assert doc.select_one(".intro strong").get_text() == "frozen"
    assert blueprint_links(doc) == ["live-migration", "shared-images"]
    assert "extra-tag" in [a.get_text() for a in doc.select(".tags a")]
    assert not (output / "notes").exists()
    assert (notes / "alpha-2.md").read_text().startswith("Title: Alpha-2 is here")


def test_a_companion_marked_draft_keeps_the_notes_out_of_the_site(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    notes = site / "content" / "notes"
    notes.mkdir()
    (notes / "alpha-2.md").write_text("Title: Alpha-2, not yet\nStatus: draft\n\nSoon.\n")
    output = build_site(tmp_path, site / "content", site / "data")
    assert not (output / "release-notes" / "alpha" / "alpha-2" / "index.html").exists()
    assert (output / "drafts" / "alpha-alpha-2-release-note.html").exists()
    home = [h.get_text(strip=True) for h in page(output, "/").select(".post-list h2")]
    assert "Alpha-2, not yet" not in home
    row = page(output, "/series/alpha/").select_one("#milestone-alpha-2")
    assert [a.get_text() for a in row.find_all("a")] == ["freeze report"]


def test_unreleased_milestone_gets_no_post_but_shows_on_series_page(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    series = site / "data" / "series" / "alpha.yaml"
    text = series.read_text().replace(
        "status: released\nrelease_date: 2020-04-02", "status: development"
    )
    text = text.replace(
        "    kind: final\n    date: 2020-04-02\n    released: true",
        "    kind: final\n    date: 2020-04-02",
    )
    series.write_text(text)
    output = build_site(tmp_path, site / "content", site / "data")
    assert not (output / "release-notes" / "alpha" / "alpha-final").exists()
    doc = page(output, "/series/alpha/")
    row = doc.select_one("#milestone-alpha-final")
    assert row.find_all("td")[2].get_text() == "not yet"
    assert doc.select_one(".series-status").get_text() == "in development"


def test_data_fields_are_escaped(tmp_path):
    site = copy_fixture(tmp_path, "minimal")
    nova = site / "data" / "blueprints" / "alpha" / "nova.yaml"
    nova.write_text(
        nova.read_text().replace(
            "title: Boot from volumes",
            "title: '<script>alert(1)</script><img src=x onerror=alert(2)>'",
        )
    )
    series = site / "data" / "series" / "alpha.yaml"
    series.write_text(
        series.read_text().replace(
            "The first milestone of *Alpha*.",
            "Hi <script>alert(3)</script> [x](javascript:alert(4)) <img src=x onerror=alert(5)>",
        )
    )
    output = build_site(tmp_path, site / "content", site / "data")
    doc = page(output, "/release-notes/alpha/alpha-1/")
    assert doc.find_all("script") == []
    assert doc.find_all("img") == []
    assert all(not attr.startswith("on") for tag in doc.find_all(True) for attr in tag.attrs)
    assert (
        doc.select_one("a.blueprint").get_text()
        == "<script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    intro = doc.select_one(".intro")
    assert all(not a.get("href", "").startswith("javascript") for a in intro.find_all("a"))
    shutil.rmtree(output)
