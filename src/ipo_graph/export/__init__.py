"""Exporters: one module per format family, chosen by ``--format``.

Each writer takes the graph and an output path and writes the file atomically. The
registry maps format names to ``"module:function"`` so that a format's heavy imports
happen only when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .options import ExportOptions

if TYPE_CHECKING:
    from ..api import IpoGraph

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


#: Formats that draw the org chart of one day (default: the latest state date).
CHART_FORMATS = frozenset({"svg", "png", "dot", "mermaid"})


def export(kg: IpoGraph, fmt: str, output: Path, options: ExportOptions | None = None) -> None:
    """Write ``kg`` as ``fmt`` to ``output`` (atomically), as ``options`` ask: a chart shows
    one day (the latest state date unless ``as_of`` says), the graph as of ``as_of`` (noting
    on stderr what is only presumed), without staff contact details unless asked."""
    from dataclasses import replace

    from ..history import as_of_reported
    from ..privacy import without_personal_data

    options = options or ExportOptions()
    if not options.as_of and fmt in CHART_FORMATS:
        from ..history.timeline import latest_state_date

        day = latest_state_date(kg.graph)
        options = replace(options, as_of=day.isoformat() if day else None)
    if options.as_of:
        kg = as_of_reported(kg, options.as_of, strict=options.strict)
    graph = kg.graph if options.include_personal else without_personal_data(kg.graph)
    writer(fmt)(graph, output, kg=kg, options=options)


__all__ = ["CHART_FORMATS", "WRITERS", "ExportOptions", "Path", "export", "formats", "writer"]
