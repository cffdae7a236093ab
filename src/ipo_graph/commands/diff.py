"""``ipo-graph diff``: the data's statements at two git revisions, for code review, as a
list or as the org chart of the newer revision with the changes marked."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import input_path, not_empty, output_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff",
        help="added and removed statements between two git revisions of the data",
        description="Parse the RDF files under PATH at two git revisions and list the "
        "statements added and removed, grouped by subject (blank nodes matched by "
        "rdflib.compare). REV_B defaults to the working tree. Example: ipo-graph diff HEAD~1 HEAD",
    )
    p.add_argument("rev_a", metavar="REV_A", help="the older revision (e.g. HEAD~1, origin/main)")
    p.add_argument(
        "rev_b",
        metavar="REV_B",
        nargs="?",
        default="WORKTREE",
        help="the newer revision (default: the working tree)",
    )
    p.add_argument(
        "--path",
        type=not_empty,
        default="data",
        help="folder or file inside the repository (default: data)",
    )
    p.add_argument(
        "--repo", type=input_path, default=Path.cwd(), help="the git repository (default: here)"
    )
    p.add_argument(
        "--format",
        choices=("text", "md", "json", "svg", "png", "dot"),
        default="text",
        help="a list of statements (text, md, json) or REV_B's org chart with what changed "
        "since REV_A marked (svg, png, dot; needs --output)",
    )
    p.add_argument("--output", type=output_path, metavar="FILE", help="where the picture goes")
    p.add_argument(
        "--as-of",
        type=not_empty,
        metavar="DATE",
        help="the day the picture shows (default: REV_B's latest state date)",
    )
    # no default (None: not given), so that a list refuses '--view combined' too
    p.add_argument(
        "--view",
        choices=("combined", "governance", "management"),
        help="the picture's view (default: combined)",
    )
    p.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the statements differ (as 'git diff --exit-code')",
    )
    p.set_defaults(func=run)


PICTURES = ("svg", "png", "dot")


def run(args: argparse.Namespace) -> int:
    from ..gitdiff import diff_revisions, render_text

    _refuse_what_does_not_apply(args)
    if args.format in PICTURES:
        return _picture(args)
    result = diff_revisions(args.repo, args.rev_a, args.rev_b, args.path)
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(result, markdown=args.format == "md"), end="")
    return 1 if args.exit_code and result.changed else 0


def _refuse_what_does_not_apply(args: argparse.Namespace) -> None:
    """The picture's options with a list, and --exit-code with a picture, were dropped
    without a word: ``--format md --output FILE`` printed to stdout and wrote nothing."""
    from ..errors import UsageError

    if args.format in PICTURES:
        if args.exit_code:
            raise UsageError(
                f"--exit-code applies to the list of statements (text, md, json); --format "
                f"{args.format} draws a picture"
            )
        return
    given = {"--output": args.output, "--as-of": args.as_of, "--view": args.view}
    for option, value in given.items():
        if value is not None:
            raise UsageError(
                f"{option} applies to the picture (--format svg, png or dot); --format "
                f"{args.format} prints the list of statements to stdout"
            )


def _picture(args: argparse.Namespace) -> int:
    from ..atomic import atomic_write_bytes
    from ..errors import UsageError
    from ..export.diffchart import diff_dot
    from ..export.dotprogram import render
    from ..history import parse_day

    if args.output is None:
        raise UsageError(f"diff --format {args.format} needs --output FILE")
    day = parse_day(args.as_of).isoformat() if args.as_of else None
    dot = diff_dot(
        args.repo, args.rev_a, args.rev_b, args.path, day=day, view=args.view or "combined"
    )
    data = dot.encode("utf-8") if args.format == "dot" else render(dot, args.format)
    atomic_write_bytes(args.output, data)
    print(f"wrote {args.output} ({args.format}: {args.rev_a} → {args.rev_b})")
    return 0
