"""Upload the graph to a triple store with the SPARQL 1.1 Graph Store Protocol.

The whole graph goes in ONE ``PUT`` to ``ENDPOINT?graph=IRI`` (or ``?default``): the store
replaces that graph with the body as one transaction, so readers see the old graph or the
new one, never half of either, and a failed upload leaves the old graph in place.
Publishing twice leaves the same triples (PUT is idempotent), which is also why it is
safe to retry the PUT after a dropped connection or a 502/503/504. Afterwards the
triples in the remote graph are counted with SPARQL and must equal the triples sent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import httpx
from rdflib import Graph, URIRef

from . import remote
from .errors import DataProblem, UsageError
from .paths import sparql_file

CHUNK = 64 * 1024
#: Uploads at least this large show a progress bar (on a terminal only).
PROGRESS_MIN_BYTES = 1024 * 1024

# Where common stores answer SPARQL queries, given their Graph Store Protocol URL.
_QUERY_ENDPOINT_RULES: tuple[tuple[str, str], ...] = (
    ("/store", "/query"),  # Oxigraph server
    ("/data", "/sparql"),  # Apache Jena Fuseki: /DATASET/data → /DATASET/sparql
    ("/rdf-graphs/service", ""),  # GraphDB, RDF4J: /repositories/REPO/...
    ("/statements", ""),  # GraphDB, RDF4J
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso
)


@dataclass(frozen=True)
class Published:
    """What a publish did: where, how many triples, and what the store holds now."""

    url: str
    graph: str | None
    sent: int
    remote: int
    bytes: int


def graph_url(endpoint: str, graph: str | None) -> httpx.URL:
    """``endpoint?graph=IRI`` (IRI percent-encoded), or ``endpoint?default``."""
    url = remote.check_url(endpoint)
    if graph is None:
        query = url.query + b"&default" if url.query else b"default"
        return url.copy_with(query=query)
    check_graph_iri(graph)
    return url.copy_merge_params({"graph": graph})


def check_graph_iri(graph: str) -> None:
    """An absolute IRI that can be written in SPARQL (``URIRef.n3`` checks the characters)."""
    try:
        URIRef(graph).n3()
    except Exception:
        raise UsageError(f"--graph {graph!r} is not a valid IRI") from None
    if ":" not in graph:
        raise UsageError(f"--graph {graph!r} must be an absolute IRI (e.g. https://…)")


def query_endpoint_for(endpoint: str) -> str:
    """The SPARQL query URL of a store, derived from its Graph Store Protocol URL."""
    url = remote.check_url(endpoint)
    path = url.path.rstrip("/")
    for suffix, replacement in _QUERY_ENDPOINT_RULES:
        if path.endswith(suffix):
            return str(url.copy_with(path=path[: -len(suffix)] + replacement, query=None))
    raise UsageError(
        f"cannot tell the query endpoint of {remote.shown(url)}; give --query-endpoint URL"
    )


class NTriples(NamedTuple):
    """A graph written for upload: N-Triples, a line per triple, streamed by every store
    without limits; ``triples`` is what the remote count must come to."""

    data: bytes
    triples: int


def serialise(graph: Graph) -> NTriples:
    """An rdflib graph as N-Triples."""
    return NTriples(graph.serialize(format="nt", encoding="utf-8"), len(graph))


def serialise_store(store: Any) -> NTriples:
    """A pyoxigraph store's default graph as N-Triples (what ``ipo-graph publish`` sends).

    Oxigraph writes it natively, many times faster than rdflib can, and escapes every line
    break inside a literal, so there is exactly one line per triple."""
    from pyoxigraph import DefaultGraph, RdfFormat

    data: bytes = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
    return NTriples(data, data.count(b"\n"))


def _chunks(data: bytes, progress: bool) -> Callable[[], Iterator[bytes]]:
    """A body factory: each attempt gets fresh chunks (and a fresh progress bar)."""

    def body() -> Iterator[bytes]:
        from tqdm import tqdm

        with tqdm(
            total=len(data),
            unit="B",
            unit_scale=True,
            desc="upload",
            file=sys.stderr,
            disable=not progress,
            leave=False,
        ) as bar:
            for start in range(0, len(data), CHUNK):
                piece = data[start : start + CHUNK]
                yield piece
                bar.update(len(piece))

    return body


def show_progress(size: int) -> bool:
    return size >= PROGRESS_MIN_BYTES and sys.stderr.isatty()


def put_graph(
    client: httpx.Client,
    url: httpx.URL,
    data: bytes,
    *,
    progress: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    body: Callable[[], Iterator[bytes]] | None = None,
) -> httpx.Response:
    """PUT ``data`` (N-Triples) to ``url`` in one request, with retries; errors raise."""
    response = remote.send(
        client,
        "PUT",
        url,
        content=body or _chunks(data, progress),
        headers={
            "Content-Type": "application/n-triples",
            # With a length the body is not sent chunked, which some stores refuse.
            "Content-Length": str(len(data)),
        },
        sleep=sleep,
    )
    remote.raise_for_status(response, "upload")
    return response


def count_remote(
    client: httpx.Client,
    query_url: str,
    graph: str | None,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """How many triples the remote graph holds (SPARQL ``COUNT``)."""
    if graph is None:
        text = sparql_file("count-default-graph.rq").read_text(encoding="utf-8")
        bindings = {}
    else:
        text = sparql_file("count-named-graph.rq").read_text(encoding="utf-8")
        bindings = {"g": URIRef(graph)}
    result = remote.execute(text, bindings, query_url, client=client, sleep=sleep)
    if result.kind != "select" or len(result.rows) != 1 or result.rows[0][0] is None:
        raise DataProblem(f"{remote.shown(query_url)} did not answer the triple count")
    try:
        return int(str(result.rows[0][0]))
    except ValueError:
        raise DataProblem(f"{remote.shown(query_url)} answered a count that is no number") from None


def publish(
    graph: NTriples,
    endpoint: str,
    *,
    graph_iri: str | None = None,
    query_endpoint: str | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Published:
    """Replace the remote graph with ``graph`` (:func:`serialise` of an rdflib graph, or
    :func:`serialise_store` of a store, which ``ipo-graph publish`` sends) and check the
    remote triple count."""
    data, sent = graph
    url = graph_url(endpoint, graph_iri)
    query_url = query_endpoint or query_endpoint_for(endpoint)
    remote.check_url(query_url, "query endpoint")
    own = client is None
    http = client if client is not None else remote.make_client(timeout=600.0)
    try:
        put_graph(http, url, data, progress=show_progress(len(data)), sleep=sleep)
        found = count_remote(http, query_url, graph_iri, sleep=sleep)
    finally:
        if own:
            http.close()
    if found != sent:
        raise DataProblem(
            f"uploaded {sent} triples, but {remote.shown(query_url)} counts {found} in "
            f"{'graph <' + graph_iri + '>' if graph_iri else 'the default graph'}"
            " (does the store add inferred triples, or merge the default graph with others?)"
        )
    return Published(remote.shown(url), graph_iri, sent, found, len(data))
