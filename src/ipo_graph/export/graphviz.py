"""The org chart of one day as Graphviz: DOT source, and SVG/PNG drawn by ``dot``.

Top-down (``rankdir=TB``): the chart's tiers (association, governance, directie, offices)
are kept in order with ``rank=same`` groups (``newrank`` lets them reach into the office
clusters); offices are clusters side by side, named at their foot, where no line enters. The picture
is kept narrow, so it stays legible fitted to a screen: sub-committees get a row of their own
below their committee, the directie's teams that no line touches stand as one column beside
its posts, and in an office its teams and bodies sit beneath its posts, its units beneath
those.
Cards are HTML-like tables, so a card's rows (seats, members, holders, units) can each carry
their own status look and diff mark. Lines carry no text; a legend explains the line styles
and marks actually used.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..atomic import atomic_write_bytes, atomic_write_text
from .chart import MUTED, Card, Chart, Link, attestation_notes, chart_of, unstated_note
from .dotprogram import render
from .options import ExportOptions
from .words import chart_title, dutch_dates, status_note

#: Card fill per kind (and per class where it matters).
_FILL: dict[str, str] = {
    "association": "#1f4e79",
    "body": "#ddebf7",
    "team": "#ede3f6",
    "office": "#e2efda",
    "post": "#ffffff",
    "units": "#fff2cc",
}
_BORDER: dict[str, str] = {
    "association": "#1f4e79",
    "body": "#2e75b6",
    "team": "#7030a0",
    "office": "#548235",
    "post": "#404040",
    "units": "#bf9000",
}
#: Muted look of presumed (and unknown) things: grey text on a pale card.
_MUTED_TEXT = "#7f7f7f"
_MUTED_FILL = "#f4f4f4"
#: Diff marks: fill and text colour of the card or row.
MARK_COLOURS: dict[str, str] = {
    "added": "#c6efce",
    "changed": "#ffeb9c",
    "ended": "#f4cccc",
    "removed": "#f4cccc",
}
MARK_WORDS: dict[str, str] = {
    "added": "toegevoegd",
    "changed": "gewijzigd",
    "ended": "beëindigd",
    "removed": "verwijderd",
}


def _quote(text: str) -> str:
    """A DOT double-quoted string; newlines become centred line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def _attrs(items: dict[str, str]) -> str:
    return ", ".join(f"{k}={_quote(v)}" for k, v in items.items())


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _wrap(text: str, width: int, centred: bool) -> str:
    """Escaped text broken at spaces into lines of at most ``width`` characters."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    brk = "<BR/>" if centred else '<BR ALIGN="LEFT"/>'
    return brk.join(_esc(line) for line in lines)


#: Characters per line of a card's rows: narrow cards keep the rows of cards narrow.
_ROW_WIDTH = 38


def _note(text: str, *, centred: bool) -> str:
    """An attestation note ("vermoedelijk, laatst vermeld 1 december 2020") broken after
    its comma, so the date stays on one line and the card stays narrow."""
    parts = [_wrap(part, 32, centred) for part in dutch_dates(text).split(", ")]
    brk = "<BR/>" if centred else '<BR ALIGN="LEFT"/>'
    text = ("," + brk).join(parts)
    return text + brk if not centred and "<BR" in text else text  # left-align the last line


def _text(
    text: str,
    *,
    status: str,
    last: str | None,
    mark: str,
    bold: bool = False,
    muted: str = _MUTED_TEXT,
) -> str:
    """One line of a card as HTML-like label text, with its status note and diff mark."""
    note = status_note(status, last)
    body = _wrap(text + (f" {note}" if note else ""), 34 if bold else _ROW_WIDTH, bold)
    if bold:
        body = f"<B>{body}</B>"
    if status in MUTED:
        body = f'<FONT COLOR="{muted}">{body}</FONT>'
    if status == "planned":
        body = f"<I>{body}</I>"
    if mark == "removed" or (mark == "ended" and status != "ended"):
        body = f"<S>{body}</S>"
    if mark:
        body += f' <FONT POINT-SIZE="9">[{MARK_WORDS[mark]}]</FONT>'
    if not bold and "<BR" in body:  # a left-aligned last line needs its own break
        body += '<BR ALIGN="LEFT"/>'
    return body


def _card_label(card: Card) -> str:
    white = card.kind == "association" and card.status == "holds" and not card.mark
    muted = "#c9c9c9" if white else _MUTED_TEXT  # grey that still reads on dark blue
    title = _text(
        card.title, status=card.status, last=card.last_attested, mark=card.mark, bold=True
    )
    if white:
        title = f'<FONT COLOR="white">{title}</FONT>'
    title_note, footer = attestation_notes(card)
    cells = [f'<TR><TD ALIGN="CENTER" CELLPADDING="4">{title}</TD></TR>']
    if title_note:
        note = _note(title_note, centred=True)
        cells.append(f'<TR><TD ALIGN="CENTER"><FONT COLOR="{muted}">{note}</FONT></TD></TR>')
    for row in card.rows:
        colour = f' BGCOLOR="{MARK_COLOURS[row.mark]}"' if row.mark else ""
        text = _text(
            row.text, status=row.status, last=row.last_attested, mark=row.mark, muted=muted
        )
        if row.kind == "vacancy":
            text = f'<FONT COLOR="#c00000">{text}</FONT>'
        if white and row.status not in MUTED:
            text = f'<FONT COLOR="white">{text}</FONT>'
        cells.append(f'<TR><TD ALIGN="LEFT"{colour}>{text}</TD></TR>')
    for note in footer:
        text = _note(note, centred=False)
        cells.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="{muted}"><I>{text}</I></FONT></TD></TR>')
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
        + "".join(cells)
        + "</TABLE>>"
    )


def _card_attrs(card: Card) -> dict[str, str]:
    fill = _FILL.get(card.kind, "#f2f2f2")
    border = _BORDER.get(card.kind, "#7f7f7f")
    style = ["rounded", "filled"] if card.kind != "post" else ["filled"]
    if card.status in ("presumed", "unknown", "ended"):
        fill, border = _MUTED_FILL, "#a6a6a6"
    if card.status == "planned":
        style.append("dashed")
    if card.mark:
        fill = MARK_COLOURS[card.mark]
        border = "#c00000" if card.mark in ("removed", "ended") else "#375623"
    return {
        "shape": "box",
        "style": ",".join(style),
        "fillcolor": fill,
        "color": border,
        "penwidth": "2" if card.mark else ("1.6" if card.kind == "association" else "1"),
        "tooltip": card.members[0] if card.members else card.title,
    }


def _stacked_label(cards: list[Card]) -> str:
    """Cards drawn one beneath the other in one node: each its own bordered table."""
    cells = []
    for card in cards:
        attrs = _card_attrs(card)
        style = "rounded,dashed" if "dashed" in attrs["style"] else "rounded"
        title = _esc(card.members[0] if card.members else card.title)
        inner = (
            f'<TABLE BORDER="{2 if card.mark else 1}" STYLE="{style}" CELLBORDER="0" '
            f'CELLPADDING="4" BGCOLOR="{attrs["fillcolor"]}" COLOR="{attrs["color"]}" '
            f'TITLE="{title}"><TR><TD>{_card_label(card)[1:-1]}</TD></TR></TABLE>'
        )
        cells.append(f"<TR><TD>{inner}</TD></TR>")
    return '<<TABLE BORDER="0" CELLSPACING="10" CELLPADDING="0">' + "".join(cells) + "</TABLE>>"


#: Line looks: structure thin grey, reporting lines dark; planned dashed, presumed grey.
_LINK_STYLE: dict[str, dict[str, str]] = {
    "structure": {"color": "#8c8c8c", "penwidth": "1.2"},
    "reports-to": {"color": "#1f1f1f", "penwidth": "2"},
}


_MUTED_LINE = ("presumed", "unknown", "ended")
_MUTED_LINE_COLOUR = "#bfbfbf"


def _link_attrs(link: Link) -> dict[str, str]:
    style = dict(_LINK_STYLE[link.kind])
    style["arrowhead"] = "none"
    if link.status == "planned":
        style["style"] = "dashed"
    elif link.status in _MUTED_LINE:
        style["color"] = _MUTED_LINE_COLOUR
        style["style"] = "dotted" if link.kind == "structure" else "solid"
    if link.mark:
        style["color"] = {"added": "#00a050", "changed": "#bf9000"}.get(link.mark, "#c00000")
        style["penwidth"] = "3"
        if link.mark in ("removed", "ended"):
            style["style"] = "dashed"
    style["tooltip"] = _LINK_WORDS[link.kind]
    return style


_LINK_WORDS = {"structure": "onderdeel van", "reports-to": "rapporteert aan (leiding boven)"}


def _title_with_note(title: str, note: str) -> list[str]:
    """The title with a smaller line under it saying what the chart leaves out for want
    of a source (an HTML-like label, which a quoted attribute cannot be)."""
    if not note:
        return []
    small = f'<FONT POINT-SIZE="13">{_wrap(note, 110, True)}</FONT>'
    return [f"  graph [label=<{_esc(title)}<BR/>{small}>];"]


def to_dot(chart: Chart, title: str) -> str:
    """DOT source for ``chart``: top-down, offices as clusters, a legend at the bottom."""
    ids = {cid: f"n{i}" for i, cid in enumerate(sorted(chart.cards))}
    graph_attrs = {
        "label": title,
        "labelloc": "t",
        "fontsize": "22",
        "fontname": "DejaVu Sans",
        "rankdir": "TB",
        "ranksep": "0.45",
        "nodesep": "0.25",
        "newrank": "true",
        "compound": "true",
        "splines": "ortho",
        "charset": "UTF-8",
    }
    node_attrs = {"fontname": "DejaVu Sans", "fontsize": "12", "margin": "0.08,0.04"}
    lines = [
        "digraph ipo {",
        f"  graph [{_attrs(graph_attrs)}];",
        *_title_with_note(title, unstated_note(chart)),
        f"  node [{_attrs(node_attrs)}];",
        '  edge [arrowsize="0.7"];',
    ]
    by_office: dict[str | None, list[str]] = {}
    for cid in sorted(chart.cards):
        home = chart.cards[cid].office
        key = f"cluster:{home}" if home and f"cluster:{home}" in chart.offices else None
        by_office.setdefault(key, []).append(cid)
    # the directie's teams that no line touches stand as one column beside the posts:
    # side by side they made the directie's row the widest of the chart
    linked = {lk.source for lk in chart.links} | {lk.target for lk in chart.links}
    side = [
        cid
        for cid in by_office.get(None, [])
        if chart.cards[cid].kind == "team" and chart.cards[cid].tier == 3 and cid not in linked
    ]
    side = side if len(side) >= 2 else []
    for cid in side[1:]:
        ids[cid] = ids[side[0]]
    for cid in by_office.get(None, []):
        card = chart.cards[cid]
        if cid in side[1:]:
            continue
        if side and cid == side[0]:
            stack = _stacked_label([chart.cards[c] for c in side])
            lines.append(f'  {ids[cid]} [label={stack}, shape="plain", tooltip="teams"];')
            continue
        lines.append(f"  {ids[cid]} [label={_card_label(card)}, {_attrs(_card_attrs(card))}];")
    cluster_ids = {c: f"cluster_{i}" for i, c in enumerate(sorted(chart.offices))}
    anchor: dict[str, str] = {}
    for cluster in sorted(chart.offices):
        office = chart.offices[cluster]
        inside = by_office.get(cluster, [])
        attrs = _card_attrs(office)
        if office.mark:  # a marked office keeps its fill: the mark is on its name and border
            attrs["fillcolor"] = _FILL["office"]
        label = _text(
            office.title,
            status=office.status,
            last=office.last_attested,
            mark=office.mark,
            bold=True,
        )
        lines.append(f"  subgraph {cluster_ids[cluster]} {{")
        lines.append(
            f'    graph [label=<{label}>, fontsize="14", labeljust="l", labelloc="b", '
            f'style="{attrs["style"]}", '
            f'fillcolor="{attrs["fillcolor"]}", color="{attrs["color"]}", '
            f'penwidth="{attrs["penwidth"]}", margin="12"];'
        )
        for cid in inside:
            card = chart.cards[cid]
            lines.append(
                f"    {ids[cid]} [label={_card_label(card)}, {_attrs(_card_attrs(card))}];"
            )
        # the posts no line inside the office places sit at its top; its teams and bodies
        # beneath them, its units at the foot: a narrow column rather than a wide row
        placed = {lk.target for lk in chart.links if lk.source in inside}
        free = [c for c in inside if c not in placed and chart.cards[c].kind != "units"]
        heads = [c for c in free if chart.cards[c].kind not in ("team", "body")] or free
        lower = [c for c in free if c not in heads]
        for group in (heads, lower):
            if len(group) > 1:
                lines.append(f"    {{ rank=same; {'; '.join(ids[c] for c in group)}; }}")
        for c in lower:
            lines.append(f'    {ids[heads[0]]} -> {ids[c]} [style="invis"];')
        tops = lower or [c for c in inside if chart.cards[c].kind != "units"]
        for u in (c for c in inside if chart.cards[c].kind == "units"):
            for t in tops:
                if not any(lk.source == t for lk in chart.links):
                    lines.append(f'    {ids[t]} -> {ids[u]} [style="invis"];')
        anchor[cluster] = (heads or inside)[0]
        lines.append("  }")
    # tiers: association, governance, directie, offices (newrank lets ranks cross clusters)
    tiers: dict[float, list[str]] = {}
    for cid, card in chart.cards.items():
        if card.office is None and card.tier < 9:
            tiers.setdefault(card.tier, []).append(ids[cid])
    # bodies under a committee get a row of their own, so the directie's row stays narrow
    ranked = {cid for cid, card in chart.cards.items() if card.tier < 9}
    for link in chart.links:
        below = chart.cards.get(link.target)
        if below and below.tier == 9 and below.office is None and link.source in ranked:
            tiers.setdefault(2.5, []).append(ids[link.target])
    for cluster in chart.offices:
        tiers.setdefault(4, []).append(ids[anchor[cluster]])
    for tier in sorted(tiers):
        if len(tiers[tier]) > 1:
            lines.append(f"  {{ rank=same; {'; '.join(sorted(set(tiers[tier])))}; }}")
    # the directie's row left to right: its posts, then the column of teams
    row = sorted(
        {ids[c] for c, card in chart.cards.items() if card.tier == 3 and card.office is None},
        key=lambda n: (n == ids.get(side[0]) if side else False, n),
    )
    for left, right in itertools.pairwise(row):
        lines.append(f'  {left} -> {right} [style="invis"];')
    levels = sorted(tiers)
    for hi, lo in itertools.pairwise(levels):  # keep the tiers in order
        lines.append(f'  {tiers[hi][0]} -> {tiers[lo][0]} [style="invis"];')
    for link in chart.links:
        style = _link_attrs(link)
        source = ids.get(link.source) or ids[anchor[link.source]]
        if link.target in chart.offices:
            style["lhead"] = cluster_ids[link.target]
            target = ids[anchor[link.target]]
        else:
            target = ids[link.target]
        lines.append(f"  {source} -> {target} [{_attrs(style)}];")
    lines += _legend(chart)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _legend(chart: Chart) -> list[str]:
    """A boxed legend explaining the line styles and the marks used in this chart."""
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legenda</B></TD></TR>']

    def row(sample: str, text: str) -> None:
        words = _wrap(text, 40, False)  # a narrow legend: it sits beside the association
        words += '<BR ALIGN="LEFT"/>' if "<BR" in words else ""
        rows.append(f'<TR><TD ALIGN="LEFT">{sample}</TD><TD ALIGN="LEFT">{words}</TD></TR>')

    kinds = {lk.kind for lk in chart.links}
    statuses = {lk.status for lk in chart.links} | {c.status for c in chart.cards.values()}
    statuses |= {r.status for c in chart.cards.values() for r in c.rows}
    if "reports-to" in kinds:
        row('<FONT COLOR="#1f1f1f"><B>━━━━</B></FONT>', "leidinggevende boven, medewerker onder")
    if "structure" in kinds:
        row('<FONT COLOR="#8c8c8c">────</FONT>', "onderdeel van")
    # a line not in force is drawn light grey (dotted for a structure line): _link_attrs
    muted = {lk.kind for lk in chart.links if lk.status in _MUTED_LINE and not lk.mark}
    if "reports-to" in muted:
        row(
            f'<FONT COLOR="{_MUTED_LINE_COLOUR}"><B>━━━━</B></FONT>',
            "leidinggevende lijn, vermoedelijk",
        )
    if "structure" in muted:
        row(f'<FONT COLOR="{_MUTED_LINE_COLOUR}">┈┈┈┈</FONT>', "onderdeel van, vermoedelijk")
    if "planned" in statuses:
        row("╌╌╌╌ <I>(gepland)</I>", "gepland, nog niet ingericht")
    if statuses & {"presumed", "unknown"}:
        row(
            f'<FONT COLOR="{_MUTED_TEXT}">grijs</FONT>',
            "vermoedelijk: niet opnieuw vermeld (met de datum van de laatste vermelding)",
        )
    if any(c.title.endswith(" a.i.") for c in chart.cards.values()) or any(
        " a.i." in r.text for c in chart.cards.values() for r in c.rows
    ):
        row("a.i.", "ad interim ingevuld")
    if any(r.kind == "vacancy" for c in chart.cards.values() for r in c.rows):
        row('<FONT COLOR="#c00000">vacature</FONT>', "openstaande vacature")
    marks = {c.mark for c in chart.cards.values()} | {lk.mark for lk in chart.links}
    marks |= {r.mark for c in chart.cards.values() for r in c.rows}
    for mark in ("added", "changed", "ended", "removed"):
        if mark in marks:
            sample = f"[{MARK_WORDS[mark]}]"
            if mark in ("removed", "ended"):
                sample = f"<S>{sample}</S>"
            rows.append(
                f'<TR><TD ALIGN="LEFT" BGCOLOR="{MARK_COLOURS[mark]}">{sample}</TD>'
                f'<TD ALIGN="LEFT">{_esc(_MARK_EXPLAINED[mark])}</TD></TR>'
            )
    if len(rows) == 1:
        return []
    table = '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" STYLE="ROUNDED" COLOR="#8c8c8c">'
    label = f"<{table}{''.join(rows)}</TABLE>>"
    return [f'  legend_box [shape="plaintext", margin="0", label={label}];']


_MARK_EXPLAINED = {
    "added": "nieuw sinds de vorige versie",
    "changed": "gewijzigd sinds de vorige versie",
    "ended": "beëindigd sinds de vorige versie",
    "removed": "verwijderd sinds de vorige versie",
}


def _dot(graph: Graph, kg: Any, options: ExportOptions | None) -> str:
    return to_dot(chart_of(graph, kg, options), chart_title(options))


def write_dot(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    atomic_write_text(output, _dot(graph, kg, options))


def write_svg(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    atomic_write_bytes(output, render(_dot(graph, kg, options), "svg"))


def write_png(
    graph: Graph, output: Path, *, kg: Any = None, options: ExportOptions | None = None
) -> None:
    atomic_write_bytes(output, render(_dot(graph, kg, options), "png"))
