"""``ipo-graph stats``: counts per class and per source document."""

from __future__ import annotations

import argparse
import json

from .common import add_as_of_argument, add_data_argument, as_of_view


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("stats", help="count resources per class and per source document")
    add_data_argument(p)
    add_as_of_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api import IpoGraph

    kg = IpoGraph.load(args.data)
    kg = as_of_view(kg, args)
    per_class = kg.counts_per_class()
    per_source = kg.counts_per_source()
    if args.format == "json":
        print(
            json.dumps(
                {
                    "triples": len(kg.graph),
                    "inferred": kg.inferred,
                    "classes": dict(sorted(per_class.items())),
                    "sources": dict(sorted(per_source.items())),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(f"{len(kg.graph)} triples ({kg.inferred} entailed: RDFS and the time rule)")
    print("\nResources per class:")
    width = max((len(k) for k in per_class), default=10)
    for name, n in sorted(per_class.items()):
        print(f"  {name:<{width}}  {n:>5}")
    print("\nResources derived from each source document:")
    for name, n in sorted(per_source.items()):
        print(f"  {name}  {n:>5}")
    return 0
