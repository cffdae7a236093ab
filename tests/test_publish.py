"""Publishing with the Graph Store Protocol: one PUT, a count check, and nothing half done.

Unit tests talk to httpx's MockTransport; the integration tests to a real Oxigraph server
on a free loopback port (``tests/oxigraph_server.py``), started and stopped here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ipo_graph import cli, paths, publish, remote
from ipo_graph.api import IpoGraph
from ipo_graph.errors import DataProblem, UsageError
from ipo_graph.privacy import personal_properties, without_personal_data
from oxigraph_server import OxigraphServer, running_oxigraph
from support import assert_every_query_answers_as_locally, canonical_graph

EX = "https://example.org/"
GRAPH = "https://w3id.org/ipo-graph/graph/test"
SECRET = "s3cret-for-the-store"


def small_graph(n: int = 3) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(f"waarde {i}", lang="nl")))
    g.add((URIRef(f"{EX}s0"), URIRef(f"{EX}q"), BNode()))
    return g


def count_answer(n: int) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "head": {"vars": ["n"]},
            "results": {"bindings": [{"n": {"type": "literal", "value": str(n)}}]},
        },
    )


# --- unit -------------------------------------------------------------------------------


def test_graph_url_names_the_graph_or_the_default_graph() -> None:
    url = publish.graph_url("http://store.example/ds/data", "https://w3id.org/g?x=1&y")
    assert parse_qs(url.query.decode()) == {"graph": ["https://w3id.org/g?x=1&y"]}
    assert publish.graph_url("http://store.example/store", None).query == b"default"
    with pytest.raises(UsageError, match="not a valid IRI"):
        publish.graph_url("http://store.example/store", "https://w3id.org/a b")
    with pytest.raises(UsageError, match="absolute IRI"):
        publish.graph_url("http://store.example/store", "graph")


@pytest.mark.parametrize(
    ("store", "query"),
    [
        ("http://localhost:7878/store", "http://localhost:7878/query"),  # Oxigraph
        ("http://localhost:3030/ipo/data", "http://localhost:3030/ipo/sparql"),  # Fuseki
        (
            "http://localhost:7200/repositories/ipo/rdf-graphs/service",
            "http://localhost:7200/repositories/ipo",
        ),  # GraphDB
        ("http://localhost:8890/sparql-graph-crud-auth", "http://localhost:8890/sparql"),
    ],
)
def test_the_query_endpoint_is_derived_for_common_stores(store: str, query: str) -> None:
    assert publish.query_endpoint_for(store) == query


def test_an_unknown_store_layout_asks_for_the_query_endpoint() -> None:
    with pytest.raises(UsageError, match="--query-endpoint"):
        publish.query_endpoint_for("http://localhost:9999/somewhere")


def test_the_whole_graph_goes_in_one_put_then_the_count_is_checked() -> None:
    graph = small_graph()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(204) if request.method == "PUT" else count_answer(len(graph))

    done = publish.publish(
        publish.serialise(graph),
        "http://store.example/store",
        graph_iri=GRAPH,
        client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    put, count = seen
    assert put.method == "PUT" and count.method == "POST"
    assert str(count.url) == "http://store.example/query"
    assert parse_qs(put.url.query.decode()) == {"graph": [GRAPH]}
    assert put.headers["Content-Type"] == "application/n-triples"
    assert int(put.headers["Content-Length"]) == len(put.content)
    assert "Transfer-Encoding" not in put.headers
    assert isomorphic(Graph().parse(data=put.content, format="nt"), graph)
    sent_query = parse_qs(count.content.decode())["query"][0]
    assert f"VALUES (?g) {{ (<{GRAPH}>) }}" in sent_query
    assert (done.sent, done.remote) == (4, 4)


def test_a_count_that_differs_is_a_data_problem() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204) if request.method == "PUT" else count_answer(3)

    with pytest.raises(DataProblem, match=r"uploaded 4 triples, but .* counts 3"):
        publish.publish(
            publish.serialise(small_graph()),
            "http://store.example/store",
            client=httpx.Client(transport=httpx.MockTransport(handler)),
        )


def test_a_busy_store_gets_the_whole_body_again() -> None:
    bodies: list[bytes] = []
    statuses = iter([503, 502, 201])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            bodies.append(request.read())
            return httpx.Response(next(statuses))
        return count_answer(4)

    pauses: list[float] = []
    publish.publish(
        publish.serialise(small_graph()),
        "http://store.example/store",
        client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=pauses.append,
    )
    assert len(bodies) == 3 and bodies[0] == bodies[1] == bodies[2] != b""
    assert pauses == [0.5, 1.0]


def test_a_refused_upload_reports_the_stores_reason() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(415, text="unsupported media type")

    with pytest.raises(remote.EndpointError, match=r"upload failed .*HTTP 415.*unsupported"):
        publish.publish(
            publish.serialise(small_graph()),
            "http://store.example/store",
            client=httpx.Client(transport=httpx.MockTransport(handler)),
        )


def test_the_progress_bar_shows_only_for_large_uploads_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert publish.show_progress(publish.PROGRESS_MIN_BYTES)
    assert not publish.show_progress(publish.PROGRESS_MIN_BYTES - 1)
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert not publish.show_progress(10 * publish.PROGRESS_MIN_BYTES)


# --- against a real Oxigraph server ------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db") as running:
        yield running


@pytest.fixture(scope="module")
def public(kg: IpoGraph) -> Graph:
    """What publish sends by default: the graph without personal data."""
    return without_personal_data(kg.graph)


def remote_graph(server: OxigraphServer, graph: str | None) -> Graph:
    """The remote graph as the store returns it (GSP GET), literals in canonical form."""
    params = {"graph": graph} if graph else {"default": ""}
    response = httpx.get(server.store, params=params, headers={"Accept": "application/n-triples"})
    response.raise_for_status()
    return canonical_graph(Graph().parse(data=response.content, format="nt"))


@pytest.mark.integration
def test_publishing_twice_leaves_exactly_the_local_triples(
    server: OxigraphServer, public: Graph
) -> None:
    expected = canonical_graph(public)
    for _ in range(2):
        done = publish.publish(publish.serialise(public), server.store, graph_iri=GRAPH)
        assert done.sent == done.remote == len(public)
        assert isomorphic(remote_graph(server, GRAPH), expected)


@pytest.mark.integration
def test_every_competency_query_answers_remotely_as_locally(
    server: OxigraphServer, public: Graph
) -> None:
    # the default graph, which the queries read
    publish.publish(publish.serialise(public), server.store)
    assert_every_query_answers_as_locally(server.query, public, same_order=True)


@pytest.mark.integration
def test_a_failed_upload_leaves_the_remote_graph_as_it_was(server: OxigraphServer) -> None:
    before = small_graph(5)
    publish.publish(publish.serialise(before), server.store, graph_iri=f"{GRAPH}/atomic")
    url = publish.graph_url(server.store, f"{GRAPH}/atomic")
    replacement = publish.serialise(small_graph(50)).data
    with httpx.Client() as client:
        # 1. The body breaks off after the first triples: a syntax error near the end.
        broken = replacement + b"<https://example.org/x> <https://example.org/p> <broken"
        with pytest.raises(remote.EndpointError, match="HTTP 400"):
            publish.put_graph(client, url, broken)
        assert isomorphic(remote_graph(server, f"{GRAPH}/atomic"), before)

        # 2. The connection drops half-way through the upload.
        def half_then_fail() -> Iterator[bytes]:
            yield replacement[: len(replacement) // 2]
            raise ConnectionAbortedError("network gone")

        with pytest.raises(ConnectionAbortedError):
            publish.put_graph(client, url, replacement, body=half_then_fail)
    assert isomorphic(remote_graph(server, f"{GRAPH}/atomic"), before)
    assert publish.count_remote(httpx.Client(), server.query, f"{GRAPH}/atomic") == len(before)


@pytest.mark.integration
@pytest.mark.parametrize("personal", [False, True], ids=["public", "include-personal"])
def test_the_command_publishes_the_graph_the_rdflib_route_builds(
    server: OxigraphServer,
    kg: IpoGraph,
    public: Graph,
    personal: bool,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``ipo-graph publish`` sends the query cache's store, not an rdflib graph built for
    the purpose (at synthetic scale 100 that took 27 s and 1 GB before the upload began):
    the very triples of the rdflib route, blank nodes included, numbers in canonical form
    as every query answers them, and the count it reports is the remote one."""
    monkeypatch.setenv("IPO_GRAPH_CACHE", str(tmp_path / "cache"))

    def no_rdflib_graph(*_: object, **__: object) -> None:
        raise AssertionError("publish built the rdflib graph")

    monkeypatch.setattr(IpoGraph, "load", no_rdflib_graph)
    graph = f"{GRAPH}/{'all' if personal else 'public'}"
    extra = ["--include-personal"] if personal else []
    assert cli.main(["publish", server.store, "--graph", graph, *extra]) == 0
    expected = kg.graph if personal else public
    assert isomorphic(remote_graph(server, graph), canonical_graph(expected))
    assert f"published {len(expected)} triples" in capsys.readouterr().out


