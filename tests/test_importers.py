"""Importers: an openstack/releases schedule, a specs repository, Launchpad."""

from __future__ import annotations

import datetime
import socket
import subprocess
import sys

import httplib2
import pytest
from cadence.cli import main
from cadence.data import load
from cadence.errors import UserError
from cadence.importers import launchpad
from cadence.importers.schedule import Rules, read_schedule

from . import launchpad_replay
from .conftest import FIXTURES, make_project, page

SCHEDULE = FIXTURES / "schedule" / "antelope.yaml"
NOVA_SPECS = FIXTURES / "specs" / "nova-specs"


def project(tmp_path):
    return make_project(tmp_path)


def cadence(site, *args):
    return subprocess.run(
        [sys.executable, "-m", "cadence.cli", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )


def test_schedule_weeks_become_dated_milestones():
    """The real shape: quoted dates, the previous series' final in week 1, the next
    series' election labels, team deadlines (tests/fixtures/schedule/antelope.yaml)."""
    schedule = read_schedule(SCHEDULE, "antelope", today=datetime.date(2023, 1, 1))
    assert [
        (
            m["name"],
            m["kind"],
            m["date"].isoformat(),
            m.get("end_date", "").__str__(),
            m.get("feature_freeze", False),
            m.get("released", False),
        )
        for m in schedule.milestones
    ] == [
        ("antelope-ptg", "ptg", "2022-10-17", "2022-10-21", False, True),
        ("antelope-1", "milestone", "2022-11-17", "", False, True),
        ("antelope-2", "milestone", "2023-01-05", "", False, False),
        ("antelope-mf", "deadline", "2023-01-05", "", False, False),
        ("antelope-extra-atc-freeze", "deadline", "2023-02-02", "", False, False),
        ("antelope-3", "milestone", "2023-02-16", "", True, False),
        ("antelope-final-clientlib", "deadline", "2023-02-16", "", False, False),
        ("antelope-rf", "deadline", "2023-02-16", "", False, False),
        ("antelope-soft-sf", "deadline", "2023-02-16", "", False, False),
        ("antelope-hard-sf", "deadline", "2023-03-02", "", False, False),
        ("antelope-rc1", "release-candidate", "2023-03-02", "", False, False),
        ("antelope-finalrc", "release-candidate", "2023-03-16", "", False, False),
        ("antelope-final", "final", "2023-03-22", "", False, False),
    ]
    assert [str(s) for s in schedule.skipped] == [
        f"{SCHEDULE}:11: label 'z-final' skipped: a label of another series (initial 'z'), "
        "not of antelope",
        f"{SCHEDULE}:36: label 'b-election-nominations' skipped: a label of another series "
        "(initial 'b'), not of antelope",
        f"{SCHEDULE}:38: label 'a-cinder-driver-features-declaration' skipped: a deadline of "
        "team 'cinder', which has no project in this import",
        f"{SCHEDULE}:39: label 'a-cinder-os-brick-release' skipped: a deadline of team "
        "'cinder', which has no project in this import",
        f"{SCHEDULE}:49: label 'b-election-campaigning' skipped: a label of another series "
        "(initial 'b'), not of antelope",
        f"{SCHEDULE}:51: label 'a-cinder-ci-checkpoint' skipped: a deadline of team 'cinder', "
        "which has no project in this import",
    ]


def test_schedule_rules_are_configurable():
    rules = Rules.parse(["final=thursday", "ptg=tuesday"], ["mf=skip", "rf=freeze"])
    schedule = read_schedule(
        SCHEDULE, "antelope", rules=rules, teams={"cinder": ("cinder",)}, today=_LATER
    )
    found = {m["name"]: m for m in schedule.milestones}
    assert found["antelope-final"]["date"] == datetime.date(2023, 3, 23)
    assert (found["antelope-ptg"]["date"], found["antelope-ptg"]["end_date"]) == (
        datetime.date(2022, 10, 18),
        datetime.date(2022, 10, 21),
    )
    assert "antelope-mf" not in found
    assert found["antelope-rf"]["kind"] == "freeze"
    assert found["antelope-cinder-ci-checkpoint"]["projects"] == ["cinder"]
    assert f"{SCHEDULE}:30: label 'a-mf' skipped: --label mf=skip" in [
        str(s) for s in schedule.skipped
    ]
    with pytest.raises(UserError) as error:
        Rules.parse(["final=someday", "lunch=monday"], ["mf=holiday"])
    assert error.value.messages == [
        "--day final=someday: expected a weekday (monday ... sunday) after '=', got 'someday'",
        "--day lunch=monday: expected one of milestone, freeze, release-candidate, final, "
        "deadline, ptg, summit before '=', got 'lunch'",
        "--label mf=holiday: expected SUFFIX=KIND with a kind among milestone, freeze, "
        "branch-point, release-candidate, final, summit, ptg, deadline, skip, got 'holiday'",
    ]


_LATER = datetime.date(2024, 1, 1)


def test_schedule_import_is_a_dry_run_until_write(tmp_path):
    site = project(tmp_path)
    args = [
        "import-schedule",
        str(SCHEDULE),
        "--series",
        "antelope",
        "--version",
        "2023.1",
        "--projects",
        "nova,glance",
    ]
    dry = cadence(site, *args)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert (
        lines[0]
        == "data/series/antelope.yaml: 13 added, 0 changed, 0 unchanged, 0 kept (not in the source)"
    )
    assert lines[-1] == "dry run: nothing written; run again with --write to write these changes"
    assert (
        f"note: {SCHEDULE}:11: label 'z-final' skipped: a label of another series (initial 'z'), "
        "not of antelope"
    ) in lines
    assert not (site / "data" / "series" / "antelope.yaml").exists()
    wrote = cadence(site, *args, "--write")
    assert wrote.stdout.splitlines()[-1] == f"wrote {site / 'data' / 'series' / 'antelope.yaml'}"
    text = (site / "data" / "series" / "antelope.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/series.json\n")
    assert "version: '2023.1'" in text
    series = load(site / "data").series_by_name["antelope"]
    assert series.version == "2023.1" and len(series.milestones) == 13


def import_antelope_schedule(site):
    result = cadence(
        site,
        "import-schedule",
        str(SCHEDULE),
        "--series",
        "antelope",
        "--version",
        "2023.1",
        "--projects",
        "nova,glance",
        "--write",
    )
    assert result.returncode == 0, result.stderr


def test_specs_import_reads_the_folder_named_after_the_version_and_says_what_it_skipped(
    tmp_path,
):
    site = project(tmp_path)
    import_antelope_schedule(site)
    dry = cadence(
        site, "import-specs", str(NOVA_SPECS), "--series", "antelope", "--project", "nova"
    )
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "data/blueprints/antelope/nova.yaml: 4 added, 0 changed, 0 unchanged, "
        "0 kept (not in the source)",
        "  + ironic-shards",
        "  + libvirt-virtiofs-attach-manila-shares",
        "  + pci-device-tracking-in-placement",
        "  + stable-compute-uuid",
        "note: 4 spec files read: 4 blueprints imported; not imported (1):",
        f"note: {NOVA_SPECS}/specs/2023.1/redirects: not a .rst file; skipped",
        "dry run: nothing written; run again with --write to write these changes",
    ]
    assert not (site / "data" / "blueprints" / "antelope").exists()


