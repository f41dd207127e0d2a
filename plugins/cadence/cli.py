"""cadence: build, preview and check a release manager's blog; bring a Pelican blog.

Every mistake a person can fix is printed as one line (file:line:column: ...),
all of them at once, and the command exits with status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cadence.errors import UserError
from cadence.preview import DEFAULT_PORT

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_CODES = f"""\
exit status:
  {EXIT_OK}    success
  {EXIT_USER_ERROR}    problems in the inputs, each printed as file:line: what (all at once),
       or the preview port is taken; nothing was written
  {EXIT_USAGE}    wrong use of the command line (unknown option, missing argument)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C or SIGTERM); the previous output is unchanged

Run `cadence COMMAND --help` for the options of a command."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.getLogger().addHandler(logging.NullHandler())
    if getattr(args, "verbose", False):
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        return int(args.run(args) or EXIT_OK)
    except UserError as error:
        for message in error.messages:
            print(f"error: {message}", file=sys.stderr)
        count = len(error.messages)
        print(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM during a build (errors.Interrupted)
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED


def version() -> str:
    """cadence 0.1.0 (Pelican 4.12.0, Python 3.11.7)"""
    import platform
    from importlib.metadata import version as installed

    from cadence import __version__

    return (
        f"cadence {__version__} (Pelican {installed('pelican')}, "
        f"Python {platform.python_version()})"
    )


class _Version(argparse.Action):
    """--version, computed only when asked (it reads installed package metadata)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(version())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadence",
        description=__doc__.splitlines()[0],
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(required=True, metavar="COMMAND", title="commands")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help,
            description=help[0].upper() + help[1:] + ".",
            epilog=EXIT_CODES.split("\n\n")[0],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = command("build", "build the site into output/ (atomically)")
    _settings_option(p)
    _output_option(p)
    p.add_argument(
        "--wait",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="how long to wait for another build of the same output to finish "
        "(default: 60; 0: stop at once)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log what Pelican does")
    p.add_argument(
        "--strict", action="store_true", help="notices (legacy forms) fail the build too"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="build even when nothing changed since the last build of this output",
    )
    p.add_argument(
        "-e",
        "--extra-settings",
        nargs="+",
        type=_extra_setting,
        default=[],
        metavar="NAME=VALUE",
        help="override settings of the settings file, as Pelican's -e does: VALUE is "
        'JSON (true, 10, "text", [1, 2]), or else taken as text',
    )
    p.set_defaults(run=_build)

    p = command("fix", "rewrite the legacy forms the build reports (shows a diff)")
    _settings_option(p)
    p.add_argument("--write", action="store_true", help="rewrite the files (default: dry run)")
    p.set_defaults(run=_fix)

    p = command("init", "add Cadence to an existing Pelican project")
    _settings_option(p)
    p.add_argument(
        "--theme",
        choices=("keep", "cadence"),
        default="keep",
        help="keep the blog's theme (default) or use Cadence's",
    )
    p.set_defaults(run=_init)

    p = command("serve", "preview the site, rebuilding and reloading the browser on changes")
    _settings_option(p)
    _output_option(p)
    p.add_argument(
        "-p",
        "--port",
        type=_port,
        default=None,
        help=f"port on 127.0.0.1 (default: PORT of the settings, or {DEFAULT_PORT})",
    )
    p.add_argument(
        "--next-free-port",
        action="store_true",
        help="when the port is taken, use the next free one instead of stopping",
    )
    p.set_defaults(run=_serve)

    p = command("validate", "check data/ without building")
    p.add_argument(
        "data", nargs="?", default=None, help="the data folder (default: CADENCE_DATA_PATH)"
    )
    _settings_option(p)
    p.set_defaults(run=_validate)

    p = command("schema", "write the JSON Schemas of the data files")
    p.add_argument("folder", nargs="?", default="schemas", help="where (default: schemas)")
    p.set_defaults(run=_schema)

    p = command("notes", "check and rebuild one milestone's release notes, print their URL")
    p.add_argument("milestone", help="a milestone name, e.g. diablo-4")
    p.add_argument(
        "--scaffold",
        action="store_true",
        help="write content/notes/<milestone>.md for the writer (never overwrites)",
    )
    _settings_option(p)
    _output_option(p)
    p.set_defaults(run=_notes)

    p = command("import-schedule", "milestones from an openstack/releases schedule")
    p.add_argument("file", help="a schedule YAML file of openstack/releases")
    p.add_argument("--series", required=True, help="the series to create or update")
    p.add_argument("--title", help="for a new series (default: the series name, capitalised)")
    p.add_argument("--version", help='for a new series, e.g. "2023.1"')
    p.add_argument("--projects", help="for a new series, comma-separated")
    p.add_argument("--final-date", type=_iso_date, help="the day of the final release (YYYY-MM-DD)")
    _rule_options(p)
    _import_options(p)
    p.set_defaults(run=_import_schedule)

    p = command(
        "import-releases",
        "series, milestones, releases and highlights from an openstack/releases checkout",
    )
    p.add_argument("checkout", help="a checkout of openstack/releases")
    p.add_argument(
        "--series",
        action="extend",
        nargs="+",
        default=[],
        help="series to import (default: every series with a schedule)",
    )
    p.add_argument("--projects", help="comma-separated deliverables (default: all of them)")
    p.add_argument(
        "--tag-url",
        default=None,
        help="link of a release, with {repo} and {version} "
        "(default: https://opendev.org/{repo}/src/tag/{version}; '' for none)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="list every file's changes")
    _rule_options(p)
    _import_options(p)
    p.set_defaults(run=_import_releases)

    p = command("import-specs", "blueprints from an OpenStack specs repository")
    p.add_argument("folder", help="a checkout of nova-specs, cinder-specs, keystone-specs...")
    p.add_argument("--series", required=True, help="the series the specs belong to")
    p.add_argument(
        "--project",
        action="append",
        required=True,
        help="Launchpad project whose blueprints to import; repeat for several",
    )
    p.add_argument("--completed", help="milestone of implemented specs (default: the final one)")
    _import_options(p)
    p.set_defaults(run=_import_specs)

    p = command("import-launchpad", "milestones and blueprints from Launchpad")
    p.add_argument("--series", required=True, help="the series to import, e.g. diablo")
    p.add_argument("--project", action="append", default=[], help="repeat for each project")
    p.add_argument("--group", help="a project group: its projects that have the series")
    p.add_argument(
        "--service-root", default="production", help="Launchpad instance (default: production)"
    )
    p.add_argument("--api-version", default="devel", help="Launchpad API version (default: devel)")
    p.add_argument("--version", help='for a new series, e.g. "2011.3"')
    _import_options(p)
    p.set_defaults(run=_import_launchpad)

    p = command("new-post", "create content/<year>/<slug>.md and print its path")
    p.add_argument("title", help="the post title; the file name is made from it")
    p.add_argument(
        "--category", default=None, help="the category (default: DEFAULT_CATEGORY of the settings)"
    )
    p.add_argument("--tags", default="", help="the tags, comma-separated")
    p.add_argument("--author", default=None, help="the author (default: AUTHOR of the settings)")
    p.add_argument("--draft", action="store_true", help="Status: draft (kept off the site)")
    p.add_argument(
        "--content", default=None, help="the content folder (default: PATH of the settings)"
    )
    p.add_argument("--date", default=None, help="YYYY-MM-DD HH:MM (default: now)")
    _settings_option(p)
    p.set_defaults(run=_new_post)
    return parser


def _settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--settings",
        default="pelicanconf.py",
        help="the Pelican settings file (default: pelicanconf.py)",
    )


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        help="the site folder (default: OUTPUT_PATH of the settings)",
    )


_SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _extra_setting(text: str) -> tuple[str, Any]:
    """NAME=VALUE of --extra-settings: VALUE read as JSON, or else as text."""
    name, equals, value = text.partition("=")
    if not equals or not _SETTING_NAME.fullmatch(name):
        raise argparse.ArgumentTypeError(
            "expected NAME=VALUE with NAME a setting in capitals "
            f"(SITEURL=https://example.org), got '{text}'"
        )
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got '{text}'")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more, got {text!r}")
    return seconds


def _build(args: argparse.Namespace) -> int:
    from cadence.build import LOCK_WAIT_SECONDS, build

    wait = LOCK_WAIT_SECONDS if args.wait is None else args.wait
    result = build(
        args.settings,
        args.output,
        overrides=dict(args.extra_settings) or None,
        strict=args.strict,
        wait=wait,
        stamp=True,
        force=args.force,
        overrides_from="--extra-settings",
    )
    for message in result.infos:
        print(f"info: {message}", file=sys.stderr)
    for message in result.notices:
        print(f"notice: {message}", file=sys.stderr)
    if result.notices:
        count = len(result.notices)
        print(
            f"{count} notice{'s' if count != 1 else ''}: forms Pelican still accepts; "
            "`cadence fix` rewrites those in content, --strict makes them errors",
            file=sys.stderr,
        )
    if result.unchanged:
        print(
            f"{result.output} is up to date: nothing changed since its last build (--force builds)"
        )
    else:
        print(f"built {result.output}")
    return EXIT_OK


def _fix(args: argparse.Namespace) -> int:
    from cadence.fix import plan_fixes, summary

    plan = plan_fixes(args.settings)
    sys.stdout.writelines(plan.diff())
    if args.write:
        for path in plan.write():
            print(f"wrote {path}")
    for message in plan.manual:
        print(f"by hand: {message}")
    for line in summary(plan, written=args.write):
        print(line)
    for message in plan.errors:
        print(f"error: {message}", file=sys.stderr)
    if plan.errors:
        count = len(plan.errors)
        print(
            f"{count} problem{'s' if count != 1 else ''} `cadence fix` cannot rewrite: "
            "fix them by hand",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from cadence.init import plan_init

    plan = plan_init(args.settings, theme=args.theme)
    plan.write()
    for line in plan.changes():
        print(line)
    print(
        "content and theme unchanged; next: `cadence build`, then describe a release "
        "series in data/series/ (docs/data-format.md)"
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from cadence.preview import serve

    serve(args.settings, args.output, port=args.port, next_free_port=args.next_free_port)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from cadence.data import load
    from cadence.settings import data_options

    data_dir, options = data_options(args.settings, args.data)
    data = load(data_dir, options)
    released = sum(m.released for s in data.series for m in s.milestones)
    print(
        f"{data_dir}: OK: {len(data.series)} series, "
        f"{sum(len(s.milestones) for s in data.series)} milestones ({released} released), "
        f"{len(data.projects)} projects, {len(data.blueprints)} blueprints, "
        f"{sum(len(r.releases) for r in data.releases)} releases"
    )
    return EXIT_OK


def _notes(args: argparse.Namespace) -> int:
    from cadence.notes_command import run

    for line in run(args.settings, args.milestone, do_scaffold=args.scaffold, output=args.output):
        print(line)
    return EXIT_OK


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true", help="write the files (default: dry run)")
    parser.add_argument("--data", default=None, help="the data folder (default: CADENCE_DATA_PATH)")
    _settings_option(parser)


def _finish_import(args: argparse.Namespace, plan: object, options: object) -> int:
    plan.check(options)  # type: ignore[attr-defined]
    for line in plan.summary():  # type: ignore[attr-defined]
        print(line)
    if not args.write:
        print("dry run: nothing written; run again with --write to write these changes")
        return EXIT_OK
    for path in plan.write():  # type: ignore[attr-defined]
        print(f"wrote {path}")
    return EXIT_OK


def _data_for_import(args: argparse.Namespace) -> tuple[Path, object]:
    from cadence.settings import data_options

    return data_options(args.settings, args.data)


def _check_names(series: str, projects: Sequence[str] = ()) -> None:
    """--series and --project become file names under data/: checked first."""
    from cadence.importers.plan import check_name

    check_name("--series", series)
    for project in projects:
        check_name("--project", project)


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--day",
        action="append",
        default=[],
        metavar="KIND=WEEKDAY",
        help="the day of its week a kind is dated on, e.g. final=thursday",
    )
    parser.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="SUFFIX=KIND",
        help="map a label suffix to a kind, or 'skip' it, e.g. mf=skip",
    )


def _iso_date(text: str) -> object:
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date (YYYY-MM-DD), got '{text}'") from None


def _import_schedule(args: argparse.Namespace) -> int:
    from cadence.importers.plan import plan_series, read_document
    from cadence.importers.schedule import Rules, read_schedule

    _check_names(args.series)
    rules = Rules.parse(args.day, args.label)
    data_dir, options = _data_for_import(args)
    projects = [p.strip() for p in (args.projects or "").split(",") if p.strip()]
    known = projects or read_document(data_dir, data_dir / "series" / f"{args.series}.yaml").get(
        "projects"
    )
    schedule = read_schedule(
        Path(args.file),
        args.series,
        title=args.title,
        final_date=args.final_date,
        teams={p: (p,) for p in known or [] if isinstance(p, str)},
        rules=rules,
        max_bytes=options.max_bytes,  # type: ignore[attr-defined]
    )
    plan = plan_series(
        data_dir,
        args.series,
        schedule.milestones,
        title=args.title,
        version=args.version,
        projects=projects,
    )
    plan.notes.extend([str(s) for s in schedule.skipped] + schedule.notes)
    return _finish_import(args, plan, options)


def _import_releases(args: argparse.Namespace) -> int:
    from cadence.importers.plan import check_name
    from cadence.importers.releases import DEFAULT_TAG_URL, Options, import_checkout
    from cadence.importers.schedule import Rules

    for name in args.series:
        check_name("--series", name)
    projects = tuple(p.strip() for p in (args.projects or "").split(",") if p.strip())
    for name in projects:
        check_name("--projects", name)
    data_dir, options = _data_for_import(args)
    imported = import_checkout(
        Path(args.checkout),
        data_dir,
        args.series,
        Options(
            projects=projects,
            rules=Rules.parse(args.day, args.label),
            tag_url=DEFAULT_TAG_URL if args.tag_url is None else args.tag_url,
            max_bytes=options.max_bytes,  # type: ignore[attr-defined]
        ),
    )
    plan = imported.plan
    plan.check(options)
    for line in imported.summary(verbose=args.verbose):
        print(line)
    if not args.write:
        print("dry run: nothing written; run again with --write to write these changes")
        return EXIT_OK
    for path in plan.write():
        print(f"wrote {path}")
    return EXIT_OK


def _import_specs(args: argparse.Namespace) -> int:
    from cadence.data import load
    from cadence.importers.plan import Plan, plan_blueprints, plan_people
    from cadence.importers.specs import read_specs

    _check_names(args.series, args.project)
    data_dir, options = _data_for_import(args)
    series = load(data_dir, options).series_by_name.get(args.series)
    finals = [m.name for m in (series.milestones if series else ()) if m.kind == "final"]
    completed = args.completed or (finals[0] if finals else None)
    version = series.version if series else None
    found = read_specs(Path(args.folder), args.series, args.project, completed, version)
    plan = Plan(data_dir)
    for project in args.project:
        if project not in found.blueprints:
            plan.notes.append(f"no blueprint of project '{project}' in these specs")
            continue
        part = plan_blueprints(data_dir, args.series, project, found.blueprints[project])
        plan.files.update(part.files)
        plan.changes.extend(part.changes)
    people = plan_people(data_dir, found.people)
    plan.files.update(people.files)
    plan.changes.extend(people.changes)
    imported = sum(len(entries) for entries in found.blueprints.values())
    plan.notes.append(
        f"{len(found.specs)} spec files read: {imported} blueprints imported"
        + (f"; not imported ({len(found.notes)}):" if found.notes else "")
    )
    plan.notes.extend(str(note) for note in found.notes)
    return _finish_import(args, plan, options)


def _import_launchpad(args: argparse.Namespace) -> int:
    from cadence.importers import launchpad
    from cadence.importers.plan import plan_blueprints, plan_series

    if not args.project and not args.group:
        raise UserError("import-launchpad: name a --group or at least one --project")
    _check_names(args.series, args.project)
    data_dir, options = _data_for_import(args)
    fetched = launchpad.fetch(
        args.project, args.series, args.service_root, args.api_version, group=args.group
    )
    milestones = launchpad.milestones_from(fetched["milestones"])
    projects = sorted(fetched["blueprints"])
    plan = plan_series(data_dir, args.series, milestones, version=args.version, projects=projects)
    if fetched.get("skipped"):
        plan.notes.append(
            f"projects without a {args.series} series: {', '.join(fetched['skipped'])}"
        )
    for project, entries in sorted(fetched["blueprints"].items()):
        blueprints, notes = launchpad.blueprints_from(entries, milestones)
        part = plan_blueprints(data_dir, args.series, project, blueprints)
        plan.files.update(part.files)
        plan.changes.extend(part.changes)
        plan.notes.extend(f"{project}: {note}" for note in notes)
    return _finish_import(args, plan, options)


def _schema(args: argparse.Namespace) -> int:
    from cadence.data.jsonschema import write_schemas

    for path in write_schemas(Path(args.folder)):
        print(path)
    return EXIT_OK


def _new_post(args: argparse.Namespace) -> int:
    from cadence.newpost import new_post
    from cadence.settings import load_settings

    # Without a settings file (a folder of plain Markdown), the defaults apply.
    settings = load_settings(args.settings) if Path(args.settings).is_file() else {}
    path = new_post(
        Path(args.content or settings.get("PATH") or "content"),
        args.title,
        category=args.category or settings.get("DEFAULT_CATEGORY"),
        tags=[t.strip() for t in args.tags.split(",") if t.strip()],
        author=args.author or settings.get("AUTHOR"),
        draft=args.draft,
        date=args.date,
    )
    print(_relative(path))
    return EXIT_OK


def _relative(path: Path) -> Path:
    """The path as typed from here, when it is under the current folder."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
