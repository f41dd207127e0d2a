"""Launchpad (through launchpadlib, anonymous and read-only) -> milestones and blueprints.

`fetch` talks to the web service and returns the plain JSON representations;
`milestones_from` and `blueprints_from` map them to the data/ format. Launchpad's
values are those of its enumerations (lp/blueprints/enums.py in Launchpad's source:
SpecificationPriority, SpecificationImplementationStatus,
SpecificationDefinitionStatus); each one maps to ours (docs/importers.md):

- priority: Essential, High, Medium, Low, Undefined, Not -> essential ... not
- implementation: Implemented -> implemented; Needs Code Review, Deployment ->
  needs-review; Started, Slow progress, Good progress, Beta Available -> in-progress;
  Needs Infrastructure, Blocked -> blocked; Informational -> informational;
  Deferred -> deferred; Not started, Unknown -> not-started
- definition: Obsolete, Superseded -> obsolete (whatever the implementation says);
  New, Discussion, Drafting, Review, Pending Approval, Approved leave it to the
  implementation status

A value Launchpad may add later is imported as the closest safe value, with a note.
"""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from cadence.data.schema import DELIVERY_KINDS
from cadence.errors import UserError

PRIORITIES = {
    "Essential": "essential",
    "High": "high",
    "Medium": "medium",
    "Low": "low",
    "Undefined": "undefined",
    "Not": "not",
}
IMPLEMENTATION = {
    "Implemented": "implemented",
    "Needs Code Review": "needs-review",
    "Deployment": "needs-review",
    "Started": "in-progress",
    "Slow progress": "in-progress",
    "Good progress": "in-progress",
    "Beta Available": "in-progress",
    "Needs Infrastructure": "blocked",
    "Blocked": "blocked",
    "Informational": "informational",
    "Deferred": "deferred",
    "Not started": "not-started",
    "Unknown": "not-started",
}
DEFINITIONS = (
    "New",
    "Discussion",
    "Drafting",
    "Review",
    "Pending Approval",
    "Approved",
    "Superseded",
    "Obsolete",
)
OBSOLETE_DEFINITIONS = {"Obsolete", "Superseded"}
SERVICE_ROOT = "production"
#: the fields of a Launchpad specification (blueprint) that are read
SPECIFICATION_FIELDS = (
    "name",
    "title",
    "summary",
    "web_link",
    "specification_url",
    "priority",
    "implementation_status",
    "definition_status",
    "milestone_link",
    "assignee_link",
    "date_completed",
)


def _last(link: str | None) -> str | None:
    """`https://api.launchpad.net/devel/nova/+milestone/diablo-4` -> `diablo-4`; ~user -> user."""
    if not link:
        return None
    return link.rstrip("/").rsplit("/", 1)[-1].lstrip("~")


def _date(value: str | None) -> datetime.date | None:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date() if value else None


