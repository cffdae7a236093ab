"""Only the entailments the contract, shapes and queries need, for an rdflib graph.

owlrl's full RDFS closure adds thousands of axiomatic triples and grows superlinearly;
the contract needs just rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain and rdfs:range
applied to the data. The rules are SPARQL updates (``sparql/rdfs-entailment.ru`` and, for
validation, ``sparql/domain-types.ru``), the same files the Oxigraph stores apply to
themselves: each rule is written once, and an rdflib graph gets exactly what a store gets.
They run on an Oxigraph copy of the graph (:mod:`ipo_graph.rules`); the graph receives
only the new triples.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from .paths import sparql_file
from .rules import Triple, changes


def rdfs_entailments(graph: Graph, store: Any = None) -> set[Triple]:
    """The triples RDFS rules rdfs2, 3, 5, 7, 9 and 11 add to ``graph`` (not yet in it).

    ``store``: an Oxigraph copy of ``graph`` to work in; it holds the entailments after,
    ready for the time rule (which reads a store far faster than rdflib's SPARQL does)."""
    return changes(graph, sparql_file("rdfs-entailment.ru"), store).added


def domain_types(graph: Graph) -> set[Triple]:
    """The ``?s a C`` that ``rdfs:domain`` (through super-properties) adds, without
    super-classes: what validation adds before the shapes run."""
    return changes(graph, sparql_file("domain-types.ru")).added


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
