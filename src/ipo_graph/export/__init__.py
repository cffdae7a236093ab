"""Exporters: one module per format family, chosen by ``--format``.

Each writer takes the graph and an output path and writes the file atomically. The
registry maps format names to ``"module:function"`` so that a format's heavy imports
happen only when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

WRITERS: dict[str, str] = {
    "ttl": "ipo_graph.export.rdf:write_turtle",
    "nt": "ipo_graph.export.rdf:write_ntriples",
    "jsonld": "ipo_graph.export.rdf:write_jsonld",
    # pictures and graph formats, all written from the network view (export/network.py)
    "svg": "ipo_graph.export.graphviz:write_svg",
    "png": "ipo_graph.export.graphviz:write_png",
    "dot": "ipo_graph.export.graphviz:write_dot",
    "html": "ipo_graph.export.html:write_html",
    "graphml": "ipo_graph.export.graphml:write_graphml",
    "cytoscape": "ipo_graph.export.cytoscape:write_cytoscape",
    "mermaid": "ipo_graph.export.mermaid:write_mermaid",
}


def writer(fmt: str) -> Callable[..., Any]:
    module, _, func = WRITERS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


def formats() -> list[str]:
    return list(WRITERS)


__all__ = ["WRITERS", "Path", "formats", "writer"]
