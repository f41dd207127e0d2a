"""`cadence`: build the site, check the data, start a post.

Every mistake a person can fix is printed as one line (file:line:column: ...),
all of them at once, and the command exits with status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from cadence.errors import UserError

EXIT_OK, EXIT_USER_ERROR, EXIT_INTERRUPTED = 0, 1, 130


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cadence", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build the site into output/ (atomically)")
    p.add_argument("-s", "--settings", default="pelicanconf.py")
    p.add_argument("-o", "--output", default=None, help="default: OUTPUT_PATH of the settings")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=_build)

    p = sub.add_parser("validate", help="check data/ without building")
    p.add_argument("data", nargs="?", default=None, help="default: CADENCE_DATA_PATH")
    p.add_argument("-s", "--settings", default="pelicanconf.py")
    p.set_defaults(run=_validate)

    p = sub.add_parser("schema", help="write the JSON Schemas of the data files")
    p.add_argument("folder", nargs="?", default="schemas")
    p.set_defaults(run=_schema)

    p = sub.add_parser("notes", help="check and rebuild one milestone's release notes")
    p.add_argument("milestone")
    p.add_argument(
        "--scaffold",
        action="store_true",
        help="write content/notes/<milestone>.md for the writer (never overwrites)",
    )
    p.add_argument("-s", "--settings", default="pelicanconf.py")
    p.add_argument("-o", "--output", default=None)
    p.set_defaults(run=_notes)

    p = sub.add_parser("new-post", help="create content/<year>/<slug>.md and print its path")
    p.add_argument("title")
    p.add_argument("--category", default=None)
    p.add_argument("--tags", default="", help="comma-separated")
    p.add_argument("--author", default=None)
    p.add_argument("--draft", action="store_true")
    p.add_argument("--content", default="content")
    p.add_argument("--date", default=None, help="YYYY-MM-DD HH:MM (default: now)")
    p.set_defaults(run=_new_post)
    return parser


def _build(args: argparse.Namespace) -> int:
    from cadence.build import build

    result = build(args.settings, args.output)
    print(f"built {result.output}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from release_data import load

    from cadence.settings import data_options

    data_dir, options = data_options(args.settings, args.data)
    data = load(data_dir, options)
    released = sum(m.released for s in data.series for m in s.milestones)
    print(
        f"{data_dir}: OK: {len(data.series)} series, "
        f"{sum(len(s.milestones) for s in data.series)} milestones ({released} released), "
        f"{len(data.projects)} projects, {len(data.blueprints)} blueprints"
    )
    return EXIT_OK


def _notes(args: argparse.Namespace) -> int:
    from cadence.notes import run

    for line in run(args.settings, args.milestone, do_scaffold=args.scaffold, output=args.output):
        print(line)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from release_data.jsonschema import write_schemas

    for path in write_schemas(Path(args.folder)):
        print(path)
    return EXIT_OK


def _new_post(args: argparse.Namespace) -> int:
    from cadence.newpost import new_post

    path = new_post(
        Path(args.content),
        args.title,
        category=args.category,
        tags=[t.strip() for t in args.tags.split(",") if t.strip()],
        author=args.author,
        draft=args.draft,
        date=args.date,
    )
    print(path)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
