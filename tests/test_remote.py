"""The SPARQL protocol client: parameters stay data, credentials stay hidden, retries work.

Requests go to httpx's MockTransport, and query texts are checked by running them on a
local store; the command line meets a canned answer from a real loopback HTTP server. The
tests against a real Oxigraph server are in test_publish.py.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from ipo_graph import remote, sparqltext
from ipo_graph.api import IpoGraph
from ipo_graph.errors import UsageError
from ipo_graph.execution import execute
from ipo_graph.namespaces import PREFIX_IRIS
from ipo_graph.queryfiles import named_queries
from ipo_graph.queryparams import bind_params
from ipo_graph.store import store_of_graph as build_store

EX = "https://example.org/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE = URIRef(XSD_NS + "date")
XSD_INTEGER = URIRef(XSD_NS + "integer")
SECRET = "pa55-w0rd-never-shown"


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.fixture
def store() -> ox.Store:
    """Three people with names; one name looks like SPARQL."""
    g = Graph()
    for i, name in enumerate(["Ada", "Bea", '"} } DROP ALL #'], start=1):
        g.add((URIRef(f"{EX}p{i}"), URIRef(f"{EX}name"), Literal(name)))
    return build_store(g)


# --- VALUES blocks --------------------------------------------------------------------


def test_values_block_serialises_each_term_with_rdflib() -> None:
    block = sparqltext.values_block(
        {"who": URIRef(f"{EX}p1"), "day": Literal("2020-12-01", datatype=XSD_DATE)}
    )
    assert block == (
        f'VALUES (?who ?day) {{ (<{EX}p1> "2020-12-01"^^<http://www.w3.org/2001/XMLSchema#date>) }}'
    )


def test_values_open_the_where_group_not_a_brace_in_a_comment_string_or_projection() -> None:
    query = (
        "# a comment with { and WHERE\n"
        'SELECT ?s (EXISTS { ?s ?p "{" } AS ?e) FROM <http://x.example/g> WHERE {\n'
        '  ?s ?p "WHERE {" .\n}'
    )
    out = sparqltext.with_values(query, {"s": URIRef(f"{EX}p1")})
    head, _, tail = out.partition(f"VALUES (?s) {{ (<{EX}p1>) }}")
    assert head.endswith("FROM <http://x.example/g> WHERE { ")
    assert tail.startswith('\n\n  ?s ?p "WHERE {"')


def test_values_go_into_the_where_group_of_construct_not_its_template() -> None:
    out = sparqltext.with_values(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef(f"{EX}p1")}
    )
    assert out.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")
    with pytest.raises(UsageError, match="short CONSTRUCT WHERE"):
        sparqltext.with_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef(f"{EX}p1")})


def test_no_bindings_leaves_the_query_alone() -> None:
    assert sparqltext.with_values("ASK {}", {}) == "ASK {}"


def test_a_value_that_looks_like_sparql_stays_one_literal(store: ox.Store) -> None:
    query = f"SELECT ?s WHERE {{ ?s <{EX}name> ?name }}"
    sent = remote.prepare(query, {"name": Literal('"} } DROP ALL #')}).text
    answer = execute(sent, {}, store)
    assert answer.rows == [(URIRef(f"{EX}p3"),)]  # exactly the one person with that name
    assert execute(remote.prepare(query, {"name": Literal("Ada")}).text, {}, store).rows == [
        (URIRef(f"{EX}p1"),)
    ]


@pytest.mark.parametrize("bad", [f"{EX}a> <{EX}b", f"{EX}a b", f"{EX}a{{"])
def test_an_iri_that_cannot_be_written_safely_is_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="not a valid IRI"):
        sparqltext.values_block({"s": URIRef(bad)})


def test_blank_nodes_and_bad_names_cannot_be_sent() -> None:
    with pytest.raises(UsageError, match="only IRIs and literals"):
        sparqltext.values_block({"s": BNode()})
    with pytest.raises(UsageError, match="not a SPARQL variable"):
        sparqltext.values_block({"s ?x": Literal(1)})


def test_project_prefixes_are_declared_unless_the_query_does() -> None:
    query = "PREFIX org: <http://other.example/#>\nASK { ?s org:x ipod:y }"
    out = remote.prepare(query, {}).text
    assert "PREFIX ipod: <https://w3id.org/ipo-graph/id/>" in out
    assert "PREFIX org: <http://www.w3.org/ns/org#>" not in out  # the query's own wins
    assert out.count("\n") == query.count("\n")  # on the first line: lines keep their numbers


def oxigraph_error(text: str, **options: object) -> str:
    with pytest.raises(SyntaxError) as exc:
        ox.Store().query(text, **options)
    return str(exc.value)


ONE = {"s": URIRef(f"{EX}p1")}


@pytest.mark.parametrize(
    ("query", "bindings"),
    [
        ("SELECT ?s WHERE { ?s ipo:p ?o ?x }", ONE),  # after the prefixes and the VALUES
        ("SELECT ?s WHERE {\n  ?s ipo:p ?o .\n  ?o ?q ?r ?z }", ONE),
        ("SELECT ?s WHERE { ?s ?p ?o } LIMIT x", ONE),  # no prefix used: after VALUES only
        ('SELECT ?s WHERE { ?s ?p "é😀" ?z }', ONE),  # columns count characters
        ("SELECT ?s WHERE { ?s ipo:p ?o ?x }", {}),  # after the prefixes only
    ],
)
def test_an_endpoints_error_position_is_given_in_the_text_as_written(
    query: str, bindings: dict[str, URIRef]
) -> None:
    """Regression: the project prefixes went first, on lines of their own, and the VALUES
    block on a line of its own, so Oxigraph's "error at 16:25" meant line 1, column 25."""
    sent = remote.prepare(query, bindings)
    assert sent.text != query
    as_written = oxigraph_error(query, prefixes=dict(PREFIX_IRIS))
    assert sent.as_written(oxigraph_error(sent.text)) == sparqltext.Prepared(query).as_written(
        as_written
    )


