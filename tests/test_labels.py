"""The one naming rule: wanted language, then untagged, then English, then any."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from ipo_graph.labels import best_label, qname, short_name, term_name
from ipo_graph.violations import render_path

EX = Namespace("http://example.org/")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(Path(__file__).parent / "fixtures" / "labels" / "labels.ttl")


@pytest.mark.parametrize(
    ("node", "lang", "expected"),
    [
        ("all", "nl", "Nederlands"),
        ("all", "en", "English"),
        ("all", "de", "any"),
        ("noDutch", "nl", "plain"),
        ("english", "nl", "English"),
        ("german", "nl", "irgendwas"),
        ("person", "nl", "Theo Bovens"),
        ("concept", "nl", "vitaal platteland"),
        ("nameless", "nl", None),
    ],
)
def test_best_label_order(graph: Graph, node: str, lang: str, expected: str | None) -> None:
    assert best_label(graph, EX[node], lang) == expected


def test_of_two_labels_in_one_language_every_reader_shows_the_same() -> None:
    # Regression: the first label found won, and the order a graph or a store gives
    # changes from run to run: a resource with two Dutch labels was reported under one in
    # one run and the other in the next (seen in the engines' differential test).
    import pyoxigraph as ox

    from ipo_graph.labelindex import LabelIndex
    from ipo_graph.namespaces import RDFS, SKOS
    from ipo_graph.oxterms import to_oxigraph
    from ipo_graph.shacl.nodes import best_label as store_label

    said = [
        (RDFS.label, Literal("voorzitter bestuur", lang="nl")),
        (RDFS.label, Literal("bestuur-voorzitter", lang="nl")),
        (SKOS.prefLabel, Literal("a preferred label", lang="nl")),
    ]
    for order in (said, said[::-1]):
        g = Graph()
        store = ox.Store()
        for p, o in order:
            g.add((EX.s, p, o))
            store.add(ox.Quad(to_oxigraph(EX.s), to_oxigraph(p), to_oxigraph(o)))
        index = LabelIndex((EX.s, p, o) for p, o in order)
        # rdfs:label before skos:prefLabel, then by text
        assert best_label(g, EX.s) == "bestuur-voorzitter"
        assert store_label(store, EX.s) == "bestuur-voorzitter"
        assert index.label(EX.s) == "bestuur-voorzitter"


def test_label_index_ranks_the_label_properties_by_iri() -> None:
    """Regression: the index ranked a property by the end of its IRI, so any ``…#label``
    counted as rdfs:label. Only LABEL_PROPERTIES are shown; skos:altLabel only names."""
    from ipo_graph.labelindex import LabelIndex
    from ipo_graph.namespaces import SKOS

    other = URIRef("http://example.org/vocab#label")
    index = LabelIndex(
        [
            (EX.s, other, Literal("not a label", lang="nl")),
            (EX.s, SKOS.altLabel, Literal("another name", lang="nl")),
        ]
    )
    assert index.label(EX.s) == short_name(EX.s)  # no label: the name of the IRI
    assert index.resolve("another name") == EX.s


def test_best_label_properties_can_be_narrowed(graph: Graph) -> None:
    assert best_label(graph, EX.person, properties=(URIRef(str(EX.p)),)) is None


def test_qname_uses_the_project_prefixes() -> None:
    assert qname(URIRef("https://w3id.org/ipo-graph/id/bij12")) == "ipod:bij12"
    assert qname(URIRef("https://w3id.org/ipo-graph/def#Office")) == "ipo:Office"
    assert qname(URIRef("http://www.w3.org/ns/org#Post")) == "org:Post"
    assert qname(URIRef("http://example.org/x")) is None
    assert qname(BNode()) is None
    assert qname(Literal("x")) is None


def test_short_names_of_every_kind_of_term() -> None:
    assert short_name(URIRef("https://w3id.org/ipo-graph/id/bij12")) == "ipod:bij12"
    assert short_name(URIRef("http://example.org/x")) == "<http://example.org/x>"
    assert term_name(Literal('a "b"', lang="nl")) == '"a \\"b\\""@nl'
    assert term_name(Literal("2025-01-01", datatype=XSD.date)) == '"2025-01-01"^^xsd:date'
    assert term_name(Literal("x", datatype=XSD.string)) == '"x"'
    assert term_name(BNode("b1")) == "[b1]"


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        ("[ sh:inversePath ( ipo:a ipo:b ) ]", "^(ipo:a/ipo:b)"),
        ("[ sh:zeroOrMorePath [ sh:alternativePath ( ipo:a ipo:b ) ] ]", "(ipo:a|ipo:b)*"),
        ("ipo:a", "ipo:a"),
    ],
)
def test_shacl_paths_keep_their_brackets(turtle: str, expected: str) -> None:
    graph = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        f"<urn:x:result> sh:resultPath {turtle} .",
        format="turtle",
    )
    path = graph.value(URIRef("urn:x:result"), URIRef("http://www.w3.org/ns/shacl#resultPath"))
    assert path is not None
    assert render_path(graph, path) == expected
