"""data/ -> validated ReleaseData, or LoadError listing every problem at once.

Layout:
    data/projects.yaml                        every project
    data/series/<series>.yaml                 a release cycle and its milestones
    data/blueprints/<series>/<project>.yaml   a project's blueprints in a series
    data/releases/<series>/<project>.yaml     what a project released in a series
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import ValidationError

from cadence.cache import Cache
from cadence.data import schema
from cadence.data.model import (
    Blueprint,
    Milestone,
    Project,
    ProjectReleases,
    Release,
    ReleaseData,
    Series,
    SourceRef,
)
from cadence.data.options import Options
from cadence.data.validation import validate, where
from cadence.data.yamlsource import PARSE_CACHE_VERSION, Document, parse, read
from cadence.errors import LoadError, Problem, did_you_mean
from cadence.fileio import SourceError, check_source, is_editor_file

logger = logging.getLogger(__name__)


def load(
    data_dir: str | Path,
    options: Options | None = None,
    *,
    replacing: Mapping[Path, str] | None = None,
) -> ReleaseData:
    """Load and check everything under `data_dir`; raise LoadError on any problem.

    `replacing` maps files under `data_dir` to the text they would have: the data
    is checked as it would be once they are written (importers check first)."""
    return _Loader(Path(data_dir), options or Options(), replacing or {}).run()


class _Loader:
    def __init__(self, root: Path, options: Options, replacing: Mapping[Path, str]) -> None:
        self.root = root
        self.options = options
        self.replacing = {Path(p).relative_to(root): text for p, text in replacing.items()}
        self.problems: list[Problem] = []
        self.cache = Cache(options.cache, PARSE_CACHE_VERSION)
        #: data files that can be read, by their path relative to data/
        self.files: dict[Path, Path] = {}
        #: data files named in a problem already (a folder, a broken link...)
        self.refused: set[Path] = set()

    def label(self, path: Path) -> str:
        """File names in messages: relative to the folder holding data/."""
        return path.relative_to(self.root.parent).as_posix()

    def read(self, path: Path) -> Document:
        text = self.replacing.get(path.relative_to(self.root))
        if text is not None:
            return parse(text.encode("utf-8"), self.label(path), self.options.max_bytes)
        return read(path, self.label(path), self.options.max_bytes, self.cache)

    def run(self) -> ReleaseData:
        if not self.root.is_dir() and not self.replacing:
            raise LoadError([Problem(str(self.root), 1, 1, "data folder not found")])
        if self.root.is_dir():
            self.scan(self.root)
        for relative in sorted(set(self.replacing) - set(self.files)):
            self.add_file(self.root / relative)
        if not self.files and not self.problems:
            return ReleaseData()  # a blog without release data yet
        projects = self.load_projects()
        series = self.load_series(projects)
        blueprints = self.load_blueprints(series)
        people = self.load_people()
        releases = self.load_releases(series)
        if self.problems:
            raise LoadError(self.problems)
        ordered = tuple(sorted(series.values(), key=lambda s: (s.start_date, s.name)))
        order = {s.name: i for i, s in enumerate(ordered)}
        return ReleaseData(
            projects=tuple(sorted(projects.values(), key=lambda p: p.name)),
            series=ordered,
            blueprints=tuple(
                sorted(blueprints, key=lambda b: (order[b.series], b.project, b.slug))
            ),
            people=people,
            releases=tuple(
                sorted(
                    releases,
                    key=lambda r: (
                        order[r.series],
                        series[r.series].projects.index(r.project),
                    ),
                )
            ),
        )

    # -- layout --------------------------------------------------------------

    def scan(self, folder: Path) -> None:
        """Find the data files, looking at each entry before anything is read.

        Hidden files and editors' lock and backup files are not data; folders,
        named pipes, devices, broken links and links leaving data/ named like a
        data file are problems, so is a wrong extension or place."""
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                name, path = entry.name, Path(entry.path)
                if name.startswith(".") or is_editor_file(name):
                    continue
                suffix = path.suffix
                if entry.is_dir(follow_symlinks=False) and suffix.lower() not in _EXTENSIONS:
                    self.scan(path)
                elif entry.is_symlink() and path.is_dir() and suffix.lower() not in _EXTENSIONS:
                    self.add(
                        path,
                        f"symbolic link to a folder ('{os.readlink(path)}'): folders in "
                        "data/ must be real folders; link the files instead",
                    )
                elif suffix.lower() in _EXTENSIONS and suffix != ".yaml":
                    self.add(path, f"unexpected extension '{suffix}': name data files '*.yaml'")
                elif suffix == ".yaml":
                    self.add_file(path)

    def add_file(self, path: Path) -> None:
        relative = path.relative_to(self.root)
        try:
            if relative not in self.replacing:
                check_source(path, self.root, "data/", expected="a YAML file")
        except SourceError as error:
            self.add(path, str(error))
            self.refused.add(relative)
            return
        if not _known(relative):
            self.add(
                path,
                "not a place for a data file: expected data/projects.yaml, "
                "data/people.yaml, data/series/<series>.yaml, "
                "data/blueprints/<series>/<project>.yaml or "
                "data/releases/<series>/<project>.yaml",
            )
            return
        self.files[relative] = path

    def files_in(self, *parts: str) -> list[Path]:
        """The readable data files directly under data/<parts>, by name."""
        folder = Path(*parts)
        return [self.files[r] for r in sorted(self.files) if r.parent == folder]

    def add(self, path: Path | str, message: str, line: int = 1, column: int = 1) -> None:
        file = self.label(path) if isinstance(path, Path) else path
        self.problems.append(Problem(file, line, column, message))

    # -- projects ------------------------------------------------------------

    def load_projects(self) -> dict[str, Project]:
        path = self.root / "projects.yaml"
        if Path("projects.yaml") in self.refused:
            return {}
        if Path("projects.yaml") not in self.files:
            self.add(path, "missing file: list every project here (see docs/data-format.md)")
            return {}
        doc = self.read(path)
        parsed = validate(doc, schema.ProjectsFile)
        self.problems.extend(doc.problems)
        if parsed is None:
            return {}
        return {
            name: Project(name=name, title=e.title, description=e.description, url=e.url)
            for name, e in parsed.projects.items()
        }

    # -- people --------------------------------------------------------------

    def load_people(self) -> tuple[tuple[str, str], ...]:
        """data/people.yaml is optional: without it, people are shown by their id."""
        path = self.root / "people.yaml"
        if Path("people.yaml") not in self.files:
            return ()
        doc = self.read(path)
        parsed = validate(doc, schema.PeopleFile)
        self.problems.extend(doc.problems)
        if parsed is None:
            return ()
        return tuple(sorted((person, entry.name) for person, entry in parsed.people.items()))

    # -- series --------------------------------------------------------------

    def load_series(self, projects: dict[str, Project]) -> dict[str, Series]:
        found: dict[str, Series] = {}
        milestone_homes: dict[str, str] = {}
        for path in self.files_in("series"):
            doc = self.read(path)
            parsed = validate(doc, schema.SeriesFile)
            if parsed is not None:
                # A series whose format is right is used to check its blueprints,
                # even when it has mistakes of its own: one run reports both.
                found[path.stem] = self.check_series(doc, parsed, projects, milestone_homes)
            self.problems.extend(doc.problems)
        return found

    def check_series(
        self,
        doc: Document,
        data: schema.SeriesFile,
        projects: dict[str, Project],
        milestone_homes: dict[str, str],
    ) -> Series:
        stem = Path(doc.file).stem
        if data.name != stem:
            doc.problem(("name",), f"name: expected '{stem}' (the file name), got '{data.name}'")
        if data.status in schema.RELEASED_STATUSES and data.release_date is None:
            doc.problem(
                (),
                f"series '{data.name}': missing required field 'release_date' "
                f"(status is '{data.status}')",
            )
        for i, name in enumerate(data.projects):
            if projects and name not in projects:
                doc.problem(
                    ("projects", i),
                    f"projects: unknown project '{name}'"
                    f"{did_you_mean(name, projects)}; declare it in data/projects.yaml",
                )
        for i, name, first in _repeats(data.projects):
            doc.problem(("projects", i), f"projects: '{name}' is listed twice (first as #{first})")
        window = _window(data)
        milestones: list[Milestone] = []
        previous: schema.MilestoneEntry | None = None
        for i, m in enumerate(data.milestones):
            path = ("milestones", i)
            label = where(doc, path)
            if m.name in milestone_homes:
                doc.problem(
                    (*path, "name"),
                    f"{label}: name already used by a milestone in "
                    f"{milestone_homes[m.name]}; milestone names must be unique",
                )
            milestone_homes.setdefault(m.name, doc.file)
            if previous is not None and m.date < previous.date:
                doc.problem(
                    (*path, "date"),
                    f"{label}: date: expected on or after "
                    f"{previous.date} (the date of '{previous.name}'), got {m.date}: "
                    "milestones are listed in date order",
                )
            if m.end_date is not None and m.end_date < m.date:
                doc.problem(
                    (*path, "end_date"),
                    f"{label}: end_date: expected on or after {m.date} (its date), "
                    f"got {m.end_date}",
                )
            if m.released_on is not None and not m.released:
                doc.problem(
                    (*path, "released_on"),
                    f"{label}: released_on is set but released is false: set released: true",
                )
            for j, name, first in _repeats(m.projects or ()):
                doc.problem(
                    (*path, "projects", j),
                    f"{label}: projects: '{name}' is listed twice (first as #{first})",
                )
            for j, name in enumerate(m.projects or ()):
                if name not in data.projects:
                    doc.problem(
                        (*path, "projects", j),
                        f"{label}: projects: '{name}' does "
                        f"not take part in series '{data.name}'{did_you_mean(name, data.projects)}",
                    )
            previous = m
            milestones.append(
                Milestone(
                    name=m.name,
                    series=data.name,
                    kind=m.kind,
                    date=m.date,
                    released=m.released,
                    released_on=m.released_on,
                    projects=tuple(m.projects or data.projects),
                    feature_freeze=m.feature_freeze,
                    title=m.title,
                    intro=m.intro,
                    end_date=m.end_date,
                    source=SourceRef(doc.file, doc.position(path)[0]),
                )
            )
        self.check_shipping_order(doc, data, window)
        for project, days in (data.rc_bugs or {}).items():
            if project not in data.projects:
                doc.problem(
                    ("rc_bugs", project),
                    f"rc_bugs: '{project}' does not take part "
                    f"in series '{data.name}'{did_you_mean(project, data.projects)}",
                    key=True,
                )
            for day in days:
                if not window[0] <= day <= window[1]:
                    doc.problem(
                        ("rc_bugs", project, day),
                        f"rc_bugs: {project}: {day}: {_outside(data.name, window, day)}",
                        key=True,
                    )
        return Series(
            name=data.name,
            title=data.title,
            version=data.version,
            status=data.status,
            projects=tuple(data.projects),
            milestones=tuple(milestones),
            release_date=data.release_date,
            description=data.description,
            rc_bugs=tuple(
                (project, tuple(sorted(days.items())))
                for project, days in sorted((data.rc_bugs or {}).items())
            ),
            source=SourceRef(doc.file, 1),
        )

    def check_shipping_order(
        self, doc: Document, data: schema.SeriesFile, window: tuple[datetime.date, datetime.date]
    ) -> None:
        """Milestones ship in their order: released_on is not after the next milestone
        nor before the previous one. Of two that cross, the one that moved further
        from its planned date is named."""
        ms = data.milestones
        outside = [
            i
            for i, m in enumerate(ms)
            if m.released_on is not None and not window[0] <= m.released_on <= window[1]
        ]
        for i in outside:
            doc.problem(
                ("milestones", i, "released_on"),
                f"{where(doc, ('milestones', i))}: released_on: "
                f"{_outside(data.name, window, ms[i].released_on)}",  # type: ignore[arg-type]
            )
        if outside:
            return  # the order follows once the dates are right
        for i in range(1, len(ms)):
            before, after = ms[i - 1], ms[i]
            if (before.released_on or before.date) <= (after.released_on or after.date):
                continue
            if before.released_on is None and after.released_on is None:
                continue  # planned dates out of order: reported with the dates

            def slip(m: schema.MilestoneEntry) -> int:
                return abs((m.released_on - m.date).days) if m.released_on else -1

            if slip(before) >= slip(after):
                doc.problem(
                    ("milestones", i - 1, "released_on"),
                    f"{where(doc, ('milestones', i - 1))}: released_on: expected on or before "
                    f"{after.released_on or after.date} (when '{after.name}' "
                    f"{'shipped' if after.released_on else 'is planned'}), "
                    f"got {before.released_on}",
                )
            else:
                doc.problem(
                    ("milestones", i, "released_on"),
                    f"{where(doc, ('milestones', i))}: released_on: expected on or after "
                    f"{before.released_on or before.date} (when '{before.name}' "
                    f"{'shipped' if before.released_on else 'was planned'}), "
                    f"got {after.released_on}",
                )

    # -- blueprints ----------------------------------------------------------

    def load_blueprints(self, series: dict[str, Series]) -> list[Blueprint]:
        found: list[Blueprint] = []
        paths = [p for r, p in sorted(self.files.items()) if r.parts[0] == "blueprints"]
        for path in paths:
            series_name, project = path.parent.name, path.stem
            doc = self.read(path)
            parsed = validate(doc, schema.BlueprintsFile)
            target = series.get(series_name)
            if target is None:
                series_file = Path("series", f"{series_name}.yaml")
                if series_file in self.files or series_file in self.refused:
                    pass  # the series file has its own errors; don't pile on
                else:
                    doc.problem(
                        (),
                        f"unknown series '{series_name}' (the folder name)"
                        f"{did_you_mean(series_name, series)}: expected a folder named "
                        "after a file in data/series/",
                    )
            elif project not in target.projects:
                doc.problem(
                    (),
                    f"project '{project}' (the file name) does not take part in "
                    f"series '{series_name}'{did_you_mean(project, target.projects)}: "
                    f"add it to the projects of data/series/{series_name}.yaml",
                )
            elif parsed is not None:
                found.extend(self.check_blueprints(doc, parsed, target, project))
            else:
                # The file has format mistakes: still check the blueprints that are
                # right on their own, so one run reports every kind of mistake.
                self.check_blueprints(doc, _valid_blueprints(doc), target, project)
            self.problems.extend(doc.problems)
        return found

    def check_blueprints(
        self, doc: Document, data: schema.BlueprintsFile, series: Series, project: str
    ) -> Iterable[Blueprint]:
        milestones = {m.name: m for m in series.milestones}
        window = (series.start_date - _MARGIN, series.end_date + _MARGIN)
        result = []
        for slug, e in data.blueprints.items():
            path = ("blueprints", slug)
            label = where(doc, path)
            for field in ("targeted", "completed"):
                name = getattr(e, field)
                if name is None:
                    continue
                m = milestones.get(name)
                if m is None:
                    doc.problem(
                        (*path, field),
                        f"{label}: {field}: unknown milestone '{name}'"
                        f"{did_you_mean(name, milestones)}; expected a milestone of "
                        f"series '{series.name}'",
                    )
                elif m.kind not in schema.DELIVERY_KINDS:
                    doc.problem(
                        (*path, field),
                        f"{label}: {field}: '{name}' is a {m.kind}, "
                        f"expected a milestone of kind {', '.join(schema.DELIVERY_KINDS)}",
                    )
                elif project not in m.projects:
                    doc.problem(
                        (*path, field),
                        f"{label}: {field}: milestone '{name}' does "
                        f"not apply to project '{project}'",
                    )
            if e.status == "implemented" and e.completed is None:
                doc.problem(
                    path,
                    f"{label}: missing required field 'completed' "
                    "(status is 'implemented'): the milestone it landed in",
                )
            if e.status != "implemented" and e.completed is not None:
                doc.problem(
                    (*path, "completed"),
                    f"{label}: completed is set but status is "
                    f"'{e.status}': expected status 'implemented'",
                )
            if e.completed_on is not None and e.completed is None:
                doc.problem(
                    (*path, "completed_on"),
                    f"{label}: completed_on is set without "
                    "'completed': name the milestone it landed in",
                )
            elif e.completed_on is not None and not window[0] <= e.completed_on <= window[1]:
                doc.problem(
                    (*path, "completed_on"),
                    f"{label}: completed_on: {_outside(series.name, window, e.completed_on)}",
                )
            try:
                url = e.url or self.options.blueprint_url.format(project=project, slug=slug)
            except (KeyError, IndexError, ValueError) as error:
                doc.problem(path, f"blueprint URL template is invalid: {error}")
                continue
            result.append(
                Blueprint(
                    project=project,
                    series=series.name,
                    slug=slug,
                    title=e.title,
                    url=url,
                    status=e.status,
                    priority=e.priority,
                    summary=e.summary,
                    spec_url=e.spec_url,
                    targeted=e.targeted,
                    completed=e.completed,
                    completed_on=e.completed_on,
                    assignee=e.assignee,
                    note=e.note,
                    source=SourceRef(doc.file, doc.position(path, key=True)[0]),
                )
            )
        return result

    # -- releases ------------------------------------------------------------

    def load_releases(self, series: dict[str, Series]) -> list[ProjectReleases]:
        found: list[ProjectReleases] = []
        for path in [p for r, p in sorted(self.files.items()) if r.parts[0] == "releases"]:
            doc = self.read(path)
            parsed = validate(doc, schema.ReleasesFile)
            target = self.series_of_folder(doc, path, series)
            if parsed is not None and target is not None and not doc.problems:
                found.append(self.check_releases(doc, parsed, target, path.stem))
            self.problems.extend(doc.problems)
        return found

    def series_of_folder(
        self, doc: Document, path: Path, series: dict[str, Series]
    ) -> Series | None:
        """The series a releases/<series>/<project>.yaml file belongs to, when the
        folder names a series and the file a project of it (else a problem)."""
        series_name, project = path.parent.name, path.stem
        target = series.get(series_name)
        if target is None:
            series_file = Path("series", f"{series_name}.yaml")
            if series_file not in self.files and series_file not in self.refused:
                doc.problem(
                    (),
                    f"unknown series '{series_name}' (the folder name)"
                    f"{did_you_mean(series_name, series)}: expected a folder named "
                    "after a file in data/series/",
                )
            return None
        if project not in target.projects:
            doc.problem(
                (),
                f"project '{project}' (the file name) does not take part in "
                f"series '{series_name}'{did_you_mean(project, target.projects)}: "
                f"add it to the projects of data/series/{series_name}.yaml",
            )
            return None
        return target

    def check_releases(
        self, doc: Document, data: schema.ReleasesFile, series: Series, project: str
    ) -> ProjectReleases:
        milestones = {m.name: m for m in series.milestones}
        firsts: dict[str, int] = {}
        finals: list[str] = []
        releases = []
        for i, entry in enumerate(data.releases):
            path = ("releases", i)
            label = f"release '{entry.version}'"
            if entry.version in firsts:
                doc.problem(
                    (*path, "version"),
                    f"{label}: listed twice (first as #{firsts[entry.version] + 1})",
                )
            firsts.setdefault(entry.version, i)
            m = milestones.get(entry.milestone) if entry.milestone else None
            if entry.milestone is not None and m is None:
                doc.problem(
                    (*path, "milestone"),
                    f"{label}: milestone: unknown milestone '{entry.milestone}'"
                    f"{did_you_mean(entry.milestone, milestones)}; expected a milestone of "
                    f"series '{series.name}'",
                )
            elif m is not None and m.kind not in schema.DELIVERY_KINDS:
                doc.problem(
                    (*path, "milestone"),
                    f"{label}: milestone: '{m.name}' is a {m.kind}, "
                    f"expected a milestone of kind {', '.join(schema.DELIVERY_KINDS)}",
                )
            elif m is not None and project not in m.projects:
                doc.problem(
                    (*path, "milestone"),
                    f"{label}: milestone: milestone '{m.name}' does not apply to "
                    f"project '{project}'",
                )
            elif m is not None and m.kind == "final":
                finals.append(entry.version)
                if len(finals) == 2:
                    doc.problem(
                        (*path, "milestone"),
                        f"{label}: milestone: '{m.name}' already has release "
                        f"'{finals[0]}': a project has one final release per series",
                    )
            releases.append(
                Release(
                    project=project,
                    series=series.name,
                    version=entry.version,
                    milestone=entry.milestone,
                    url=entry.url,
                    source=SourceRef(doc.file, doc.position(path)[0]),
                )
            )
        return ProjectReleases(
            project=project,
            series=series.name,
            releases=tuple(releases),
            release_notes=data.release_notes,
            highlights=tuple(data.highlights),
            source=SourceRef(doc.file, 1),
        )


#: extensions people give YAML files; data files are named '*.yaml'
_EXTENSIONS = {".yaml", ".yml"}
#: How far before its first milestone and after its release a series' dates may lie
#: (work lands before the first milestone; trackers are updated after the release).
_MARGIN = datetime.timedelta(days=366)


def _window(data: schema.SeriesFile) -> tuple[datetime.date, datetime.date]:
    """The days a series' other dates (shipping, completion, bug counts) fall in."""
    last = data.milestones[-1]
    return (
        data.milestones[0].date - _MARGIN,
        (data.release_date or last.released_on or last.date) + _MARGIN,
    )


