"""Personal data (staff contact details) and how to leave it out of public outputs.

The ontology marks each personal-data property with ``ipo:personalData true``; this
module reads that mark, so adding a new contact property needs no code change.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from .namespaces import IPO, RDFS


def personal_properties(graph: Graph) -> set[URIRef]:
    """Properties marked personal, and their sub-properties."""
    marked = {p for p in graph.subjects(IPO.personalData, Literal(True)) if isinstance(p, URIRef)}
    frontier = set(marked)
    while frontier:
        nxt = {
            s
            for sup in frontier
            for s in graph.subjects(RDFS.subPropertyOf, sup)
            if isinstance(s, URIRef) and s not in marked
        }
        marked |= nxt
        frontier = nxt
    return marked


def _super_properties(graph: Graph, prop: URIRef) -> set[URIRef]:
    found: set[URIRef] = set()
    frontier = {prop}
    while frontier:
        nxt = {
            o
            for p in frontier
            for o in graph.objects(p, RDFS.subPropertyOf)
            if isinstance(o, URIRef) and o not in found
        }
        found |= nxt
        frontier = nxt
    return found


def without_personal_data(graph: Graph) -> Graph:
    """A copy of ``graph`` without personal data.

    Drops every triple whose predicate is marked personal, and also the copies RDFS
    entailment made of them under super-properties (ipo:workEmail ⊑ schema:email), which
    would otherwise carry the same value out under an unmarked name.
    """
    personal = personal_properties(graph)
    entailed: set[tuple[object, object, object]] = set()
    for prop in personal:
        supers = _super_properties(graph, prop)
        for s, o in graph.subject_objects(prop):
            entailed.update((s, q, o) for q in supers)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    for triple in graph:
        if triple[1] not in personal and triple not in entailed:
            out.add(triple)
    return out
