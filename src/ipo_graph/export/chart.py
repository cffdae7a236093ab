"""The org chart: the network view made readable for a picture (Graphviz, Mermaid).

A faithful drawing of every seat would put 24 identical "lid" seats side by side under the
Algemene Vergadering. The chart therefore

* leaves out sites, partners (external organisations) and partner links — the explorer
  and the graph formats keep them — and then whatever is left with no line at all;
* drops a seat's membership of the body it is a post in (the post-in edge already says it);
* collapses three or more seats of one body with the same role into one node
  ("24 zetels lid (2 per provincie)"), three or more organisations of one type (the twelve
  provinces) into one node, and then, repeatedly, three or more nodes of one type that
  hang only under such a group (the twelve Provinciale Staten).

Every chart node remembers the network nodes it stands for (``members``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .network import TREE_KINDS

#: Fewest look-alike nodes that are drawn as one.
MIN_GROUP = 3

_LEFT_OUT_TYPES = frozenset({"ipo:ExternalOrganization"})
_LEFT_OUT_KINDS = frozenset({"site", "linked-to"})


@dataclass
class ChartNode:
    id: str
    label: str
    kind: str
    type: str
    planned: bool = False
    members: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChartEdge:
    source: str
    target: str
    kind: str
    label: str
    planned: bool = False


@dataclass
class Chart:
    nodes: dict[str, ChartNode]
    edges: list[ChartEdge]

    def node_for(self, network_node: str) -> ChartNode | None:
        for node in self.nodes.values():
            if network_node in node.members:
                return node
        return None


def build_chart(net: nx.MultiDiGraph) -> Chart:
    keep = {
        n
        for n, d in net.nodes(data=True)
        if d["kind"] != "site" and d["type"] not in _LEFT_OUT_TYPES
    }
    post_in = {(s, t) for s, t, k in net.edges(data="kind") if k == "post-in"}
    edges = [
        (s, t, d)
        for s, t, d in net.edges(data=True)
        if s in keep
        and t in keep
        and d["kind"] not in _LEFT_OUT_KINDS
        and not (d["kind"] == "membership" and (t, s) in post_in)
    ]
    group_of = _groups(net, keep, edges)
    nodes: dict[str, ChartNode] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted(keep):
        members[group_of.get(n, n)].append(n)
    for gid, group in members.items():
        data = net.nodes[group[0]]
        nodes[gid] = ChartNode(
            id=gid,
            label=data["label"] if len(group) == 1 else _group_label(net, group),
            kind=data["kind"],
            type=data["type"],
            planned=all(net.nodes[m]["planned"] for m in group),
            members=group,
        )
    # one line per pair and kind; several roles on one line are listed together
    seen: dict[tuple[str, str, str], tuple[set[str], bool]] = {}
    for s, t, d in edges:
        gs, gt = group_of.get(s, s), group_of.get(t, t)
        if gs == gt:
            continue
        labels, planned = seen.get((gs, gt, d["kind"]), (set(), True))
        text = _edge_label(d)
        seen[(gs, gt, d["kind"])] = (
            labels | ({text} if text else set()),
            planned and bool(d["planned"]),
        )
    chart_edges = [
        ChartEdge(s, t, k, ", ".join(sorted(labels)), planned)
        for (s, t, k), (labels, planned) in seen.items()
    ]
    linked = {e.source for e in chart_edges} | {e.target for e in chart_edges}
    if linked:  # people or bodies whose only ties were left out would float unexplained
        nodes = {nid: node for nid, node in nodes.items() if nid in linked}
    chart_edges.sort(key=lambda e: (e.kind, e.source, e.target, e.label))
    return Chart(nodes=nodes, edges=chart_edges)


def _edge_label(d: dict[str, Any]) -> str:
    if d["kind"] == "membership":
        text = str(d["label"])
        if text == "lid" and not d.get("begin"):  # the line style already says "member"
            return ""
        if d.get("begin"):
            text += f" (sinds {d['begin']})"
        return text
    return ""


def _groups(
    net: nx.MultiDiGraph, keep: set[str], edges: list[tuple[str, str, dict[str, Any]]]
) -> dict[str, str]:
    """Network node → group id, for the nodes that are drawn collapsed."""
    parents: dict[str, set[str]] = defaultdict(set)
    for s, t, d in edges:
        if d["kind"] in TREE_KINDS:
            parents[t].add(s)
    candidates: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for n in sorted(keep):
        d = net.nodes[n]
        if d["type"] == "ipo:Seat" and d["role"]:
            candidates[("seat", tuple(sorted(parents[n])), d["role"])].append(n)
        elif d["kind"] == "organisation" and d["type"] == "ipo:Province":
            candidates[("type", d["type"])].append(n)
    group_of: dict[str, str] = {}
    for found in candidates.values():
        if len(found) >= MIN_GROUP:
            for n in found:
                group_of[n] = f"group:{found[0]}"
    changed = True
    while changed:
        changed = False
        under: dict[tuple[str, str], list[str]] = defaultdict(list)
        for n in sorted(keep - set(group_of)):
            gs = {group_of.get(p) for p in parents[n]}
            if parents[n] and len(gs) == 1 and None not in gs:
                under[(str(next(iter(gs))), net.nodes[n]["type"])].append(n)
        for found in under.values():
            if len(found) >= MIN_GROUP:
                changed = True
                for n in found:
                    group_of[n] = f"group:{found[0]}"
    return group_of


def _group_label(net: nx.MultiDiGraph, group: list[str]) -> str:
    first = net.nodes[group[0]]
    if first["type"] == "ipo:Seat":
        text = f"{len(group)} zetels {first['role']}"
        per = Counter(net.nodes[m]["province"] for m in group)
        if "" not in per and len(set(per.values())) == 1:
            text += f" ({next(iter(per.values()))} per provincie)"
        return text
    labels = sorted(net.nodes[m]["label"] for m in group)
    words = [lab.split(" ") for lab in labels]
    shared = 0
    while all(len(w) > shared + 1 and w[shared] == words[0][shared] for w in words):
        shared += 1
    rest = [" ".join(w[shared:]) for w in words]
    head = " ".join(words[0][:shared])
    if head.endswith(" van"):
        head = head[: -len(" van")]
    lines, line = [], ""
    for name in rest:
        piece = name if not line else f"{line}, {name}"
        if len(piece) > 40 and line:
            lines.append(line + ",")
            line = name
        else:
            line = piece
    lines.append(line)
    name = head or (first["type_label"] if first["type_label"] else first["type"])
    return f"{len(group)}× {name}\n" + "\n".join(lines)