def _outside(series: str, window: tuple[datetime.date, datetime.date], day: datetime.date) -> str:
    first, last = window[0] + _MARGIN, window[1] - _MARGIN
    return f"expected a date within a year of series '{series}' ({first} to {last}), got {day}"


def _repeats(items: Iterable[str]) -> list[tuple[int, str, int]]:
    """(index, item, number of its first occurrence from 1) of every repeated item."""
    first: dict[str, int] = {}
    found = []
    for i, item in enumerate(items):
        if item in first:
            found.append((i, item, first[item] + 1))
        else:
            first[item] = i
    return found


def _valid_blueprints(doc: Document) -> schema.BlueprintsFile:
    """The entries of a blueprints file that has problems, which are right on their own."""
    entries = doc.data.get("blueprints") if isinstance(doc.data, dict) else None
    valid: dict[str, schema.BlueprintEntry] = {}
    for slug, entry in entries.items() if isinstance(entries, dict) else ():
        try:  # the file's own model, one entry at a time: the same rules for names
            valid.update(
                schema.BlueprintsFile.model_validate({"blueprints": {slug: entry}}).blueprints
            )
        except ValidationError:
            continue
    return schema.BlueprintsFile.model_construct(blueprints=valid)


def _known(relative: Path) -> bool:
    parts = relative.parts
    return (
        parts in {("projects.yaml",), ("people.yaml",)}
        or (len(parts) == 2 and parts[0] == "series")
        or (len(parts) == 3 and parts[0] in {"blueprints", "releases"})
    )
