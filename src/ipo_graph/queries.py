"""Named SPARQL queries: discovery, typed parameters, safe binding and execution.

The competency questions live as ``queries/*.rq`` files. Each opens with a comment header::

    # question (nl): Wie is voorzitter van het bestuur?
    # question (en): Who chairs the board?
    # param body: iri (default: ipod:bestuur) — the body whose chair is asked for

Parameters are bound as RDF terms (rdflib ``initBindings``, pyoxigraph ``substitutions``),
never pasted into the query text, so a value that looks like SPARQL stays data.

Two engines answer the same query: rdflib over the in-memory graph and pyoxigraph over a
store built from it. Results are normalised to rdflib terms with canonical literals so the
two engines' answers compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from rdflib import Graph, URIRef, Variable
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from . import paths
from .errors import UsageError
from .namespaces import PREFIXES, XSD
from .oxterms import from_oxigraph, to_oxigraph

# re-exported: the query files are read (and listed) without rdflib
from .queryfiles import PARAM_TYPES as PARAM_TYPES
from .queryfiles import NamedQuery as NamedQuery
from .queryfiles import Param as Param
from .queryfiles import load_query_file as load_query_file
from .queryfiles import named_queries as named_queries
from .queryfiles import parse_header as parse_header

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

Engine: TypeAlias = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")
# Turns a label into the IRI it names (IpoGraph.resolve); optional for iri parameters.
Resolver: TypeAlias = Callable[[str], URIRef]

# Characters RFC 3987 does not allow in an IRI (and that could end an IRI in SPARQL text).
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|^`\\]")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
}


class QuerySyntaxError(UsageError):
    """A query that does not parse: exit 2 with the line and column."""

    def __init__(self, where: str, line: int | None, column: int | None, reason: str) -> None:
        self.line = line
        self.column = column
        self.reason = reason
        pos = f"{where}:{line}:{column}" if line else where
        super().__init__(f"SPARQL syntax error at {pos}: {reason}")


def find_query(name_or_path: str, folder: Path | None = None) -> NamedQuery:
    """A named query, or a ``.rq`` file; unknown names list the available ones."""
    candidate = Path(name_or_path)
    if name_or_path.endswith(".rq") or candidate.is_file():
        if not candidate.is_file():
            raise UsageError(f"{name_or_path}: no such query file")
        return load_query_file(candidate)
    known = named_queries(folder)
    if name_or_path in known:
        return known[name_or_path]
    from .names import did_you_mean

    hint = did_you_mean(name_or_path, known)
    raise UsageError(
        f"unknown query {name_or_path!r}{hint} (ipo-graph query --list shows all {len(known)})"
        if hint
        else f"unknown query {name_or_path!r}; available: {', '.join(known) or '(none)'}"
    )


def adhoc_query(text: str) -> NamedQuery:
    nl, en, params = parse_header(text)
    return NamedQuery("-e", None, text, nl, en, params)


# --- parameters -------------------------------------------------------------------------


def to_iri(value: str, resolver: Resolver | None = None) -> URIRef:
    """A prefixed name (``ipod:bestuur``), ``<IRI>``, a full IRI or (with a resolver) a label."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if re.match(r"^[A-Za-z][\w+.-]*:", text) and _IRI_FORBIDDEN.search(text) is None:
        if "://" in text:
            return URIRef(text)
        prefix, _, local = text.partition(":")
        if prefix in PREFIXES:
            return URIRef(str(PREFIXES[prefix]) + local)
    if resolver is not None:
        return resolver(text)
    raise UsageError(
        f"{value!r} is not an IRI or prefixed name (known prefixes: {', '.join(PREFIXES)})"
    )


def coerce(param: Param, value: str, resolver: Resolver | None = None) -> Node:
    """A command-line string → the RDF term of the parameter's type."""
    if param.type == "iri":
        return to_iri(value, resolver)
    if param.type == "date":
        if not _DATE_RE.match(value.strip()):
            raise UsageError(f"parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)")
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(
                f"parameter {param.name}: {value!r} is not a day that exists (YYYY-MM-DD)"
            ) from None
        return RdfLiteral(value.strip(), datatype=XSD.date)
    if param.type == "integer":
        try:
            return RdfLiteral(int(value), datatype=XSD.integer)
        except ValueError:
            raise UsageError(f"parameter {param.name}: {value!r} is not an integer") from None
    return RdfLiteral(value)