def milestones_from(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Launchpad milestones -> data/ milestones (kind guessed from the name)."""
    result = []
    for entry in entries:
        name = entry["name"]
        released = _date((entry.get("release") or {}).get("date_released"))
        planned = _date(entry.get("date_targeted")) or released
        if planned is None:
            continue  # a milestone without any date cannot be scheduled
        kind = (
            "final"
            if name.endswith("-final") or entry.get("code_name") == "final"
            else ("release-candidate" if "-rc" in name else "milestone")
        )
        milestone: dict[str, Any] = {"name": name, "kind": kind, "date": planned}
        if entry.get("code_name") and entry["code_name"] != name:
            milestone["title"] = entry["code_name"]
        if released:
            milestone["released"] = True
            if released != planned:
                milestone["released_on"] = released
        result.append(milestone)
    return sorted(result, key=lambda m: (m["date"], m["name"]))


def blueprints_from(
    entries: list[dict[str, Any]], milestones: list[dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Launchpad specifications -> (data/ blueprints of one project, notes for a person).

    `milestones` are the series' milestones as `milestones_from` gives them.
    """
    names = {m["name"] for m in milestones}
    result: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for entry in entries:
        name = entry["name"]
        status = _known(entry, "implementation_status", IMPLEMENTATION, "Unknown", notes)
        _known(entry, "definition_status", dict.fromkeys(DEFINITIONS), "New", notes)
        if entry.get("definition_status") in OBSOLETE_DEFINITIONS:
            status = "obsolete"
        blueprint: dict[str, Any] = {
            "title": " ".join((entry.get("title") or name).split()),
            "url": entry.get("web_link"),
            "priority": _known(entry, "priority", PRIORITIES, "Undefined", notes),
            "status": status,
        }
        if entry.get("summary"):
            blueprint["summary"] = " ".join(entry["summary"].split())
        spec_url = entry.get("specification_url") or ""
        if spec_url.startswith(("http://", "https://")):
            blueprint["spec_url"] = spec_url
        milestone = _last(entry.get("milestone_link"))
        if milestone in names:
            blueprint["targeted"] = milestone
        if status == "implemented":
            landed = milestone if milestone in names else _landed(entry, milestones, notes)
            if landed is None:
                notes.append(
                    f"blueprint '{name}': implemented, but the series has no milestone "
                    "to count it in; imported as informational"
                )
                blueprint["status"] = "informational"
            else:
                blueprint["completed"] = landed
                if entry.get("date_completed"):
                    blueprint["completed_on"] = _date(entry["date_completed"])
        assignee = _last(entry.get("assignee_link"))
        if assignee:
            blueprint["assignee"] = assignee
        result[name] = {k: v for k, v in blueprint.items() if v is not None}
    return result, notes


def _known(
    entry: dict[str, Any], field: str, mapping: dict[str, Any], default: str, notes: list[str]
) -> Any:
    """Our value for one of Launchpad's; an unknown one gets the default's and a note."""
    value = entry.get(field) or default
    if value not in mapping:
        notes.append(
            f"blueprint '{entry['name']}': {field} '{value}' is not a value Launchpad "
            f"documents; read as '{default}'"
        )
        value = default
    return mapping[value]


def _landed(
    entry: dict[str, Any], milestones: list[dict[str, Any]], notes: list[str]
) -> str | None:
    """The milestone an implemented blueprint without one of the series' milestones landed in:
    the first delivery milestone on or after its completion date, else the last one."""
    delivery = sorted(
        (m for m in milestones if m["kind"] in DELIVERY_KINDS), key=lambda m: m["date"]
    )
    if not delivery:
        return None
    done = _date(entry.get("date_completed"))
    landed = next((m for m in delivery if done and m["date"] >= done), delivery[-1])
    target = _last(entry.get("milestone_link"))
    where = f"targeted to '{target}' of another series" if target else "without a milestone"
    when = f"completed on {done}" if done else "no completion date"
    notes.append(
        f"blueprint '{entry['name']}': implemented {where} ({when}); counted in '{landed['name']}'"
    )
    return landed["name"]


def fetch(
    projects: list[str],
    series: str,
    service_root: str = SERVICE_ROOT,
    version: str = "devel",
    group: str | None = None,
) -> dict[str, Any]:
    """{"milestones": [...], "blueprints": {project: [...]}, "skipped": [...]} as Launchpad
    returns them, for the projects named and those of a project group that have the series."""
    import httplib2
    from lazr.restfulclient.errors import HTTPError

    try:
        with tempfile.TemporaryDirectory(prefix="cadence-launchpad-") as cache:
            return _fetch(projects, series, service_root, version, group, cache)
    except (OSError, httplib2.HttpLib2Error) as error:
        raise UserError(
            f"cannot reach Launchpad ({service_root}): {error}; are you online?"
        ) from None
    except HTTPError as error:
        raise UserError(
            f"Launchpad ({service_root}) answered {error.response.status} "
            f"{error.response.reason}; try again later"
        ) from None


def _fetch(
    projects: list[str],
    series: str,
    service_root: str,
    version: str,
    group: str | None,
    cache: str,
) -> dict[str, Any]:
    from launchpadlib.launchpad import Launchpad

    lp = Launchpad.login_anonymously("cadence", service_root, cache, version=version)
    from_group = []
    if group:
        try:
            from_group = [p.name for p in lp.project_groups[group].projects]
        except KeyError:
            raise UserError(f"Launchpad: no project group named '{group}'") from None
    names = list(dict.fromkeys([*projects, *from_group]))
    milestones: dict[str, dict[str, Any]] = {}
    blueprints: dict[str, list[dict[str, Any]]] = {}
    skipped: list[str] = []
    problems: list[str] = []
    for name in _progress(names, f"Reading {series} from Launchpad"):
        try:
            project = lp.projects[name]
        except KeyError:
            problems.append(f"Launchpad: no project named '{name}'")
            continue
        lp_series = project.getSeries(name=series)
        if lp_series is None:
            if name in projects:
                problems.append(f"Launchpad: project '{name}' has no series '{series}'")
            else:
                skipped.append(name)  # a project of the group that was not in this cycle
            continue
        for m in lp_series.all_milestones:
            release = m.release
            milestones[m.name] = {
                "name": m.name,
                "code_name": m.code_name,
                "is_active": m.is_active,
                "date_targeted": _plain(m.date_targeted),
                "release": {"date_released": _plain(release.date_released)} if release else None,
            }
        blueprints[name] = [
            {field: _plain(getattr(spec, field, None)) for field in SPECIFICATION_FIELDS}
            for spec in lp_series.valid_specifications
        ]
    if problems:
        raise UserError(problems)
    return {"milestones": list(milestones.values()), "blueprints": blueprints, "skipped": skipped}


def _progress(items: list[str], description: str) -> Any:
    """A progress bar on a terminal (rich); the plain list otherwise."""
    import sys

    if not sys.stdout.isatty():
        return items
    from rich.progress import track

    return track(items, description=description)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):  # wadllib may already have parsed a date
        return value.isoformat()
    return value
