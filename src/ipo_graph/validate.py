"""Run the SHACL shapes over the ontology plus data and turn the result into violations.

Only the entailment the shapes need is added before validating: the types that
``rdfs:domain`` gives (so a resource that forgot its ``a org:Membership`` is still checked
as one). Range entailment is left out on purpose — it would type every object of
``org:role`` as an ``org:Role`` and make each ``sh:class`` check true by construction —
and SHACL follows ``rdfs:subClassOf`` for targets and ``sh:class`` by itself. pyshacl is
imported only when a validation runs, because importing it is slow.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal as Choice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import owners, paths
from .labels import best_label
from .labels import qname as short_name
from .load import _PREFIX_RE, LoadedGraph, Location, default_files, load_files
from .namespaces import PREFIXES, RDF, RDFS, SH
from .oxterms import from_oxigraph, to_oxigraph
from .vocabulary import (
    add_to_report,
    literal_violations,
    placed_at_values,
    vocabulary_violations,
)


@dataclass(frozen=True)
class Violation:
    """One result of the SHACL report, with what a person needs to find and fix it."""

    focus: Node
    owner: URIRef | None
    location: Location | None
    label: str | None
    path: str | None
    value: Node | None
    shape: Node
    component: Node
    severity: Node
    messages: dict[str, str] = field(default_factory=dict)
    defined: bool = True
    via: tuple[URIRef, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        loc = self.location
        return (
            str(loc.path) if loc else "~",
            loc.line if loc else 0,
            str(self.focus),
            str(self.shape),
        )


@dataclass
class Outcome:
    """What a validation run found.

    ``report`` (the SHACL report graph) is built on first use when the run did not make
    one anyway; ``fallbacks`` names the shapes the SPARQL compiler left to pyshacl.
    """

    conforms: bool
    violations: list[Violation]
    files: list[Path]
    triples: int
    inferred: int = 0
    loaded: LoadedGraph | None = None
    fallbacks: list[str] = field(default_factory=list)
    engine: str = "sparql"
    build_report: Callable[[], Graph] | None = None
    _report: Graph | None = None

    @property
    def report(self) -> Graph:
        if self._report is None:
            assert self.build_report is not None
            self._report = self.build_report()
        return self._report


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
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_extend(
            [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self]  # type: ignore[arg-type]
        )
        self._store = store

    def query(  # type: ignore[override]
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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


@contextmanager
def quiet_literal_warnings() -> Iterator[None]:
    """Silence rdflib's traceback for an ill-typed literal: the shapes report it instead."""
    logger = logging.getLogger("rdflib.term")
    before = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(before)


def load_shapes(path: Path | None = None) -> Graph:
    """The shipped shapes graph (or ``path``)."""
    return load_files([path or paths.shapes_file()]).graph


def add_domain_types(graph: Graph) -> int:
    """Add ``?s a C`` for every ``?s p ?o`` with ``p`` (or a super-property) ``rdfs:domain C``."""
    domains: dict[Node, set[Node]] = {}
    for prop, cls in graph.subject_objects(RDFS.domain):
        domains.setdefault(prop, set()).add(cls)
    if not domains:
        return 0
    added = 0
    for pred in set(graph.predicates()):
        classes: set[Node] = set()
        for sup in graph.transitive_objects(pred, RDFS.subPropertyOf):
            if sup is not None:
                classes |= domains.get(sup, set())
        if not classes:
            continue
        for subject in set(graph.subjects(pred, None)):
            for cls in classes:
                triple = (subject, RDF.type, cls)
                if triple not in graph:
                    graph.add(triple)
                    added += 1
    return added


