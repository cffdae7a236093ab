"""``ipo-graph source``: register a new source document (``add``), and list what of the
sources is still to model (``gaps``)."""

from __future__ import annotations

import argparse

from .common import add_data_argument, input_path, not_empty


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
    gaps = actions.add_parser(
        "gaps",
        help="list the lines and sentences of the sources that no fact or exclusion "
        "accounts for (exit 1 if any)",
        description=(
            "Every non-blank line and every sentence of every source document is cited by "
            "an excerpt a fact uses as evidence, or excluded by an ipo:NotModelled entry "
            "with its reason (docs/modelling.md, 'Traceability'). After registering a new "
            "source, this lists what is left to model; exit 0 when nothing is, 1 otherwise."
        ),
    )
    gaps.add_argument("--format", choices=("text", "json"), default="text")
    add_data_argument(gaps)
    gaps.set_defaults(func=run_gaps)


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
    print("      ipo-graph source gaps  — the lines and sentences still to model")
    return 0


def run_gaps(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from ..load import load
    from ..traceability import accounted, gaps, read_sources

    graph = load(args.data).graph
    texts = read_sources()
    found = gaps(graph, texts)
    if args.format == "json":
        print(json.dumps([asdict(g) for g in found], ensure_ascii=False, indent=2))
        return 1 if found else 0
    for g in found:
        what = "" if g.whole_line else "sentence: "
        print(f"{g.document}:{g.line}: {what}{g.text}")
    documents = {g.document for g in found}
    if not found:
        cited, excluded = accounted(graph, texts)
        print(
            f"every line and sentence of {len(texts)} source documents is accounted for "
            f"({cited} lines cited, {excluded} excluded)"
        )
        return 0
    lines = sum(g.whole_line for g in found)
    sentences = len(found) - lines
    print(
        f"{lines} line{'s' if lines != 1 else ''} and {sentences} "
        f"sentence{'s' if sentences != 1 else ''} not accounted for "
        f"in {len(documents)} of {len(texts)} source documents"
    )
    return 1