def bind_params(
    query: NamedQuery, given: Mapping[str, str] | None = None, resolver: Resolver | None = None
) -> dict[str, Node]:
    """Declared parameters with their given or default values, as RDF terms.

    An undeclared parameter name is a usage error that lists the declared ones.
    """
    given = dict(given or {})
    declared = {p.name for p in query.params}
    unknown = sorted(set(given) - declared)
    if unknown:
        avail = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
        raise UsageError(
            f"query {query.name!r} has no parameter {unknown[0]!r}; parameters: {avail}"
        )
    bindings: dict[str, Node] = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw is None or raw == "":
            continue
        bindings[p.name] = coerce(p, raw, resolver)
    return bindings


def parse_param_args(items: Iterable[str]) -> dict[str, str]:
    """``name=value`` strings (the ``--param`` option) → a dict."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param wants NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out


# --- results ----------------------------------------------------------------------------

Row: TypeAlias = tuple[Node | None, ...]


@dataclass
class Result:
    """A normalised query answer: ``kind`` is ``select``, ``ask`` or ``graph``."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


def canonical(term: Node | None) -> Node | None:
    """One representation per value, whichever engine produced it."""
    if not isinstance(term, RdfLiteral):
        return term
    dt = term.datatype
    if term.language or dt is None:
        return term
    if dt == XSD.string:
        return RdfLiteral(str(term))
    try:
        if dt in _INTEGER_TYPES:
            return RdfLiteral(str(int(str(term))), datatype=dt)
        if dt == XSD.decimal:
            d = Decimal(str(term)).normalize()
            text = format(d, "f")
            return RdfLiteral(text, datatype=dt)
        if dt in (XSD.double, XSD.float):
            return RdfLiteral(repr(float(str(term))), datatype=dt)
        if dt == XSD.boolean:
            return RdfLiteral(
                (str(term).strip().lower() in ("true", "1") and "true") or "false", datatype=dt
            )
    except (ValueError, InvalidOperation):
        return term
    return term


def _from_ox(term: Any) -> Node | None:
    """Oxigraph's answer terms in the form both engines' results are compared in."""
    if term is None:
        return None
    try:
        node = from_oxigraph(term)
    except TypeError:
        raise UsageError(f"unsupported result term {term!r}") from None
    if isinstance(node, RdfLiteral) and not node.language:
        return canonical(RdfLiteral(str(node), datatype=node.datatype or XSD.string))
    return node


def _to_ox(term: Node) -> Any:
    try:
        return to_oxigraph(term)
    except TypeError:
        raise UsageError(f"cannot bind {term!r}") from None


# --- engines and targets ----------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL endpoint, queried over the SPARQL 1.1 Protocol (``remote.py``)."""

    url: str


Target: TypeAlias = "Graph | pyoxigraph.Store | Endpoint"


def build_store(graph: Graph) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store holding ``graph`` (swap here for a cached store)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def make_target(graph: Graph, engine: Engine = "oxigraph") -> Target:
    if engine == "rdflib":
        return graph
    if engine == "oxigraph":
        return build_store(graph)
    raise UsageError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")


def _prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def _syntax_error_from_rdflib(exc: Exception) -> QuerySyntaxError:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    reason = str(getattr(exc, "msg", "") or exc).split("\n")[0]
    return QuerySyntaxError("query", line, col, reason)


_OX_POS_RE = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def _syntax_error_from_ox(exc: Exception) -> QuerySyntaxError:
    text = str(exc)
    m = _OX_POS_RE.search(text)
    if m:
        return QuerySyntaxError("query", int(m.group(1)), int(m.group(2)), m.group(3).strip())
    return QuerySyntaxError("query", None, None, text)


def _execute_rdflib(query_text: str, bindings: Mapping[str, Node], graph: Graph) -> Result:
    from pyparsing import ParseException

    try:
        res = graph.query(
            query_text,
            initNs=_prefixes(),
            initBindings={Variable(k): v for k, v in bindings.items()},  # type: ignore[misc]
        )
    except ParseException as exc:
        raise _syntax_error_from_rdflib(exc) from None
    except Exception as exc:  # rdflib reports bad prefixes etc. as plain exceptions
        if type(exc).__name__ in ("ParseException", "ParseSyntaxException"):
            raise _syntax_error_from_rdflib(exc) from None
        raise
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return Result("graph", triples=[(s, p, o) for s, p, o in res])  # type: ignore[misc]
    names = [str(v) for v in (res.vars or [])]
    rows: list[Row] = [tuple(canonical(row[i]) for i in range(len(names))) for row in res]  # type: ignore[index, arg-type]
    return Result("select", vars=names, rows=rows)


