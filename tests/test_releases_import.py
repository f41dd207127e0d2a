"""The openstack/releases importer on excerpts of the real files (tests/fixtures/releases).

Every expected value below was read off the fixture files by hand (dates are the
Monday `start` of a week plus the documented offset: Thursday +3, Wednesday +2).
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys

import pytest
from cadence.data import load
from cadence.errors import UserError
from cadence.importers.releases import Checkout, Options, read_series_status

from .conftest import FIXTURES, make_project, page

CHECKOUT = FIXTURES / "releases"
TODAY = datetime.date(2026, 1, 1)


def cadence(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


def read(series: str):
    checkout = Checkout(CHECKOUT)
    info = next(s for s in checkout.series if s.name == series)
    return checkout.read_series(info, Options(today=TODAY))


def test_series_status_gives_versions_as_written_statuses_and_release_dates():
    found = read_series_status(CHECKOUT / "data" / "series_status.yaml", "series_status.yaml")
    assert [(s.name, s.version, s.status, s.release_date.isoformat()) for s in found] == [
        ("train", None, "end-of-life", "2019-10-16"),
        ("ussuri", None, "end-of-life", "2020-05-13"),
        ("victoria", None, "end-of-life", "2020-10-14"),
        ("antelope", "2023.1", "unmaintained", "2023-03-22"),
        ("dalmatian", "2024.2", "end-of-life", "2024-10-02"),
        ("epoxy", "2025.1", "maintained", "2025-04-02"),
        ("flamingo", "2025.2", "maintained", "2025-10-01"),
    ]


def test_a_release_id_yaml_reads_as_a_number_keeps_its_text(tmp_path):
    path = tmp_path / "series_status.yaml"
    path.write_text(
        "- name: later\n  release-id: 2030.10\n  status: future\n  initial-release: 2030-10-02\n"
        "- name: sooner\n  release-id: '2030.1'\n  status: development\n"
        "  initial-release: '2030-04-03'\n"
    )
    found = read_series_status(path, "series_status.yaml")
    assert [(s.name, s.version, s.release_date) for s in found] == [
        ("sooner", "2030.1", datetime.date(2030, 4, 3)),
        ("later", "2030.10", datetime.date(2030, 10, 2)),
    ]


def test_epoxy_schedule_quoted_dates_own_labels_only():
    epoxy = read("epoxy")
    got = [
        (m["name"], m["kind"], m["date"].isoformat(), m.get("projects"))
        for m in epoxy.schedule.milestones
    ]
    assert got == [
        ("epoxy-vptg", "ptg", "2024-10-21", None),
        ("epoxy-1", "milestone", "2024-11-14", None),
        ("epoxy-nova-spec-review-day", "deadline", "2024-11-14", ["nova"]),
        ("epoxy-cycle-trail", "deadline", "2024-12-05", None),
        ("epoxy-nova-spec-review-day-2", "deadline", "2024-12-12", ["nova"]),
        ("epoxy-nova-spec-soft-freeze", "deadline", "2024-12-12", ["nova"]),
        ("epoxy-2", "milestone", "2025-01-09", None),
        ("epoxy-mf", "deadline", "2025-01-09", None),
        ("epoxy-nova-review-day", "deadline", "2025-01-09", ["nova"]),
        ("epoxy-nova-spec-freeze", "deadline", "2025-01-09", ["nova"]),
        ("epoxy-extra-acs", "deadline", "2025-02-13", None),
        ("epoxy-oslo-feature-freeze", "deadline", "2025-02-13", ["oslo.config"]),
        ("epoxy-3", "milestone", "2025-02-27", None),
        ("epoxy-final-clientlib", "deadline", "2025-02-27", None),
        ("epoxy-rf", "deadline", "2025-02-27", None),
        ("epoxy-soft-sf", "deadline", "2025-02-27", None),
        ("epoxy-hard-sf", "deadline", "2025-03-13", None),
        ("epoxy-rc1", "release-candidate", "2025-03-13", None),
        ("epoxy-finalrc", "release-candidate", "2025-03-27", None),
        ("epoxy-final", "final", "2025-04-02", None),
    ]
    by_name = {m["name"]: m for m in epoxy.schedule.milestones}
    assert by_name["epoxy-vptg"]["end_date"] == datetime.date(2024, 10, 25)
    assert by_name["epoxy-vptg"]["title"] == "PTG (virtual)"  # from schedule.rst
    assert by_name["epoxy-3"]["feature_freeze"] is True
    assert by_name["epoxy-cycle-trail"]["title"] == (
        "2024.2 Dalmatian Cycle-Trailing Release Deadline"
    )
    assert all(m["released"] for m in epoxy.schedule.milestones)
    file = "doc/source/epoxy/schedule.yaml"
    assert [str(s) for s in epoxy.schedule.skipped] == [
        f"{file}:11: label 'd-final' skipped: a label of dalmatian (the previous series), "
        "not of epoxy",
        f"{file}:33: label 'e-manila-bugsquash' skipped: a deadline of team 'manila', "
        "which has no project in this import",
        f"{file}:50: label 'f-election-nominations' skipped: a label of flamingo (the next "
        "series), not of epoxy",
        f"{file}:53: label 'e-openstackclient-freeze' skipped: a deadline of team "
        "'openstackclient', which has no project in this import",
        f"{file}:63: label 'f-election-email-deadline' skipped: a label of flamingo (the next "
        "series), not of epoxy",
        f"{file}:64: label 'f-election-campaigning' skipped: a label of flamingo (the next "
        "series), not of epoxy",
        f"{file}:71: label 'f-election-voting' skipped: a label of flamingo (the next "
        "series), not of epoxy",
        f"{file}:77: label 'f-election-close' skipped: a label of flamingo (the next series), "
        "not of epoxy",
    ]


def test_ussuri_r0_week_underscore_label_and_a_drop_deadline_that_is_no_final():
    ussuri = read("ussuri")
    by_name = {m["name"]: m for m in ussuri.schedule.milestones}
    assert by_name["ussuri-final"]["date"] == datetime.date(2020, 5, 13)  # week R-0
    assert [m["name"] for m in ussuri.schedule.milestones if m["kind"] == "final"] == [
        "ussuri-final"
    ]
    assert by_name["ussuri-py-drop-final"]["kind"] == "deadline"
    assert by_name["ussuri-cycle-highlights"]["date"] == datetime.date(2020, 4, 9)
    assert (by_name["ussuri-summit"]["date"], by_name["ussuri-summit"]["end_date"]) == (
        datetime.date(2019, 11, 4),
        datetime.date(2019, 11, 8),
    )
    # the 15-day first week: an own event is dated by the rule, train's final skipped
    assert by_name["ussuri-goals-research"]["date"] == datetime.date(2019, 10, 17)
    skipped = {s.label: s.reason for s in ussuri.schedule.skipped}
    assert skipped["t-final"] == "a label of train (the previous series), not of ussuri"
    assert skipped["v-ptl-polling"] == "a label of victoria (the next series), not of ussuri"


def test_victoria_ptg_and_summit_stay_two_events():
    victoria = read("victoria")
    events = [
        (m["name"], m["kind"], m["date"].isoformat(), m["end_date"].isoformat())
        for m in victoria.schedule.milestones
        if m["kind"] in ("ptg", "summit")
    ]
    assert events == [
        ("victoria-ptg", "ptg", "2020-06-01", "2020-06-05"),
        ("victoria-summit", "summit", "2020-10-19", "2020-10-23"),  # R+1, after the release
    ]
    final = next(m for m in victoria.schedule.milestones if m["kind"] == "final")
    assert final["date"] == datetime.date(2020, 10, 14)


def test_deliverables_give_releases_with_their_milestones():
    epoxy = {d.project: d for d in read("epoxy").deliverables}
    tag = "https://opendev.org/openstack/{}/src/tag/{}"
    assert epoxy["nova"].releases == [
        {
            "version": "31.0.0.0rc1",
            "milestone": "epoxy-rc1",
            "url": tag.format("nova", "31.0.0.0rc1"),
        },
        {"version": "31.0.0", "milestone": "epoxy-final", "url": tag.format("nova", "31.0.0")},
    ]
    assert [(r["version"], r.get("milestone")) for r in epoxy["glance"].releases] == [
        ("30.0.0.0b2", "epoxy-2"),
        ("30.0.0.0rc1", "epoxy-rc1"),
        ("30.0.0", "epoxy-final"),
    ]
    # a library: released between milestones, its series version is the branch point
    assert [(r["version"], r.get("milestone")) for r in epoxy["oslo.config"].releases] == [
        ("9.7.0", None),
        ("9.7.1", "epoxy-final"),
    ]
    assert epoxy["nova"].left_out == {"stable updates after the series' release": 5}
    assert epoxy["nova"].release_notes == (
        "https://docs.openstack.org/releasenotes/nova/2025.1.html"
    )
    ussuri = read("ussuri").deliverables[0]
    assert [(r["version"], r.get("milestone")) for r in ussuri.releases] == [
        ("21.0.0.0rc1", "ussuri-rc1"),
        ("21.0.0.0rc2", "ussuri-finalrc"),
        ("21.0.0", "ussuri-final"),
    ]
    assert ussuri.left_out == {
        "end-of-branch tags (-eol, -em, -eom, -last)": 2,
        "stable updates after the series' release": 8,
    }


def test_cycle_highlights_become_markdown():
    epoxy = {d.project: d for d in read("epoxy").deliverables}
    assert epoxy["nova"].highlights == [
        "Placeholder text of our own with a `literal` and "
        "[a link](https://example.org/nova/first).",
        "A second item of our own.\n\nIt has a second paragraph with *emphasis*.",
    ]
    assert epoxy["glance"].highlights == [
        "Placeholder text of our own, a plain scalar over two lines.",
        "Another short item of our own.",
    ]
    assert read("ussuri").deliverables[0].highlights == [
        "[A linked item of our own.](https://example.org/nova/ussuri)"
    ]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The fixture checkout imported into a project, then built."""
    site = make_project(tmp_path_factory.mktemp("releases"))
    result = cadence(
        site, "import-releases", str(CHECKOUT), "--series", "ussuri", "victoria", "epoxy"
    )
    assert result.returncode == 0, result.stderr
    wrote = cadence(
        site, "import-releases", str(CHECKOUT), "--series", "ussuri", "victoria", "epoxy", "--write"
    )
    assert wrote.returncode == 0, wrote.stderr
    built = cadence(site, "build")
    assert built.returncode == 0, built.stderr
    return site, result.stdout.splitlines()


