"""``ipo-graph why``: the sources, dates and exact words behind an entity or a fact."""

from __future__ import annotations

import argparse
import json

from .common import add_as_of_argument, add_data_argument


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "why",
        help="sources, dates and excerpts behind an entity or a fact, plus discrepancies",
        description="SUBJECT is an IRI, a prefixed name (ipod:bestuur) or a label "
        "('Theo Bovens'). PREDICATE may be '*' for any. OBJECT is an IRI, prefixed name, "
        "label or literal; a label containing it is accepted when nothing matches exactly.",
    )
    p.add_argument("subject", metavar="SUBJECT")
    p.add_argument("predicate", metavar="PREDICATE", nargs="?")
    p.add_argument("object", metavar="OBJECT", nargs="?")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    add_data_argument(p)
    add_as_of_argument(p, strict=False)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api import IpoGraph
    from ..provenance.why import explain, render_text

    explanation = explain(
        IpoGraph.open(args.data), args.subject, args.predicate, args.object, as_of=args.as_of
    )
    if args.format == "json":
        print(json.dumps(explanation.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(explanation, markdown=args.format == "md"), end="")
    return 0