def test_specs_import_adds_the_names_written_beside_launchpad_ids_to_people(tmp_path):
    site = project(tmp_path)
    (site / "data" / "series" / "juno.yaml").write_text(
        "name: juno\ntitle: Juno\nversion: '2014.2'\nstatus: released\n"
        "release_date: 2014-10-16\nprojects: [nova]\n"
        "milestones:\n  - name: juno-final\n    kind: final\n    date: 2014-10-16\n"
    )
    args = ["import-specs", str(NOVA_SPECS), "--series", "juno", "--project", "nova"]
    dry = cadence(site, *args)
    assert dry.returncode == 0, dry.stderr
    assert (
        "data/people.yaml: 1 added, 0 changed, 0 unchanged, 0 kept (not in the source)"
        in dry.stdout.splitlines()
    )
    assert cadence(site, *args, "--write").returncode == 0
    assert (site / "data" / "people.yaml").read_text() == (
        "# yaml-language-server: $schema=../schemas/people.json\n"
        "people:\n  lukego:\n    name: Luke Gorrie\n"
    )
    data = load(site / "data")
    assert data.blueprints_by_key["nova/vif-vhostuser"].assignee == "lukego"
    assert data.people == (("lukego", "Luke Gorrie"),)
    assert "@" not in (site / "data" / "blueprints" / "juno" / "nova.yaml").read_text()


