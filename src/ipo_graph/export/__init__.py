"""Exporters: one module per format family, chosen by ``--format``.

Each writer takes the graph and an output path and writes the file atomically. The
registry maps format names to ``"module:function"`` so that a format's heavy imports
happen only when it is used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
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
#: Formats that write the graph itself: without ``--as-of`` they are written from the
#: query cache's store, which holds that graph finished (:func:`export_data`).
RDF_FORMATS = frozenset({"ttl", "nt", "jsonld"})


def export_data(
    data: Sequence[str | Path] | None,
    fmt: str,
    output: Path,
    options: ExportOptions | None = None,
) -> None:
    """:func:`export` of the graph of ``data`` (default: the shipped data).

    The graph itself (``ttl``, ``nt``, ``jsonld``, no ``as_of``) is written from the store
    ``query`` caches, the public variant unless personal data is asked for, read in place
    (:mod:`ipo_graph.storeview`): the same graph, already entailed and without personal
    data, where the rdflib route loads, entails, copies it without personal data and
    writes (at synthetic scale 100, 70 s and 1.5 GB). The store keeps numbers in canonical
    form, as the queries answer them: ``8.0`` is written ``"8"^^xsd:decimal``. Pictures,
    graph formats and a day's view need the rdflib graph and take that route.
    """
    options = options or ExportOptions()
    if fmt in RDF_FORMATS and not options.as_of:
        from ..store import open_store, store_files, variant_for
        from ..storeview import graph_of_store

        store = open_store(store_files(data), variant=variant_for(options.include_personal))
        writer(fmt)(graph_of_store(store), output, options=options)
        return
    from ..api import IpoGraph

    export(IpoGraph.load(data), fmt, output, options)


def export(kg: IpoGraph, fmt: str, output: Path, options: ExportOptions | None = None) -> None:
    """Write ``kg`` as ``fmt`` to ``output`` (atomically), as ``options`` ask: a chart shows
    one day (the latest state date unless ``as_of`` says), the graph as of ``as_of`` (noting
    on stderr what is only presumed), without staff contact details unless asked."""
    from dataclasses import replace

    from ..history import as_of
    from ..privacy import without_personal_data

    options = options or ExportOptions()
    if not options.as_of and fmt in CHART_FORMATS:
        from .chart import latest_state_date

        options = replace(options, as_of=latest_state_date(kg.graph))
    note = ""
    if options.as_of:
        whole = kg
        view = as_of(kg, options.as_of, strict=options.strict)
        kg, note = view.kg, f"note: {view.summary()}"
        if options.root and fmt not in RDF_FORMATS and not kg.candidates(options.root):
            # a label the day's graph no longer has (what does not hold that day is left
            # out with its labels): say what it names is not in that day's picture, as
            # for an IRI, rather than that nothing has that name
            from ..history import parse_day
            from .network import root_not_on_day

            absent = root_not_on_day(
                options.root,
                whole.candidates(options.root),
                whole.timeline,
                parse_day(options.as_of),
            )
            if absent is not None:
                raise absent
    graph = kg.graph if options.include_personal else without_personal_data(kg.graph)
    writer(fmt)(graph, output, kg=kg, options=options)
    if note:  # once written: a refused export says one thing, its reason
        print(note, file=sys.stderr)


__all__ = [
    "CHART_FORMATS",
    "RDF_FORMATS",
    "WRITERS",
    "ExportOptions",
    "Path",
    "export",
    "export_data",
    "formats",
    "writer",
]
