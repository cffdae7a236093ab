"""The graph as RDF files (Turtle, N-Triples, JSON-LD), the same bytes from every run.

A run names blank nodes afresh and iterates sets in a per-process order, so a plain
serialisation differs from run to run and a published export would show changes where
the graph has none. Turtle takes the canonical layout of the data files
(:func:`ipo_graph.canonical.graph_turtle`); N-Triples and JSON-LD name blank nodes by
W3C RDF Dataset Canonicalization (RDFC-1.0, Oxigraph's implementation) and list the
triples sorted, N-Triples as the canonical form of that standard.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..atomic import atomic_write_bytes, atomic_write_text


def canonical_triples(graph: Graph) -> list[Any]:
    """The graph's triples as Oxigraph triples, blank nodes named by RDFC-1.0, sorted by
    their N-Triples form."""
    import pyoxigraph as ox

    from ..oxterms import to_oxigraph

    dataset = ox.Dataset(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def write_turtle(graph: Graph, output: Path, **_: object) -> None:  # no options apply
    """The canonical layout the data files use."""
    from ..canonical import graph_turtle

    atomic_write_text(output, graph_turtle(graph))


def _canonical_bytes(graph: Graph, fmt: str) -> bytes:
    import pyoxigraph as ox

    data = ox.serialize(canonical_triples(graph), format=getattr(ox.RdfFormat, fmt))
    assert data is not None  # given no output, serialize returns the bytes
    return data


def write_ntriples(graph: Graph, output: Path, **_: object) -> None:
    atomic_write_bytes(output, _canonical_bytes(graph, "N_TRIPLES"))


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def write_jsonld(graph: Graph, output: Path, **_: object) -> None:
    """Expanded JSON-LD, a node object per subject; indented so that a diff shows lines.

    Types are written as ``@type``, as JSON-LD's own conversion from RDF does by default
    (and as this export did before): Oxigraph writes ``rdf:type`` as a property."""
    data = [_typed(node) for node in json.loads(_canonical_bytes(graph, "JSON_LD"))]
    atomic_write_text(output, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _typed(node: dict[str, Any]) -> dict[str, Any]:
    """A node object with its classes as ``@type``, after its ``@id``."""
    types = node.get(_RDF_TYPE, [])
    if not types or not all(set(t) == {"@id"} for t in types):
        return node
    rest = {k: v for k, v in node.items() if k not in ("@id", _RDF_TYPE)}
    return {"@id": node["@id"], "@type": [t["@id"] for t in types], **rest}
