"""The org chart as Graphviz: DOT source, and SVG/PNG drawn by Graphviz's ``dot``.

Hierarchy (association → bodies → offices → units → posts → holders) sets the ranks;
reporting lines, planned lines and substitutions are drawn as coloured arrows that do not
move the hierarchy (``constraint=false``). A legend explains every line style.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..atomic import atomic_write_bytes, atomic_write_text
from ..errors import UsageError
from .chart import Chart, build_chart
from .network import EDGE_KINDS, view

#: Node look per class (most specific type), falling back per kind.
_NODE_STYLE: dict[str, dict[str, str]] = {
    "ipo:Association": {
        "shape": "box",
        "style": "filled,bold",
        "fillcolor": "#1f4e79",
        "fontcolor": "white",
    },
    "ipo:Province": {"shape": "box", "style": "filled", "fillcolor": "#d9d9d9"},
    "ipo:GoverningBody": {"shape": "box", "style": "filled,rounded", "fillcolor": "#bdd7ee"},
    "ipo:Office": {"shape": "box3d", "style": "filled", "fillcolor": "#c6e0b4"},
    "ipo:Unit": {"shape": "box", "style": "filled", "fillcolor": "#fff2cc"},
    "ipo:ManagementTeam": {"shape": "box", "style": "filled,rounded", "fillcolor": "#e2d0f0"},
    "ipo:PoliticalAdvisoryCommittee": {
        "shape": "box",
        "style": "filled,rounded",
        "fillcolor": "#ddebf7",
    },
    "ipo:CivilServiceAdvisoryCommittee": {
        "shape": "box",
        "style": "filled,rounded",
        "fillcolor": "#ddebf7",
    },
    "ipo:ConsultativeBody": {"shape": "box", "style": "filled,rounded", "fillcolor": "#ddebf7"},
    "ipo:SelectionCommittee": {"shape": "box", "style": "filled,rounded", "fillcolor": "#fce4d6"},
    "organisation": {"shape": "box", "style": "filled", "fillcolor": "#f2f2f2"},
    "post": {"shape": "ellipse", "style": "filled", "fillcolor": "white"},
    "ipo:Seat": {"shape": "ellipse", "style": "filled", "fillcolor": "#f7f7f7"},
    "person": {"shape": "note", "style": "filled", "fillcolor": "#fbe5d6"},
}

#: Edge look per kind; ``constraint=false`` keeps cross-links from bending the hierarchy.
_EDGE_STYLE: dict[str, dict[str, str]] = {
    "sub-organisation": {"color": "#404040", "penwidth": "1.4"},
    "unit": {"color": "#404040", "penwidth": "1.0"},
    "post-in": {"color": "#8c8c8c", "arrowhead": "none"},
    "held-by": {"color": "#c55a11", "arrowhead": "dot"},
    "membership": {"color": "#2e75b6", "style": "dashed", "dir": "back", "arrowtail": "empty"},
    "reports-to": {"color": "#c00000", "penwidth": "2.2", "constraint": "false"},
    "planned-reports-to": {
        "color": "#c00000",
        "penwidth": "1.6",
        "style": "dashed",
        "constraint": "false",
    },
    "substitute": {
        "color": "#7030a0",
        "style": "dotted",
        "penwidth": "2",
        "dir": "both",
        "constraint": "false",
    },
    "combined-with": {"color": "#7f7f7f", "style": "dotted", "dir": "none", "constraint": "false"},
}

_INSTALL_HINT = (
    "Graphviz is not installed: the svg and png formats need its 'dot' program. "
    "Install the Debian package 'graphviz' (apt-get install graphviz, or run 'make setup'), "
    "or export --format dot and render it elsewhere."
)


def _quote(text: str) -> str:
    """A DOT double-quoted string; newlines become centred line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def _attrs(items: dict[str, str]) -> str:
    return ", ".join(f"{k}={_quote(v)}" for k, v in items.items())


def _node_style(node_type: str, kind: str) -> dict[str, str]:
    return dict(_NODE_STYLE.get(node_type) or _NODE_STYLE.get(kind) or _NODE_STYLE["organisation"])


