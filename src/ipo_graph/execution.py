"""Running a SPARQL query on one of three targets: rdflib, Oxigraph or an endpoint.

Two local engines answer the same query: rdflib over the in-memory graph and pyoxigraph
over a store built from it; a remote endpoint is asked over the SPARQL 1.1 Protocol
(:mod:`ipo_graph.remote`). Every answer comes back as a :class:`~ipo_graph.results.Result`
of canonical terms, so the engines' answers compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from rdflib import Graph, Variable
from rdflib.term import Node

from . import sparqltext
from .errors import UsageError
from .namespaces import PREFIX_IRIS
from .oxterms import to_oxigraph
from .results import Result, Row, canonical, from_oxigraph_answer, without_columns

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    from rdflib.plugins.sparql.sparql import Query

Engine: TypeAlias = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")


class QuerySyntaxError(UsageError):
    """A query that does not parse: exit 2 with the line and column."""

    def __init__(self, where: str, line: int | None, column: int | None, reason: str) -> None:
        self.line = line
        self.column = column
        self.reason = reason
        pos = f"{where}:{line}:{column}" if line else where
        super().__init__(f"SPARQL syntax error at {pos}: {reason}")


@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL endpoint, queried over the SPARQL 1.1 Protocol (``remote.py``)."""

    url: str


Target: TypeAlias = "Graph | pyoxigraph.Store | Endpoint"


def make_target(graph: Graph, engine: Engine = "oxigraph") -> Target:
    if engine == "rdflib":
        return graph
    if engine == "oxigraph":
        from .store import store_of_graph

        return store_of_graph(graph)
    raise UsageError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")


def _to_ox(term: Node) -> Any:
    try:
        return to_oxigraph(term)
    except TypeError:
        raise UsageError(f"cannot bind {term!r}") from None


def _syntax_error_from_rdflib(exc: Exception) -> QuerySyntaxError:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    reason = str(getattr(exc, "msg", "") or exc).split("\n")[0]
    return QuerySyntaxError("query", line, col, reason)


def _syntax_error_from_ox(exc: Exception) -> QuerySyntaxError:
    text = str(exc)
    m = sparqltext.ERROR_AT.search(text)
    if m:
        reason = sparqltext.plain_reason(m.group(3).strip())
        return QuerySyntaxError("query", int(m.group(1)), int(m.group(2)), reason)
    return QuerySyntaxError("query", None, None, text)


