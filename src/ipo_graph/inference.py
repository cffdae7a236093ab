"""Only the entailments the contract, shapes and queries need, for an rdflib graph.

owlrl's full RDFS closure adds thousands of axiomatic triples and grows superlinearly;
the contract needs just rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain and rdfs:range
applied to the data. The rules are SPARQL updates (``sparql/rdfs-entailment.ru`` and, for
validation, ``sparql/domain-types.ru``), the same files the Oxigraph stores apply to
themselves: each rule is written once, and an rdflib graph gets exactly what a store gets.
They run on an Oxigraph copy of the graph; the graph receives only the new triples.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from .oxterms import from_oxigraph
from .paths import sparql_file
from .store import store_of_graph

Triple = tuple[Node, Node, Node]


def entailed_by(graph: Graph, rules: Path) -> set[Triple]:
    """The triples the SPARQL update ``rules`` adds to ``graph`` (not yet in it)."""
    store = store_of_graph(graph)
    store.update(sparql_file("keep-asserted.ru").read_text(encoding="utf-8"))
    store.update(rules.read_text(encoding="utf-8"))
    added = store.query(sparql_file("entailed-triples.rq").read_text(encoding="utf-8"))
    return {
        (from_oxigraph(row[0]), from_oxigraph(row[1]), from_oxigraph(row[2]))
        for row in added  # type: ignore[union-attr]
    }


def rdfs_entailments(graph: Graph) -> set[Triple]:
    """The triples RDFS rules rdfs2, 3, 5, 7, 9 and 11 add to ``graph`` (not yet in it)."""
    return entailed_by(graph, sparql_file("rdfs-entailment.ru"))


def domain_types(graph: Graph) -> set[Triple]:
    """The ``?s a C`` that ``rdfs:domain`` (through super-properties) adds, without
    super-classes: what validation adds before the shapes run."""
    return entailed_by(graph, sparql_file("domain-types.ru"))


def _add(graph: Graph, triples: set[Triple]) -> int:
    for triple in triples:
        graph.add(triple)
    return len(triples)


def materialise(graph: Graph) -> int:
    """Add the RDFS entailments to ``graph`` in place; returns how many triples were added."""
    return _add(graph, rdfs_entailments(graph))


def add_domain_types(graph: Graph) -> int:
    """Add :func:`domain_types` to ``graph`` in place; returns how many triples were added."""
    return _add(graph, domain_types(graph))