def test_a_place_in_text_put_in_is_the_place_it_was_put_in() -> None:
    sent = sparqltext.Prepared("ab\ncd", ((0, "P "), (4, "XY\n")))
    assert sent.text == "P ab\ncXY\nd"
    assert sent.position(1, 1) == (1, 1)  # in "P "
    assert sent.position(1, 4) == (1, 2)  # "b"
    assert sent.position(2, 2) == (2, 2)  # in "XY\n": where it went, before "d"
    assert sent.position(3, 1) == (2, 2)  # "d"
    assert sent.as_written("error at 3:1: expected x") == "error at 2:2: expected x"
    assert sent.as_written("Parser error, line 3") == "Parser error, line 3"  # not Oxigraph's


def test_every_competency_query_means_the_same_with_values_as_with_bound_variables(
    kg: IpoGraph,
) -> None:
    """What goes to an endpoint gives the local answer: VALUES ≡ pre-bound parameters."""
    store = build_store(kg.graph)
    checked = 0
    for name, query in named_queries().items():
        bindings = bind_params(query, {}, target=store)
        if not bindings:
            continue
        local = execute(query.text, bindings, store)
        sent = execute(remote.prepare(query.text, bindings).text, {}, store)
        keep = [i for i, v in enumerate(sent.vars) if v not in bindings]
        assert sent.vars and [sent.vars[i] for i in keep] == local.vars, name
        assert [tuple(r[i] for i in keep) for r in sent.rows] == local.rows, name
        checked += 1
    assert checked >= 5  # the dated and the per-body questions


# --- credentials ----------------------------------------------------------------------


def test_credentials_come_from_the_environment() -> None:
    assert remote.credentials_from_env({}) is None
    basic = remote.credentials_from_env({remote.USER_ENV: "ipo", remote.PASSWORD_ENV: SECRET})
    assert isinstance(basic, httpx.BasicAuth)
    digest = remote.credentials_from_env(
        {remote.USER_ENV: "ipo", remote.PASSWORD_ENV: SECRET, remote.SCHEME_ENV: "Digest"}
    )
    assert isinstance(digest, httpx.DigestAuth)
    with pytest.raises(UsageError, match="basic' or 'digest"):
        remote.credentials_from_env(
            {remote.USER_ENV: "ipo", remote.PASSWORD_ENV: SECRET, remote.SCHEME_ENV: "ntlm"}
        )
    bearer = remote.credentials_from_env({remote.TOKEN_ENV: SECRET})
    assert bearer is not None and SECRET not in repr(bearer)
    with pytest.raises(UsageError, match="must be set together") as exc:
        remote.credentials_from_env({remote.PASSWORD_ENV: SECRET})
    assert SECRET not in str(exc.value)


