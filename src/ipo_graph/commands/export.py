"""``ipo-graph export``: the graph (with its RDFS entailments) in a chosen format."""

from __future__ import annotations

import argparse

from ..export import formats
from .common import (
    add_as_of_argument,
    add_data_argument,
    add_include_personal_argument,
    not_empty,
    output_path,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="write the graph or a picture of it to a file")
    p.add_argument("--format", required=True, choices=formats())
    p.add_argument("--output", required=True, type=output_path, metavar="FILE")
    add_include_personal_argument(p, "export")
    p.add_argument(
        "--root",
        type=not_empty,
        metavar="NODE",
        help="draw only this organisation, post or person and what lies below it "
        "(IRI, prefixed name or label; the picture and graph formats)",
    )
    p.add_argument(
        "--view",
        choices=("combined", "governance", "management"),
        default="combined",
        help="the org chart's view (svg, png, dot, mermaid): governance = the bodies and who "
        "sits in them, management = posts and reporting lines; default both",
    )
    add_data_argument(p)
    add_as_of_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..export import ExportOptions, export_data

    options = ExportOptions(
        as_of=args.as_of,
        root=args.root,
        view=args.view,
        strict=args.strict,
        include_personal=args.include_personal,
    )
    export_data(args.data, args.format, args.output, options)
    print(f"wrote {args.output} ({args.format})")
    return 0
