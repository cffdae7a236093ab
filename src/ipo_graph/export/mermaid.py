"""The org chart as a Mermaid flowchart, for Markdown (docs/pictures.md embeds it).

Written from the same chart as the Graphviz picture (export/chart.py). An output file
ending in ``.md`` gets a fenced ```` ```mermaid ```` block; any other name gets bare Mermaid
(``.mmd``), which mermaid-cli and most editors read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..atomic import atomic_write_text
from .chart import Card, Chart, attestation_notes, chart_of, unstated_note
from .options import ExportOptions
from .words import chart_title, dutch_dates, status_note

_CLASS_DEFS: dict[str, str] = {
    "association": "fill:#1f4e79,color:#fff,stroke:#1f4e79",
    "body": "fill:#ddebf7,stroke:#2e75b6",
    "team": "fill:#ede3f6,stroke:#7030a0",
    "office": "fill:#e2efda,stroke:#548235",
    "post": "fill:#fff,stroke:#404040",
    "units": "fill:#fff2cc,stroke:#bf9000",
    "planned": "stroke-dasharray:5 5",
    "presumed": "fill:#f4f4f4,color:#7f7f7f,stroke:#a6a6a6",
}


def _text(label: str) -> str:
    """A Mermaid quoted label: quotes and angle brackets as entities, newlines as <br/>."""
    escaped = (
        label.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )
    return escaped.replace("\n", "<br/>")


def _line(text: str, status: str, last: str | None) -> str:
    note = status_note(status, last)
    return text + (f" {note}" if note else "")


def _label(card: Card) -> str:
    title_note, footer = attestation_notes(card)
    lines = [_line(card.title, card.status, card.last_attested)]
    lines += [f"({dutch_dates(title_note)})"] if title_note else []
    lines += [_line(r.text, r.status, r.last_attested) for r in card.rows]
    return "\n".join(lines + [dutch_dates(note) for note in footer])


def _class(status: str) -> str | None:
    if status == "planned":
        return "planned"
    if status in ("presumed", "unknown", "ended"):
        return "presumed"
    return None


def to_mermaid(chart: Chart, title: str) -> str:
    """A top-down flowchart: cards as boxes, one subgraph per office, lines from above."""
    ids = {cid: f"n{i}" for i, cid in enumerate(sorted(chart.cards))}
    ids.update({cid: f"office{i}" for i, cid in enumerate(sorted(chart.offices))})
    note = unstated_note(chart)
    heading = f"{title} ({note})" if note else title
    # a YAML string in double quotes: the note holds a colon, which would end a plain one
    lines = ["---", f"title: {json.dumps(heading, ensure_ascii=False)}", "---", "flowchart TD"]

    def box(cid: str, indent: str) -> None:
        card = chart.cards[cid]
        lines.append(f'{indent}{ids[cid]}["{_text(_label(card))}"]:::{card.kind}')

    for cid in sorted(chart.cards, key=lambda c: (chart.cards[c].tier, c)):
        if chart.cards[cid].office is None or f"cluster:{chart.cards[cid].office}" not in ids:
            box(cid, "  ")
    for cluster in sorted(chart.offices):
        office = chart.offices[cluster]
        title_text = _text(_line(office.title, office.status, office.last_attested))
        lines.append(f'  subgraph {ids[cluster]}["{title_text}"]')
        lines.append("    direction TB")
        for cid in sorted(chart.cards):
            if f"cluster:{chart.cards[cid].office}" == cluster:
                box(cid, "    ")
        lines.append("  end")
        lines.append(f"  class {ids[cluster]} office")
    styles: dict[str, list[int]] = {}
    for i, link in enumerate(chart.links):
        arrow = "===" if link.kind == "reports-to" else "---"
        if link.status == "planned":
            arrow = "-.-"
        lines.append(f"  {ids[link.source]} {arrow} {ids[link.target]}")
        css = _LINK_STYLE.get(link.kind, "")
        if link.status in ("presumed", "unknown", "ended"):
            css = "stroke:#bfbfbf"
        styles.setdefault(css, []).append(i)
    # cards no line reaches (teams beside the directie) hang invisibly under the association,
    # so that they sit in their tier instead of beside it, where lines would cross them
    reached = {lk.target for lk in chart.links}
    tops = [c for c in sorted(chart.cards) if chart.cards[c].kind == "association"]
    for cid in sorted(chart.cards):
        card = chart.cards[cid]
        framed = card.office is not None and f"cluster:{card.office}" in chart.offices
        if tops and cid not in reached and card.tier > 0 and not framed:
            lines.append(f"  {ids[tops[0]]} ~~~ {ids[cid]}")
    for status in ("planned", "presumed"):
        marked = [ids[c] for c in sorted(chart.cards) if _class(chart.cards[c].status) == status]
        # an office's frame too, as Graphviz greys or dashes it
        marked += [
            ids[c] for c in sorted(chart.offices) if _class(chart.offices[c].status) == status
        ]
        if marked:
            lines.append(f"  class {','.join(marked)} {status}")
    for name, css in _CLASS_DEFS.items():
        lines.append(f"  classDef {name} {css}")
    for css, numbers in styles.items():
        if css:
            lines.append(f"  linkStyle {','.join(map(str, numbers))} {css}")
    return "\n".join(lines) + "\n"


_LINK_STYLE: dict[str, str] = {
    "reports-to": "stroke:#1f1f1f,stroke-width:2px",
    "structure": "stroke:#8c8c8c",
}


def mermaid_for(graph: Graph, *, kg: Any = None, options: ExportOptions | None = None) -> str:
    return to_mermaid(chart_of(graph, kg, options), chart_title(options))


def fenced(mermaid: str) -> str:
    return f"```mermaid\n{mermaid}```\n"


def write_mermaid(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    text = mermaid_for(graph, kg=kg, options=options)
    atomic_write_text(output, fenced(text) if Path(output).suffix == ".md" else text)


CHART_PAGE = "docs/pictures.md"
README_BEGIN = "<!-- orgchart:begin -->\n"
README_END = "<!-- orgchart:end -->"


def embed(readme: str, block: str) -> str:
    """``readme`` (a Markdown page) with the text between the org-chart markers replaced by
    ``block``."""
    start = readme.index(README_BEGIN) + len(README_BEGIN)
    end = readme.index(README_END, start)
    return readme[:start] + block + readme[end:]


def readme_chart() -> str:
    """The documented chart (docs/pictures.md): the shipped data on the latest state date."""
    from ..api import IpoGraph
    from ..history import as_of
    from ..privacy import without_personal_data
    from .chart import latest_state_date

    kg = IpoGraph.load()
    day = latest_state_date(kg.graph)
    if day:
        kg = as_of(kg, day).kg
    return mermaid_for(without_personal_data(kg.graph), kg=kg, options=ExportOptions(as_of=day))


def main(argv: list[str] | None = None) -> int:
    """``python -m ipo_graph.export.mermaid [PAGE.md]``: refresh the org chart embedded in a
    Markdown page between the ``orgchart`` markers (default: docs/pictures.md)."""
    import sys

    paths = argv if argv is not None else sys.argv[1:]
    target = Path(paths[0] if paths else CHART_PAGE)
    block = fenced(readme_chart())
    atomic_write_text(target, embed(target.read_text(encoding="utf-8"), block))
    print(f"updated the org chart in {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
