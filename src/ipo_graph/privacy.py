"""Personal data (staff contact details) and how to leave it out of public outputs.

The ontology marks each personal-data property with ``ipo:personalData true``; this
module reads that mark, so adding a new contact property needs no code change.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from .namespaces import IPO, RDFS


def personal_properties(graph: Graph) -> set[URIRef]:
    """Properties marked personal, and their sub-properties."""
    marked = {
        p
        for p in graph.subjects(IPO.personalData, Literal(True))
        if isinstance(p, URIRef)
    }
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


def without_personal_data(graph: Graph) -> Graph:
    """A copy of ``graph`` without any triple whose predicate is personal data."""
    drop = personal_properties(graph)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    for triple in graph:
        if triple[1] not in drop:
            out.add(triple)
    return out