def test_round_trip_import_validate_build(tmp_path):
    site = project(tmp_path)
    import_antelope_schedule(site)
    result = cadence(
        site,
        "import-specs",
        str(NOVA_SPECS),
        "--series",
        "antelope",
        "--project",
        "nova",
        "--write",
    )
    assert result.returncode == 0, result.stderr
    assert cadence(site, "validate").returncode == 0
    built = cadence(site, "build")
    assert built.returncode == 0, built.stderr
    doc = page(site / "output", "/release-notes/antelope/antelope-final/")
    links = sorted(a["href"] for a in doc.select("a.blueprint"))
    assert links == [
        "https://blueprints.launchpad.net/nova/+spec/pci-device-tracking-in-placement",
        "https://blueprints.launchpad.net/nova/+spec/stable-compute-uuid",
    ]


def test_reimport_keeps_hand_edits_and_hand_added_entries(tmp_path):
    site = project(tmp_path)
    import_antelope_schedule(site)
    args = ["import-specs", str(NOVA_SPECS), "--series", "antelope", "--project", "nova"]
    cadence(site, *args, "--write")
    path = site / "data" / "blueprints" / "antelope" / "nova.yaml"
    text = path.read_text()
    text = text.replace(
        "title: Stable Compute UUIDs",
        "title: Stable compute node UUIDs\n    note: Our own words.",
    )
    text += "  hand-added:\n    title: Added by hand\n    status: deferred\n"
    path.write_text(text)
    before = path.read_bytes()
    dry = cadence(site, *args)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[:2] == [
        "data/blueprints/antelope/nova.yaml: 0 added, 0 changed, 4 unchanged, "
        "1 kept (not in the source)",
        "  = hand-added: kept, not in the source",
    ]
    assert path.read_bytes() == before
    cadence(site, *args, "--write")
    data = load(site / "data")
    edited = data.blueprints_by_key["nova/stable-compute-uuid"]
    assert (edited.title, edited.note) == ("Stable compute node UUIDs", "Our own words.")
    assert data.blueprints_by_key["nova/hand-added"].status == "deferred"


def test_import_that_would_break_data_writes_nothing(tmp_path):
    site = project(tmp_path)  # series juno does not exist: nova cannot take part in it
    result = cadence(
        site,
        "import-specs",
        str(NOVA_SPECS),
        "--series",
        "juno",
        "--project",
        "nova",
        "--completed",
        "juno-final",
        "--write",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "error: the imported data would not be valid; nothing was written:",
        "error: data/blueprints/juno/nova.yaml:2:1: unknown series 'juno' (the folder "
        "name): expected a folder named after a file in data/series/",
    ]
    assert not (site / "data" / "blueprints" / "juno").exists()


def test_launchpad_through_launchpadlib_maps_values_to_ours(monkeypatch):
    """launchpadlib itself runs, against recorded responses replayed at the HTTP layer."""
    replay = launchpad_replay.install(monkeypatch)
    fetched = launchpad.fetch(
        ["nova"], "diablo", launchpad_replay.SERVICE_ROOT, launchpad_replay.VERSION
    )
    assert f"{launchpad_replay.BASE}nova/diablo/valid_specifications" in replay.requested
    milestones = launchpad.milestones_from(fetched["milestones"])
    assert [
        (
            m["name"],
            m["kind"],
            m["date"].isoformat(),
            m.get("released", False),
            m.get("released_on"),
        )
        for m in milestones
    ] == [
        ("diablo-1", "milestone", "2011-06-02", True, None),
        ("diablo-2", "milestone", "2011-06-30", True, datetime.date(2011, 7, 1)),
        ("diablo-3", "milestone", "2011-07-28", True, None),
        ("diablo-rc1", "release-candidate", "2011-09-08", False, None),
        ("2011.3", "final", "2011-09-22", True, None),
    ]
    blueprints, notes = launchpad.blueprints_from(fetched["blueprints"]["nova"], milestones)
    assert notes == []
    summary = {
        slug: (b["status"], b["priority"], b.get("completed"), b.get("assignee"))
        for slug, b in blueprints.items()
    }
    assert summary == {
        "kvm-block-migration": ("implemented", "high", "diablo-2", "nttdata-kei"),
        "boot-from-volume": ("implemented", "medium", "diablo-3", "yamahata"),
        "configuration-drive": ("needs-review", "medium", None, None),
        "hyperv-support": ("obsolete", "low", None, "jordanrinke"),
        "distributed-scheduler": ("in-progress", "essential", None, "sandywalsh"),
        "multi-nic": ("needs-review", "undefined", None, "tr3buchet"),
    }
    kvm = blueprints["kvm-block-migration"]
    assert kvm["completed_on"] == datetime.date(2011, 6, 24)
    assert kvm["summary"] == "Live-migrate KVM instances without shared storage."
    assert kvm["url"] == "https://blueprints.launchpad.net/nova/+spec/kvm-block-migration"
    assert "spec_url" not in blueprints["hyperv-support"]  # javascript: is dropped
    assert blueprints["distributed-scheduler"]["title"] == "Distributed scheduler"


