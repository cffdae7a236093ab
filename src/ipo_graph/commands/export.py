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
        help="the org chart's view (svg, png, dot, mermaid): governance = the bodies and who "
        "sits in them, management = posts and reporting lines; default both",
    )
    add_data_argument(p)
    add_as_of_argument(p)
    p.set_defaults(func=run)


#: What a format writes instead of one view of the org chart.
_WHOLE = {
    "ttl": "writes the whole graph",
    "nt": "writes the whole graph",
    "jsonld": "writes the whole graph",
    "html": "is the explorer, which shows bodies and posts alike",
    "graphml": "writes the whole network, bodies and posts alike",
    "cytoscape": "writes the whole network, bodies and posts alike",
}


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..export import CHART_FORMATS, RDF_FORMATS, ExportOptions, export_data

    if args.view and args.format not in CHART_FORMATS:
        # no default in the parser (None: not given), so that '--view combined' is seen too
        raise UsageError(
            f"--view applies to the org chart (svg, png, dot, mermaid); --format "
            f"{args.format} {_WHOLE.get(args.format, 'has no views')}"
        )
    if args.root and args.format in RDF_FORMATS:
        raise UsageError(
            f"--root applies to the pictures and graph formats; --format {args.format} "
            "writes the whole graph"
        )
    if args.include_personal and args.format in CHART_FORMATS:
        # the org chart draws names, posts and bodies, never a contact detail: with or
        # without the option it is the same picture, and the option looked honoured
        raise UsageError(
            f"--include-personal applies to the formats that carry contact details (ttl, nt, "
            f"jsonld, html, graphml, cytoscape); --format {args.format} draws the org chart, "
            "which shows none"
        )
    if args.strict and not args.as_of and args.format in RDF_FORMATS:
        # the graph holds every day's facts, presumed or not: there is nothing to leave out
        raise UsageError(
            f"--strict applies to a day's view and the org chart; --format {args.format} "
            "without --as-of writes the whole graph: give --as-of DATE"
        )
    options = ExportOptions(
        as_of=args.as_of,
        root=args.root,
        view=args.view or "combined",
        strict=args.strict,
        include_personal=args.include_personal,
    )
    export_data(args.data, args.format, args.output, options)
    print(f"wrote {args.output} ({args.format})")
    return 0
