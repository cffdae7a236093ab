"""``ipo-graph serve``: a read-only SPARQL endpoint and query page for the graph."""

from __future__ import annotations

import argparse
import sys

from .common import add_data_argument, add_include_personal_argument, not_empty, positive

#: The longest --timeout, a round number below the 2**64 seconds (1.8e19) that Oxigraph's
#: --timeout-s cannot take.
MAX_TIMEOUT_SECONDS = 1e19
#: The largest --max-result-mb (1e18 bytes), a round number below what a buffer can hold
#: (sys.maxsize bytes, 9.2e18), which the answer is kept in.
MAX_RESULT_MB = 1e12


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="serve the graph as a read-only SPARQL endpoint with a query page",
        description=(
            "A SPARQL 1.1 Protocol endpoint at /sparql (read-only) and a query page at /, "
            "on Oxigraph's server. Staff contact details are left out unless "
            "--include-personal is given."
        ),
    )
    p.add_argument(
        "--host",
        type=not_empty,
        default="127.0.0.1",
        help="address to listen on (default: loopback)",
    )
    p.add_argument("--port", type=int, default=7878, help="port to listen on (default: 7878)")
    p.add_argument(
        "--timeout",
        type=positive(float, MAX_TIMEOUT_SECONDS),
        default=30.0,
        metavar="SECONDS",
        help="stop a query that runs longer than this (default: 30)",
    )
    p.add_argument(
        "--max-result-mb",
        type=positive(float, MAX_RESULT_MB),
        default=50.0,
        metavar="MB",
        help="refuse answers larger than this many megabytes (default: 50)",
    )
    add_include_personal_argument(p, "serve")
    add_data_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..serve import Limits, bind_socket, serve, serve_location

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number (0-65535)")
    # Bind before loading anything: a taken port is reported at once.
    sock = bind_socket(args.host, args.port)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print(
            f"warning: listening on {args.host}, not only on this machine's loopback address",
            file=sys.stderr,
        )
    from ..progress import long_run, printer
    from ..store import cached_location, store_files, variant_for

    limits = Limits(timeout=args.timeout, max_result_bytes=int(args.max_result_mb * 1024**2))
    try:
        # the query cache's store (public variant unless asked), opened by Oxigraph itself
        files = store_files(args.data)
        found = cached_location(
            files, variant_for(args.include_personal), progress=printer(long_run(files))
        )
        if found is not None:
            serve_location(*found, limits=limits, sock=sock)
            return 0
        from ..api import IpoGraph
        from ..privacy import without_personal_data

        kg = IpoGraph.load(args.data)
        graph = kg.graph if args.include_personal else without_personal_data(kg.graph)
        serve(graph, limits=limits, sock=sock)
    finally:
        sock.close()
    return 0