def run_shacl(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pyshacl over an already prepared data graph; the data graph is not copied."""
    from pyshacl import validate as shacl_validate

    conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        do_owl_imports=False,
    )
    if not isinstance(report, Graph):  # pyshacl returns its exception for a broken shapes graph
        raise RuntimeError(f"the shapes could not be applied: {report}")
    return bool(conforms), report


Engine = Choice["sparql", "oxigraph", "rdflib"]


def validate(
    data: Sequence[str | Path] | None = None,
    *,
    files: Sequence[Path] | None = None,
    shapes: Graph | None = None,
    engine: Engine = "sparql",
    progress: Callable[[str], None] | None = None,
    threads: int = 1,
) -> Outcome:
    """Validate the shipped ontology plus ``data`` (default: the shipped data).

    ``files`` replaces the whole file list (ontology included) when given. ``engine``
    ``"sparql"`` (the default) compiles the shapes to SPARQL and runs them on Oxigraph
    (:mod:`ipo_graph.shacl`); ``"oxigraph"`` and ``"rdflib"`` run pyshacl, the reference,
    with its SPARQL parts on either engine. Inputs are only read; parse errors raise
    :class:`~ipo_graph.errors.ParseError`.
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
    found = placed_at_values(
        loaded,
        [
            violation(report, r, loaded, shapes_graph)
            for r in report.subjects(RDF.type, SH.ValidationResult)
        ],
    )
    extra = checked_in_python(loaded, found)
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


def checked_in_python(loaded: LoadedGraph, found: Sequence[Violation]) -> list[Violation]:
    """The closed-vocabulary and ill-typed-literal checks (see :mod:`ipo_graph.vocabulary`)."""
    return [*vocabulary_violations(loaded), *literal_violations(loaded, found)]


def _run_shacl_despite_ill_typed(loaded: LoadedGraph, shapes: Graph) -> tuple[bool, Graph]:
    """pyshacl raises on some comparisons with an ill-typed literal; retry without them.

    The ill-typed literals are reported by :func:`checked_in_python` either way.
    """
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


def violation(
    report: Graph, result: Node, loaded: LoadedGraph, shapes: Graph | None = None
) -> Violation:
    """One ``sh:ValidationResult`` → a :class:`Violation` located in the input files."""
    graph = loaded.graph
    focus = report.value(result, SH.focusNode)
    assert focus is not None
    owner, via = owner_path(graph, focus)
    location = locate(loaded, owner) if owner is not None else None
    defined = owner is not None and loaded.location(owner) is not None
    path_node = report.value(result, SH.resultPath)
    messages: dict[str, str] = {}
    # pyshacl drops the language tags of SPARQL constraints' messages, so read the
    # messages from the shapes graph where they are written, tags and all
    sources = [report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape)]
    for source in sources:
        if shapes is not None and source is not None and not messages:
            for msg in shapes.objects(source, SH.message):
                if isinstance(msg, Literal):
                    messages.setdefault(msg.language or "", str(msg))
    if not messages:
        for msg in report.objects(result, SH.resultMessage):
            if isinstance(msg, Literal):
                messages.setdefault(msg.language or "", str(msg))
    return Violation(
        focus=focus,
        owner=owner,
        location=location,
        label=label_of(graph, owner) if owner is not None else None,
        path=render_path(report, path_node) if path_node is not None else None,
        value=report.value(result, SH.value),
        shape=report.value(result, SH.sourceShape) or BNode(),
        component=report.value(result, SH.sourceConstraintComponent) or BNode(),
        severity=report.value(result, SH.resultSeverity) or SH.Violation,
        messages=messages,
        defined=defined,
        via=via,
    )


def nearest_iri(graph: Graph, node: Node) -> URIRef | None:
    """``node`` itself if it is an IRI, else the closest IRI that points to it."""
    return owner_path(graph, node)[0]


def owner_path(graph: Graph, node: Node) -> tuple[URIRef | None, tuple[URIRef, ...]]:
    """The closest IRI owning ``node`` and the predicates leading from it to ``node``."""

    def referrers(n: Node) -> list[tuple[Node, Node]]:
        return sorted(graph.subject_predicates(n), key=lambda sp: (str(sp[0]), str(sp[1])))

    return owners.owner_path(referrers, node)


def locate(loaded: LoadedGraph, node: URIRef) -> Location | None:
    """Where ``node`` is defined; for a node only referred to, the first line naming it."""
    loc = loaded.location(node)
    if loc is not None:
        return loc
    spellings = {f"<{node}>"}
    for path in loaded.files:
        try:
            # split on LF only, as the parser counts lines (splitlines also splits on
            # U+2028, form feeds and CR, and would report lines further down)
            lines = path.read_bytes().decode("utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            continue
        declared = {k: str(v) for k, v in PREFIXES.items()}
        for line in lines:
            m = _PREFIX_RE.match(line)
            if m:
                declared[m.group(1) or ""] = m.group(2)
        for prefix, ns in declared.items():
            if str(node).startswith(ns):
                local = str(node)[len(ns) :]
                spellings.add(f"{prefix}:{local}")
                spellings.add(f"{prefix}:{local.replace('/', chr(92) + '/')}")
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith("#"):
                continue
            if any(_mentions(line, spelling) for spelling in spellings):
                return Location(path, number)
    referrers = sorted(
        (loc for s in loaded.graph.subjects(None, node) if (loc := loaded.location(s))),
        key=lambda x: (str(x.path), x.line),
    )
    return referrers[0] if referrers else None


def _mentions(line: str, spelling: str) -> bool:
    """``spelling`` occurs in ``line`` as a whole token (not as the start of a longer name)."""
    start = line.find(spelling)
    while start >= 0:
        end = start + len(spelling)
        before = line[start - 1] if start > 0 else " "
        after = line[end] if end < len(line) else " "
        if not (before.isalnum() or before in "_-:") and not (after.isalnum() or after in "_-/"):
            return True
        start = line.find(spelling, start + 1)
    return False


def label_of(graph: Graph, node: Node) -> str | None:
    """The Dutch label, else English, else any label or name."""
    return best_label(graph, node)


def qname(term: Node) -> str:
    """A prefixed name when a project prefix fits (``/`` allowed, unlike in Turtle)."""
    if isinstance(term, URIRef):
        return short_name(term) or f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^{qname(term.datatype)}"
        return text
    return f"[{term}]" if isinstance(term, BNode) else str(term)


def render_path(report: Graph, node: Node) -> str:
    """A SHACL property path in SPARQL-like notation."""
    if isinstance(node, URIRef):
        return qname(node)
    alt = report.value(node, SH.alternativePath)
    if alt is not None:
        return "|".join(render_path(report, p) for p in report.items(alt))
    inv = report.value(node, SH.inversePath)
    if inv is not None:
        return "^" + render_path(report, inv)
    for pred, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = report.value(node, pred)
        if inner is not None:
            return render_path(report, inner) + suffix
    if (node, RDF.first, None) in report:
        return "/".join(render_path(report, p) for p in report.items(node))
    return str(node)
