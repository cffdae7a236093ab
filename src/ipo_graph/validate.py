"""Run the SHACL shapes over the ontology plus data and turn the result into violations.

Only the entailment the shapes need is added before validating: the types that
``rdfs:domain`` gives (so a resource that forgot its ``a org:Membership`` is still checked
as one). Range entailment is left out on purpose — it would type every object of
``org:role`` as an ``org:Role`` and make each ``sh:class`` check true by construction —
and SHACL follows ``rdfs:subClassOf`` for targets and ``sh:class`` by itself. pyshacl is
imported only when a validation runs, because importing it is slow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal as Choice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import hints, paths, verbatim
from .errors import EngineError
from .inference import add_domain_types
from .labels import short_name
from .load import LoadedGraph, default_files, load_files, quiet_literal_warnings
from .namespaces import RDF, SH
from .oxterms import from_oxigraph, to_oxigraph
from .shacl.reference import run_shacl
from .violations import Outcome, Violation, violations_of
from .vocabulary import (
    add_to_report,
    literal_violations,
    placed_at_values,
    vocabulary_violations,
)


class PreparedQueryGraph(Graph):
    """A graph whose SPARQL queries (the shapes' SPARQL targets and constraints) run fast.

    pyshacl runs a SPARQL constraint once per focus node with the same text and only the
    bindings changed. After :meth:`freeze`, queries run on an Oxigraph copy of the graph
    (the same SPARQL 1.1 text, bindings passed as substitutions) — much faster
    than rdflib's engine; without it, or if Oxigraph cannot parse a query, each distinct
    text is parsed by rdflib once and reused.
    """

    _store: Any = None

    def freeze(self) -> None:
        """Mirror the graph into Oxigraph; call when the graph will no longer change."""
        from .store import store_of_graph

        self._store = store_of_graph(self)

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # rdflib's parameter names
        initBindings: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and self._store is not None:
            answer = _ox_query(self._store, query_object, initNs, initBindings)
            if answer is not None:
                return answer
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, processor, result, initNs, initBindings, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _ox_query(store: Any, text: str, init_ns: Any, bindings: Any) -> Any:
    """A SELECT or ASK on Oxigraph as an rdflib ``Result``; None if Oxigraph cannot run it."""
    import pyoxigraph as ox
    from rdflib.query import Result
    from rdflib.term import Variable

    substitutions = {ox.Variable(str(k)): to_oxigraph(v) for k, v in (bindings or {}).items()}
    prefixes = {str(k): str(v) for k, v in (init_ns or {}).items()} or None
    try:
        answer = store.query(text, prefixes=prefixes, substitutions=substitutions)
    except (SyntaxError, TypeError, ValueError):
        return None
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if not isinstance(answer, ox.QuerySolutions):
        return None
    names = [v.value for v in answer.variables]
    result = Result("SELECT")
    result.vars = [Variable(n) for n in names]
    rows: list[dict[Variable, Node]] = []
    for solution in answer:
        row: dict[Variable, Node] = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[Variable(name)] = from_oxigraph(value)
        rows.append(row)
    result.bindings = rows  # type: ignore[assignment]
    return result


def load_shapes(path: Path | None = None) -> Graph:
    """The shipped shapes graph (or ``path``)."""
    return load_files([path or paths.shapes_file()]).graph


Engine = Choice["sparql", "oxigraph", "rdflib"]


def validate(
    data: Sequence[str | Path] | None = None,
    *,
    files: Sequence[Path] | None = None,
    shapes: Graph | None = None,
    engine: Engine = "sparql",
    progress: Callable[[str], None] | None = None,
    threads: int | None = None,
) -> Outcome:
    """Validate the shipped ontology plus ``data`` (default: the shipped data).

    ``files`` replaces the whole file list (ontology included) when given. ``engine``
    ``"sparql"`` (the default) compiles the shapes to SPARQL and runs them on Oxigraph
    (:mod:`ipo_graph.shacl`); ``"oxigraph"`` and ``"rdflib"`` run pyshacl, the reference,
    with its SPARQL parts on either engine. Inputs are only read; parse errors raise
    :class:`~ipo_graph.errors.ParseError`. ``threads``: how many compiled checks run at
    once (default: the processors this process may use); the answer does not depend on it.
    """
    file_list = list(files) if files is not None else default_files(data)
    shapes_graph = shapes if shapes is not None else load_shapes()
    if engine == "sparql":
        from .shacl.outcome import validate_files

        with quiet_literal_warnings():
            return validate_files(file_list, shapes_graph, threads=threads, progress=progress)
    with quiet_literal_warnings():
        loaded = load_files(file_list, graph=PreparedQueryGraph())
        inferred = add_domain_types(loaded.graph)
        if engine == "oxigraph":
            assert isinstance(loaded.graph, PreparedQueryGraph)
            loaded.graph.freeze()
        conforms, report = _run_shacl_despite_ill_typed(loaded, shapes_graph)
        from .shacl.written import report_as_written

        report_as_written(report, loaded.graph)
        misquoted = verbatim.check(loaded.graph, progress=progress, files=loaded.files).results
    if misquoted:
        from .shacl.outcome import add_results

        node = report.value(predicate=RDF.type, object=SH.ValidationReport)
        assert node is not None
        report.set((node, SH.conforms, Literal(False)))
        add_results(report, node, misquoted, shapes_graph)
        conforms = False
    found = placed_at_values(loaded.ill_typed, violations_of(report, loaded, shapes_graph))
    found = hints.with_hints(found, loaded.graph)
    extra = checked_in_python(loaded)
    add_to_report(report, extra)
    violations = sorted([*found, *extra], key=lambda v: v.sort_key)
    return Outcome(
        conforms and not extra,
        violations,
        files=list(loaded.files),
        triples=len(loaded.graph),
        inferred=inferred,
        loaded=loaded,
        engine=engine,
        _report=report,
    )


def checked_in_python(loaded: LoadedGraph) -> list[Violation]:
    """The closed-vocabulary and ill-typed-literal checks (see :mod:`ipo_graph.vocabulary`),
    and what the files' text shows (:mod:`ipo_graph.filetext`: a subject described in two
    blocks, of one file or of two)."""
    from .filetext import text_violations
    from .vocabulary import GraphContext

    return [
        *vocabulary_violations(loaded),
        *literal_violations(loaded),
        *text_violations(loaded.files, GraphContext(loaded)),
    ]


def _run_shacl_despite_ill_typed(loaded: LoadedGraph, shapes: Graph) -> tuple[bool, Graph]:
    """pyshacl raises on some comparisons with an ill-typed literal; retry without them.

    The ill-typed literals are reported by :func:`checked_in_python` either way. Where
    pyshacl stops on a blank node it cannot compare, the error names the place.
    """
    try:
        return _run_shacl_without_ill_typed(loaded, shapes)
    except EngineError as exc:
        found = _compared_blank_node(loaded, shapes)
        if found is None:
            raise
        subject, prop = found
        where = loaded.location(subject)
        raise EngineError(
            f"{where or 'data'}: {exc}. {short_name(subject)} has a blank node as its "
            f"{short_name(prop)}, a value the shapes compare with sh:lessThan(OrEquals); "
            "SHACL counts that as a violation, which the default engine (--engine sparql) "
            "reports"
        ) from None


def _compared_blank_node(loaded: LoadedGraph, shapes: Graph) -> tuple[Node, URIRef] | None:
    """The first (subject, property) whose value is a blank node where a shape compares
    values (``sh:lessThan``, ``sh:lessThanOrEquals``): where pyshacl stops."""
    compared: set[URIRef] = set()
    for pair in (SH.lessThan, SH.lessThanOrEquals):
        for shape, other in shapes.subject_objects(pair):
            for prop in (other, shapes.value(shape, SH.path)):
                if isinstance(prop, URIRef):
                    compared.add(prop)
    for prop in sorted(compared):
        blank = [s for s, value in loaded.graph.subject_objects(prop) if isinstance(value, BNode)]
        if blank:
            return min(blank, key=str), prop
    return None


def _run_shacl_without_ill_typed(loaded: LoadedGraph, shapes: Graph) -> tuple[bool, Graph]:
    try:
        return run_shacl(loaded.graph, shapes)
    except (TypeError, ValueError, ArithmeticError):
        if not loaded.ill_typed:
            raise
    for bad in loaded.ill_typed:
        loaded.graph.remove((bad.subject, bad.predicate, bad.literal))
    if isinstance(loaded.graph, PreparedQueryGraph) and loaded.graph._store is not None:
        loaded.graph.freeze()
    return run_shacl(loaded.graph, shapes)
