"""A SPARQL 1.1 Protocol client: run a query on a remote endpoint, safely and patiently.

``ipo-graph query --endpoint`` and ``ipo-graph publish`` talk to remote stores through
this module. Three rules hold here:

* Parameters stay data. They travel as a ``VALUES`` block of RDF terms serialised by
  rdflib (``term.n3()``), placed at the start of the query's WHERE group, so a value that
  looks like SPARQL can never change the query.
* Credentials come from the environment (``IPO_GRAPH_USER`` + ``IPO_GRAPH_PASSWORD``, sent
  as HTTP Basic or, with ``IPO_GRAPH_AUTH=digest``, Digest; or a bearer token in
  ``IPO_GRAPH_TOKEN``), never from the command line, and are never printed: URLs with a
  user name or password in them are refused, and error messages name only the URL.
* Transient failures (connection refused or reset, HTTP 502/503/504) are retried with
  exponential backoff; anything else fails at once with the server's own message.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from . import sparqltext
from .errors import UsageError
from .namespaces import PREFIX_IRIS
from .results import Result, canonical

USER_ENV = "IPO_GRAPH_USER"
PASSWORD_ENV = "IPO_GRAPH_PASSWORD"
TOKEN_ENV = "IPO_GRAPH_TOKEN"
SCHEME_ENV = "IPO_GRAPH_AUTH"  # "basic" (default) or "digest" (Virtuoso's graph-crud-auth)

TRANSIENT_STATUS = frozenset({502, 503, 504})
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)
ATTEMPTS = 5
BACKOFF_SECONDS = 0.5
MAX_WAIT_SECONDS = 30.0

RESULTS_JSON = "application/sparql-results+json"
ACCEPT = f"{RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"
_GRAPH_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


class EndpointError(UsageError):
    """The endpoint cannot be reached, refused the request or answered with something
    other than what was asked (exit 2); ``status`` is the HTTP status of a refusal (400:
    the endpoint could not read the query)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


# --- credentials ------------------------------------------------------------------------


def credentials_from_env(environ: Mapping[str, str] | None = None) -> httpx.Auth | None:
    """HTTP auth from the environment: a bearer token, or a user name and password."""
    env = os.environ if environ is None else environ
    token = env.get(TOKEN_ENV)
    user = env.get(USER_ENV)
    password = env.get(PASSWORD_ENV)
    if token:
        if user or password:
            raise UsageError(f"set either {TOKEN_ENV} or {USER_ENV}/{PASSWORD_ENV}, not both")
        return _BearerAuth(token)
    if user or password:
        if not (user and password):
            raise UsageError(f"{USER_ENV} and {PASSWORD_ENV} must be set together")
        scheme = env.get(SCHEME_ENV, "basic").strip().lower()
        if scheme == "digest":
            return httpx.DigestAuth(user, password)
        if scheme != "basic":
            raise UsageError(f"{SCHEME_ENV} must be 'basic' or 'digest'")
        return httpx.BasicAuth(user, password)
    return None


