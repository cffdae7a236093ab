"""Validation on Oxigraph end to end: files → store → results → located violations.

The SHACL report graph is only built when someone asks for it (``--format turtle``); the
text and JSON reports need just the violations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .. import hints, verbatim
from ..locations import place_report
from ..namespaces import RDF, SH
from ..vocabulary import add_to_report, placed_at_values
from .engine import Result, describe_fallbacks, usable_cpus, validate_store
from .nodes import best_label, blank_statements, is_described, is_subject, owner_way, says
from .oxdata import load_store
from .pythonchecks import scan_files, store_violations
from .written import as_written

if TYPE_CHECKING:
    from pyoxigraph import Store

    from ..violations import Outcome, Violation


def validate_files(
    files: Sequence[Path],
    shapes: Graph,
    *,
    threads: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Validate ``files`` with the compiled shapes; see :func:`ipo_graph.validate.validate`."""
    from ..violations import Outcome

    loaded = load_store(files, progress)
    store = loaded.store
    threads = threads or usable_cpus()
    # the checks SHACL cannot express (a closed vocabulary, literals that fit their
    # datatype) start with queries of their own: beside the compiled checks, when there
    # is more than one thread
    if threads > 1:
        with ThreadPoolExecutor(max_workers=1) as side:
            scanned = side.submit(scan_files, store, files)
            results, plan = validate_store(store, shapes, threads=threads, progress=progress)
            found = scanned.result()
    else:
        found = scan_files(store, files)
        results, plan = validate_store(store, shapes, threads=1, progress=progress)
    fallbacks = list(describe_fallbacks(plan))
    checked = verbatim.check(store, progress=progress, files=files)
    results = as_written([*results, *checked.results], files)
    violations = placed_at_values(found.ill_typed, located(results, store, files, shapes))
    violations = hints.with_hints(violations, store)
    extra = store_violations(store, found, files)
    if progress:
        progress(f"located {len(violations)} violations, {len(extra)} from the Python checks")

    # read now, while the store is at hand; the report graph is built only if asked for
    blanks = blank_statements(store, (t for r in results for t in (r.focus, r.value)))

    def report() -> Graph:
        graph = report_graph(results, shapes, blanks)
        add_to_report(graph, extra)
        return graph

    return Outcome(
        conforms=not results and not extra,
        violations=sorted([*violations, *extra], key=lambda v: v.sort_key),
        files=list(files),
        triples=loaded.triples,
        inferred=loaded.triples - loaded.parsed,
        fallbacks=fallbacks,
        engine="sparql",
        build_report=report,
    )


def located(
    results: list[Result], store: Store, files: Sequence[Path], shapes: Graph
) -> list[Violation]:
    """The results as violations with owner, label, file and line (one pass over files):
    a result about a blank node or a value at the statement that writes it
    (:func:`ipo_graph.violations.written_at`), the others at their owner's place."""
    from ..violations import Stated, Violation, blank_way, render_path, written_at

    way_of = partial(owner_way, store)
    owned = {r.focus: way_of(r.focus) for r in results}
    owners = {focus: (owner, via) for focus, (owner, via, _) in owned.items()}
    about = [blank_way(r.focus, r.value, owned[r.focus], way_of) for r in results]
    stated = [Stated.of(r.focus, r.path, r.value, r.component) for r in results]
    # one label per owner: many results share one, and the store finds a node's labels by
    # reading all its triples (20,000 links from one post: 10 s when read per result)
    labels = {o: best_label(store, o) for o, _ in owners.values() if o is not None}
    placed = place_report(
        files,
        {str(o) for o in labels},
        {found[0] for found in about if found is not None}
        | {way for r in stated if (way := r.way) is not None},
        partial(is_subject, store),
        partial(_referrers, store),
    )
    # many results share a shape and a path: their messages and rendering are read once
    messages = messages_of(shapes, results)
    rendered: dict[Node, str] = {}
    described: dict[Node, bool] = {}  # asked once per owner, which many results share
    out: list[Violation] = []
    for r, blank, what in zip(results, about, stated, strict=True):
        if r.path is not None and r.path not in rendered:
            rendered[r.path] = render_path(shapes, r.path)
        owner, via = owners[r.focus]
        location = placed.places[str(owner)] if owner is not None else None
        written = written_at(what, blank, placed, partial(says, store))
        location = written or location
        node = r.focus if owner is None else owner
        if node not in described:
            described[node] = is_described(store, node)
        out.append(
            Violation(
                focus=r.focus,
                owner=owner,
                location=location,
                label=labels[owner] if owner is not None else None,
                path=rendered[r.path] if r.path is not None else None,
                prop=r.path if isinstance(r.path, URIRef) else None,
                value=r.value,
                shape=r.shape,
                component=r.component,
                severity=r.severity,
                messages=messages[r.constraint, r.shape],
                defined=described[node],
                via=via,
            )
        )
    return sorted(out, key=lambda v: v.sort_key)


