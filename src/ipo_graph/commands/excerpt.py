"""``ipo-graph excerpt``: the excerpt node for some lines of a source, ready to paste."""

from __future__ import annotations

import argparse
import sys

from .common import not_empty


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "excerpt",
        help="print the excerpt node (exact words, line, source, name) for lines of a source",
        description=(
            "Print the ipo:Excerpt for LINE (or LINE-LINE) of a registered source document, "
            "in canonical Turtle, to paste into data/sources.ttl and point to with "
            "ipo:evidence. SOURCE is the key (000), node (ipod:source-000) or file name of a "
            "document registered in any data file; its words are read from its copy in the "
            "sources folder, as validate reads them. The words are the lines' own, byte for "
            "byte (line breaks and OCR errors kept); --words picks a part of them, which "
            "must occur there verbatim. ipo:line is the line they start on."
        ),
    )
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("lines", metavar="LINE[-LINE]")
    p.add_argument("--words", metavar="TEXT", help="the exact words to quote from those lines")
    p.add_argument(
        "--name",
        type=not_empty,
        metavar="TEXT",
        help="words for the node's name (default: the quote)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..sources import document_path, excerpt_turtle, find_source, registered

    source = find_source(args.source, registered())
    document = document_path(source)
    sys.stdout.write(excerpt_turtle(source, document, args.lines, words=args.words, name=args.name))
    return 0
