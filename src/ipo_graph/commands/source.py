"""``ipo-graph source add``: register a new source document in data/sources.ttl."""

from __future__ import annotations

import argparse

from .common import input_path, not_empty


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "source",
        help="register a source document (source add FILE --date D)",
        description="Manage the source documents the data cites.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="register FILE as a source document, stating what holds on --date",
        description=(
            "Register FILE (any file name) as an ipo:SourceDocument in data/sources.ttl and "
            "copy it to the sources folder. --date is its state date: the day its "
            "statements hold. A fact it states holds on that day; later it is presumed "
            "until a source states its end. See docs/editing.md."
        ),
    )
    add.add_argument("file", metavar="FILE", type=input_path)
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the state date")
    add.add_argument(
        "--issued",
        type=not_empty,
        metavar="DATE",
        help="publication date (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    add.add_argument("--title", help="the document's title (default: its first line)")
    add.add_argument("--language", default="nl", help="language of its words (default: nl)")
    add.add_argument(
        "--into",
        metavar="FILE",
        type=input_path,
        help="the Turtle file to add it to (default: data/sources.ttl)",
    )
    add.add_argument(
        "--no-copy", action="store_true", help="do not copy FILE into the sources folder"
    )
    add.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..paths import display_path
    from ..sources import add_source, sources_file

    source, note = add_source(
        args.file,
        state_date=args.date,
        issued=args.issued,
        title=args.title,
        language=args.language,
        into=args.into,
        copy=not args.no_copy,
    )
    if note:
        print(note)
    target = display_path(args.into or sources_file())
    print(f"registered ipod:source-{source.key} ({source.identifier}) in {target}")
    print(f"next: ipo-graph excerpt {source.key} LINE  — quote the words each fact rests on")
    return 0
