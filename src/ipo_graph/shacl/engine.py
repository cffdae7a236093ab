"""Run the compiled shapes on a pyoxigraph store; pyshacl only for shapes not compiled.

The checks are independent queries, run on a pool of threads: pyoxigraph evaluates a
query without holding the GIL, so each core this process may use runs one (figures in
docs/validation.md).
Results are plain records in report order; the shapes left to pyshacl run on an rdflib
copy of the store with every compiled shape switched off, so the two never report the
same thing twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import RDF, SH
from ..oxterms import from_oxigraph
from .compile import Check, Plan, compile_shapes

if TYPE_CHECKING:
    from pyoxigraph import Store


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, in rdflib terms (the report's vocabulary)."""

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: Node
    severity: Node
    constraint: Node | None = None
    #: what keeps apart results whose fields are all alike: SHACL gives sh:uniqueLang
    #: one result per repeated language, without a value; here that language
    apart: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What the differential test compares (blank-node paths by their rendering)."""
        return (
            str(self.focus),
            "" if self.path is None else str(self.path),
            "" if self.value is None else repr(self.value),
            str(self.shape),
            str(self.component),
        )


_PLANS: dict[int, tuple[Graph, Plan]] = {}


def plan_for(shapes: Graph) -> Plan:
    """The compiled plan of ``shapes`` (compiled once per shapes graph object)."""
    cached = _PLANS.get(id(shapes))
    if cached is None or cached[0] is not shapes:
        cached = (shapes, compile_shapes(shapes))
        _PLANS[id(shapes)] = cached
    return cached[1]


def run_check(store: Store, check: Check) -> list[Result]:
    """Every violation one check finds."""
    out: list[Result] = []
    for row in store.query(check.query):  # type: ignore[union-attr]
        this = row["this"]
        if this is None:
            continue
        focus = from_oxigraph(this)
        value_term = row["value"] if check.has_value else None
        value = from_oxigraph(value_term) if value_term is not None else None
        apart = None if check.has_value or row["value"] is None else row["value"].value
        path_term = row["path"]
        if check.component == SH.SPARQLConstraintComponent and value is None:
            value = focus  # SHACL: a node shape's SPARQL result without ?value is the focus
        path = from_oxigraph(path_term) if path_term is not None else check.path
        out.append(
            Result(
                focus,
                path,
                value,
                check.shape,
                check.component,
                check.severity,
                check.constraint,
                apart,
            )
        )
    return out


def usable_cpus() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_plan(
    store: Store,
    plan: Plan,
    *,
    threads: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Result]:
    """All results of the compiled checks (duplicates removed, order stable: the checks'
    order, whatever the number of ``threads``; default: :func:`usable_cpus`)."""
    results: list[Result] = []
    workers = max(1, min(threads or usable_cpus(), len(plan.checks)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for found in pool.map(lambda c: run_check(store, c), plan.checks):
            results.extend(found)
    if progress:
        progress(f"ran {len(plan.checks)} compiled checks: {len(results)} results")
    return list(dict.fromkeys(results))


def run_fallback(store: Store, shapes: Graph, plan: Plan) -> list[Result]:
    """The shapes the compiler left out, by pyshacl on an rdflib copy of the store."""
    if not plan.fallback:
        return []
    from .reference import run_shacl

    data = Graph()
    for quad in store:
        data.add(
            (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        )
    partial = Graph()
    for triple in shapes:
        partial.add(triple)
    for root in plan.roots:
        if root not in plan.fallback:
            partial.add((root, SH.deactivated, Literal(True)))
    _conforms, report = run_shacl(data, partial)
    return list(results_of(report))


def results_of(report: Graph) -> Iterable[Result]:
    """The ``sh:ValidationResult``s of a pyshacl report as records."""
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        assert focus is not None
        yield Result(
            focus=focus,
            path=report.value(r, SH.resultPath),
            value=report.value(r, SH.value),
            shape=report.value(r, SH.sourceShape) or URIRef(""),
            component=report.value(r, SH.sourceConstraintComponent) or URIRef(""),
            severity=report.value(r, SH.resultSeverity) or SH.Violation,
            constraint=report.value(r, SH.sourceConstraint),
        )


def validate_store(
    store: Store,
    shapes: Graph,
    *,
    threads: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Result], Plan]:
    """Every result for ``store`` under ``shapes``: compiled checks, then the fallbacks."""
    plan = plan_for(shapes)
    results = run_plan(store, plan, threads=threads, progress=progress)
    results.extend(run_fallback(store, shapes, plan))
    return results, plan


def describe_fallbacks(plan: Plan) -> Sequence[str]:
    """One line per shape left to pyshacl, for ``--verbose``."""
    return [f"{shape}: {why} (validated by pyshacl)" for shape, why in plan.fallback.items()]
