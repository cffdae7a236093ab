"""The interactive explorer: one self-contained HTML file that works offline.

The page inlines the vendored Cytoscape.js and dagre (``assets/*.min.js``, MIT licences
in ``assets/*.LICENSE.txt``), the app script (``assets/explorer.js``) and the
network view as JSON. It opens as a tree rooted at the association (dagre ranks it left
to right from the boxes' own sizes), at a readable size, collapsed to two levels, with
the force layout as an option; search, a details panel
with the source excerpts, relation filters and a date control with one stop per day the
data knows run in the browser; the details, counts and styles follow the date. Contact
details appear only when the exporter kept them (``--include-personal``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..atomic import atomic_write_text
from .cytoscape import elements
from .network import EDGE_KINDS, TREE_KINDS, view
from .options import ExportOptions
from .words import dutch_date

EDGE_COLOURS: dict[str, str] = {
    "sub-organisation": "#404040",
    "unit": "#7f6000",
    "post-in": "#8c8c8c",
    "held-by": "#c55a11",
    "membership": "#2e75b6",
    "reports-to": "#c00000",
    "planned-reports-to": "#ff5050",
    "substitute": "#7030a0",
    "combined-with": "#a5a5a5",
    "linked-to": "#00b050",
    "site": "#bf9000",
}

#: How the details panel words an edge seen from its source and from its target.
EDGE_PHRASES: dict[str, tuple[str, str]] = {
    "sub-organisation": ("heeft onderdeel", "onderdeel van"),
    "unit": ("heeft eenheid", "eenheid van"),
    "post-in": ("heeft functie", "functie in"),
    "held-by": ("bekleed door", "bekleedt"),
    "membership": ("{label} in", "heeft als {label}"),
    "reports-to": ("rapporteert aan", "leidinggevende van"),
    "planned-reports-to": ("rapporteert aan (gepland)", "leidinggevende van (gepland)"),
    "substitute": ("vervangt wederzijds", "vervangt wederzijds"),
    "combined-with": ("gecombineerd met", "gecombineerd met"),
    "linked-to": ("{label}", "{label} (omgekeerd)"),
    "site": ("gevestigd in", "vestiging van"),
}

NODE_COLOURS: dict[str, str] = {
    "ipo:Association": "#1f4e79",
    "ipo:Province": "#a6a6a6",
    "ipo:Office": "#70ad47",
    "ipo:Unit": "#ffd966",
    "ipo:SupportService": "#ffd966",
    "ipo:ExternalOrganization": "#e7e6e6",
    "organisation": "#9dc3e6",
    "post": "#ffffff",
    "person": "#f4b183",
    "site": "#ffe699",
}


_MARKER = re.compile("__(?:TITLE|DATA|CYTOSCAPE|DAGRE|APP)__")


def _asset(name: str) -> str:
    return (resources.files("ipo_graph.export") / "assets" / name).read_text("utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot end the ``<script>`` element it is placed in."""
    return text.replace("</", "<\\/")


def _root(net: nx.MultiDiGraph) -> str:
    """The tree's root: the association, else the node with the most below it."""
    for n, kind in net.nodes(data="type"):
        if kind == "ipo:Association":
            return str(n)
    below = {n: sum(1 for _, _, k in net.out_edges(n, data="kind") if k in TREE_KINDS) for n in net}
    return max(sorted(below), key=lambda n: below[n], default="")


def changes(series: Sequence[Any]) -> list[list[Any]]:
    """A day-by-day series as the points where it changes: ``[[day index, value], ...]``.

    Most things change status once or twice, so this keeps the page's size near the
    number of nodes rather than nodes × days (``status_on`` for every day made the page
    of the synthetic scale 30 613 MB)."""
    out: list[list[Any]] = []
    for i, value in enumerate(series):
        if not out or out[-1][1] != value:
            out.append([i, value])
    return out


def _by_changes(elements: dict[str, list[dict[str, Any]]], dates: list[str]) -> None:
    """Each element's ``status_on`` and ``holds_on`` as ``status_changes`` and
    ``holds_changes``, the same values (explorer.js reads them back with ``valueOn``)."""
    for element in (*elements["nodes"], *elements["edges"]):
        data = element["data"]
        status_on = data.pop("status_on", {})
        holds_on = set(data.pop("holds_on", []))
        data["status_changes"] = changes([status_on[d] for d in dates]) if status_on else []
        data["holds_changes"] = changes([d in holds_on for d in dates])


def page(net: nx.MultiDiGraph, title: str, start: str | None = None) -> str:
    """The explorer page; the date control starts at ``start`` (default: the last day)."""
    dates = list(net.graph.get("dates", []))
    shown = elements(net)
    _by_changes(shown, dates)
    payload = {
        "elements": shown,
        "edge_kinds": EDGE_KINDS,
        "edge_colours": EDGE_COLOURS,
        "edge_phrases": EDGE_PHRASES,
        "node_colours": NODE_COLOURS,
        "dates": dates,
        "tree_kinds": sorted(TREE_KINDS),
        "root": _root(net),
        "start": start or "",
    }
    parts = {
        "__TITLE__": html.escape(title),
        "__DATA__": _script_safe(json.dumps(payload, ensure_ascii=False)),
        "__CYTOSCAPE__": _script_safe(_asset("cytoscape.min.js")),
        "__DAGRE__": _script_safe(_asset("dagre.min.js")),
        "__APP__": _script_safe(_asset("explorer.js")),
    }
    # one pass, so that no inserted text is itself searched for markers
    return _MARKER.sub(lambda m: parts[m.group(0)], _asset("explorer.html"))


def write_html(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    from .chart import latest_state_date

    options = options or ExportOptions()
    title = "Interprovinciaal Overleg — verkenner"
    if options.root:
        title += f" (vanaf {options.root})"
    if options.as_of:
        title += f" — stand op {dutch_date(str(options.as_of))}"
    start = str(options.as_of) if options.as_of else latest_state_date(graph)
    atomic_write_text(output, page(view(graph, kg=kg, options=options), title, start))
