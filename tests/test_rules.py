"""Rule files applied to rdflib graphs (ipo_graph.rules), checked by hand on fixtures."""

from __future__ import annotations

from pathlib import Path

from rdflib import XSD, Graph, Literal, Namespace

from ipo_graph.paths import sparql_file
from ipo_graph.privacy import without_personal_data
from ipo_graph.rules import changes

_FIXTURES = Path(__file__).parent / "fixtures" / "entailment"
EX = Namespace("https://example.org/")


def test_the_privacy_rule_removes_personal_triples_and_their_entailed_copies() -> None:
    graph = Graph().parse(_FIXTURES / "personal.ttl")
    found = changes(graph, sparql_file("without-personal.ru"))
    phone = Literal("06-1")
    assert found.added == set()
    assert found.removed == {
        (EX.ann, EX.mobile, phone),  # a sub-property of the marked one
        (EX.ann, EX.phone, phone),
        (EX.ann, EX.contact, phone),  # the entailed copy under the super-property
        # as written, though Oxigraph keeps it as "12.5" (a regression test: matching the
        # store's spelling left this one in the public graph)
        (EX.bob, EX.phone, Literal("12.50", datatype=XSD.decimal)),
    }
    # what was not entailed from personal data stays, and the graph itself is untouched
    public = without_personal_data(graph)
    assert (EX.ann, EX.contact, Literal("desk 4")) in public
    assert (EX.ann, EX.name, Literal("Ann")) in public
    assert len(public) == len(graph) - 4


def test_a_rule_leaves_the_graph_it_reads_as_it_was() -> None:
    graph = Graph().parse(_FIXTURES / "rules.ttl")
    before = set(graph)
    assert changes(graph, sparql_file("rdfs-entailment.ru")).added
    assert set(graph) == before
