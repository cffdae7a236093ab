"""Personal data (staff contact details) and how to leave it out of public outputs.

The ontology marks each personal-data property with ``ipo:personalData true``; the rule
(``sparql/without-personal.ru``) reads that mark, so adding a new contact property needs
no code change.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from .namespaces import IPO, RDFS
from .paths import sparql_file
from .rules import changes


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


def without_personal_data(graph: Graph) -> Graph:
    """A copy of ``graph`` without personal data (``sparql/without-personal.ru``, the rule
    the public store applies to itself).

    Drops every triple whose predicate is marked personal, and also the copies RDFS
    entailment made of them under super-properties (ipo:workEmail ⊑ schema:email), which
    would otherwise carry the same value out under an unmarked name.
    """
    removed = changes(graph, sparql_file("without-personal.ru")).removed
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    for triple in graph:
        if triple not in removed:
            out.add(triple)
    return out
