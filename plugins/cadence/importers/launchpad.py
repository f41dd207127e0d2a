"""Launchpad (through launchpadlib, anonymous and read-only) -> milestones and blueprints.

`fetch` talks to the web service and returns the plain JSON representations;
`milestones_from` and `blueprints_from` map them to the data/ format. Mapping of
Launchpad's values (docs/importers.md):

- priority: Essential, High, Medium, Low, Undefined, Not -> essential ... not
- implementation: Implemented -> implemented; Needs Code Review, Deployment ->
  needs-review; Started, Slow progress, Good progress, Beta Available, Needs
  Infrastructure -> in-progress; Blocked -> blocked; Informational -> informational;
  Deferred -> deferred; Not started, Unknown -> not-started
- definition: Obsolete, Superseded -> obsolete (whatever the implementation says)
"""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

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
    "Needs Infrastructure": "in-progress",
    "Blocked": "blocked",
    "Informational": "informational",
    "Deferred": "deferred",
    "Not started": "not-started",
    "Unknown": "not-started",
}
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
    entries: list[dict[str, Any]], milestones: set[str]
) -> dict[str, dict[str, Any]]:
    """Launchpad specifications -> data/ blueprints of one project."""
    result: dict[str, dict[str, Any]] = {}
    for entry in entries:
        status = IMPLEMENTATION.get(entry.get("implementation_status") or "Unknown", "not-started")
        if entry.get("definition_status") in OBSOLETE_DEFINITIONS:
            status = "obsolete"
        blueprint: dict[str, Any] = {
            "title": " ".join((entry.get("title") or entry["name"]).split()),
            "url": entry.get("web_link"),
            "priority": PRIORITIES.get(entry.get("priority") or "Undefined", "undefined"),
            "status": status,
        }
        if entry.get("summary"):
            blueprint["summary"] = " ".join(entry["summary"].split())
        spec_url = entry.get("specification_url") or ""
        if spec_url.startswith(("http://", "https://")):
            blueprint["spec_url"] = spec_url
        milestone = _last(entry.get("milestone_link"))
        if milestone in milestones:
            blueprint["targeted"] = milestone
            if status == "implemented":
                blueprint["completed"] = milestone
                if entry.get("date_completed"):
                    blueprint["completed_on"] = _date(entry["date_completed"])
        if status == "implemented" and "completed" not in blueprint:
            blueprint["status"] = "informational" if milestone is None else "implemented"
        assignee = _last(entry.get("assignee_link"))
        if assignee:
            blueprint["assignee"] = assignee
        result[entry["name"]] = {k: v for k, v in blueprint.items() if v is not None}
    return result


def fetch(
    projects: list[str],
    series: str,
    service_root: str = SERVICE_ROOT,
    version: str = "devel",
    group: str | None = None,
) -> dict[str, Any]:
    """{"milestones": [...], "blueprints": {project: [...]}, "skipped": [...]} as Launchpad
    returns them, for the projects named and those of a project group that have the series."""
    try:
        from launchpadlib.launchpad import Launchpad

        lp = Launchpad.login_anonymously(
            "cadence", service_root, tempfile.mkdtemp(), version=version
        )
        milestones: dict[str, dict[str, Any]] = {}
        blueprints: dict[str, list[dict[str, Any]]] = {}
        skipped: list[str] = []
        from_group = [p.name for p in lp.project_groups[group].projects] if group else []
        names = list(dict.fromkeys([*projects, *from_group]))
        for name in _progress(names, f"Reading {series} from Launchpad"):
            project = lp.projects[name]
            lp_series = project.getSeries(name=series)
            if lp_series is None:
                if name in projects:
                    raise UserError(f"Launchpad: project '{name}' has no series '{series}'")
                skipped.append(name)  # a project of the group that was not in this cycle
                continue
            for m in lp_series.all_milestones:
                release = m.release
                milestones[m.name] = {
                    "name": m.name,
                    "code_name": m.code_name,
                    "is_active": m.is_active,
                    "date_targeted": _plain(m.date_targeted),
                    "release": {"date_released": _plain(release.date_released)}
                    if release
                    else None,
                }
            blueprints[name] = [
                {field: _plain(getattr(spec, field, None)) for field in SPECIFICATION_FIELDS}
                for spec in lp_series.valid_specifications
            ]
        return {
            "milestones": list(milestones.values()),
            "blueprints": blueprints,
            "skipped": skipped,
        }
    except UserError:
        raise
    except OSError as error:
        raise UserError(
            f"cannot reach Launchpad ({service_root}): {error}; are you online?"
        ) from None
    except Exception as error:  # launchpadlib raises many kinds for a missing project
        if type(error).__name__ in {"NotFound", "KeyError"}:
            raise UserError(f"Launchpad: not found: {error}") from None
        raise


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
