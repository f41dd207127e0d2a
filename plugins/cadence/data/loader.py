"""data/ -> validated ReleaseData, or LoadError listing every problem at once.

Layout:
    data/projects.yaml                        every project
    data/series/<series>.yaml                 a release cycle and its milestones
    data/blueprints/<series>/<project>.yaml   a project's blueprints in a series
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cadence.cache import Cache
from cadence.data import schema
from cadence.data.model import Blueprint, Milestone, Project, ReleaseData, Series, SourceRef
from cadence.data.validation import validate, where
from cadence.data.yamlsource import PARSE_CACHE_VERSION, Document, read
from cadence.errors import LoadError, Problem, did_you_mean

logger = logging.getLogger(__name__)

DEFAULT_BLUEPRINT_URL = "https://blueprints.launchpad.net/{project}/+spec/{slug}"
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Options:
    blueprint_url: str = DEFAULT_BLUEPRINT_URL
    max_bytes: int = DEFAULT_MAX_BYTES
    #: where parsed files are kept between runs (None: no cache)
    cache: Path | None = None


def load(data_dir: str | Path, options: Options | None = None) -> ReleaseData:
    """Load and check everything under `data_dir`; raise LoadError on any problem."""
    return _Loader(Path(data_dir), options or Options()).run()


class _Loader:
    def __init__(self, root: Path, options: Options) -> None:
        self.root = root
        self.options = options
        self.problems: list[Problem] = []
        self.cache = Cache(options.cache, PARSE_CACHE_VERSION)

    def label(self, path: Path) -> str:
        """File names in messages: relative to the folder holding data/."""
        return path.relative_to(self.root.parent).as_posix()

    def read(self, path: Path) -> Document:
        return read(path, self.label(path), self.options.max_bytes, self.cache)

    def run(self) -> ReleaseData:
        if not self.root.is_dir():
            raise LoadError([Problem(str(self.root), 1, 1, "data folder not found")])
        if not any(self.root.rglob("*.yaml")):
            return ReleaseData()  # a blog without release data yet
        self.check_layout()
        projects = self.load_projects()
        series = self.load_series(projects)
        blueprints = self.load_blueprints(series)
        people = self.load_people()
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
        )

    # -- layout --------------------------------------------------------------

    def check_layout(self) -> None:
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if path.is_dir() or any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix == ".yml":
                self.add(path, "unexpected extension '.yml': name data files '*.yaml'")
            elif path.suffix == ".yaml" and not _known(relative):
                self.add(
                    path,
                    "not a place for a data file: expected data/projects.yaml, "
                    "data/people.yaml, data/series/<series>.yaml or "
                    "data/blueprints/<series>/<project>.yaml",
                )

    def add(self, path: Path | str, message: str, line: int = 1, column: int = 1) -> None:
        file = self.label(path) if isinstance(path, Path) else path
        self.problems.append(Problem(file, line, column, message))

    # -- projects ------------------------------------------------------------

    def load_projects(self) -> dict[str, Project]:
        path = self.root / "projects.yaml"
        if not path.is_file():
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
        if not path.is_file():
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
        for path in sorted((self.root / "series").glob("*.yaml")):
            doc = self.read(path)
            parsed = validate(doc, schema.SeriesFile)
            if parsed is not None:
                series = self.check_series(doc, parsed, projects, milestone_homes)
                if series is not None and not doc.problems:
                    found[series.name] = series
            self.problems.extend(doc.problems)
        return found

    def check_series(
        self,
        doc: Document,
        data: schema.SeriesFile,
        projects: dict[str, Project],
        milestone_homes: dict[str, str],
    ) -> Series | None:
        stem = Path(doc.file).stem
        if data.name != stem:
            doc.problem(("name",), f"name: expected '{stem}' (the file name), got '{data.name}'")
        if data.status in {"released", "maintained", "end-of-life"} and data.release_date is None:
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
        if len(set(data.projects)) != len(data.projects):
            doc.problem(("projects",), "projects: a project is listed twice")
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
            if m.released_on is not None and not m.released:
                doc.problem(
                    (*path, "released_on"),
                    f"{label}: released_on is set but released is false: set released: true",
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
                    source=SourceRef(doc.file, doc.position(path)[0]),
                )
            )
        for project in data.rc_bugs or {}:
            if project not in data.projects:
                doc.problem(
                    ("rc_bugs", project),
                    f"rc_bugs: '{project}' does not take part "
                    f"in series '{data.name}'{did_you_mean(project, data.projects)}",
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

    # -- blueprints ----------------------------------------------------------

    def load_blueprints(self, series: dict[str, Series]) -> list[Blueprint]:
        found: list[Blueprint] = []
        folder = self.root / "blueprints"
        for path in sorted(folder.glob("*/*.yaml")):
            series_name, project = path.parent.name, path.stem
            doc = self.read(path)
            parsed = validate(doc, schema.BlueprintsFile)
            target = series.get(series_name)
            if target is None:
                if (self.root / "series" / f"{series_name}.yaml").is_file():
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
            if parsed is not None and target is not None and not doc.problems:
                found.extend(self.check_blueprints(doc, parsed, target, project))
            self.problems.extend(doc.problems)
        return found

    def check_blueprints(
        self, doc: Document, data: schema.BlueprintsFile, series: Series, project: str
    ) -> Iterable[Blueprint]:
        milestones = {m.name: m for m in series.milestones}
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


def _known(relative: Path) -> bool:
    parts = relative.parts
    return (
        parts in {("projects.yaml",), ("people.yaml",)}
        or (len(parts) == 2 and parts[0] == "series")
        or (len(parts) == 3 and parts[0] == "blueprints")
    )
