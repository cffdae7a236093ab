"""``ipo-graph changes``: what changed in the organisation between two dates, with sources."""

from __future__ import annotations

import argparse
import json

from .common import add_data_argument, output_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "changes",
        help="what changed between two dates (bodies, posts, holders, reporting lines, figures)",
        description="Compare what is in force on two dates (the time rule: docs/modelling.md, "
        "'As-of semantics'; a later source's silence ends nothing) and list each change, with a "
        "summary per kind and the source excerpts on both sides.",
    )
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--format", choices=("text", "json", "md"), default="text")
    p.add_argument(
        "--output",
        type=output_path,
        metavar="FILE",
        help="write the report to FILE instead of stdout",
    )
    add_data_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..api import IpoGraph
    from ..errors import UsageError
    from ..history.changes import changes, render_text
    from ..history.timeline import parse_day

    start, end = parse_day(args.start), parse_day(args.end)
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    report = changes(IpoGraph.open(args.data), start, end)
    if args.format == "json":
        text = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_text(report, markdown=args.format == "md")
    if args.output:
        from ..atomic import atomic_write_text

        atomic_write_text(args.output, text)
        print(f"wrote {args.output} ({len(report.changes)} changes)")
    else:
        print(text, end="")
    return 0
