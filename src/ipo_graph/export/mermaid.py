"""The org chart as a Mermaid flowchart, for Markdown (the README embeds it).

Written from the same chart as the Graphviz picture (export/chart.py). An output file
ending in ``.md`` gets a fenced ```` ```mermaid ```` block; any other name gets bare Mermaid
(``.mmd``), which mermaid-cli and most editors read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

from ..atomic import atomic_write_text
from .chart import Chart, build_chart
from .network import EDGE_KINDS, view

#: Mermaid arrow per edge kind (the label, if any, goes in ``|...|``).
_ARROWS: dict[str, str] = {
    "sub-organisation": "-->",
    "unit": "-->",
    "post-in": "---",
    "held-by": "-->",
    "membership": "-.->",
    "reports-to": "==>",
    "planned-reports-to": "-.->",
    "substitute": "<-.->",
    "combined-with": "-.-",
}

_LINK_STYLE: dict[str, str] = {
    "reports-to": "stroke:#c00000,stroke-width:3px",
    "planned-reports-to": "stroke:#c00000,stroke-dasharray:6 4",
    "substitute": "stroke:#7030a0,stroke-dasharray:2 3",
    "membership": "stroke:#2e75b6",
    "held-by": "stroke:#c55a11",
}

#: Lines labelled with their kind even when they carry no role or date.
_NAMED_LINES = frozenset({"reports-to", "planned-reports-to", "substitute"})

_CLASS_DEFS: dict[str, str] = {
    "association": "fill:#1f4e79,color:#fff,stroke:#1f4e79",
    "body": "fill:#bdd7ee,stroke:#2e75b6",
    "office": "fill:#c6e0b4,stroke:#548235",
    "unit": "fill:#fff2cc,stroke:#bf9000",
    "post": "fill:#fff,stroke:#7f7f7f",
    "person": "fill:#fbe5d6,stroke:#c55a11",
    "other": "fill:#f2f2f2,stroke:#7f7f7f",
    "planned": "stroke-dasharray:5 5",
}


def _class(node_type: str, kind: str) -> str:
    if node_type == "ipo:Association":
        return "association"
    if node_type == "ipo:Office":
        return "office"
    if node_type == "ipo:Unit":
        return "unit"
    if kind in ("post", "person"):
        return kind
    if node_type in ("ipo:Province",) or kind != "organisation":
        return "other"
    return "body"


def _text(label: str) -> str:
    """A Mermaid quoted label: quotes and angle brackets as entities, newlines as <br/>."""
    escaped = (
        label.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )
    return escaped.replace("\n", "<br/>")


def to_mermaid(chart: Chart, title: str) -> str:
    ids = {nid: f"n{i}" for i, nid in enumerate(sorted(chart.nodes))}
    lines = ["---", f"title: {title}", "---", "flowchart LR"]
    for nid in sorted(chart.nodes):
        node = chart.nodes[nid]
        text = _text(node.label + ("\n(gepland)" if node.planned else ""))
        shape = {"post": f'(["{text}"])', "person": f'[/"{text}"/]'}.get(node.kind, f'["{text}"]')
        lines.append(f"  {ids[nid]}{shape}:::{_class(node.type, node.kind)}")
    styles: dict[str, list[int]] = {}
    for i, edge in enumerate(chart.edges):
        s, t = ids[edge.source], ids[edge.target]
        if edge.kind == "membership":  # drawn from the body down to its member
            s, t = t, s
        arrow = _ARROWS.get(edge.kind, "-->")
        if edge.planned and edge.kind not in ("planned-reports-to", "substitute"):
            arrow = "-.->"
        text = edge.label or (EDGE_KINDS[edge.kind] if edge.kind in _NAMED_LINES else "")
        label = f'|"{_text(text)}"|' if text else ""
        lines.append(f"  {s} {arrow}{label} {t}")
        if edge.kind in _LINK_STYLE:
            styles.setdefault(_LINK_STYLE[edge.kind], []).append(i)
    planned = [ids[n] for n in sorted(chart.nodes) if chart.nodes[n].planned]
    if planned:
        lines.append(f"  class {','.join(planned)} planned")
    for name, css in _CLASS_DEFS.items():
        lines.append(f"  classDef {name} {css}")
    for css, numbers in styles.items():
        lines.append(f"  linkStyle {','.join(map(str, numbers))} {css}")
    return "\n".join(lines) + "\n"


def mermaid_for(graph: Graph, *, kg: Any = None, args: Any = None) -> str:
    from .graphviz import chart_title

    return to_mermaid(build_chart(view(graph, kg=kg, args=args)), chart_title(kg, args))


def fenced(mermaid: str) -> str:
    return f"```mermaid\n{mermaid}```\n"


def write_mermaid(
    graph: Graph, output: Path, *, kg: Any = None, args: Any = None, **_: object
) -> None:
    text = mermaid_for(graph, kg=kg, args=args)
    atomic_write_text(output, fenced(text) if Path(output).suffix == ".md" else text)


README_BEGIN = "<!-- orgchart:begin -->\n"
README_END = "<!-- orgchart:end -->"


def embed(readme: str, block: str) -> str:
    """``readme`` with the text between the org-chart markers replaced by ``block``."""
    start = readme.index(README_BEGIN) + len(README_BEGIN)
    end = readme.index(README_END, start)
    return readme[:start] + block + readme[end:]


def main(argv: list[str] | None = None) -> int:
    """``python -m ipo_graph.export.mermaid README.md``: refresh the README's org chart."""
    import sys

    from ..api import IpoGraph
    from ..privacy import without_personal_data

    paths = argv if argv is not None else sys.argv[1:]
    target = Path(paths[0] if paths else "README.md")
    kg = IpoGraph.load()
    block = fenced(mermaid_for(without_personal_data(kg.graph), kg=kg))
    atomic_write_text(target, embed(target.read_text(encoding="utf-8"), block))
    print(f"updated the org chart in {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