def test_a_url_with_credentials_in_it_is_refused_without_repeating_them() -> None:
    with pytest.raises(UsageError) as exc:
        remote.check_url(f"https://ipo:{SECRET}@store.example/sparql")
    assert SECRET not in str(exc.value)
    assert remote.PASSWORD_ENV in str(exc.value)
    with pytest.raises(UsageError, match="http"):
        remote.check_url("ftp://store.example/sparql")


def test_a_query_carries_the_credentials_in_a_header(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(remote.USER_ENV, "ipo")
    monkeypatch.setenv(remote.PASSWORD_ENV, SECRET)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"head": {}, "boolean": True})

    with remote.make_client() as client:
        client._transport = httpx.MockTransport(handler)
        assert remote.execute("ASK {}", {}, "http://store.example/sparql", client=client).boolean
    expected = base64.b64encode(f"ipo:{SECRET}".encode()).decode()
    assert seen[0].headers["Authorization"] == f"Basic {expected}"
    assert SECRET not in str(seen[0].url)


# --- requests and answers -------------------------------------------------------------


def test_a_query_is_posted_as_a_form_with_its_values_and_prefixes() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            headers={"Content-Type": "application/sparql-results+json"},
            content=json.dumps(
                {
                    "head": {"vars": ["s", "label", "n", "b"]},
                    "results": {
                        "bindings": [
                            {
                                "s": {"type": "uri", "value": f"{EX}p1"},
                                "label": {"type": "literal", "value": "Ada", "xml:lang": "nl"},
                                "n": {
                                    "type": "literal",
                                    "value": "007",
                                    "datatype": str(XSD_INTEGER),
                                },
                                "b": {"type": "bnode", "value": "b0"},
                            },
                            {"s": {"type": "uri", "value": f"{EX}p2"}},
                        ]
                    },
                }
            ),
        )

    result = remote.execute(
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ipo:x",
        {"o": Literal("x")},
        "http://store.example/sparql",
        client=client_for(handler),
    )
    request = seen[0]
    assert request.method == "POST"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Accept"].startswith("application/sparql-results+json")
    sent = parse_qs(request.content.decode())["query"][0]
    assert 'WHERE { VALUES (?o) { ("x") }' in sent
    assert sent.startswith("PREFIX ipo: <https://w3id.org/ipo-graph/def#> SELECT")
    assert result.kind == "select"
    assert result.vars == ["s", "label", "n", "b"]
    assert result.rows[0][:3] == (
        URIRef(f"{EX}p1"),
        Literal("Ada", lang="nl"),
        Literal("7", datatype=XSD_INTEGER),  # canonical, as the local engines give it
    )
    assert isinstance(result.rows[0][3], BNode)
    assert result.rows[1] == (URIRef(f"{EX}p2"), None, None, None)


def test_a_construct_answer_becomes_triples() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/turtle"},
            content=f'<{EX}p1> <{EX}name> "Ada"@nl .'.encode(),
        )

    result = remote.execute(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        {},
        "http://store.example/sparql",
        client=client_for(handler),
    )
    assert result.kind == "graph"
    assert result.triples == [(URIRef(f"{EX}p1"), URIRef(f"{EX}name"), Literal("Ada", lang="nl"))]


def test_transient_failures_are_retried_with_growing_pauses() -> None:
    answers = iter(
        [
            httpx.Response(503),
            httpx.Response(502),
            httpx.Response(504, headers={"Retry-After": "3"}),
            httpx.Response(200, json={"head": {}, "boolean": False}),
        ]
    )
    pauses: list[float] = []
    result = remote.execute(
        "ASK {}",
        {},
        "http://store.example/sparql",
        client=client_for(lambda request: next(answers)),
        sleep=pauses.append,
    )
    assert result.boolean is False
    assert pauses == [0.5, 1.0, 3.0]  # exponential backoff; the server's Retry-After wins


