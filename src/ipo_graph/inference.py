"""Only the entailments the contract, shapes and queries need.

owlrl's full RDFS closure adds thousands of axiomatic triples and grows superlinearly;
the contract needs just rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain and rdfs:range
applied to the data. This does exactly that, in one pass over the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.term import Node

from .namespaces import RDF, RDFS


def _closure(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    direct: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in pairs:
        if sub != sup:
            direct[sub].add(sup)
    result: dict[Node, set[Node]] = {}
    for start in list(direct):
        seen: set[Node] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            stack.extend(direct.get(node, ()))
        result[start] = seen
    return result


def rdfs_entailments(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """The triples RDFS rules rdfs2, 3, 5, 7, 9 and 11 add to ``graph`` (not yet in it)."""
    sub_class = _closure(graph.subject_objects(RDFS.subClassOf))
    sub_prop = _closure(graph.subject_objects(RDFS.subPropertyOf))
    domains: dict[Node, set[Node]] = defaultdict(set)
    ranges: dict[Node, set[Node]] = defaultdict(set)
    for p, c in graph.subject_objects(RDFS.domain):
        domains[p].add(c)
    for p, c in graph.subject_objects(RDFS.range):
        ranges[p].add(c)

    def supers(cls: Node) -> set[Node]:
        return {cls} | sub_class.get(cls, set())

    new: set[tuple[Node, Node, Node]] = set()
    types: set[tuple[Node, Node]] = set()
    for s, p, o in graph:
        props = {p} | sub_prop.get(p, set())
        for q in props:
            if q != p:
                new.add((s, q, o))
            for c in domains.get(q, ()):
                types.add((s, c))
            if not isinstance(o, Literal):
                for c in ranges.get(q, ()):
                    types.add((o, c))
        if p == RDF.type:
            types.add((s, o))
    for s, c in types:
        for sup in supers(c):
            new.add((s, RDF.type, sup))
    return {t for t in new if t not in graph}


def materialise(graph: Graph) -> int:
    """Add the RDFS entailments to ``graph`` in place; returns how many triples were added."""
    added = rdfs_entailments(graph)
    for triple in added:
        graph.add(triple)
    return len(added)
