"""A read-only SPARQL 1.1 Protocol endpoint: Oxigraph's server behind a thin guard.

The Oxigraph server (from the ``oxigraph`` package) does the SPARQL work: the protocol,
content negotiation, result formats, and read-only mode. It runs on a private loopback
port over a store built from the graph. In front of it a small Starlette app (run by
uvicorn) adds what Oxigraph's server lacks or does not enforce:

* a hard query time limit. Oxigraph's own ``--timeout-s`` is passed on, but it is only
  checked now and then (a COUNT or ORDER BY over a huge join runs on, and keeps running
  after the client has gone). When a query overruns, the guard answers 503 and replaces
  the Oxigraph process, the only way to stop the work;
* a result-size limit (the answer is buffered up to it; larger answers get 422);
* updates refused with 403 at ``/sparql`` and ``/update``, and so are federated queries
  (``SERVICE``): Oxigraph's server would fetch whatever URL they name, from the serving
  machine, and answer 200 with the fetch's error inside a broken result;
* the query page at ``/``: YASGUI, vendored under ``static/`` (nothing from a CDN), with
  the competency questions as examples.

HTTP parsing is uvicorn's (with uvloop and httptools) and Starlette's; forms are decoded
by :mod:`urllib.parse`. The hop to Oxigraph uses aiohttp: httpx took about 1.6 ms of CPU
per proxied query, aiohttp a fifth of that (docs/serving.md, "What the guard costs").
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

import aiohttp
from rdflib import Graph

from . import sparqltext
from .errors import DataProblem, UsageError
from .namespaces import PREFIX_IRIS

if TYPE_CHECKING:  # pragma: no cover
    from starlette.responses import Response

    from .execution import Target

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULT_BYTES = 50 * 1024 * 1024
#: The largest request body (a query) accepted; anything longer is refused with 413.
MAX_QUERY_BYTES = 1024 * 1024
#: After the time limit, how long Oxigraph gets to cancel by itself before it is replaced.
GRACE_SECONDS = 1.0
_QUERY_FORM = "application/x-www-form-urlencoded"
_QUERY_PARAMS = ("query", "default-graph-uri", "named-graph-uri")
_READ_ONLY = "This endpoint is read-only: SPARQL updates are refused."
# Oxigraph's server would fetch any URL a SERVICE clause names, from the serving machine
_NO_SERVICE = (
    "This endpoint answers from its own graph only: SERVICE (a call to another endpoint) "
    "is refused."
)
_PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Limits:
    """What one query may cost: wall-clock seconds and bytes of answer."""

    timeout: float = DEFAULT_TIMEOUT
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES


def oxigraph_binary() -> str:
    """The ``oxigraph`` server shipped by the ``oxigraph`` package (beside this Python)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise UsageError("the Oxigraph server is not installed; pip install oxigraph")


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a taken port is a clear usage error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on {host}: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Answers go out at once: without this a keep-alive client waits ~40 ms for the
    # delayed ACK after each answer written in two parts (accepted sockets inherit it).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use; choose another with --port"
            ) from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.setblocking(False)
    return sock