def _referrers(store: Store, iri: str) -> set[str]:
    """The IRIs of the subjects that link to ``iri``."""
    from pyoxigraph import NamedNode

    return {
        q.subject.value
        for q in store.quads_for_pattern(None, None, NamedNode(iri))
        if isinstance(q.subject, NamedNode)
    }


Source = tuple[Node | None, Node]
"""What a result's messages come from: its SPARQL constraint (if any) and its shape."""


def messages_of(shapes: Graph, results: Sequence[Result]) -> dict[Source, dict[str, str]]:
    """For each (constraint, shape) of ``results``: the sh:message of the constraint, else
    of the shape, by language tag; read once for the many results that share them."""
    out: dict[Source, dict[str, str]] = {}
    for r in results:
        if (r.constraint, r.shape) in out:
            continue
        messages = out[r.constraint, r.shape] = {}
        for source in (r.constraint, r.shape):
            if source is None or messages:
                continue
            for msg in shapes.objects(source, SH.message):
                if isinstance(msg, Literal):
                    messages.setdefault(msg.language or "", str(msg))
    return out


def report_graph(
    results: list[Result], shapes: Graph, blanks: Iterable[tuple[Node, Node, Node]] = ()
) -> Graph:
    """The results as a SHACL validation report graph: paths and constraints copied from
    the shapes, and ``blanks``, the statements about blank focus nodes and values."""
    g = Graph()
    for triple in blanks:
        g.add(triple)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(not results)))
    add_results(g, report, results, shapes)
    return g


def add_results(g: Graph, report: Node, results: Sequence[Result], shapes: Graph) -> None:
    """Write ``results`` into the report graph ``g`` as results of ``report``."""
    messages = messages_of(shapes, results)
    copied: set[Node] = set()  # shared paths and constraints: their triples once
    for r in results:
        node = BNode()
        g.add((report, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, r.focus))
        g.add((node, SH.sourceShape, r.shape))
        g.add((node, SH.sourceConstraintComponent, r.component))
        g.add((node, SH.resultSeverity, r.severity))
        if r.value is not None:
            g.add((node, SH.value, r.value))
        if r.constraint is not None:
            # a SPARQL constraint is a blank node of the shapes graph: without its
            # statements (sh:select, …) the report would point at an empty node
            g.add((node, SH.sourceConstraint, r.constraint))
            _copy_once(shapes, r.constraint, g, copied)
        if r.path is not None:
            g.add((node, SH.resultPath, r.path))
            _copy_once(shapes, r.path, g, copied)
        for lang, text in messages[r.constraint, r.shape].items():
            g.add((node, SH.resultMessage, Literal(text, lang=lang or None)))


def _copy_once(source: Graph, node: Node, into: Graph, copied: set[Node]) -> None:
    if node not in copied:
        copied.add(node)
        _copy_structure(source, node, into)


def _copy_structure(source: Graph, node: Node, into: Graph) -> None:
    """Copy the blank-node structure below ``node`` (a property path) into ``into``."""
    if not isinstance(node, BNode):
        return
    for p, o in source.predicate_objects(node):
        into.add((node, p, o))
        _copy_structure(source, o, into)
