"""``ipo-graph docs``: HTML pages for every class, property and SHACL shape."""

from __future__ import annotations

import argparse

from .common import add_data_argument, add_include_personal_argument, output_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "docs", help="write the ontology documentation (classes, properties, shapes) as HTML"
    )
    p.add_argument("--output", required=True, type=output_path, metavar="DIR")
    p.add_argument(
        "--no-diagrams", action="store_true", help="leave out the Graphviz class diagrams"
    )
    add_data_argument(p)
    add_include_personal_argument(p, "show as examples")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import paths
    from ..api import IpoGraph
    from ..docs import write_docs
    from ..load import load_files

    kg = IpoGraph.load(args.data)
    shapes = load_files([paths.shapes_file()]).graph
    written = write_docs(
        kg,
        shapes,
        args.output,
        diagrams=not args.no_diagrams,
        include_personal=args.include_personal,
    )
    print(f"wrote {len(written)} pages to {args.output}")
    return 0
