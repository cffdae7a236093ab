"""``ipo-graph synth``: a deterministic synthetic organisation N times the shipped one."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from .common import output_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "synth",
        help="write a synthetic organisation for scale tests (use it with --data DIR)",
    )
    p.add_argument(
        "--scale", type=int, required=True, metavar="N", help="about N times the shipped graph"
    )
    p.add_argument("--output", type=output_path, required=True, metavar="DIR")
    p.add_argument("--seed", type=int, default=0, help="same seed, same files (default 0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..synth import write

    if args.scale < 1:
        raise UsageError("--scale must be at least 1")
    if args.output.exists() and not args.output.is_dir():
        raise UsageError(f"{args.output}: not a folder")
    _refuse_other_data(args.output)
    files = write(args.scale, args.output, seed=args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} files ({size / 1e6:.1f} MB) to {args.output}")
    return 0


def _refuse_other_data(output: Path) -> None:
    """A folder of other data, not written by synth before, is refused: ``--output data``
    (for ``--data``) put a synthetic organisation among the shipped data, which every
    command then read as part of it. A synthetic folder (its ``core.ttl`` there) may hold
    files of one's own beside it, kept when it is written again."""
    import re

    from ..paths import rdf_files

    if not output.is_dir() or (output / "core.ttl").is_file():
        return
    own = re.compile(r"association-\d{4}\.ttl")
    others = [p for p in rdf_files(output) if p.parent != output or not own.fullmatch(p.name)]
    if others:
        raise UsageError(
            f"{output} holds other data ({others[0]}); synth writes into a folder of its own"
        )
