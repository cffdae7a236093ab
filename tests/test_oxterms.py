"""rdflib ↔ pyoxigraph terms: the same term both ways, lexical forms as written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from ipo_graph.namespaces import XSD
from ipo_graph.oxterms import from_oxigraph, to_oxigraph


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("007", XSD.integer),  # rdflib's normalisation would make these "7", "1000.0",
        ("1e3", XSD.double),  # "true" and "5": other terms than the file's
        ("1", XSD.boolean),
        ("+5", XSD.integer),
        ("9000.00", XSD.decimal),
        ("2025-13-01", XSD.date),  # ill-typed: kept, for the check that reports it
    ],
)
def test_a_typed_literal_keeps_its_lexical_form(lexical: str, datatype: URIRef) -> None:
    term = from_oxigraph(ox.Literal(lexical, datatype=ox.NamedNode(str(datatype))))
    assert isinstance(term, Literal)
    assert (str(term), term.datatype) == (lexical, datatype)
    assert to_oxigraph(term) == ox.Literal(lexical, datatype=ox.NamedNode(str(datatype)))


@pytest.mark.parametrize(
    "term",
    [URIRef("https://example.org/a"), BNode("b1"), Literal("x"), Literal("x", lang="nl")],
)
def test_terms_go_both_ways(term: object) -> None:
    assert from_oxigraph(to_oxigraph(term)) == term  # type: ignore[arg-type]