def test_launchpad_import_round_trip(tmp_path, monkeypatch, capsys):
    site = project(tmp_path)
    monkeypatch.chdir(site)
    launchpad_replay.install(monkeypatch)
    args = [
        "import-launchpad",
        "--series",
        "diablo",
        "--project",
        "nova",
        "--version",
        "2011.3",
        "--service-root",
        launchpad_replay.SERVICE_ROOT,
        "--api-version",
        launchpad_replay.VERSION,
    ]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "data/series/diablo.yaml: 5 added, 0 changed, 0 unchanged, 0 kept (not in the source)"
    )
    assert out[-1] == "dry run: nothing written; run again with --write to write these changes"
    assert not (site / "data" / "series" / "diablo.yaml").exists()
    assert main([*args, "--write"]) == 0
    assert main(["build"]) == 0
    doc = page(site / "output", "/release-notes/diablo/diablo-2/")
    assert [a.get_text() for a in doc.select("a.blueprint")] == ["KVM block migration"]
    doc = page(site / "output", "/release-notes/diablo/diablo-3/")
    assert [a.get_text() for a in doc.select("a.blueprint")] == ["Boot From Volume"]


def test_launchpad_project_group(tmp_path, monkeypatch, capsys):
    site = project(tmp_path)
    monkeypatch.chdir(site)
    launchpad_replay.install(monkeypatch)
    code = main(
        [
            "import-launchpad",
            "--series",
            "diablo",
            "--group",
            "openstack",
            "--version",
            "2011.3",
            "--service-root",
            launchpad_replay.SERVICE_ROOT,
            "--api-version",
            launchpad_replay.VERSION,
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out = captured.out.splitlines()
    assert "note: projects without a diablo series: swift" in out
    assert (
        "data/blueprints/diablo/nova.yaml: 6 added, 0 changed, 0 unchanged, 0 kept "
        "(not in the source)" in out
    )


def test_launchpad_offline_is_a_clear_error(tmp_path):
    site = project(tmp_path)
    result = cadence(
        site,
        "import-launchpad",
        "--series",
        "diablo",
        "--project",
        "nova",
        "--service-root",
        "http://127.0.0.1:9/",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: cannot reach Launchpad (http://127.0.0.1:9/): [Errno 111] Connection refused; "
        "are you online?",
        "1 problem found; nothing was written",
    ]


def test_launchpad_without_a_name_server_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    """httplib2 turns a failed name lookup into ServerNotFoundError, which is no OSError."""
    site = project(tmp_path)
    monkeypatch.chdir(site)

    def no_name_server(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_name_server)
    code = main(["import-launchpad", "--series", "diablo", "--project", "nova"])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: cannot reach Launchpad (production): Unable to find the server at "
        "api.launchpad.net; are you online?",
        "1 problem found; nothing was written",
    ]


def test_launchpad_answering_with_an_error_is_one_line(tmp_path, monkeypatch, capsys):
    site = project(tmp_path)
    monkeypatch.chdir(site)

    def unavailable(http, uri, *args, **kwargs):
        response = httplib2.Response({"status": "503", "content-type": "text/plain"})
        response.reason = "Service Unavailable"
        return response, b"Launchpad is down for maintenance"

    monkeypatch.setattr(httplib2.Http, "request", unavailable)
    code = main(
        [
            *("import-launchpad", "--series", "diablo", "--project", "nova"),
            *("--service-root", launchpad_replay.SERVICE_ROOT),
            *("--api-version", launchpad_replay.VERSION),
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: Launchpad ({launchpad_replay.SERVICE_ROOT}) answered 503 Service Unavailable; "
        "try again later",
        "1 problem found; nothing was written",
    ]


def test_launchpad_names_every_project_it_does_not_know(tmp_path, monkeypatch, capsys):
    site = project(tmp_path)
    monkeypatch.chdir(site)
    launchpad_replay.install(monkeypatch)
    code = main(
        [
            *("import-launchpad", "--series", "diablo"),
            *("--project", "nova", "--project", "novva", "--project", "swift"),
            *("--service-root", launchpad_replay.SERVICE_ROOT),
            *("--api-version", launchpad_replay.VERSION),
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: Launchpad: no project named 'novva'",
        "error: Launchpad: project 'swift' has no series 'diablo'",
        "2 problems found; nothing was written",
    ]