def test_a_store_is_written_one_line_per_triple() -> None:
    """The count sent is the count of lines: a literal's line breaks are escaped."""
    import pyoxigraph as ox

    store = ox.Store()
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    store.add(ox.Quad(s, p, ox.Literal("twee\nregels\r\nen meer", language="nl")))
    store.add(ox.Quad(s, p, ox.BlankNode()))
    data, sent = publish.serialise_store(store)
    assert sent == 2 == len(Graph().parse(data=data, format="nt"))


@pytest.mark.integration
def test_personal_data_is_published_only_when_asked(
    server: OxigraphServer, kg: IpoGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    personal = personal_properties(kg.graph)
    assert personal, "the ontology marks contact details as personal data"
    assert any(kg.graph.triples((None, p, None)) for p in personal), "the data has some"

    def published_personal() -> int:
        g = remote_graph(server, f"{GRAPH}/privacy")
        return sum(1 for p in personal for _ in g.triples((None, p, None)))

    assert cli.main(["publish", server.store, "--graph", f"{GRAPH}/privacy"]) == 0
    assert published_personal() == 0
    assert (
        cli.main(["publish", server.store, "--graph", f"{GRAPH}/privacy", "--include-personal"])
        == 0
    )
    assert published_personal() == sum(
        1 for p in personal for _ in kg.graph.triples((None, p, None))
    )
    assert "published" in capsys.readouterr().out


@pytest.mark.integration
def test_credentials_are_used_but_never_printed_or_logged(
    server: OxigraphServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(remote.USER_ENV, "ipo-publisher")
    monkeypatch.setenv(remote.PASSWORD_ENV, SECRET)
    caplog.set_level(logging.DEBUG)
    assert cli.main(["publish", server.store, "--graph", f"{GRAPH}/creds"]) == 0
    # a failure: the query endpoint given does not exist (404)
    assert (
        cli.main(
            [
                "publish",
                server.store,
                "--graph",
                f"{GRAPH}/creds",
                "--query-endpoint",
                f"{server.base}/no-such-endpoint",
            ]
        )
        == 2
    )
    out, err = capsys.readouterr()
    assert "HTTP 404" in err
    assert "published" in out
    for text in (out, err, caplog.text):
        assert SECRET not in text
    # ... and a URL carrying credentials is refused without echoing them
    assert cli.main(["publish", f"http://ipo:{SECRET}@127.0.0.1:1/store"]) == 2
    out, err = capsys.readouterr()
    assert SECRET not in out + err and "IPO_GRAPH_PASSWORD" in err


@pytest.mark.integration
def test_query_endpoint_option_answers_like_the_local_engine(
    server: OxigraphServer, public: Graph, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``ipo-graph query --endpoint`` prints what the local query prints (CSV: IRIs kept)."""
    publish.publish(publish.serialise(public), server.store)
    runs = [
        ["members-of-ipo", "--format", "csv"],
        ["posts-on", "--format", "csv", "--param", "date=2020-12-01"],
        ["office-sites", "--format", "table"],  # labels fetched from the endpoint
        ["chair-of-body", "--format", "json", "--param", "body=Bestuur"],  # a label
    ]
    for run in runs:
        assert cli.main(["query", *run, "--endpoint", server.query]) == 0
        remote_out = capsys.readouterr().out
        assert cli.main(["query", *run]) == 0
        local_out = capsys.readouterr().out
        assert remote_out == local_out, run
        assert remote_out.count("\n") > 2, run  # an answer, not just a header


QUERY_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"
_LOCAL_POSITION = re.compile(r"SPARQL syntax error at .*?:(\d+):(\d+): ")


@pytest.mark.integration
@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("broken-adhoc.rq", "-e"),  # no project prefix used
        ("broken-after-prefix.rq", "-e"),  # one, declared on the first line
        ("broken-with-param.rq", "file"),  # a prefix, and the parameter as a VALUES block
    ],
)
def test_query_endpoint_names_the_place_of_a_syntax_error_as_the_local_engine_does(
    server: OxigraphServer, capsys: pytest.CaptureFixture[str], name: str, given: str
) -> None:
    """Regression: the project prefixes went ahead of the query on lines of their own, so
    Oxigraph named line 16 for the query's first line."""
    path = QUERY_FIXTURES / name
    run = ["-e", path.read_text(encoding="utf-8")] if given == "-e" else [str(path)]
    assert cli.main(["query", *run]) == 2
    local = _LOCAL_POSITION.search(capsys.readouterr().err)
    assert local, "the local engine names no position"
    assert cli.main(["query", *run, "--endpoint", server.query]) == 2
    err = capsys.readouterr().err
    assert "HTTP 400" in err and f"error at {local[1]}:{local[2]}: " in err, err


@pytest.mark.integration
def test_query_endpoint_names_an_unknown_prefix_as_the_local_engine_does(
    server: OxigraphServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the endpoint's "error at 16:26: expected OPTIONAL" came through as it
    was, where the local engine names the prefix."""
    query = (QUERY_FIXTURES / "unknown-prefix.rq").read_text(encoding="utf-8")
    assert cli.main(["query", "-e", query]) == 2
    local = capsys.readouterr().err
    assert cli.main(["query", "-e", query, "--endpoint", server.query]) == 2
    remote_err = capsys.readouterr().err
    assert remote_err == local
    assert "unknown prefix foo:" in local and ":1:18:" in local


@pytest.mark.integration
def test_query_endpoint_checks_iri_parameters_as_locally(
    server: OxigraphServer, public: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: with --endpoint a parameter naming nothing answered "0 rows" (exit 0),
    where the local graph refuses it; now the endpoint's graph is asked the same."""
    publish.publish(publish.serialise(public), server.store)
    for param in ("body=ipod:no-such-body", "body=ipod:post-algemeen-directeur"):
        run = ["query", "chair-of-body", "--param", param, "--format", "csv"]
        assert cli.main(run) == 2
        local = capsys.readouterr()
        assert cli.main([*run, "--endpoint", server.query]) == 2
        assert capsys.readouterr() == local, param


@pytest.mark.integration
def test_query_endpoint_checks_no_kind_without_the_ontology(
    server: OxigraphServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """A remote store of the data alone cannot tell what is an organisation (its classes
    are in the ontology): the kind goes unchecked there, a name that is nowhere does not."""
    data = Graph()
    for path in paths.data_files():
        data.parse(path, format="turtle")
    publish.publish(publish.serialise(data), server.store)
    run = ["query", "chair-of-body", "--format", "csv", "--endpoint", server.query]
    assert cli.main([*run, "--param", "body=ipod:bestuur"]) == 0  # an ipo:GoverningBody
    assert "not an organisation" not in capsys.readouterr().err
    assert cli.main([*run, "--param", "body=ipod:no-such-body"]) == 2
    assert "names nothing in the graph" in capsys.readouterr().err