def free_port(host: str = DEFAULT_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def build_store(graph: Graph, folder: Path, binary: str | None = None) -> Path:
    """An Oxigraph database of ``graph`` in ``folder`` for the server binary to serve."""
    from .store import database_of_graph

    return database_of_graph(graph, folder, binary or oxigraph_binary())


def _parent_death_signal() -> Callable[[], None] | None:
    """A function for the child, before exec: on Linux, have the kernel kill it when the
    serving process dies (even by SIGKILL), so no Oxigraph server is left on its own.

    Everything is looked up here, in the parent; the child only makes one C call (after
    ``fork`` in a threaded process nothing else is safe).
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig, kill = 1, int(signal.SIGKILL)

    def child() -> None:
        prctl(pr_set_pdeathsig, kill)

    return child


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


@dataclass
class Engine:
    """The Oxigraph server process that answers queries, on a private loopback port.

    ``generation`` counts restarts: a request that saw a query overrun asks for a restart
    of the generation it used, so several overruns at once restart the engine only once.
    """

    location: Path
    timeout: float
    binary: str = field(default_factory=oxigraph_binary)
    log_dir: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    base: str = ""
    generation: int = 0
    _lock: asyncio.Lock | None = None

    @property
    def log(self) -> Path:
        """Oxigraph's messages. A file, not a pipe: a pipe nobody reads fills up, and one
        that is closed makes Oxigraph's next message (say, a client that hung up) fatal."""
        return (self.log_dir or self.location.parent) / "oxigraph.log"

    def start(self) -> None:
        for _ in range(3):  # another program may grab the free port first
            port = free_port()
            with self.log.open("ab") as log:
                process = subprocess.Popen(
                    [
                        self.binary,
                        "serve-read-only",
                        "--location",
                        str(self.location),
                        "--bind",
                        f"{DEFAULT_HOST}:{port}",
                        "--timeout-s",
                        str(max(1, math.ceil(self.timeout))),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    preexec_fn=_parent_death_signal(),
                )
            base = f"http://{DEFAULT_HOST}:{port}"
            if self._wait_ready(base, process):
                self.process, self.base = process, base
                self.generation += 1
                return
        last_error = self.log.read_text(errors="replace").strip()[-500:] or "no message"
        raise DataProblem(f"the Oxigraph server did not start: {last_error}")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @staticmethod
    def _wait_ready(base: str, process: subprocess.Popen[bytes], limit: float = 30.0) -> bool:
        """Poll until the server answers a trivial query; False if it exits first."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1.0):
                    return True
            except urllib.error.HTTPError:
                return True  # it answers
            except OSError:
                time.sleep(0.05)  # pause between polls
        process.kill()
        process.wait()
        return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)  # a read-only store: nothing to flush
            process.wait()

    async def restart(self, generation: int) -> None:
        """Replace the process that ran an overrunning query (once per generation)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if generation != self.generation:
                return
            self.stop()
            # Started from the event loop's own thread on purpose: the kernel's
            # parent-death signal follows the thread that forked, and a pool thread may end.
            self.start()


def examples(target: Target | None = None) -> list[dict[str, str]]:
    """The competency questions as page examples, parameters set to their defaults (a
    ``latest`` date read from ``target``, the graph served)."""
    from .queryfiles import named_queries
    from .queryparams import bind_params

    out = []
    for name, q in named_queries().items():
        try:
            text = sparqltext.with_values(q.text, bind_params(q, {}, target=target))
        except UsageError:
            text = q.text
        out.append(
            {
                "name": name,
                "question_nl": q.question_nl,
                "question_en": q.question_en,
                "query": text,
            }
        )
    return out


# --- the guard --------------------------------------------------------------------------


def _plain(status: int, text: str) -> Response:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(text + "\n", status_code=status)


def _is_update(params: dict[str, list[str]]) -> bool:
    return "update" in params


async def _query_request(request: Any) -> tuple[dict[str, list[str]] | None, Response | None]:
    """The SPARQL query parameters of a request, or an error response."""
    if request.method == "GET":
        params = parse_qs(request.url.query, keep_blank_values=True)
        if _is_update(params):
            return None, _plain(403, _READ_ONLY)
        return params, None
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = bytearray()
    async for chunk in request.stream():
        raw.extend(chunk)
        if len(raw) > MAX_QUERY_BYTES:
            return None, _plain(413, f"A query may be at most {MAX_QUERY_BYTES // 1024} kB.")
    body = raw.decode("utf-8", errors="replace")
    if ctype == "application/sparql-update":
        return None, _plain(403, _READ_ONLY)
    if ctype == _QUERY_FORM:
        params = parse_qs(body, keep_blank_values=True)
        if _is_update(params):
            return None, _plain(403, _READ_ONLY)
        return params, None
    if ctype == "application/sparql-query":
        params = parse_qs(request.url.query, keep_blank_values=True)
        params["query"] = [body]
        return params, None
    return None, _plain(
        415,
        "Send a query as GET ?query=, or POST application/x-www-form-urlencoded or "
        "application/sparql-query.",
    )


def build_app(engine: Engine, limits: Limits, example_list: Sequence[dict[str, str]]) -> Any:
    """The Starlette app: ``/`` page, ``/examples.json``, ``/sparql`` (also ``/query``),
    ``/update`` (always 403) and ``/static``."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    client: dict[str, aiohttp.ClientSession] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        client["http"] = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=None, connect=5.0),
            connector=aiohttp.TCPConnector(limit=64),
            auto_decompress=False,
        )
        try:
            yield
        finally:
            await client["http"].close()

    async def page(request: Request) -> Response:
        response = FileResponse(STATIC_DIR / "index.html", media_type="text/html")
        response.headers["Content-Security-Policy"] = _PAGE_POLICY
        return response

    async def example_json(request: Request) -> Response:
        return JSONResponse(list(example_list))

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    async def update(request: Request) -> Response:
        return _plain(403, _READ_ONLY)

    async def sparql(request: Request) -> Response:
        params, error = await _query_request(request)
        if error is not None:
            return error
        assert params is not None
        if not params.get("query") or not params["query"][0].strip():
            return _plain(400, "No query: give the SPARQL query in the 'query' parameter.")
        if sparqltext.calls_service(params["query"][0]):
            return _plain(403, _NO_SERVICE)
        # the project prefixes (ipo:, ipod:, org:, ...) are predeclared, as in `ipo-graph query`
        query = sparqltext.prepare(params["query"][0], PREFIX_IRIS)
        params["query"] = [query.text]
        form = [(k, v) for k in _QUERY_PARAMS for v in params.get(k, [])]
        accept = request.headers.get("accept", "*/*") or "*/*"
        return await _forward(engine, limits, client["http"], form, accept, query)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/examples.json", example_json),
            Route("/favicon.ico", no_icon),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/query", sparql, methods=["GET", "POST"]),
            Route("/update", update, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        lifespan=lifespan,
    )


async def _forward(
    engine: Engine,
    limits: Limits,
    http: aiohttp.ClientSession,
    form: list[tuple[str, str]],
    accept: str,
    query: sparqltext.Prepared,
) -> Response:
    """Ask Oxigraph, within the time and size limits; buffer the answer up to the limit.
    A syntax error's position is given in the ``query`` the client sent, not in the text
    Oxigraph got (which starts with the project prefixes).

    The form is encoded here, not by aiohttp, whose form builder costs more per request
    than the rest of the hop."""
    from starlette.responses import Response

    generation, base = engine.generation, engine.base
    started = time.monotonic()
    body = bytearray()
    try:
        async with asyncio.timeout(limits.timeout + GRACE_SECONDS):
            payload = urlencode(form).encode("utf-8")
            headers = {"Accept": accept, "Content-Type": _QUERY_FORM}
            async with http.post(f"{base}/query", data=payload, headers=headers) as upstream:
                async for chunk in upstream.content.iter_chunked(1 << 16):
                    body.extend(chunk)
                    if len(body) > limits.max_result_bytes:
                        return _plain(
                            422,
                            f"The answer is larger than the limit of {_megabytes(limits)} MB: "
                            "add a LIMIT or narrow the query.",
                        )
                status = upstream.status
                ctype = upstream.headers.get("Content-Type", "text/plain")
    except TimeoutError:
        await engine.restart(generation)
        return _too_slow(limits)
    except aiohttp.ClientError:
        # Oxigraph cancelled an overrunning query itself, cutting its answer off mid-stream:
        # the work has stopped, so the engine can stay.
        if time.monotonic() - started >= limits.timeout and engine.running():
            return _too_slow(limits)
        if engine.generation != generation or not engine.running():
            if not engine.running():
                await engine.restart(generation)
            return _plain(503, "The query engine was restarted; please try again.")
        return _plain(502, "The query engine failed while answering; please try again.")
    if status >= 500 and b"cancelled" in bytes(body):
        return _too_slow(limits)
    answer = bytes(body)
    if status == 400:  # a syntax error, at a place in the text Oxigraph got
        answer = query.as_written(answer.decode("utf-8", "replace")).encode("utf-8")
    return Response(answer, status_code=status, headers={"Content-Type": ctype})


def _megabytes(limits: Limits) -> str:
    return f"{limits.max_result_bytes / 1024**2:.3g}"


def _too_slow(limits: Limits) -> Response:
    return _plain(
        503,
        f"The query ran longer than the limit of {limits.timeout:g} s and was stopped: "
        "narrow it or add a LIMIT.",
    )


def serve(
    graph: Graph,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    sock: socket.socket | None = None,
    announce: bool = True,
) -> None:
    """Serve ``graph`` (an rdflib graph, copied into a private store) until interrupted."""
    folder = Path(tempfile.mkdtemp(prefix="ipo-graph-serve-"))
    try:
        location = build_store(graph, folder)
        serve_location(
            location, len(graph), host=host, port=port, limits=limits, sock=sock, announce=announce
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def serve_location(
    location: Path,
    triples: int,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    sock: socket.socket | None = None,
    announce: bool = True,
) -> None:
    """Serve the Oxigraph database at ``location`` (read-only; the query cache's own
    entry, so nothing is copied) until interrupted. The socket is bound first, so a taken
    port fails before any work is done."""
    import uvicorn

    limits = limits or Limits()
    listener = sock or bind_socket(host, port)
    logs = Path(tempfile.mkdtemp(prefix="ipo-graph-serve-"))
    engine: Engine | None = None
    try:
        binary = oxigraph_binary()
        engine = Engine(location, limits.timeout, binary, log_dir=logs)
        engine.start()
        from .execution import Endpoint

        app = build_app(engine, limits, examples(Endpoint(f"{engine.base}/query")))
        bound_host, bound_port = listener.getsockname()[:2]
        shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        if announce:
            print(
                f"serving {triples} triples at http://{shown_host}:{bound_port}/ "
                f"(SPARQL: /sparql; time limit {limits.timeout:g} s; "
                f"answers up to {_megabytes(limits)} MB); Ctrl-C stops",
                flush=True,
            )
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        # uvicorn stops on SIGTERM and then re-raises it; with this handler in place that
        # ends in SystemExit, so the cleanup below still runs.
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            uvicorn.Server(config).run(sockets=[listener])
        finally:
            signal.signal(signal.SIGTERM, previous)
    finally:
        if engine is not None:
            engine.stop()
        listener.close()
        shutil.rmtree(logs, ignore_errors=True)


__all__ = [
    "Engine",
    "Limits",
    "bind_socket",
    "build_app",
    "build_store",
    "examples",
    "serve",
    "serve_location",
]