def test_import_summary_lists_files_and_every_skipped_label(imported):
    _, lines = imported
    assert lines[:7] == [
        "data/projects.yaml: 1 added, 0 changed, 2 unchanged, 0 kept (not in the source)",
        "data/series/ussuri.yaml: 19 added, 0 changed, 0 unchanged, 0 kept (not in the source)",
        "data/releases/ussuri/: 1 files: 3 releases added, 0 changed, 0 unchanged, "
        "0 kept (not in the source)",
        "data/series/victoria.yaml: 8 added, 0 changed, 0 unchanged, 0 kept (not in the source)",
        "data/series/epoxy.yaml: 20 added, 0 changed, 0 unchanged, 0 kept (not in the source)",
        "data/releases/epoxy/: 3 files: 7 releases added, 0 changed, 0 unchanged, "
        "0 kept (not in the source)",
        "note: doc/source/ussuri/schedule.yaml:11: label 't-final' skipped: a label of train "
        "(the previous series), not of ussuri",
    ]
    assert (
        "note: deliverables/victoria/: no deliverable file; projects taken from ussuri: nova"
        in lines
    )
    assert (
        "note: deliverables/epoxy/: not imported: 8 stable updates after the series' release"
        in lines
    )
    assert lines[-1] == "dry run: nothing written; run again with --write to write these changes"


