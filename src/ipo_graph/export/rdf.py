"""The graph as RDF files (Turtle, N-Triples, JSON-LD)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..atomic import atomic_write_bytes


def _write(graph: Graph, output: Path, fmt: str) -> None:
    data = graph.serialize(format=fmt, encoding="utf-8")
    atomic_write_bytes(output, data)


def write_turtle(graph: Graph, output: Path, **_: object) -> None:  # no options apply
    _write(graph, output, "turtle")


def write_ntriples(graph: Graph, output: Path, **_: object) -> None:
    _write(graph, output, "nt")


def write_jsonld(graph: Graph, output: Path, **_: object) -> None:
    _write(graph, output, "json-ld")
