"""The best a guard written in Python could do: answer in-process, with no hop at all.

Issue #16 asks ``serve``'s guard for at least 0.7× the simple-query requests/s of
``oxigraph serve-read-only``. The guard proxies every query to an Oxigraph server; this
script measures the bound on any Python design instead: one process that parses HTTP
with httptools on uvloop and answers from the same read-only store with pyoxigraph
itself (the project prefixes given to its parser, as ``serve`` does), with no proxy hop,
no time limit, no size limit and no routing. Whatever a real guard adds comes on top.

Both servers run side by side on the same cache entry; the load generator of
``oxigraph_targets.py`` (8 keep-alive clients) measures them in turn, and each pair gives
one ratio.

    python benchmarks/inprocess_bound.py [--scale 30] [--pairs 4] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import MutableMapping
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote_plus

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    b"Content-Length: %d\r\n\r\n"
)


def serve_in_process(location: str, port: int) -> None:
    """Answer ``GET /query?query=…`` from the store at ``location`` until killed."""
    import httptools
    import uvloop
    from pyoxigraph import QueryResultsFormat, QueryTriples, Store

    from ipo_graph.namespaces import PREFIX_IRIS

    store = Store.read_only(location)
    prefixes = dict(PREFIX_IRIS)
    json_format = QueryResultsFormat.JSON

    class Connection(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport
            self.url = b""
            self.parser = httptools.HttpRequestParser(self)
            sock = transport.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def data_received(self, data: bytes) -> None:
            self.parser.feed_data(data)

        def on_url(self, url: bytes) -> None:
            self.url += url

        def on_message_complete(self) -> None:
            params = self.url.partition(b"?")[2].decode()
            self.url = b""
            query = unquote_plus(params.partition("query=")[2].partition("&")[0])
            result = store.query(query, prefixes=prefixes)
            assert not isinstance(result, QueryTriples)  # SELECT and ASK only
            body = result.serialize(format=json_format)
            assert body is not None
            self.transport.write(_HEAD % len(body) + body)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Connection, "127.0.0.1", port)
        await server.serve_forever()

    uvloop.run(main())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=30)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--serve", nargs=2, metavar=("LOCATION", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve_in_process(args.serve[0], int(args.serve[1]))
        return 0

    import os
    import shutil

    # imported here: it makes a scratch folder on import, which the server child needs not
    import oxigraph_targets as bench

    from ipo_graph import store as st

    try:
        return _compare(args, bench, st, os.environ)
    finally:
        shutil.rmtree(bench._SCRATCH, ignore_errors=True)


def _compare(
    args: argparse.Namespace, bench: ModuleType, st: ModuleType, environ: MutableMapping[str, str]
) -> int:
    """Start both servers on one cache entry and measure them in turn."""
    work, env = bench.work_and_env(environ)
    data = bench.synth(args.scale, work, env)
    environ["IPO_GRAPH_CACHE"] = bench.scratch("bound")
    found = st.cached_location(st.store_files([data]), "public")
    assert found is not None
    location = str(found[0])
    ours, theirs = bench._free_port(), bench._free_port()
    servers = [
        subprocess.Popen([sys.executable, __file__, "--serve", location, str(ours)]),
        subprocess.Popen(bench._oxigraph_serving(location)(theirs), stderr=subprocess.DEVNULL),
    ]
    try:
        for port in (ours, theirs):
            bench._wait_http(port, "/query?query=ASK%7B%7D")
        ratios = []
        for _ in range(args.pairs):
            a = bench.requests_per_second(ours, args.seconds)
            b = bench.requests_per_second(theirs, args.seconds)
            ratios.append(a / b)
            print(f"  in-process {a:8.0f} req/s   oxigraph {b:8.0f} req/s   {a / b:.3f}")
            time.sleep(0.2)
        print(f"median of {args.pairs} pairs: {statistics.median(ratios):.3f}")
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
