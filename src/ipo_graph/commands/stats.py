"""``ipo-graph stats``: counts per class and per source document."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import add_as_of_argument, add_data_argument, as_of_view


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stats", help="count resources per class and per source document")
    add_data_argument(p)
    add_as_of_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import counts
    from ..errors import UsageError

    if args.strict and not args.as_of:
        # the whole graph holds every day's facts, presumed or not: nothing to leave out
        raise UsageError(
            "--strict applies to a day's view: give --as-of DATE (without it stats counts "
            "the whole graph, which --strict does not change)"
        )
    target, triples, inferred = _counted(args)
    per_class = counts.per_class(target)
    per_source = counts.per_source(target)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "triples": triples,
                    "inferred": inferred,
                    "classes": dict(sorted(per_class.items())),
                    "sources": dict(sorted(per_source.items())),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(f"{triples} triples ({inferred} entailed: RDFS and the time rule)")
    print("\nResources per class:")
    width = max((len(k) for k in per_class), default=10)
    for name, n in sorted(per_class.items()):
        print(f"  {name:<{width}}  {n:>5}")
    print("\nResources derived from each source document:")
    for name, n in sorted(per_source.items()):
        print(f"  {name}  {n:>5}")
    return 0


def _counted(args: argparse.Namespace) -> tuple[Any, int, int]:
    """What to count on, with its triples and how many of them are entailed: a day's view
    (``--as-of``) is an rdflib graph; the graph as it is comes from the query cache, so a
    large graph is counted in a second rather than loaded into rdflib for half a minute."""
    if getattr(args, "as_of", None):
        from ..api import IpoGraph

        kg = as_of_view(IpoGraph.load(args.data), args)
        return kg.graph, len(kg.graph), kg.inferred
    from ..store import open_counted, store_files

    store, stated = open_counted(store_files(args.data))
    return store, len(store), len(store) - stated
