"""``ipo-graph diff``: the data's statements at two git revisions, for code review."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


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
        "--path", default="data", help="folder or file inside the repository (default: data)"
    )
    p.add_argument(
        "--repo", type=Path, default=Path.cwd(), help="the git repository (default: here)"
    )
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the statements differ (as 'git diff --exit-code')",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..history.gitdiff import diff_revisions, render_text

    result = diff_revisions(args.repo, args.rev_a, args.rev_b, args.path)
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(result, markdown=args.format == "md"), end="")
    return 1 if args.exit_code and result.subjects else 0
