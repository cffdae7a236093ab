"""The one naming rule: wanted language, then untagged, then English, then any."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from ipo_graph.labels import best_label, qname

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


def test_best_label_properties_can_be_narrowed(graph: Graph) -> None:
    assert best_label(graph, EX.person, properties=(URIRef(str(EX.p)),)) is None


def test_qname_uses_the_project_prefixes() -> None:
    assert qname(URIRef("https://w3id.org/ipo-graph/id/bij12")) == "ipod:bij12"
    assert qname(URIRef("https://w3id.org/ipo-graph/def#Office")) == "ipo:Office"
    assert qname(URIRef("http://www.w3.org/ns/org#Post")) == "org:Post"
    assert qname(URIRef("http://example.org/x")) is None
    assert qname(BNode()) is None
    assert qname(Literal("x")) is None
