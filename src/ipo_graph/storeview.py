"""An rdflib ``Graph`` that reads an Oxigraph store in place: no copy, no second parse.

``why`` and ``changes`` follow links one resource at a time with rdflib's graph API.
Building an rdflib graph of a large dataset for that takes half a minute and a gigabyte
(parse, RDFS, time rule); the query cache already holds the same graph, finished, in an
Oxigraph store. This view answers each triple pattern from that store
(``quads_for_pattern`` on its default graph), with terms converted by :mod:`.oxterms`, the
one conversion rule the engines share, so the graph reads exactly as the loader's.

Oxigraph's own rdflib plugin (oxrdflib) does the same, but converts literals its own way:
plain strings come back typed ``xsd:string`` and lexical forms are normalised, so its
terms would not be those of the rdflib loader. The view is read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store
from rdflib.term import Node

from .oxterms import from_oxigraph, to_oxigraph

_Triple = tuple[Node, Node, Node]


#: Terms converted and remembered: predicates and classes come back again and again
#: (in a profile of ``changes`` at synthetic scale 100, converting every term afresh took
#: 1.9 s of 12 s, remembering them 1.0 s); cleared when full, so memory stays bounded.
_REMEMBERED = 100_000


class OxigraphView(Store):
    """The default graph of a pyoxigraph store as a read-only rdflib store."""

    def __init__(self, store: Any) -> None:
        from pyoxigraph import DefaultGraph

        super().__init__()
        self._store = store
        self._default = DefaultGraph()
        self._terms: dict[Any, Node] = {}

    def _term(self, term: Any) -> Node:
        found = self._terms.get(term)
        if found is None:
            if len(self._terms) >= _REMEMBERED:
                self._terms.clear()
            found = self._terms[term] = from_oxigraph(term)
        return found

    def triples(
        self, triple_pattern: tuple[Node | None, Node | None, Node | None], context: Any = None
    ) -> Iterator[tuple[_Triple, Iterator[Any]]]:
        s, p, o = triple_pattern
        if isinstance(s, Literal) or not isinstance(p, URIRef | None):
            return  # no triple has a literal subject or a predicate that is not an IRI
        try:
            pattern = (
                None if s is None else to_oxigraph(s),
                None if p is None else to_oxigraph(p),
                None if o is None else to_oxigraph(o),
            )
        except (TypeError, ValueError):
            # a pattern term Oxigraph has no term for (a graph, a variable, a malformed IRI
            # such as <>): no triple holds it, and rdflib's own graph finds none either
            return
        term = self._term
        for quad in self._store.quads_for_pattern(*pattern, self._default):
            yield (term(quad.subject), term(quad.predicate), term(quad.object)), iter((context,))

    def __len__(self, context: Any = None) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, self._default))

    def contexts(self, triple: Any = None) -> Iterator[Any]:  # type: ignore[override]
        return iter(())

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise TypeError("a graph read from an Oxigraph store is read-only")

    def addN(self, quads: Any) -> None:
        raise TypeError("a graph read from an Oxigraph store is read-only")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise TypeError("a graph read from an Oxigraph store is read-only")


def graph_of_store(store: Any) -> Graph:
    """``store``'s default graph as an rdflib graph, read in place."""
    return Graph(store=OxigraphView(store), identifier=DATASET_DEFAULT_GRAPH_ID)
