"""The network view as GraphML (Gephi, yEd), via networkx.

GraphML attributes must be scalars of one type per key: lists (excerpts, sources,
contact details) become newline-joined strings, booleans stay booleans. Characters XML
1.0 cannot hold at all (control characters such as a form feed, which OCR text may carry)
become U+FFFD, or no XML reader would open the file.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..atomic import atomic_write_bytes
from .network import view
from .options import ExportOptions

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _scalar(value: Any) -> str | bool | int | float:
    if isinstance(value, bool | int | float):
        return value
    text = "\n".join(_scalar_item(v) for v in value) if isinstance(value, list) else str(value)
    return _NOT_XML.sub("\ufffd", text)


def _scalar_item(value: Any) -> str:
    if isinstance(value, dict) and "text" in value:
        where = (
            f" ({value.get('document', '')}:{value.get('line', '')})"
            if value.get("document")
            else ""
        )
        return f"{value['text']}{where}"
    return str(value)


def graphml_safe(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``net`` whose attribute values GraphML can hold."""
    out: nx.MultiDiGraph = nx.MultiDiGraph(name="Interprovinciaal Overleg")
    for n, data in net.nodes(data=True):
        out.add_node(n, **{k: _scalar(v) for k, v in data.items()})
    for s, t, key, data in net.edges(keys=True, data=True):
        out.add_edge(s, t, key=key, **{k: _scalar(v) for k, v in data.items()})
    return out


def write_graphml(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    buffer = io.BytesIO()
    nx.write_graphml(graphml_safe(view(graph, kg=kg, options=options)), buffer, encoding="utf-8")
    atomic_write_bytes(output, buffer.getvalue())
