"""A checkout of openstack/releases -> series, milestones, releases and highlights.

Three kinds of files are read (docs/importers.md has the whole mapping):

    data/series_status.yaml                 every series: release-id, status, initial-release
    doc/source/<series>/schedule.yaml       the weeks of a cycle and their labels (schedule.py)
    deliverables/<series>/<project>.yaml    what a project tagged in the series, its highlights

Every file is read with the data loader's YAML reader (bounded, with positions), so
every problem is reported as file:line, all of them at once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cadence.data.options import DEFAULT_MAX_BYTES
from cadence.data.schema import NAME_PATTERN, RELEASED_STATUSES
from cadence.data.yamlsource import Document, read
from cadence.errors import UserError
from cadence.importers import schedule as schedule_reader
from cadence.importers.rst import to_markdown

#: openstack/releases statuses -> ours. "extended maintenance" (older files) was a
#: maintained phase: stable branches open, no more releases.
STATUSES: dict[str, str] = {
    "future": "future",
    "development": "development",
    "maintained": "maintained",
    "extended maintenance": "maintained",
    "unmaintained": "unmaintained",
    "end of life": "end-of-life",
}
DEFAULT_TAG_URL = "https://opendev.org/{repo}/src/tag/{version}"
#: Tags that mark a branch's end rather than a release.
_END_TAG = re.compile(r"-(eol|em|eom|last)$")
_PRE_RELEASE = re.compile(r"^v?\d+(?:\.\d+)*[.-]?(?P<tag>a|b|rc)\.?(?P<number>\d+)$")
_FINAL = re.compile(r"^v?\d+(?:\.\d+)+$")
_NAME = re.compile(NAME_PATTERN)
_SOURCE_TOKEN = re.compile(r"""^(?:'([^']*)'|"([^"]*)"|([^\s#,\]}]+))""")


@dataclass(frozen=True)
class SeriesInfo:
    """One entry of data/series_status.yaml."""

    name: str
    version: str | None
    status: str
    release_date: datetime.date | None
    line: int

    @property
    def finished(self) -> bool:
        return self.status in RELEASED_STATUSES


@dataclass
class Deliverable:
    """What one deliverable file gives for one series."""

    project: str
    team: str | None
    repo: str | None
    releases: list[dict[str, Any]] = field(default_factory=list)
    release_notes: str | None = None
    highlights: list[str] = field(default_factory=list)
    #: reason -> count of versions not imported (end-of-branch tags, stable updates)
    left_out: dict[str, int] = field(default_factory=dict)
    #: file:line notes (what docutils said about a highlight)
    notes: list[str] = field(default_factory=list)


