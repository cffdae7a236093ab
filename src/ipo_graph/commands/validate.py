"""``ipo-graph validate``: check data (default: the shipped data) against the SHACL shapes."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "validate",
        help="check data against the SHACL shapes (exit 0 ok, 1 violations, 2 unreadable)",
        description=(
            "Validate data files or folders (default: the shipped data) together with the "
            "shipped ontology against the shipped SHACL shapes. Inputs are never modified. "
            "Exit 0: conforms; 1: violations (reported by file and line); 2: usage or "
            "parse error."
        ),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="data file or folder")
    p.add_argument(
        "--format",
        choices=("text", "json", "turtle"),
        default="text",
        help="text for people (default), json for tools, turtle for the SHACL report itself",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import ParseError, UsageError
    from ..load import expand_paths
    from ..report import RENDERERS
    from ..validate import validate

    if args.paths and not expand_paths(args.paths):
        raise UsageError(f"no RDF files in {', '.join(args.paths)}")
    try:
        outcome = validate(args.paths or None)
    except ParseError as exc:
        if args.format != "json":
            raise
        # tools reading JSON get the position as data, and the same message on stderr
        error = {"file": exc.path, "line": exc.line, "column": exc.column, "message": exc.reason}
        sys.stdout.write(json.dumps({"conforms": False, "parse_error": error}, indent=2) + "\n")
        raise
    sys.stdout.write(RENDERERS[args.format](outcome))
    return 0 if outcome.conforms else 1
