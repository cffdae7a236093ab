"""The graph as it stood on one day: ``as_of_graph(kg, day)``.

The view keeps the ontology and everything timeless, keeps the dated things that hold on
the day (see :mod:`.timeline`) and those announced as planned by then (with their
``ipo:status ipo:Planned``, so queries can tell), and drops the rest together with the
plain triples they qualify (``org:reportsTo`` of a reporting line, ``org:hasUnit`` of a
structure link, ``org:heldBy`` of a tenure, ``org:memberOf`` of a membership).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..api import IpoGraph
from ..inference import materialise
from ..load import LoadedGraph, load_files
from ..namespaces import IPO, ORG, RDF, TIME
from .timeline import Timeline, Validity, parse_day

#: (qualifier class, property to the first end, property to the second end,
#:  plain triples it qualifies as (predicate, forward?) pairs)
QUALIFIERS: tuple[tuple[URIRef, URIRef, URIRef, tuple[tuple[URIRef, bool], ...]], ...] = (
    (IPO.ReportingLine, IPO.fromPost, IPO.toPost, ((ORG.reportsTo, True),)),
    (
        IPO.StructureLink,
        IPO.parent,
        IPO.child,
        (
            (ORG.hasSubOrganization, True),
            (ORG.hasUnit, True),
            (ORG.subOrganizationOf, False),
            (ORG.unitOf, False),
        ),
    ),
    (IPO.Tenure, IPO.post, IPO.holder, ((ORG.heldBy, True), (ORG.holds, False))),
    (
        ORG.Membership,
        ORG.member,
        ORG.organization,
        ((ORG.memberOf, True), (ORG.hasMember, False)),
    ),
)
#: The properties naming what a dated thing is about ("its ends"): when it holds, they must
#: exist too (the post of a holding tenure, the body of a holding membership).
ENDS: tuple[URIRef, ...] = (
    ORG.member,
    ORG.organization,
    ORG.postIn,
    IPO.post,
    IPO.holder,
    IPO.fromPost,
    IPO.toPost,
    IPO.parent,
    IPO.child,
    IPO.figureFor,
    IPO.forPost,
    IPO.legalFormOf,
)
_TEMPORAL = (TIME.Interval, TIME.Instant, TIME.TemporalEntity, TIME.ProperInterval)


@dataclass
class AsOfView:
    """The graph as of ``day`` plus, for every dated thing, whether and why it holds
    (things that do not hold are in ``validity`` too, with ``holds`` false)."""

    day: dt.date
    kg: IpoGraph
    validity: dict[URIRef, Validity] = field(default_factory=dict)

    def holding(self) -> list[URIRef]:
        return sorted(t for t, v in self.validity.items() if v.holds)

    def stated(self) -> list[URIRef]:
        """Holding things that rely on a document's state date rather than an interval."""
        return sorted(t for t, v in self.validity.items() if v.holds and v.basis == "stated")

    def planned(self) -> list[URIRef]:
        """Things announced as planned by this day; they hold on no date."""
        return sorted(t for t, v in self.validity.items() if v.basis == "planned")

    def summary(self) -> str:
        """One line for command output, saying how much rests on 'stated on'."""
        bases = Counter(v.basis for v in self.validity.values() if v.holds)
        by_doc = Counter(
            v.source.identifier
            for v in self.validity.values()
            if v.holds and v.basis == "stated" and v.source
        )
        docs = ", ".join(f"{n} stated on {doc}" for doc, n in sorted(by_doc.items()))
        return (
            f"as of {self.day}: {sum(bases.values())} dated things hold "
            f"({bases['interval']} by their own interval, {bases['stated']} only as stated"
            f"{': ' + docs if docs else ''}; {bases['implied']} implied); "
            f"{len(self.planned())} planned, not holding"
        )


_ASSERTED_CACHE: dict[tuple[tuple[str, int, int], ...], Graph] = {}


def _asserted(kg: IpoGraph) -> Graph:
    """A fresh copy of the asserted (not inferred) triples behind ``kg``.

    They are read again from ``kg``'s files (parsed once per set of file versions), so that
    the entailments of dropped triples go too; a graph not loaded from files (or whose files
    are gone) is copied as it is, entailments included.
    """
    files = kg.loaded.files
    if not files or kg.inferred == 0:
        return _copy(kg.graph)
    try:
        key = tuple(_stamp(p) for p in files)
    except OSError:
        return _copy(kg.graph)
    if key not in _ASSERTED_CACHE:
        _ASSERTED_CACHE.clear()
        _ASSERTED_CACHE[key] = load_files(files).graph
    return _copy(_ASSERTED_CACHE[key])


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_mtime_ns, st.st_size


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    for triple in graph:
        out.add(triple)
    return out