@dataclass
class SeriesImport:
    """Everything read for one series, and what was skipped or went wrong."""

    info: SeriesInfo
    schedule: schedule_reader.Schedule | None = None
    deliverables: list[Deliverable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def left_out(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for d in self.deliverables:
            for reason, count in d.left_out.items():
                total[reason] = total.get(reason, 0) + count
        return total


@dataclass(frozen=True)
class Options:
    projects: tuple[str, ...] = ()
    rules: schedule_reader.Rules = field(default_factory=schedule_reader.Rules)
    tag_url: str = DEFAULT_TAG_URL
    today: datetime.date | None = None
    max_bytes: int | None = None


class Checkout:
    """A local checkout (or extracted copy) of openstack/releases."""

    def __init__(self, root: Path, max_bytes: int | None = None) -> None:
        self.root = root
        self.max_bytes = max_bytes
        status = root / "data" / "series_status.yaml"
        if not status.is_file():
            raise UserError(
                f"{root}: not an openstack/releases checkout: data/series_status.yaml not found"
            )
        #: oldest first
        self.series = read_series_status(status, self.label(status), max_bytes)

    def label(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def schedule_path(self, series: str) -> Path:
        return self.root / "doc" / "source" / series / "schedule.yaml"

    def with_schedule(self) -> list[SeriesInfo]:
        return [s for s in self.series if self.schedule_path(s.name).is_file()]

    def choose(self, names: Iterable[str]) -> list[SeriesInfo]:
        """The series asked for (all those with a schedule when none), oldest first."""
        wanted = list(names)
        if not wanted:
            return self.with_schedule()
        known = {s.name: s for s in self.series}
        problems = []
        for name in wanted:
            if name not in known:
                from cadence.errors import did_you_mean

                problems.append(
                    f"--series {name}: not in data/series_status.yaml{did_you_mean(name, known)}"
                )
            elif not self.schedule_path(name).is_file():
                problems.append(
                    f"--series {name}: doc/source/{name}/schedule.yaml not found: "
                    "only series with a schedule can be imported"
                )
        if problems:
            raise UserError(problems)
        return [s for s in self.series if s.name in wanted]

    def neighbours(self, info: SeriesInfo) -> dict[str, schedule_reader.Neighbour]:
        """Initial -> the nearest other series with that initial, and how it relates."""
        index = self.series.index(info)
        found: dict[str, schedule_reader.Neighbour] = {}
        for distance in range(1, len(self.series)):
            for position, relation in (
                (index - distance, "previous" if distance == 1 else "older"),
                (index + distance, "next" if distance == 1 else "newer"),
            ):
                if 0 <= position < len(self.series):
                    other = self.series[position].name
                    if other[0] != info.name[0]:
                        found.setdefault(other[0], schedule_reader.Neighbour(other, relation))
        return found

    def read_series(self, info: SeriesInfo, options: Options) -> SeriesImport:
        """Read the deliverables, then the schedule; problems are kept on the result."""
        result = SeriesImport(info)
        folder = self.root / "deliverables" / info.name
        paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        if options.projects:
            by_name = {p.stem: p for p in paths}
            for name in options.projects:
                if name not in by_name:
                    result.notes.append(
                        f"deliverables/{info.name}/{name}.yaml not found: {name} has no "
                        f"release in {info.name}"
                    )
            paths = [by_name[name] for name in options.projects if name in by_name]
        for path in paths:
            try:
                deliverable = self.read_deliverable(path, info, options)
            except UserError as error:
                result.errors.extend(error.messages)
                continue
            if deliverable is not None:
                result.deliverables.append(deliverable)
        teams: dict[str, tuple[str, ...]] = {}
        for d in result.deliverables:
            for key in {d.project, (d.team or d.project).lower()}:
                teams[key] = (*teams.get(key, ()), d.project)
        path = self.schedule_path(info.name)
        try:
            result.schedule = schedule_reader.read_schedule(
                path,
                info.name,
                file=self.label(path),
                title=info.name.capitalize(),
                neighbours=self.neighbours(info),
                final_date=info.release_date,
                teams=teams,
                titles=schedule_reader.rst_titles(path.with_suffix(".rst")),
                rules=options.rules,
                today=options.today,
                finished=info.finished,
                max_bytes=self.max_bytes,
            )
        except UserError as error:
            result.errors.extend(error.messages)
            return result
        milestones = {m["name"]: m for m in result.schedule.milestones}
        for d in result.deliverables:
            _attach(d, info.name, milestones)
        return result

    def read_deliverable(
        self, path: Path, info: SeriesInfo, options: Options
    ) -> Deliverable | None:
        label = self.label(path)
        doc = _read(path, label, self.max_bytes)
        data = doc.data
        if not isinstance(data, dict):
            raise UserError(f"{label}:1: expected a mapping (team, releases...)")
        project = path.stem
        if not _NAME.match(project):
            raise UserError(
                f"{label}:1: deliverable '{project}' (the file name): expected a name of "
                "lowercase letters, digits, '-', '.', '+' or '_'"
            )
        releases = data.get("releases") or []
        if not isinstance(releases, list):
            raise UserError(f"{label}:{doc.position(('releases',))[0]}: releases: expected a list")
        team = data.get("team") if isinstance(data.get("team"), str) else None
        settings = data.get("repository-settings")
        repo = next(iter(settings), None) if isinstance(settings, dict) and settings else None
        deliverable = Deliverable(project, team, repo if isinstance(repo, str) else None)
        lines = _source_lines(path)
        problems = []
        versions = []
        for i, entry in enumerate(releases):
            if not isinstance(entry, dict) or "version" not in entry:
                problems.append(
                    f"{label}:{doc.position(('releases', i))[0]}: release #{i + 1}: "
                    "expected a mapping with a 'version'"
                )
                continue
            version = _source_text(doc, lines, ("releases", i, "version"), entry["version"])
            if _END_TAG.search(version):
                _count(deliverable, "end-of-branch tags (-eol, -em, -eom, -last)")
                continue
            projects = entry.get("projects")
            first = projects[0] if isinstance(projects, list) and projects else {}
            repo_of = first.get("repo") if isinstance(first, dict) else None
            versions.append((version, repo_of if isinstance(repo_of, str) else deliverable.repo))
        if problems:
            raise UserError(problems)
        branch = _branch_point(data, info)
        deliverable.releases = _classify(versions, branch, info, deliverable, options)
        notes = data.get("release-notes")
        if isinstance(notes, str) and re.match(r"^https?://\S+$", notes.strip()):
            deliverable.release_notes = notes.strip()
        deliverable.highlights = self.highlights(doc, label, data, deliverable)
        return deliverable

    def highlights(
        self, doc: Document, label: str, data: dict[str, Any], deliverable: Deliverable
    ) -> list[str]:
        items = data.get("cycle-highlights") or []
        if not isinstance(items, list):
            raise UserError(
                f"{label}:{doc.position(('cycle-highlights',))[0]}: cycle-highlights: "
                "expected a list of reStructuredText items"
            )
        converted = []
        for i, item in enumerate(items):
            line = doc.position(("cycle-highlights", i))[0]
            if not isinstance(item, str) or not item.strip():
                deliverable.notes.append(
                    f"{label}:{line}: cycle-highlights item {i + 1}: expected text, skipped"
                )
                continue
            result = to_markdown(item)
            for offset, message in result.warnings:
                deliverable.notes.append(
                    f"{label}:{line + offset - 1}: cycle-highlights item {i + 1}: {message}"
                )
            if result.markdown:
                converted.append(result.markdown)
        return converted


def read_series_status(path: Path, label: str, max_bytes: int | None = None) -> list[SeriesInfo]:
    """Every series of data/series_status.yaml, oldest first; all problems at once."""
    doc = _read(path, label, max_bytes)
    if not isinstance(doc.data, list):
        raise UserError(f"{label}:1: expected a list of series")
    lines = _source_lines(path)
    problems = []
    found = []
    for i, entry in enumerate(doc.data):
        line = doc.position((i,))[0]
        if not isinstance(entry, dict):
            problems.append(f"{label}:{line}: series #{i + 1}: expected a mapping")
            continue
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(
                f"{label}:{doc.position((i, 'name'))[0]}: series #{i + 1}: name: expected a "
                f"lowercase name, got {name!r}"
            )
            continue
        status = entry.get("status")
        if status not in STATUSES:
            problems.append(
                f"{label}:{doc.position((i, 'status'))[0]}: series '{name}': status: expected "
                f"one of: {', '.join(STATUSES)}; got {status!r}"
            )
            continue
        version = None
        if "release-id" in entry:
            version = _source_text(doc, lines, (i, "release-id"), entry["release-id"])
        day = entry.get("initial-release")
        if isinstance(day, str):
            try:
                day = datetime.date.fromisoformat(day.strip())
            except ValueError:
                pass
        if day is not None and not (
            isinstance(day, datetime.date) and not isinstance(day, datetime.datetime)
        ):
            problems.append(
                f"{label}:{doc.position((i, 'initial-release'))[0]}: series '{name}': "
                f"initial-release: expected a date (YYYY-MM-DD), got {day!r}"
            )
            continue
        found.append(SeriesInfo(name, version, STATUSES[status], day, line))
    if problems:
        raise UserError(problems)
    return sorted(found, key=lambda s: (s.release_date or datetime.date.max, s.name))


def _read(path: Path, label: str, max_bytes: int | None) -> Document:
    """A file of the checkout, read like a data file: bounded, with positions."""
    try:
        doc = read(path, label, max_bytes or DEFAULT_MAX_BYTES)
    except OSError as error:
        raise UserError(f"{label}: cannot read the file: {error.strerror}") from None
    if doc.problems or doc.unreadable:
        raise UserError(
            [str(p) for p in doc.problems]
            + [f"{label}:{doc.position(p)[0]}: {message}" for p, message in doc.unreadable]
        )
    return doc


def _source_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def _source_text(doc: Document, lines: list[str], path: tuple[Any, ...], value: Any) -> str:
    """A scalar as written in the file: `release-id: 2023.1` is read by YAML as the
    number 2023.1 (and 2023.10 as 2023.1); the text is what the project wrote."""
    if isinstance(value, str):
        return value.strip()
    line, column = doc.position(path)
    if 0 < line <= len(lines):
        token = _SOURCE_TOKEN.match(lines[line - 1][column - 1 :])
        if token:
            return next(group for group in token.groups() if group is not None)
    return str(value)


def _count(deliverable: Deliverable, reason: str) -> None:
    deliverable.left_out[reason] = deliverable.left_out.get(reason, 0) + 1


def _branch_point(data: dict[str, Any], info: SeriesInfo) -> str | None:
    """The version the series' stable branch was cut from, when it names one."""
    names = {f"stable/{info.name}"} | ({f"stable/{info.version}"} if info.version else set())
    for branch in data.get("branches") or []:
        if isinstance(branch, dict) and branch.get("name") in names:
            location = branch.get("location")
            return location if isinstance(location, str) else None
    return None


def _classify(
    versions: list[tuple[str, str | None]],
    branch: str | None,
    info: SeriesInfo,
    deliverable: Deliverable,
    options: Options,
) -> list[dict[str, Any]]:
    """Each version with its role: ('beta', n), ('rc', n), ('final', 0) or
    ('between', 0); stable updates after the series' release are left out.

    The series' release is the first final version after pre-releases (models with
    release candidates), else the version the stable branch was cut from, else, in
    a finished series without a stable branch, its last version."""
    roles = []
    for version, repo in versions:
        pre = _PRE_RELEASE.match(version)
        if pre and pre["tag"] in ("b", "rc"):
            roles.append([version, repo, "beta" if pre["tag"] == "b" else "rc", int(pre["number"])])
        else:
            roles.append([version, repo, "between", 0])
    finals = [i for i, r in enumerate(roles) if _FINAL.match(r[0])]
    release = None
    if any(r[2] in ("beta", "rc") for r in roles) and finals:
        release = finals[0]
    elif branch is not None and branch in [r[0] for r in roles]:
        release = [r[0] for r in roles].index(branch)
        if roles[release][2] in ("beta", "rc"):  # cut at an RC: the release follows it
            later = [i for i in finals if i > release]
            release = later[0] if later else None
    elif branch is None and info.finished and finals:
        release = finals[-1]
    result = []
    for i, (version, repo, role, number) in enumerate(roles):
        if release is not None and i > release:
            _count(deliverable, "stable updates after the series' release")
            continue
        if i == release:
            role = "final"
        entry: dict[str, Any] = {"version": version, "role": (role, number)}
        if repo and options.tag_url:
            entry["url"] = options.tag_url.format(repo=repo, version=version)
        result.append(entry)
    return result


def _attach(deliverable: Deliverable, series: str, milestones: dict[str, dict[str, Any]]) -> None:
    """Name the milestone each release belongs to: beta N -> milestone N, rc1 -> RC1,
    later RCs -> the final RCs (or RC1), the series' release -> the final."""

    def found(*names: str) -> str | None:
        return next((f"{series}-{n}" for n in names if f"{series}-{n}" in milestones), None)

    releases = []
    for entry in deliverable.releases:
        role, number = entry.pop("role")
        if role == "beta":
            milestone = found(str(number)) if number in (1, 2, 3) else None
        elif role == "rc":
            milestone = found("rc1") if number == 1 else found("finalrc", "rc1")
        elif role == "final":
            milestone = found("final")
        else:
            milestone = None
        release = {"version": entry["version"]}
        if milestone is not None:
            release["milestone"] = milestone
        if "url" in entry:
            release["url"] = entry["url"]
        releases.append(release)
    deliverable.releases = releases


def project_entry(deliverable: Deliverable) -> dict[str, Any]:
    """A data/projects.yaml entry for a deliverable first seen in an import."""
    name = deliverable.project
    entry: dict[str, Any] = {"title": name.capitalize() if name.isalpha() else name}
    if deliverable.repo:
        entry["url"] = f"https://opendev.org/{deliverable.repo}"
    return entry


@dataclass
class Imported:
    """The plan of an import and what was read for each series."""

    plan: Any
    series: list[SeriesImport]

    def summary(self, verbose: bool = False) -> list[str]:
        """What would change, series by series, then what was skipped and why.

        Release files are summed up per series unless `verbose`."""
        lines = []
        changes = list(self.plan.changes)
        for c in changes:
            if "/releases/" not in c.file and "/series/" not in c.file:
                lines += c.lines() if verbose else c.lines()[:1]
        for found in self.series:
            name = found.info.name
            for c in changes:
                if c.file.endswith(f"/series/{name}.yaml"):
                    lines += c.lines() if verbose else c.lines()[:1]
            mine = [c for c in changes if f"/releases/{name}/" in c.file]
            if verbose:
                lines += [line for c in mine for line in c.lines()]
            elif mine:
                folder = mine[0].file.rsplit("/", 1)[0]
                lines.append(
                    f"{folder}/: {len(mine)} files: "
                    f"{sum(len(c.added) for c in mine)} releases added, "
                    f"{sum(len(c.changed) for c in mine)} changed, "
                    f"{sum(c.unchanged for c in mine)} unchanged, "
                    f"{sum(len(c.kept) for c in mine)} kept (not in the source)"
                )
        for found in self.series:
            skipped = found.schedule.skipped if found.schedule else []
            lines += [f"note: {s}" for s in skipped]
            lines += [f"note: {n}" for n in found.schedule.notes] if found.schedule else []
            lines += [f"note: {n}" for n in found.notes]
            lines += [f"note: {n}" for d in found.deliverables for n in d.notes]
            if found.left_out:
                counts = ", ".join(f"{n} {why}" for why, n in sorted(found.left_out.items()))
                lines.append(f"note: deliverables/{found.info.name}/: not imported: {counts}")
        return lines


def import_checkout(
    root: Path, data_dir: Path, series: Iterable[str], options: Options
) -> Imported:
    """Read the chosen series (all with a schedule when none) and plan their files.

    Raise UserError with every problem of every series when anything is wrong."""
    from cadence.importers.plan import Plan, plan_projects, plan_releases, plan_series

    checkout = Checkout(root, options.max_bytes)
    chosen = checkout.choose(series)
    read = [checkout.read_series(info, options) for info in chosen]
    failed = [e for s in read for e in s.errors]
    if failed:
        raise UserError(failed)
    plan = Plan(data_dir)
    projects: dict[str, dict[str, Any]] = {}
    names_of: dict[str, list[str]] = {}
    for found in read:
        names = [d.project for d in found.deliverables]
        if not names:
            index = checkout.series.index(found.info)
            before = checkout.series[index - 1].name if index > 0 else None
            names = (
                list(options.projects)
                or names_of.get(before or "")
                or _projects_in_data(data_dir, before)
            )
            if names:
                source = "--projects" if options.projects else (before or "data/")
                listed = ", ".join(names[:8]) + (
                    f" and {len(names) - 8} more" if len(names) > 8 else ""
                )
                found.notes.append(
                    f"deliverables/{found.info.name}/: no deliverable file; projects taken "
                    f"from {source}: {listed}"
                )
        names_of[found.info.name] = names
        for d in found.deliverables:
            projects.setdefault(d.project, project_entry(d))
        for name in names:
            projects.setdefault(name, {"title": name.capitalize() if name.isalpha() else name})
        info = found.info
        part = plan_series(
            data_dir,
            info.name,
            found.schedule.milestones if found.schedule else [],
            title=info.name.capitalize(),
            version=info.version,
            projects=names,
            status=info.status,
            release_date=info.release_date,
            authority=("version", "status", "release_date"),
        )
        _merge(plan, part)
        for d in found.deliverables:
            _merge(
                plan,
                plan_releases(
                    data_dir,
                    info.name,
                    d.project,
                    d.releases,
                    release_notes=d.release_notes,
                    highlights=d.highlights,
                ),
            )
    _merge(plan, plan_projects(data_dir, projects), first=True)
    return Imported(plan, read)


def _merge(plan: Any, part: Any, first: bool = False) -> None:
    plan.files.update(part.files)
    if first:
        plan.changes[:0] = part.changes
    else:
        plan.changes.extend(part.changes)


def _projects_in_data(data_dir: Path, series: str | None) -> list[str]:
    """The projects of a series already in data/ (for the series after it)."""
    from cadence.importers.plan import read_document

    if series is None:
        return []
    projects = read_document(data_dir, data_dir / "series" / f"{series}.yaml").get("projects")
    return [p for p in projects or [] if isinstance(p, str)]
