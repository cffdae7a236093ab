"""``ipo-graph validate``: check data (default: the shipped data) against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys

from .common import positive


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
        choices=("text", "json", "turtle", "github"),
        default="text",
        help="text for people (default), json for tools, turtle for the SHACL report "
        "itself, github for annotations on a pull request (GitHub Actions)",
    )
    p.add_argument(
        "--engine",
        choices=("sparql", "pyshacl"),
        default="sparql",
        help="sparql: the shapes compiled to SPARQL on Oxigraph (default, fast); "
        "pyshacl: the reference implementation (slow, same results)",
    )
    p.add_argument(
        "--threads",
        type=positive(int),
        metavar="N",
        help="run up to N compiled checks at once (default: the processors this process "
        "may use); the report is the same",
    )
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="report each stage with its time, and the shapes left to pyshacl, on stderr",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import progress as progress_lines
    from ..errors import ParseError, UsageError
    from ..load import expand_paths
    from ..report import RENDERERS
    from ..validate import Engine, validate

    engine: Engine = "sparql" if args.engine == "sparql" else "oxigraph"
    try:
        if args.threads is not None and engine != "sparql":
            # pyshacl runs its shapes one after the other; the number was dropped unused
            raise UsageError(
                f"--threads applies to the compiled checks (--engine sparql); --engine "
                f"{args.engine} runs pyshacl on one thread"
            )
        if args.paths and not expand_paths(args.paths):
            raise UsageError(f"no RDF files in {', '.join(args.paths)}")
        progress = progress_lines.printer(args.verbose or _long_run(args.paths))
        outcome = validate(
            args.paths or None, engine=engine, progress=progress, threads=args.threads
        )
    except (UsageError, ParseError) as exc:
        # a tool reading stdout gets the reason there too, the place of a parse error as
        # data; the same message goes to stderr
        if args.format in ("json", "github"):
            from ..report import error_as_github, error_as_json

            render = error_as_json if args.format == "json" else error_as_github
            sys.stdout.write(render(exc))
        raise
    if args.verbose and engine == "sparql":
        for line in outcome.fallbacks or ["no shape falls back to pyshacl"]:
            print(f"ipo-graph: {line}", file=sys.stderr)
    sys.stdout.write(RENDERERS[args.format](outcome))
    return 0 if outcome.conforms else 1


def _long_run(paths: list[str]) -> bool:
    """Progress on stderr by itself when a person waits for more than a few megabytes."""
    from ..load import expand_paths
    from ..progress import long_run

    return bool(paths) and sys.stderr.isatty() and long_run(expand_paths(paths))
