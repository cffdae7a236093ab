"""The naive pipelines the fast paths are measured against (whole process each).

``validate DIR...``: rdflib parses every file, owlrl computes the full RDFS closure, pyshacl
validates with default settings. ``query NAME DIR...``: rdflib parses the files, adds the
project's RDFS entailments and runs the query with rdflib's SPARQL engine.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph

from ipo_graph import paths
from ipo_graph.load import default_files


def _graph(data: list[str]) -> Graph:
    g = Graph()
    for f in default_files(data or None):
        g.parse(f, format="turtle")
    return g


def validate(data: list[str]) -> int:
    import owlrl
    from pyshacl import validate as shacl

    g = _graph(data)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(g)
    shapes = Graph().parse(paths.shapes_file(), format="turtle")
    conforms, _report, _text = shacl(g, shacl_graph=shapes, advanced=True)
    print(f"{len(g)} triples, conforms: {conforms}")
    return 0


def query(name: str, data: list[str]) -> int:
    from ipo_graph.inference import materialise

    g = _graph(data)
    materialise(g)
    text = (paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    rows = list(g.query(text))
    print(f"{len(rows)} rows")
    return 0


if __name__ == "__main__":
    what, *rest = sys.argv[1:]
    if what == "validate":
        sys.exit(validate(rest))
    if what == "query":
        sys.exit(query(rest[0], rest[1:]))
    raise SystemExit(f"usage: {Path(__file__).name} validate|query ...")