def _supersede_figures(tl: Timeline, vals: dict[URIRef, Validity]) -> None:
    """A staffing figure no longer holds once a later figure for the same organisation and
    measure holds: later by ``ipo:validAt``, or its ``ipo:figureAfter`` in one event."""
    g = tl.graph
    after = {
        (before, later)
        for event in g.subjects(IPO.figureBefore, None)
        for before in g.objects(event, IPO.figureBefore)
        for later in g.objects(event, IPO.figureAfter)
    }
    groups: dict[tuple[Node | None, Node | None], list[URIRef]] = {}
    for thing, v in vals.items():
        if v.holds and (thing, RDF.type, IPO.StaffingFigure) in g:
            key = (g.value(thing, IPO.figureFor), g.value(thing, IPO.measure))
            groups.setdefault(key, []).append(thing)
    for members in groups.values():
        for old in members:
            start = tl.instant_bounds(g.value(old, IPO.validAt))[0]
            for new in members:
                newer = tl.instant_bounds(g.value(new, IPO.validAt))[0]
                later = start is not None and newer is not None and newer > start
                if later or (old, new) in after:
                    v = vals[old]
                    vals[old] = Validity(
                        old, v.day, False, "none", v.begin, v.end, v.source, superseded_by=new
                    )
                    break


def validities(kg: IpoGraph, day: str | dt.date) -> dict[URIRef, Validity]:
    """Every dated thing's validity on ``day``, with things referred to by holding ones
    (a tenure's post, a membership's body) kept as ``implied`` and staffing figures
    replaced by later ones."""
    tl = Timeline(kg.graph)
    day = parse_day(day)
    vals = tl.validities(day)
    _supersede_figures(tl, vals)
    frontier = [t for t, v in vals.items() if v.holds]
    while frontier:
        thing = frontier.pop()
        for prop in ENDS:
            for obj in kg.graph.objects(thing, prop):
                old = vals.get(obj) if isinstance(obj, URIRef) else None
                if old is None or old.holds or tl.is_planned(old.thing):
                    continue
                implied = Validity(old.thing, day, True, "implied", old.begin, old.end)
                vals[old.thing] = replace(implied, implied_by=thing)
                frontier.append(old.thing)
    return vals


def _unsupported_plain_triples(
    kg: IpoGraph, vals: dict[URIRef, Validity]
) -> set[tuple[Node, Node, Node]]:
    """Plain triples whose every qualifier fails to hold (planned ones included)."""
    g = kg.graph
    drop: set[tuple[Node, Node, Node]] = set()
    for cls, first, second, plains in QUALIFIERS:
        held: set[tuple[Node, Node]] = set()
        failed: set[tuple[Node, Node]] = set()
        for q in set(g.subjects(RDF.type, cls)):
            a, b = g.value(q, first), g.value(q, second)
            if a is None or b is None:
                continue
            v = vals.get(q)  # type: ignore[call-overload]
            (held if v is None or v.holds else failed).add((a, b))
        for a, b in failed - held:
            for pred, forward in plains:
                drop.add((a, pred, b) if forward else (b, pred, a))
    return drop


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


def as_of(kg: IpoGraph, day: str | dt.date) -> AsOfView:
    """The organisation as it stood on ``day``, with the reasons each dated thing holds."""
    day = parse_day(day)
    vals = validities(kg, day)
    dropped = {t for t, v in vals.items() if not v.holds and v.basis != "planned"}
    graph = _asserted(kg)
    before = _unreferenced(graph)
    for triple in _unsupported_plain_triples(kg, vals):
        graph.remove(triple)
    for thing in dropped:
        graph.remove((thing, None, None))
        graph.remove((None, None, thing))
    _drop_orphans(graph, before)
    inferred = materialise(graph) if kg.inferred else 0
    loaded = LoadedGraph(
        graph=graph, files=list(kg.loaded.files), locations=dict(kg.loaded.locations)
    )
    return AsOfView(day=day, kg=IpoGraph(loaded=loaded, inferred=inferred), validity=vals)


def as_of_graph(kg: IpoGraph, day: str | dt.date) -> IpoGraph:
    """A new IpoGraph of the organisation as it stood on ``day`` (``YYYY-MM-DD``).

    An invalid date raises :class:`~ipo_graph.errors.UsageError` (exit 2).
    """
    return as_of(kg, day).kg


def as_of_reported(kg: IpoGraph, day: str | dt.date, stream: TextIO | None = None) -> IpoGraph:
    """``as_of_graph`` for commands: also prints to ``stream`` (stderr) one line saying how
    much of the view rests on a document's state date and how much is only planned."""
    view = as_of(kg, day)
    print(f"note: {view.summary()}", file=stream if stream is not None else sys.stderr)
    return view.kg