def _execute_ox(query_text: str, bindings: Mapping[str, Node], store: Any) -> Result:
    import pyoxigraph as ox

    subs = {ox.Variable(k): _to_ox(v) for k, v in bindings.items()}
    try:
        res = store.query(query_text, prefixes=_prefixes(), substitutions=subs)
    except SyntaxError as exc:
        raise _syntax_error_from_ox(exc) from None
    except RuntimeError as exc:
        if "SELECT projection" in str(exc):
            raise UsageError(
                f"{exc}: a parameter must be projected (SELECT ?{{param}} …), Oxigraph substitutes "
                "only projected variables"
            ) from None
        raise
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        return Result(
            "graph",
            triples=[(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in res],  # type: ignore[misc]
        )
    names = [v.value for v in res.variables]
    rows: list[Row] = [tuple(_from_ox(sol[n]) for n in names) for sol in res]
    return Result("select", vars=names, rows=rows)


def execute(query_text: str, bindings: Mapping[str, Node], target: Target) -> Result:
    """Run ``query_text`` with ``bindings`` (variable name → RDF term) on ``target``.

    This is the single place queries are executed. ``target`` is an rdflib ``Graph``
    (rdflib's engine), a ``pyoxigraph.Store`` (Oxigraph) or an :class:`Endpoint`. Bindings
    are passed as pre-bound variables (``initBindings`` / SEP-0007 ``substitutions``), never
    spliced into the text. The project prefixes (``ipo:``, ``ipod:``, ``org:`` …) are
    predeclared. An :class:`Endpoint` gets the query with the bindings as a ``VALUES`` block
    of the terms and the JSON answer normalised to :func:`canonical` terms (``remote.py``).
    """
    from . import sparqltext

    sparqltext.refuse_update(query_text)
    if isinstance(target, Endpoint):
        from . import remote

        answer: Result = remote.execute(query_text, bindings, target.url)
        return without_columns(answer, set(bindings))
    try:
        if isinstance(target, Graph):
            result = _execute_rdflib(query_text, bindings, target)
        else:
            result = _execute_ox(query_text, bindings, target)
    except QuerySyntaxError:
        unknown = sparqltext.unknown_prefix(query_text, _prefixes())
        if unknown is None:
            raise
        prefix, line, column = unknown
        known = ", ".join(f"{p}:" for p in sorted(_prefixes()))
        raise QuerySyntaxError(
            "query",
            line,
            column,
            f"unknown prefix {prefix}: — declare it (PREFIX {prefix}: <...>) or use a known "
            f"prefix: {known}",
        ) from None
    return without_columns(result, set(bindings))


def without_columns(result: Result, names: set[str]) -> Result:
    """``result`` without the columns of bound parameters (constants, not answers).

    Oxigraph substitutes only variables in the SELECT projection (SEP-0007), so named
    queries project their parameters; this drops them again.
    """
    keep = [i for i, v in enumerate(result.vars) if v not in names]
    if len(keep) == len(result.vars):
        return result
    return Result(
        result.kind,
        vars=[result.vars[i] for i in keep],
        rows=[tuple(row[i] for i in keep) for row in result.rows],
        boolean=result.boolean,
        triples=result.triples,
    )


def run_query(
    query: NamedQuery | str,
    engine: Engine = "oxigraph",
    bindings: Mapping[str, str] | None = None,
    graph: Graph | None = None,
    target: Target | None = None,
) -> Result:
    """Run a named query (or its name) with string parameters on ``engine``.

    Without ``graph`` or ``target`` the shipped graph is used (with RDFS entailments): the
    cached Oxigraph store of :mod:`ipo_graph.store`, or rdflib's in-memory graph.
    """
    nq = find_query(query) if isinstance(query, str) else query
    if target is None:
        if graph is not None:
            target = make_target(graph, engine)
        elif engine == "oxigraph":
            from .store import open_store, store_files

            target = open_store(store_files())
        else:
            from .api import IpoGraph

            target = make_target(IpoGraph.load().graph, engine)
    labels = LabelIndex.from_target(target) if not isinstance(target, Endpoint) else None
    terms = bind_params(nq, bindings, resolver=labels.resolve if labels else None)
    return execute(nq.text, terms, target)


# --- labels -----------------------------------------------------------------------------


class LabelIndex:
    """Labels of every IRI, read once from a target: shows IRIs by name, resolves names.

    Works the same on either engine, so the CLI can show labels without building an
    rdflib graph when it queries the (cached) Oxigraph store.
    """

    def __init__(self, rows: Iterable[Row]) -> None:
        self._labels: dict[Node, list[RdfLiteral]] = {}
        self._names: dict[str, set[URIRef]] = {}
        self._add(rows)

    def _add(self, rows: Iterable[Row]) -> None:
        for s, p, lab in rows:
            if not isinstance(s, URIRef) or not isinstance(lab, RdfLiteral):
                continue
            if str(p).endswith(("#label", "#prefLabel")):
                self._labels.setdefault(s, []).append(lab)
            self._names.setdefault(str(lab).casefold(), set()).add(s)

    @classmethod
    def from_target(cls, target: Target) -> LabelIndex:
        if not isinstance(target, Graph | Endpoint):  # an Oxigraph store, perhaps a big one
            return LazyLabelIndex(target)
        return cls(execute(_labels_query(), {}, target).rows)

    def label(self, term: Node, lang: str = "nl") -> str:
        """``lang`` label first, then English, then any, then a prefixed name."""
        if not isinstance(term, URIRef):
            return str(term)
        labels = sorted(self._labels.get(term, []))
        for want in (lang, "en", None):
            for lab in labels:
                if want is None or lab.language == want:
                    return str(lab)
        return qname(term)

    def resolve(self, text: str) -> URIRef:
        """An exact label (any language, case-insensitive) → the one IRI it names."""
        found = sorted(self._names.get(text.strip().casefold(), set()))
        if not found:
            from .names import nearest

            iris = dict.fromkeys(
                i for n in nearest(text, self._names) for i in sorted(self._names[n])
            )
            shown = ", ".join(f"{self.label(i)!r} ({qname(i)})" for i in iris)
            hint = f"; did you mean {shown}?" if shown else ""
            raise UsageError(f"nothing in the graph is called {text!r}{hint}")
        if len(found) > 1:
            names = ", ".join(qname(f) for f in found)
            raise UsageError(f"{text!r} is ambiguous; it may mean: {names}")
        return found[0]

    def all_iris(self) -> set[URIRef]:
        """Every IRI with a label or name (for suggestions)."""
        return {i for found in self._names.values() for i in found}


class LazyLabelIndex(LabelIndex):
    """Labels read from an Oxigraph store only for the IRIs actually shown.

    A synthetic graph at scale 100 has over 100,000 labels; turning them all into rdflib
    terms took seconds, while a result table shows a few dozen IRIs (about 1 ms each here).
    Resolving a name needs every label, so the first ``resolve`` reads them all once.
    """

    def __init__(self, target: Target) -> None:
        super().__init__([])
        self._target = target
        self._looked_up: set[Node] = set()
        self._complete = False

    def label(self, term: Node, lang: str = "nl") -> str:
        if isinstance(term, URIRef) and not self._complete and term not in self._looked_up:
            self._looked_up.add(term)
            rows = execute(_labels_query(), {"s": term}, self._target).rows
            # a bound variable is not projected by Oxigraph: rows are (p, label) or (s, p, label)
            self._add((term, *row[-2:]) for row in rows)
        return super().label(term, lang)

    def _read_all(self) -> None:
        if not self._complete:
            self._labels.clear()
            self._names.clear()
            self._add(execute(_labels_query(), {}, self._target).rows)
            self._complete = True

    def resolve(self, text: str) -> URIRef:
        self._read_all()
        return super().resolve(text)

    def all_iris(self) -> set[URIRef]:
        self._read_all()
        return super().all_iris()


def _labels_query() -> str:
    return (paths.queries_dir() / "support" / "labels.rq").read_text(encoding="utf-8")


def qname(term: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(term).startswith(str(ns)):
            return f"{prefix}:{str(term)[len(str(ns)) :]}"
    return f"<{term}>"