def test_refused_connections_are_retried_then_reported_without_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(remote.TOKEN_ENV, SECRET)
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    pauses: list[float] = []
    with remote.make_client() as client:
        client._transport = httpx.MockTransport(handler)
        with pytest.raises(remote.EndpointError) as exc:
            remote.execute(
                "ASK {}", {}, "http://store.example/sparql", client=client, sleep=pauses.append
            )
    assert len(calls) == remote.ATTEMPTS
    assert pauses == [0.5, 1.0, 2.0, 4.0]
    assert "Connection refused" in str(exc.value)
    assert SECRET not in str(exc.value)
    assert calls[0].headers["Authorization"] == f"Bearer {SECRET}"  # sent, never shown


def test_a_client_error_is_not_retried_and_shows_the_servers_message() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(400, text="Parser error at 1:5: unexpected '}'")

    with pytest.raises(remote.EndpointError, match=r"HTTP 400 .*Parser error at 1:5"):
        remote.execute("ASK {}", {}, "http://store.example/sparql", client=client_for(handler))
    assert calls == [1]


SELECT_S = "SELECT ?s WHERE { ?s ?p ?o }"
OTHER_VARIABLES = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "uri", "value": EX}}]},
}


@pytest.mark.parametrize(
    ("query", "answer", "error"),
    [
        (
            "SELECT ?s ?label WHERE { ?s ?p ?label }",
            OTHER_VARIABLES,
            "answered with the variables ?x, not those asked for: ?s, ?label",
        ),
        (SELECT_S, {}, "not SPARQL results"),
        (SELECT_S, {"head": {"vars": ["s"]}}, "not SPARQL results"),
        (SELECT_S, [], "not SPARQL results"),
        (SELECT_S, {"head": {}, "boolean": True}, "sent an ASK answer to a SELECT query"),
        (
            SELECT_S,
            {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": "x"}]}},
            "unsupported term",
        ),
    ],
)
def test_an_answer_to_another_question_is_an_error_naming_the_endpoint(
    query: str, answer: object, error: str
) -> None:
    # Regression: other variables gave "ValueError: not enough values to unpack" where the
    # label index read the rows; JSON without head and results read as 0 rows.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer)

    with pytest.raises(remote.EndpointError, match=re.escape(error)) as exc:
        remote.execute(query, {}, "http://store.example/sparql", client=client_for(handler))
    assert "the endpoint http://store.example/sparql " in str(exc.value)


def test_select_star_is_not_held_to_rdflibs_count_of_its_variables() -> None:
    """rdflib counts the variables of MINUS among those of ``SELECT *``; SPARQL does not."""
    query = "SELECT * WHERE { ?s ?p ?o MINUS { ?s ?q ?m } }"
    answer = {"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}
    handler = lambda request: httpx.Response(200, json=answer)  # noqa: E731
    result = remote.execute(query, {}, "http://store.example/sparql", client=client_for(handler))
    assert result.vars == ["s", "p", "o"]


@pytest.fixture
def canned_endpoint() -> Iterator[tuple[str, list[bytes]]]:
    """A real HTTP server on a free loopback port that answers every POST with the JSON
    last put in its list: an endpoint that answers something else than it is asked."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    bodies: list[bytes] = [b"{}"]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", remote.RESULTS_JSON)
            self.send_header("Content-Length", str(len(bodies[-1])))
            self.end_headers()
            self.wfile.write(bodies[-1])

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", bodies
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_query_endpoint_answering_something_else_is_one_line(
    canned_endpoint: tuple[str, list[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    from ipo_graph import cli

    url, bodies = canned_endpoint
    bodies.append(json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode())
    assert cli.main(["query", "office-sites", "--endpoint", url]) == 2  # labels read first
    err = capsys.readouterr().err
    assert err.startswith(f"ipo-graph query: the endpoint {url} answered with the variables ?x")
    assert len(err.splitlines()) == 1
    bodies.append(b'{"error": "maintenance"}')
    assert cli.main(["query", "members-of-ipo", "--format", "csv", "--endpoint", url]) == 2
    assert "not SPARQL results" in capsys.readouterr().err


def test_query_endpoint_refuses_options_of_the_local_graph(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ipo_graph import cli

    for extra in (["--as-of", "2020-12-01"], ["--data", "data"]):
        code = cli.main(["query", "members-of-ipo", "--endpoint", "http://127.0.0.1:9/q", *extra])
        assert code == 2
        assert "not to --endpoint" in capsys.readouterr().err
