"""Argument parsing and exit codes only; the work is done by the modules it calls.

Exit codes: 0 ok, 1 a data problem was found, 2 usage or parse error. Expected errors are
printed as one plain line (file:line: reason) and never as a traceback.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # as typing's, which this module does not import (see below)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

# Nothing else is imported here: the console script imports this module before ``main``
# runs, out of reach of its ``except KeyboardInterrupt``, so Ctrl-C while a module
# imported here was loading printed a traceback. ``main`` imports what it needs.

# Each name is a module in ipo_graph.commands with register(subparsers) and
# run(args) -> int. Heavy libraries are imported inside run(), keeping start-up fast.
COMMANDS: tuple[str, ...] = (
    "validate",
    "fmt",
    "stats",
    "export",
    "docs",
    "query",
    "synth",
    "changes",
    "diff",
    "why",
    "serve",
    "publish",
    "excerpt",
    "source",
)


def build_parser() -> argparse.ArgumentParser:
    import argparse
    import importlib

    from . import __version__

    parser = argparse.ArgumentParser(
        prog="ipo-graph",
        description=(
            "Validate, query and export the knowledge graph of the Interprovinciaal Overleg."
        ),
    )
    parser.add_argument("--version", action="version", version=f"ipo-graph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"ipo_graph.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Ctrl-C and SIGTERM end the command within a second, also inside a long call
        # into Oxigraph (exit 130 and 143, each atomic write undone): see interrupt.py
        from .interrupt import Interruptible

        with Interruptible():
            return _main(argv)
    except KeyboardInterrupt:
        # Ctrl-C at any point: also while the modules are imported, or while the cache
        # is written after the answer (the ``finally`` of ``_main``), which used to end in
        # a traceback; an entry cut short is not kept, the next run builds it again
        return 130


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse exits 2 on usage errors itself
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    from .errors import IpoGraphError
    from .interrupt import Terminated
    from .load import quiet_literal_warnings

    stopped = False
    try:
        # an ill-typed literal is reported by validate; elsewhere rdflib's log of it (a
        # traceback) would only look like a crash
        with quiet_literal_warnings():
            return int(args.func(args))
    except IpoGraphError as exc:
        print(f"ipo-graph {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a path the system refuses (too long, a folder, no permission)
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"ipo-graph {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Terminated):
        stopped = True
        raise
    finally:
        _settle_cache(stopped)


def _settle_cache(stopped: bool) -> None:
    """Write the cache entries the command built, now that its answer is out: the write
    holds the entry's lock, and a caller that goes on (a script, a test run, a notebook)
    must not keep other processes waiting for it until it exits. A command that was
    stopped drops them and their locks instead: stopping means stopping; the next run
    builds the entry."""
    store = sys.modules.get("ipo_graph.store")  # only if the command opened a store
    if store is not None:
        if stopped:
            store.drop_cache_writes()
        else:
            store.wait_for_cache_writes()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