def test_imported_series_have_their_real_status_version_and_release_date(imported):
    site, _ = imported
    data = load(site / "data")
    assert [
        (s.name, s.version, s.status, s.release_date.isoformat(), s.projects)
        for s in data.series
        if s.name != "alpha"
    ] == [
        ("ussuri", None, "end-of-life", "2020-05-13", ("nova",)),
        ("victoria", None, "end-of-life", "2020-10-14", ("nova",)),
        ("epoxy", "2025.1", "maintained", "2025-04-02", ("glance", "nova", "oslo.config")),
    ]
    text = (site / "data" / "series" / "epoxy.yaml").read_text()
    assert "version: '2025.1'" in text and "&id" not in text


def test_final_release_post_carries_versions_and_highlights(imported):
    site, _ = imported
    doc = page(site / "output", "/release-notes/epoxy/epoxy-final/")
    assert doc.h1.get_text(strip=True) == "Epoxy 2025.1 is released"
    rows = doc.select("table.releases tbody tr")
    assert [
        (
            tr["data-project"],
            [(a.get_text(), a["href"]) for a in tr.find_all("td")[0].select("a.version")],
            tr.find_all("td")[1].get_text(strip=True),
        )
        for tr in rows
    ] == [
        ("glance", [("30.0.0", "https://opendev.org/openstack/glance/src/tag/30.0.0")], "–"),
        ("nova", [("31.0.0", "https://opendev.org/openstack/nova/src/tag/31.0.0")], "–"),
        (
            "oslo.config",
            [("9.7.1", "https://opendev.org/openstack/oslo.config/src/tag/9.7.1")],
            "9.7.0",
        ),
    ]
    nova = doc.select_one("section.highlights[data-project=nova]")
    assert nova.h3.get_text() == "Nova highlights"
    first = nova.select("li")[0]
    assert first.code.get_text() == "literal"
    assert (first.a["href"], first.a["rel"]) == (
        "https://example.org/nova/first",
        ["nofollow", "noopener"],
    )
    assert [p.get_text() for p in nova.select("li")[1].select("p")] == [
        "A second item of our own.",
        "It has a second paragraph with emphasis.",
    ]
    assert "No blueprint" not in doc.select_one(".post-body").get_text()