class _BearerAuth(httpx.Auth):
    """``Authorization: Bearer`` with a token whose value never shows in a repr."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "_BearerAuth(<hidden>)"


def check_url(url: str, what: str = "endpoint") -> httpx.URL:
    """An http(s) URL without credentials in it (they would end up in logs and history)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise UsageError(f"{what} is not a valid URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UsageError(f"{what} must be an http:// or https:// URL")
    if parsed.userinfo:
        raise UsageError(
            f"{what} must not contain a user name or password; "
            f"set {USER_ENV} and {PASSWORD_ENV} (or {TOKEN_ENV}) in the environment instead"
        )
    return parsed


def shown(url: httpx.URL | str) -> str:
    """A URL as printed in messages: scheme, host, port and path only."""
    u = httpx.URL(str(url))
    return str(u.copy_with(query=None, fragment=None))


def make_client(timeout: float = 120.0) -> httpx.Client:
    return httpx.Client(
        auth=credentials_from_env(),
        timeout=httpx.Timeout(timeout, connect=10.0),
        follow_redirects=False,
    )


# --- retries ----------------------------------------------------------------------------


def _wait_seconds(response: httpx.Response | None, attempt: int, backoff: float) -> float:
    if response is not None:
        after = response.headers.get("Retry-After", "")
        if after.isdigit():
            return min(float(after), MAX_WAIT_SECONDS)
    return float(min(backoff * 2 ** (attempt - 1), MAX_WAIT_SECONDS))


def send(
    client: httpx.Client,
    method: str,
    url: httpx.URL | str,
    *,
    content: Callable[[], bytes | Iterable[bytes]] | None = None,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    attempts: int = ATTEMPTS,
    backoff: float = BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    """One HTTP request, repeated on transient failures; the final response is returned.

    ``content`` is a factory so that each attempt sends a fresh body. Only the URL and
    the reason are ever put in an error message: never headers, never credentials.
    """
    for attempt in range(1, attempts + 1):
        response: httpx.Response | None = None
        try:
            body = content() if content is not None else None
            response = client.request(method, url, content=body, data=data, headers=headers)
        except TRANSIENT_ERRORS as exc:
            if attempt == attempts:
                raise EndpointError(
                    f"cannot reach the endpoint {shown(url)}: {_reason(exc)} "
                    f"(gave up after {attempts} attempts)"
                ) from None
        except httpx.TimeoutException:
            raise EndpointError(f"the endpoint {shown(url)} gave no answer in time") from None
        except httpx.HTTPError as exc:
            raise EndpointError(f"the endpoint {shown(url)} failed: {_reason(exc)}") from None
        else:
            if response.status_code not in TRANSIENT_STATUS or attempt == attempts:
                return response
            response.close()
        sleep(_wait_seconds(response, attempt, backoff))
    raise AssertionError("unreachable")  # pragma: no cover


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def raise_for_status(
    response: httpx.Response, what: str, query: sparqltext.Prepared | None = None
) -> None:
    """An HTTP error → :class:`EndpointError` with the status and the server's message,
    its error position in the ``query`` as written (not as sent, prefixes and all)."""
    if response.is_success:
        return
    body = response.text.strip()
    if query is not None:
        body = query.as_written(body)
    body = body.replace("\n", " ")
    if len(body) > 500:
        body = body[:500] + " …"
    hint = ""
    if response.status_code in (401, 403):
        hint = f" (check {USER_ENV}/{PASSWORD_ENV} or {TOKEN_ENV})"
    raise EndpointError(
        f"{what} failed at {shown(response.request.url)}: HTTP {response.status_code} "
        f"{response.reason_phrase}{hint}" + (f": {body}" if body else ""),
        response.status_code,
    )


# --- query text -------------------------------------------------------------------------


def prepare(query: str, bindings: Mapping[str, Node]) -> sparqltext.Prepared:
    """The text sent to an endpoint: project prefixes declared (locally they are
    predeclared), parameters as VALUES."""
    return sparqltext.prepare(query, PREFIX_IRIS, bindings)


# --- answers ----------------------------------------------------------------------------


def _json_term(cell: Any, where: str) -> Node:
    kind = cell.get("type") if isinstance(cell, dict) else None
    value = str(cell.get("value", "")) if isinstance(cell, dict) else ""
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return RdfLiteral(value, lang=str(cell["xml:lang"]))
        if "datatype" in cell:
            return RdfLiteral(value, datatype=URIRef(str(cell["datatype"])))
        return RdfLiteral(value)
    raise EndpointError(f"the endpoint {where} sent an unsupported term: {kind!r}")


def _json_results(doc: Any, where: str) -> Result:
    """SPARQL 1.1 Query Results JSON → a Result. A document without a boolean, or without
    ``head.vars`` and ``results.bindings``, is not results: it used to read as 0 rows."""
    if isinstance(doc, dict) and isinstance(doc.get("boolean"), bool):
        return Result("ask", boolean=doc["boolean"])
    head = doc.get("head") if isinstance(doc, dict) else None
    results = doc.get("results") if isinstance(doc, dict) else None
    names = head.get("vars") if isinstance(head, dict) else None
    solutions = results.get("bindings") if isinstance(results, dict) else None
    if not (
        isinstance(names, list)
        and all(isinstance(n, str) for n in names)
        and isinstance(solutions, list)
        and all(isinstance(sol, dict) for sol in solutions)
    ):
        raise EndpointError(
            f"the endpoint {where} sent JSON that is not SPARQL results "
            "(no head.vars and results.bindings, nor a boolean)"
        )
    rows = [
        tuple(canonical(_json_term(sol[n], where)) if n in sol else None for n in names)
        for sol in solutions
    ]
    return Result("select", vars=names, rows=rows)


def parse_answer(response: httpx.Response) -> Result:
    """An endpoint's answer → a :class:`~ipo_graph.results.Result` with canonical terms;
    an answer that cannot be read is an :class:`EndpointError` naming the endpoint."""
    where = shown(response.request.url)
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype in (RESULTS_JSON, "application/json"):
        try:
            doc = json.loads(response.content)
        except ValueError:
            raise EndpointError(f"the endpoint {where} sent invalid SPARQL JSON results") from None
        return _json_results(doc, where)
    fmt = _GRAPH_FORMATS.get(ctype)
    if fmt is None:
        raise EndpointError(
            f"the endpoint {where} answered in an unexpected format: {ctype or 'none'}"
        )
    graph = Graph()
    try:
        graph.parse(data=response.content, format=fmt)
    except Exception:  # any parser failure means the same: an unreadable answer
        raise EndpointError(f"the endpoint {where} sent an unreadable {ctype} document") from None
    triples = [(s, p, o) for s, p, o in graph]
    return Result("graph", triples=[(s, p, canonical(o) or o) for s, p, o in triples])


#: The kind of answer each form of query asks for, as rdflib's parser names the forms.
_KINDS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "graph",
    "DescribeQuery": "graph",
}


def _asked(query: str) -> tuple[str, list[str] | None] | None:
    """The kind of answer ``query`` asks for and, for a SELECT with a projection, its
    variables; None when rdflib cannot parse the query (the endpoint may know more).
    ``SELECT *`` gives no variables: rdflib counts those of MINUS and EXISTS among them."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        form = parseQuery(query)[1]
    except Exception:  # rdflib cannot read it: then the answer is not checked
        return None
    kind = _KINDS.get(form.name)
    if kind is None:
        return None
    if kind != "select" or "projection" not in form:
        return kind, None
    return kind, [str(p.var if "var" in p else p.evar) for p in form.projection]


def _check_answer(query: str, result: Result, where: str) -> None:
    """``result`` is an answer to ``query``: of the kind it asks for, with the variables
    it projects. An endpoint that answers something else (a proxy's cached answer to
    another query, say) is named here, not met as a crash where the rows are read."""
    asked = _asked(query)
    if asked is None:
        return
    kind, names = asked
    if result.kind != kind:
        said = {"select": "a SELECT", "ask": "an ASK", "graph": "a CONSTRUCT/DESCRIBE"}
        raise EndpointError(
            f"the endpoint {where} sent {said[result.kind]} answer to {said[kind]} query"
        )
    if names is not None and set(result.vars) != set(names):
        got = ", ".join(f"?{v}" for v in result.vars) or "none"
        raise EndpointError(
            f"the endpoint {where} answered with the variables {got}, "
            f"not those asked for: {', '.join(f'?{v}' for v in names)}"
        )


def execute(
    query_text: str,
    bindings: Mapping[str, Node],
    url: str,
    *,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """Run a query on the SPARQL endpoint at ``url`` (POST, form-encoded, as SPARQL 1.1
    Protocol §2.1.2 allows for every endpoint)."""
    check_url(url)
    query = prepare(query_text, bindings)
    own = client is None
    http = client if client is not None else make_client()
    try:
        response = send(
            http,
            "POST",
            url,
            data={"query": query.text},
            headers={"Accept": ACCEPT},
            sleep=sleep,
        )
        raise_for_status(response, "query", query)
        result = parse_answer(response)
        _check_answer(query.text, result, shown(url))
        return result
    finally:
        if own:
            http.close()
