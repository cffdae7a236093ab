"""rdflib terms ↔ pyoxigraph terms, exactly (lexical forms kept as written).

The query engine and the validator both hand terms to Oxigraph and read them back; this
is the one place that knows how the two libraries spell an IRI, a blank node or a literal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as the pyoxigraph term with the same value; TypeError otherwise."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot pass {term!r} to Oxigraph")


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI as Oxigraph reads one (RFC 3987).

    A name that is not one (``<>``, ``ipod:x>``) names nothing: looked up as an IRI, it
    would make Oxigraph raise, so every command that takes a name checks it with this.
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def from_oxigraph(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term; xsd:string literals come back plain."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        # as written: rdflib would turn "007"^^xsd:integer into "7" and "1e3"^^xsd:double
        # into "1000.0", another term than the file's (its value is the same)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"unexpected Oxigraph term {term!r}")


def same_graph(a: Iterable[tuple[Node, Node, Node]], b: Iterable[tuple[Node, Node, Node]]) -> bool:
    """Whether two graphs are the same up to blank-node names, by W3C RDF Dataset
    Canonicalization (RDFC-1.0, Oxigraph's): rdflib's ``isomorphic`` judged one graph
    unlike itself about four times in ten when blank nodes nest alike (``ex:s ex:p
    [ ex:p [], [] ], [ ex:p [], [] ]``), so ``fmt`` refused a file at random."""
    import pyoxigraph as ox

    def canonical(graph: Iterable[tuple[Node, Node, Node]]) -> Any:
        dataset = ox.Dataset(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph
        )
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return dataset

    return bool(canonical(a) == canonical(b))