def test_milestone_posts_only_when_there_is_something_to_say(imported):
    site, _ = imported
    notes = site / "output" / "release-notes"
    published = sorted(p.parent.name for p in notes.glob("*/*/index.html"))
    assert published == [
        "alpha-1",
        "alpha-2",
        "alpha-final",
        "epoxy-2",
        "epoxy-final",
        "epoxy-rc1",
        "ussuri-final",
        "ussuri-finalrc",
        "ussuri-rc1",
        "victoria-final",
    ]
    assert not list(notes.glob("epoxy/*/freeze-report"))
    rc1 = page(site / "output", "/release-notes/epoxy/epoxy-rc1/")
    assert [
        (tr["data-project"], tr.td.get_text(strip=True))
        for tr in rc1.select("table.releases tbody tr")
    ] == [("glance", "30.0.0.0rc1"), ("nova", "31.0.0.0rc1")]
    # tagged with the projects it is about, not every project of the series
    assert [a.get_text() for a in rc1.select("p.tags a[rel=tag]")] == ["epoxy", "glance", "nova"]
    schedule = page(site / "output", "/series/epoxy/")
    row = schedule.select_one("#milestone-epoxy-1")
    assert row.find_all("td")[-1].get_text(strip=True) == ""  # no post to link
    assert schedule.select_one("#completed") is None  # no blueprints: no empty section
    vptg = schedule.select_one("#milestone-epoxy-vptg").find_all("td")[1]
    assert [t["datetime"] for t in vptg.find_all("time")] == ["2024-10-21", "2024-10-25"]


