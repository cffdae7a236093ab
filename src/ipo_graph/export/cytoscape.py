"""The network view as Cytoscape.js JSON (``{"elements": {"nodes": [...], "edges": [...]}}``).

The same elements feed the HTML explorer; Cytoscape desktop opens the file as ``.cyjs``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..atomic import atomic_write_text
from .network import view
from .options import ExportOptions


def elements(net: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements: every node and edge with all its attributes under ``data``."""
    nodes = [{"data": {"id": n, **data}} for n, data in sorted(net.nodes(data=True))]
    edges = []
    for i, (s, t, data) in enumerate(
        sorted(net.edges(data=True), key=lambda e: (e[2]["kind"], e[0], e[1], e[2]["iri"]))
    ):
        edges.append({"data": {"id": f"e{i}", "source": s, "target": t, **data}})
    return {"nodes": nodes, "edges": edges}


def document(net: nx.MultiDiGraph) -> dict[str, Any]:
    return {
        "format_version": "1.0",
        "generated_by": "ipo-graph",
        "data": {"name": "Interprovinciaal Overleg"},
        "elements": elements(net),
    }


def write_cytoscape(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    net = view(graph, kg=kg, options=options)
    atomic_write_text(output, json.dumps(document(net), ensure_ascii=False, indent=1) + "\n")