def _prepare_rdflib(query_text: str) -> Query:
    """``query_text`` parsed and translated by rdflib. A syntax error, or an unknown prefix
    (which rdflib reports as a plain ``Exception``), is a :class:`QuerySyntaxError`, as on
    Oxigraph; :func:`execute` then names the prefix."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(query_text, initNs=dict(PREFIX_IRIS))
    except ParseBaseException as exc:
        raise _syntax_error_from_rdflib(exc) from None
    except Exception as exc:
        if str(exc).startswith("Unknown namespace prefix"):
            raise _syntax_error_from_rdflib(exc) from None
        raise


def _execute_rdflib(query_text: str, bindings: Mapping[str, Node], graph: Graph) -> Result:
    prepared = _prepare_rdflib(query_text)
    initial = {Variable(k): v for k, v in bindings.items()}
    try:
        res = graph.query(prepared, initBindings=initial)  # type: ignore[arg-type]
        answers = list(res)  # rdflib evaluates lazily: its failures surface here
    except Exception as exc:
        # The query parsed, so this is rdflib failing on it (a type error in an ORDER BY,
        # GRAPH on a graph without named graphs, …), not a bug of ours: one line, not a
        # traceback. The default engine answers them as SPARQL says (an error leaves a
        # value unbound, a graph that is not there matches nothing).
        reason = (str(exc).strip() or type(exc).__name__).splitlines()[0][:200]
        raise UsageError(
            f"the rdflib engine cannot evaluate this query ({reason}); "
            "the default engine (--engine oxigraph) may"
        ) from None
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return Result("graph", triples=[(s, p, o) for s, p, o in answers])  # type: ignore[misc]
    names = [str(v) for v in (res.vars or [])]
    rows: list[Row] = [tuple(canonical(row[i]) for i in range(len(names))) for row in answers]  # type: ignore[index]
    return Result("select", vars=names, rows=rows)


def _with_leading_values(query_text: str, bindings: Mapping[str, Node]) -> str:
    """The query with its bindings also as a VALUES block opening its WHERE group.

    Oxigraph plans the two differently, and each alone is slow somewhere: substitutions
    alone are joined after the whole pattern (``direct-reports`` at scale 30: 7.6 s against
    0.001 s), a leading VALUES block alone does not reach into sub-queries
    (``reporting-chain``: 1.5 s against 0.07 s). Given both, Oxigraph takes the fast plan
    for every competency query; both bind the same terms, so the answer is the same (the
    query tests check every query on both engines). A query whose WHERE group is not
    found (the short ``CONSTRUCT WHERE`` form, or a syntax error) keeps the substitutions
    alone."""
    if not bindings:
        return query_text
    try:
        return sparqltext.with_values(query_text, bindings)
    except UsageError:
        return query_text


def _execute_ox(query_text: str, bindings: Mapping[str, Node], store: Any) -> Result:
    import pyoxigraph as ox

    subs = {ox.Variable(k): _to_ox(v) for k, v in bindings.items()}
    prefixes = dict(PREFIX_IRIS)
    try:
        try:
            res = store.query(
                _with_leading_values(query_text, bindings), prefixes=prefixes, substitutions=subs
            )
        except SyntaxError:
            # the error's line and column in the text as written, without the VALUES block
            res = store.query(query_text, prefixes=prefixes, substitutions=subs)
    except SyntaxError as exc:
        raise _syntax_error_from_ox(exc) from None
    except RuntimeError as exc:
        if "SELECT projection" in str(exc):
            raise UsageError(
                f"{exc}: a parameter must be projected (SELECT ?{{param}} …), Oxigraph substitutes "
                "only projected variables"
            ) from None
        if str(exc).startswith("The custom function"):  # "… <urn:f> is not supported"
            raise UsageError(f"Oxigraph cannot evaluate this query: {exc}") from None
        raise
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        answer = from_oxigraph_answer
        triples = [(answer(t.subject), answer(t.predicate), answer(t.object)) for t in res]
        return Result("graph", triples=triples)  # type: ignore[arg-type]
    names = [v.value for v in res.variables]
    rows: list[Row] = [tuple(from_oxigraph_answer(sol[n]) for n in names) for sol in res]
    return Result("select", vars=names, rows=rows)


def execute(query_text: str, bindings: Mapping[str, Node], target: Target) -> Result:
    """Run ``query_text`` with ``bindings`` (variable name → RDF term) on ``target``.

    This is the single place queries are executed. ``target`` is an rdflib ``Graph``
    (rdflib's engine), a ``pyoxigraph.Store`` (Oxigraph) or an :class:`Endpoint`. Bindings
    are passed as pre-bound variables (``initBindings`` / SEP-0007 ``substitutions``, for
    Oxigraph also as a leading VALUES block of the terms: :func:`_with_leading_values`),
    never spliced into the text. The project prefixes (``ipo:``, ``ipod:``, ``org:`` …) are
    predeclared. An :class:`Endpoint` gets the query with the bindings as a ``VALUES`` block
    of the terms and the JSON answer normalised to canonical terms (``remote.py``).
    """
    sparqltext.refuse_update(query_text)
    if isinstance(target, Endpoint):
        from . import remote  # imports httpx: only when an endpoint is asked

        try:
            result = remote.execute(query_text, bindings, target.url)
        except remote.EndpointError as exc:
            if exc.status == 400:  # the endpoint could not read the query
                _refuse_unknown_prefix(query_text)
            raise
        return without_columns(result, set(bindings))
    try:
        if isinstance(target, Graph):
            result = _execute_rdflib(query_text, bindings, target)
        else:
            result = _execute_ox(query_text, bindings, target)
    except QuerySyntaxError:
        _refuse_unknown_prefix(query_text)
        raise
    return without_columns(result, set(bindings))


def _refuse_unknown_prefix(query_text: str) -> None:
    """After an engine could not read the query: a prefix it uses but nobody declares is
    the likely reason, and the engines' own words for it are a list of expected tokens.

    Only then, not before: a remote store may know prefixes of its own (Virtuoso's
    ``bif:``, a GraphDB repository's namespaces)."""
    unknown = sparqltext.unknown_prefix(query_text, PREFIX_IRIS)
    if unknown is None:
        return
    prefix, line, column = unknown
    known = ", ".join(f"{p}:" for p in sorted(PREFIX_IRIS))
    raise QuerySyntaxError(
        "query",
        line,
        column,
        f"unknown prefix {prefix}: — declare it (PREFIX {prefix}: <...>) or use a known "
        f"prefix: {known}",
    ) from None