def test_calendar_spans_the_days_of_a_ptg(imported):
    from icalendar import Calendar

    site, _ = imported
    calendar = Calendar.from_ical(
        (site / "output" / "series" / "epoxy" / "schedule.ics").read_bytes()
    )
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    ptg = events["epoxy/epoxy-vptg"]
    assert (ptg.decoded("dtstart"), ptg.decoded("dtend")) == (
        datetime.date(2024, 10, 21),
        datetime.date(2024, 10, 26),  # iCalendar's end of an all-day event is exclusive
    )
    final = events["epoxy/epoxy-final"]
    assert final.decoded("dtstart") == datetime.date(2025, 4, 2)
    assert str(final["url"]).endswith("/release-notes/epoxy/epoxy-final/")
    assert str(events["epoxy/epoxy-3"]["url"]).endswith("/series/epoxy/#milestone-epoxy-3")


def test_reimport_updates_status_and_keeps_edited_highlights(imported, tmp_path):
    site, _ = imported
    checkout = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, checkout)
    status = checkout / "data" / "series_status.yaml"
    lines = status.read_text().splitlines()
    assert lines[17] == "  status: maintained"  # epoxy
    lines[17] = "  status: unmaintained"
    status.write_text("\n".join(lines) + "\n")
    nova = site / "data" / "releases" / "epoxy" / "nova.yaml"
    nova.write_text(nova.read_text().replace("Placeholder text of our own", "Edited by hand"))
    result = cadence(site, "import-releases", str(checkout), "--series", "epoxy", "-v")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:3] == [
        "data/series/epoxy.yaml: 0 added, 1 changed, 20 unchanged, 0 kept (not in the source)",
        "  ~ series: status",
    ]
    assert (
        "data/releases/epoxy/nova.yaml: 0 added, 0 changed, 2 unchanged, 0 kept (not in the source)"
    ) in lines
    cadence(site, "import-releases", str(checkout), "--series", "epoxy", "--write")
    data = load(site / "data")
    assert data.series_by_name["epoxy"].status == "unmaintained"
    nova_releases = next(r for r in data.releases_of("epoxy") if r.project == "nova")
    assert nova_releases.highlights[0].startswith("Edited by hand")


def test_every_problem_of_a_checkout_at_once_and_nothing_written(tmp_path):
    site = make_project(tmp_path)
    checkout = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, checkout)
    schedule = checkout / "doc" / "source" / "epoxy" / "schedule.yaml"
    schedule.write_text(schedule.read_text().replace("'2024-11-11'", "'2024-11-31'"))
    glance = checkout / "deliverables" / "epoxy" / "glance.yaml"
    glance.write_text(glance.read_text().replace("releases:\n", "releases:\n\t- oops\n", 1))
    result = cadence(
        site, "import-releases", str(checkout), "--series", "epoxy", "lunar", "--write"
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: --series lunar: not in data/series_status.yaml",
        "1 problem found; nothing was written",
    ]
    result = cadence(site, "import-releases", str(checkout), "--series", "epoxy", "--write")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: deliverables/epoxy/glance.yaml:18:1: YAML syntax error: a tab character; "
        "indent with spaces",
        "error: doc/source/epoxy/schedule.yaml:17:12: week R-20: start: expected a date "
        "(YYYY-MM-DD) between 1970-01-01 and 2199-12-31, got '2024-11-31'",
        "2 problems found; nothing was written",
    ]
    assert not (site / "data" / "series" / "epoxy.yaml").exists()


def test_unknown_status_is_named_with_its_line(tmp_path):
    path = tmp_path / "series_status.yaml"
    path.write_text("- name: later\n  status: retired\n  initial-release: 2030-10-02\n")
    with pytest.raises(UserError) as error:
        read_series_status(path, "data/series_status.yaml")
    assert error.value.messages == [
        "data/series_status.yaml:2: series 'later': status: expected one of: future, "
        "development, maintained, extended maintenance, unmaintained, end of life; "
        "got 'retired'"
    ]
