"""The graph as it stood on one day: ``as_of_graph(kg, day)``.

The view keeps the ontology and everything timeless, the dated things in force on the day
(holding, or presumed because no source ended them; with ``strict`` only holding ones)
and those stated as planned (with their ``ipo:status ipo:Planned``, so queries can tell).
It drops the rest together with the plain triples they qualify (``org:reportsTo`` of a
reporting line, ``org:hasUnit`` of a structure link, ``org:heldBy`` of a tenure,
``org:memberOf`` of a membership, and the triple an ``rdf:Statement`` reifies: a property
dated by its own evidence, not by the thing it hangs on) and every triple that names them
(the ``ipo:responsibility`` of a task no source of the day states). Statuses come from
:mod:`.timeline`, computed once per graph; the view is filtered from the asserted triples
and entailed again, with no file read twice.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..api import IpoGraph
from ..inference import rdfs_entailments
from ..load import LoadedGraph
from ..namespaces import IPO, RDF, TIME
from .qualifiers import QUALIFIERS
from .timeline import Status, parse_day

_TEMPORAL = (TIME.Interval, TIME.Instant, TIME.TemporalEntity, TIME.ProperInterval)
_DERIVED = (IPO.heldFrom, IPO.heldUntil, IPO.lastAttested)


@dataclass
class AsOfView:
    """The graph as of ``day`` plus every dated thing's status on that day."""

    day: dt.date
    kg: IpoGraph
    statuses: dict[URIRef, Status] = field(default_factory=dict)
    strict: bool = False

    def kept(self, status: Status) -> bool:
        if self.strict:
            return status.name in ("holds", "planned")
        return status.in_force or status.name == "planned"

    def with_status(self, *names: str) -> list[URIRef]:
        return sorted(t for t, s in self.statuses.items() if s.name in names)

    def presumed(self) -> list[URIRef]:
        return self.with_status("presumed")

    def planned(self) -> list[URIRef]:
        return self.with_status("planned")

    def summary(self) -> str:
        """One line for command output: how much holds, and how much is only presumed."""
        names = Counter(s.name for s in self.statuses.values())
        since = Counter(
            s.last_attested.isoformat()
            for s in self.statuses.values()
            if s.name == "presumed" and s.last_attested
        )
        presumed = ", ".join(f"{n} last stated {d}" for d, n in sorted(since.items()))
        dropped = "left out" if self.strict else "shown as presumed"
        return (
            f"as of {self.day}: {names['holds']} dated things hold, "
            f"{names['presumed']} presumed ({dropped}{': ' + presumed if presumed else ''}), "
            f"{names['planned']} planned (not in force), {names['ended']} ended, "
            f"{names['not-yet'] + names['unknown']} not yet or not stated"
        )


def _qualified_triples(graph: Graph) -> Iterator[tuple[Node, tuple[Node, Node, Node]]]:
    """Each qualifier with a plain triple it qualifies: those of :data:`QUALIFIERS` (their
    predicates fixed by their class) and every ``rdf:Statement`` (the one triple it
    reifies, whatever its predicate: a property dated apart from the thing it hangs on)."""
    for cls, first, second, plains in QUALIFIERS:
        for q in set(graph.subjects(RDF.type, cls)):
            a, b = graph.value(q, first), graph.value(q, second)
            if a is None or b is None:
                continue
            for pred, forward in plains:
                yield q, ((a, pred, b) if forward else (b, pred, a))
    for q in set(graph.subjects(RDF.type, RDF.Statement)):
        s, p, o = (graph.value(q, part) for part in (RDF.subject, RDF.predicate, RDF.object))
        if s is not None and p is not None and o is not None:
            yield q, (s, p, o)


def _unsupported_plain_triples(graph: Graph, dropped: set[URIRef]) -> set[tuple[Node, Node, Node]]:
    """Plain triples whose every qualifier is dropped: a triple is kept while at least one
    of its qualifiers (or statements) is. A planned qualifier keeps its plain triple:
    planned things are shown, flagged by their qualifier's ``ipo:status``."""
    held: set[tuple[Node, Node, Node]] = set()
    failed: set[tuple[Node, Node, Node]] = set()
    for q, triple in _qualified_triples(graph):
        (failed if q in dropped else held).add(triple)
    return failed - held


def _unreferenced(graph: Graph) -> set[Node]:
    referenced = set(graph.objects())
    return {s for s in set(graph.subjects()) if s not in referenced}


def _drop_orphans(graph: Graph, before: set[Node]) -> None:
    """Remove intervals, instants and blank nodes that nothing refers to any more
    (but not those that were unreferenced to begin with, such as OWL axioms)."""
    temporal = {s for cls in _TEMPORAL for s in graph.subjects(RDF.type, cls)}
    while True:
        orphans = {
            s for s in _unreferenced(graph) - before if isinstance(s, BNode) or s in temporal
        }
        if not orphans:
            return
        for s in orphans:
            graph.remove((s, None, None))


def as_of(kg: IpoGraph, day: str | dt.date, *, strict: bool = False) -> AsOfView:
    """The organisation as it stood on ``day``, with every dated thing's status."""
    day = parse_day(day)
    view = AsOfView(day=day, kg=kg, statuses=kg.timeline.statuses(day), strict=strict)
    dropped = {t for t, s in view.statuses.items() if not view.kept(s)}
    graph = kg.asserted()
    before = _unreferenced(graph)
    for triple in _unsupported_plain_triples(kg.graph, dropped):
        graph.remove(triple)
    for thing in dropped:
        graph.remove((thing, None, None))
        graph.remove((None, None, thing))
    for thing, status in view.statuses.items():
        if status.name != "planned" and thing not in dropped:
            # a plan carried out by the day (a source states when it began) is no longer
            # flagged as planned in that day's view
            graph.remove((thing, IPO.status, IPO.Planned))
    _drop_orphans(graph, before)
    out = IpoGraph(
        loaded=LoadedGraph(
            graph=graph, files=list(kg.loaded.files), locations=dict(kg.loaded.locations)
        )
    )
    if kg.inferred:
        for triple in rdfs_entailments(graph):
            graph.add(triple)
            out.entailed.add(triple)
        for prop in _DERIVED:
            for s, o in kg.graph.subject_objects(prop):
                if s not in dropped and (s, None, None) in graph:
                    graph.add((s, prop, o))
                    out.entailed.add((s, prop, o))
        out.inferred = len(out.entailed)
        out.__dict__["timeline"] = kg.timeline
    view.kg = out
    return view


def as_of_graph(kg: IpoGraph, day: str | dt.date, *, strict: bool = False) -> IpoGraph:
    """A new IpoGraph of the organisation as it stood on ``day`` (``YYYY-MM-DD``).

    An invalid date raises :class:`~ipo_graph.errors.UsageError` (exit 2).
    """
    return as_of(kg, day, strict=strict).kg


def as_of_reported(
    kg: IpoGraph, day: str | dt.date, stream: TextIO | None = None, *, strict: bool = False
) -> IpoGraph:
    """``as_of_graph`` for commands: also prints to ``stream`` (stderr) one line saying how
    much of the view holds and how much is only presumed."""
    view = as_of(kg, day, strict=strict)
    print(f"note: {view.summary()}", file=stream if stream is not None else sys.stderr)
    return view.kg