def to_dot(chart: Chart, title: str) -> str:
    """DOT source for ``chart`` with a title and a legend."""
    ids = {nid: f"n{i}" for i, nid in enumerate(sorted(chart.nodes))}
    graph_attrs = {
        "label": title,
        "labelloc": "t",
        "fontsize": "20",
        "fontname": "DejaVu Sans",
        "rankdir": "LR",
        "ranksep": "0.6",
        "nodesep": "0.18",
        "newrank": "true",
        "charset": "UTF-8",
    }
    node_attrs = {"fontname": "DejaVu Sans", "fontsize": "11", "margin": "0.12,0.06"}
    edge_attrs = {"fontname": "DejaVu Sans", "fontsize": "9", "arrowsize": "0.7"}
    lines = [
        "digraph ipo {",
        f"  graph [{_attrs(graph_attrs)}];",
        f"  node [{_attrs(node_attrs)}];",
        f"  edge [{_attrs(edge_attrs)}];",
    ]
    for nid in sorted(chart.nodes):
        node = chart.nodes[nid]
        style = _node_style(node.type, node.kind)
        text = node.label
        if node.planned:
            style["style"] = style.get("style", "") + ",dashed"
            text += "\n(gepland)"
        style["label"] = text
        if not nid.startswith("group:"):
            style["tooltip"] = nid
            style["URL"] = nid
        else:
            style["tooltip"] = "\n".join(node.members)
        lines.append(f"  {ids[nid]} [{_attrs(style)}];")
    for edge in chart.edges:
        style = dict(_EDGE_STYLE.get(edge.kind, {}))
        if edge.planned and edge.kind != "planned-reports-to":
            style["style"] = "dashed"
        if edge.label:
            style["label"] = edge.label
        style["tooltip"] = EDGE_KINDS.get(edge.kind, edge.kind)
        s, t = ids[edge.source], ids[edge.target]
        if edge.kind == "membership":  # drawn from the body down to its member
            s, t = t, s
            if chart.nodes[edge.source].kind == "post":  # a post is placed by its post-in
                style["constraint"] = "false"
        lines.append(f"  {s} -> {t} [{_attrs(style)}];")
    lines += _legend(sorted({e.kind for e in chart.edges}))
    lines.append("}")
    return "\n".join(lines) + "\n"


#: How each line style is shown in the legend: the same colour, drawn with text glyphs.
_LEGEND_GLYPHS: dict[str, str] = {
    "": "\u2500\u2500\u2500\u2500\u25b6",  # solid ────▶
    "dashed": "\u254c\u254c\u254c\u254c\u25b6",  # dashed ╌╌╌╌▶
    "dotted": "\u2508\u2508\u2508\u2508\u25b6",  # dotted ┈┈┈┈▶
    "bold": "\u2501\u2501\u2501\u2501\u25b6",  # thick ━━━━▶
}


def _legend(kinds: list[str]) -> list[str]:
    """A compact boxed legend (one HTML-like table node): a sample per line kind used."""
    if not kinds:
        return []
    rows = ['<TR><TD COLSPAN="2"><B>Legenda</B></TD></TR>']
    for kind in kinds:
        style = _EDGE_STYLE.get(kind, {})
        look = style.get("style", "")
        if not look and float(style.get("penwidth", "1")) >= 2:
            look = "bold"
        glyph = _LEGEND_GLYPHS.get(look, _LEGEND_GLYPHS[""])
        if style.get("arrowhead") == "none" or style.get("dir") == "none":
            glyph = glyph[:-1] + glyph[-2]
        colour = html.escape(style.get("color", "#000000"))
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{colour}">{glyph}</FONT></TD>'
            f'<TD ALIGN="LEFT">{html.escape(EDGE_KINDS.get(kind, kind))}</TD></TR>'
        )
    table = '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" STYLE="ROUNDED" COLOR="#8c8c8c">'
    label = table + "".join(rows) + "</TABLE>"
    return [f'  legend_box [shape="plaintext", margin="0", label=<{label}>];']


def chart_title(kg: Any, args: Any) -> str:
    title = "Interprovinciaal Overleg — organisatie"
    as_of = getattr(args, "as_of", None)
    if as_of:
        title += f" op {as_of}"
    root = getattr(args, "root", None)
    if root:
        title += f" (vanaf {root})"
    return title


def render(dot_source: str, fmt: str) -> bytes:
    """Run Graphviz ``dot`` on the source; a missing Graphviz is a :class:`UsageError`."""
    exe = shutil.which("dot")
    if exe is None:
        raise UsageError(_INSTALL_HINT)
    proc = subprocess.run(
        [exe, f"-T{fmt}"], input=dot_source.encode("utf-8"), capture_output=True, check=False
    )
    if proc.returncode != 0:
        raise UsageError(f"Graphviz dot failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


def _chart(graph: Graph, kg: Any, args: Any) -> tuple[nx.MultiDiGraph, str]:
    net = view(graph, kg=kg, args=args)
    return net, to_dot(build_chart(net), chart_title(kg, args))


def write_dot(graph: Graph, output: Path, *, kg: Any = None, args: Any = None, **_: object) -> None:
    atomic_write_text(output, _chart(graph, kg, args)[1])


def write_svg(graph: Graph, output: Path, *, kg: Any = None, args: Any = None, **_: object) -> None:
    atomic_write_bytes(output, render(_chart(graph, kg, args)[1], "svg"))


def write_png(graph: Graph, output: Path, *, kg: Any = None, args: Any = None, **_: object) -> None:
    atomic_write_bytes(output, render(_chart(graph, kg, args)[1], "png"))
