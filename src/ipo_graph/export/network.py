"""The one RDF → networkx view that every picture and graph format is written from.

Nodes are organisations, posts (seats included), people and sites; edges are typed
(``kind``) and normalised to one direction (see ``queries/network-edges.rq``). Every node
and edge carries its Dutch label, dates, the days it holds on and the source excerpts that
state it, so each format can show as much as it is able to without going back to RDF.

Which days each node and edge is in force on (``holds_on``), its status on each
(``status_on``) and on the view's day (``status``: holds, presumed, planned, ended,
not-yet or unknown; ``last_attested`` for a presumed one) come from the one time rule,
``ipo_graph.history.timeline``, evaluated on every day the data knows (``dates`` in the
graph attributes; the view's day is ``day``). Planned things carry ``planned=True``.
Posts also carry ``ad_interim`` and ``vacancy`` (the application deadline of an open
vacancy) for pictures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import SimpleNamespace
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import UsageError
from ..history.timeline import IN_FORCE, Timeline, latest_state_date
from ..labels import best_label, label_in
from ..labels import qname as prefixed_name
from ..namespaces import IPO, ORG, PREFIXES, RDF, RDFS, SKOS
from ..oxterms import from_oxigraph
from ..privacy import personal_properties
from ..provenance.evidence import line_number
from ..store import store_of_graph
from .options import ExportOptions

#: Node kinds, in order of precedence when RDFS entailment gives a resource two of them
#: (a post that org:linkedTo a partner is, by that property's domain, also an organisation).
KINDS: tuple[str, ...] = ("post", "person", "organisation", "site")

#: Edge kinds with their Dutch legend text, in drawing order.
EDGE_KINDS: dict[str, str] = {
    "sub-organisation": "onderdeel van",
    "unit": "eenheid van",
    "post-in": "functie in",
    "held-by": "bekleed door",
    "membership": "lidmaatschap",
    "reports-to": "rapporteert aan",
    "planned-reports-to": "rapporteert aan (gepland)",
    "substitute": "vervangen elkaar",
    "combined-with": "gecombineerd met",
    "linked-to": "relatie met",
    "site": "gevestigd in",
}

#: Edges that make the hierarchy (parent → child), used for subtrees and chart ranks.
TREE_KINDS: frozenset[str] = frozenset({"sub-organisation", "unit", "post-in", "held-by"})


@cache
def query_text(name: str) -> str:
    """A SPARQL query shipped in ``export/queries/<name>.rq``."""
    return (resources.files("ipo_graph.export") / "queries" / f"{name}.rq").read_text("utf-8")


def _rows(store: Any, name: str) -> Iterator[SimpleNamespace]:
    """The rows of ``export/queries/<name>.rq`` on an Oxigraph copy of the graph (rdflib's
    SPARQL engine took more than half of an export: docs/exports.md), as rdflib terms by
    variable name; an unbound variable is None. The network uses their values (strings,
    dates, numbers), which Oxigraph keeps, not the spelling of a literal, which it may not."""
    answer: Any = store.query(query_text(name))
    names = [v.value for v in answer.variables]
    for solution in answer:
        yield SimpleNamespace(
            **{
                n: (from_oxigraph(value) if (value := solution[n]) is not None else None)
                for n in names
            }
        )


def qname(term: Node) -> str:
    """The prefixed name, or the bare IRI (exported files carry IRIs without brackets)."""
    return prefixed_name(term) or str(term)


def label(graph: Graph, term: Node, lang: str = "nl") -> str:
    """``lang`` label first (rdfs:label, skos:prefLabel, foaf:name), then any, then a qname."""
    found = best_label(graph, term, lang)
    return found if found is not None else qname(term)


def _most_specific_type(graph: Graph, term: Node) -> str:
    """The asserted-looking class: one of the node's types with no subclass among them."""
    types = {t for t in graph.objects(term, RDF.type) if isinstance(t, URIRef)}
    specific = [
        t
        for t in types
        if not any(o != t and (o, RDFS.subClassOf, t) in graph for o in types)
        and not any(o != t and _is_subclass(graph, o, t) for o in types)
    ]
    preferred = sorted(specific, key=lambda t: (not str(t).startswith(str(IPO)), str(t)))
    return qname(preferred[0]) if preferred else ""


def _is_subclass(graph: Graph, sub: URIRef, sup: URIRef) -> bool:
    seen: set[Node] = set()
    stack: list[Node] = [sub]
    while stack:
        cur = stack.pop()
        for parent in graph.objects(cur, RDFS.subClassOf):
            if parent == sup:
                return True
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return False


def _iso(value: Node | None) -> str:
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, dt.date):
            return py.isoformat()
        return str(value)
    return ""


@dataclass
class _Facts:
    """Per-resource facts read once from the graph (interval labels, evidence, sources)."""

    begin: dict[Node, tuple[str, str]] = field(default_factory=dict)
    end: dict[Node, tuple[str, str]] = field(default_factory=dict)
    evidence: dict[Node, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[Node, set[str]] = field(default_factory=lambda: defaultdict(set))
    ad_interim: set[Node] = field(default_factory=set)
    vacancy: dict[Node, str] = field(default_factory=dict)

    @classmethod
    def read(cls, store: Any) -> _Facts:
        """From an Oxigraph copy of the graph."""
        facts = cls()
        for row in _rows(store, "network-intervals"):
            if row.begin is not None or row.beginLabel is not None:
                facts.begin[row.thing] = (_iso(row.begin), str(row.beginLabel or _iso(row.begin)))
            if row.end is not None or row.endLabel is not None:
                facts.end[row.thing] = (_iso(row.end), str(row.endLabel or _iso(row.end)))
        for row in _rows(store, "network-evidence"):
            item = {
                "text": str(row.text),
                "document": str(row.document or ""),
                "line": line_number(row.line) or 0,
            }
            if item not in facts.evidence[row.thing]:
                facts.evidence[row.thing].append(item)
        for row in _rows(store, "network-sources"):
            facts.documents[row.thing].add(str(row.identifier or qname(row.source)))
        for row in _rows(store, "network-posts"):
            if str(row.what) == "ad-interim":
                facts.ad_interim.add(row.post)
            else:  # the earliest deadline when the sources disagree (they do, for 2025)
                when = str(row.deadlineLabel or _iso(row.deadline))
                facts.vacancy.setdefault(row.post, when or "open")
        for items in facts.evidence.values():
            items.sort(key=lambda e: (e["document"], e["line"], e["text"]))
        return facts


def _node_attrs(
    graph: Graph, node: URIRef, kind: str, facts: _Facts, personal: set[URIRef]
) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "iri": str(node),
        "label": label(graph, node),
        "label_en": label_in(graph, node, "en") or "",
        "alt_labels": sorted({str(o) for o in graph.objects(node, SKOS.altLabel)}),
        "kind": kind,
        "type": _most_specific_type(graph, node),
        "type_label": "",
        "planned": (node, IPO.status, IPO.Planned) in graph,
        "begin": facts.begin.get(node, ("", ""))[1],
        "end": facts.end.get(node, ("", ""))[1],
        "holds_on": [],
        "evidence": list(facts.evidence.get(node, [])),
        "sources": sorted(facts.documents.get(node, ())),
        "role": "",
        "province": "",
        "ad_interim": node in facts.ad_interim,
        "vacancy": facts.vacancy.get(node, ""),
        "contact": sorted(
            f"{qname(p).split(':', 1)[-1]}: {o}" for p in personal for o in graph.objects(node, p)
        ),
    }
    if attrs["type"]:
        cls = URIRef(str(PREFIXES[attrs["type"].split(":", 1)[0]]) + attrs["type"].split(":", 1)[1])
        attrs["type_label"] = label(graph, cls) if (cls, RDFS.label, None) in graph else ""
    if kind == "post":
        role = graph.value(node, ORG.role)
        attrs["role"] = label(graph, role) if role is not None else ""
        province = graph.value(node, IPO.representsProvince)
        attrs["province"] = str(province) if province is not None else ""
    return attrs


def build_network(
    graph: Graph,
    *,
    timeline: Timeline | None = None,
    day: dt.date | None = None,
    days: bool = True,
) -> nx.MultiDiGraph:
    """The network view of ``graph`` (expects RDFS entailments to be materialised), with
    statuses from ``timeline`` (default: the graph's own) on ``day`` (default: the latest
    state date).

    ``days=False`` skips ``holds_on``, ``status_on`` and ``dates`` (left empty): a picture
    of one day is drawn from that day's graph and needs only ``status``, and on large data
    the per-day statuses are costly."""
    net: nx.MultiDiGraph = nx.MultiDiGraph()
    store = store_of_graph(graph)  # one copy for the view's queries and its statuses
    facts = _Facts.read(store)
    personal = personal_properties(graph)
    kinds: dict[URIRef, str] = {}
    for row in _rows(store, "network-nodes"):
        node, kind = row.node, str(row.kind)
        if isinstance(node, URIRef):
            current = kinds.get(node)
            if current is None or KINDS.index(kind) < KINDS.index(current):
                kinds[node] = kind
    for node in sorted(kinds):
        net.add_node(str(node), **_node_attrs(graph, node, kinds[node], facts, personal))

    for kind, source, target, vias, role, prop in _edge_rows(store):
        s, t = str(source), str(target)
        if s not in net or t not in net or s == t:
            continue
        planned = (
            kind == "planned-reports-to"
            or any((v, IPO.status, IPO.Planned) in graph for v in vias)
            or net.nodes[s]["planned"]
            or net.nodes[t]["planned"]
        )
        text = EDGE_KINDS[kind]
        if kind == "membership" and role is not None:
            text = label(graph, role)
        elif (
            kind in ("linked-to", "site") and prop is not None and (prop, RDFS.label, None) in graph
        ):
            text = label(graph, prop)
        evidence: list[dict[str, Any]] = []
        for v in vias:
            evidence += [e for e in facts.evidence.get(v, []) if e not in evidence]
        net.add_edge(
            s,
            t,
            key=f"{kind}:{' '.join(map(str, vias))}",
            kind=kind,
            label=text,
            role=label(graph, role) if role is not None else "",
            iri=" ".join(map(str, vias)),
            property=qname(prop) if prop is not None else "",
            planned=planned,
            begin=min((facts.begin[v][1] for v in vias if v in facts.begin), default=""),
            end=max((facts.end[v][1] for v in vias if v in facts.end), default=""),
            holds_on=[],
            evidence=evidence,
            sources=sorted({d for v in vias for d in facts.documents.get(v, ())}),
        )
    day = day or latest_state_date(graph)
    _add_statuses(store, net, timeline, day, per_day=days)
    return net


def _add_statuses(
    store: Any,
    net: nx.MultiDiGraph,
    timeline: Timeline | None,
    day: dt.date | None,
    *,
    per_day: bool = True,
) -> None:
    """Set every node's and edge's status on the view's day, and (``per_day``) on every day.

    ``status`` and ``last_attested``: its status on the view's ``day``, and for a presumed
    thing the last day a source stated it;
    ``last_stated``: that day whatever the view's day (for pictures of other days);
    ``holds_on``: the days (of every day the data knows, :meth:`Timeline.days`, and the
    view's day, in the graph's ``dates``) on which it holds or is presumed;
    ``status_on``: its status on each.
    """
    tl = timeline if timeline is not None else Timeline.of_store(store)
    ordered = tl.days() if per_day else []
    if per_day and day is not None and day not in ordered:
        # the view's own day is a stop too: the explorer opens on it (``--as-of``)
        ordered = sorted([*ordered, day])
    iso = [d.isoformat() for d in ordered]
    net.graph["dates"] = iso
    net.graph["day"] = day.isoformat() if day else ""
    rank = ["holds", "presumed", "unknown", "not-yet", "ended", "planned"]

    def statuses(thing: str) -> dict[str, str]:
        fact = tl.facts.get(URIRef(thing))
        if fact is None:  # timeless: holds on every day
            return dict.fromkeys(iso, "holds")
        return dict(zip(iso, fact.statuses_on(ordered), strict=True))

    def at_day(things: list[str]) -> tuple[str, str | None]:
        """The least sure status of ``things`` on the day, and the earliest last attestation."""
        worst, last = "holds", None
        for thing in things:
            fact = tl.facts.get(URIRef(thing))
            if fact is None or day is None:
                continue
            st = fact.status(day)
            if rank.index(st.name) > rank.index(worst):
                worst = st.name
            if st.last_attested is not None:
                text = st.last_attested.isoformat()
                last = min(last, text) if last else text
        return worst, last

    def last_stated(things: list[str]) -> str | None:
        """The last day a source stated it, when no end is stated (presumed after it)."""
        found = [f.presumed_after for t in things if (f := tl.facts.get(URIRef(t)))]
        days = [d for d in found if d is not None]
        return min(days).isoformat() if days else None

    for n, data in net.nodes(data=True):
        data["last_stated"] = last_stated([n])
        data["status"], data["last_attested"] = at_day([n])
        if data.get("planned"):
            fact = tl.facts.get(URIRef(n))
            if fact is not None and not fact.unrealised and data["status"] != "planned":
                data["planned"] = False  # a plan carried out by the view's day
            else:
                data["status"] = "planned"
        if per_day:
            data["status_on"] = statuses(n)
            data["holds_on"] = [d for d, st in data["status_on"].items() if st in IN_FORCE]
        else:
            data["status_on"], data["holds_on"] = {}, []
    for s, t, data in net.edges(data=True):
        vias = data["iri"].split()
        data["last_stated"] = last_stated(vias or [s, t])
        data["status"], data["last_attested"] = at_day(vias or [s, t])
        if data.get("planned"):
            data["status"] = "planned"
        if not per_day:
            data["status_on"], data["holds_on"] = {}, []
            continue
        both = set(net.nodes[s]["holds_on"]) & set(net.nodes[t]["holds_on"])
        if vias:
            per_via = [statuses(v) for v in vias]
            days = {d for st in per_via for d, name in st.items() if name in IN_FORCE}
            data["holds_on"] = sorted(both & days)
            data["status_on"] = {
                d: next((st[d] for st in per_via if st[d] in IN_FORCE), per_via[0][d])
                for d in net.graph["dates"]
            }
        else:
            data["holds_on"] = sorted(both)
            data["status_on"] = {
                d: ("holds" if d in both else "unknown") for d in net.graph["dates"]
            }


_GENERIC = {ORG.linkedTo, ORG.hasSite}
#: Kinds drawn once per pair of ends, whatever number of qualifying resources they have.
_PER_PAIR = frozenset({"sub-organisation", "unit", "reports-to"})

_EdgeRow = tuple[str, Node, Node, list[Node], "Node | None", "Node | None"]


def _edge_rows(store: Any) -> list[_EdgeRow]:
    """Edge rows, de-duplicated: one per qualifier (membership, planned line) or per pair."""
    rows: dict[tuple[str, Node, Node, Node | None], tuple[set[Node], Node | None, Node | None]] = {}
    for row in _rows(store, "network-edges"):
        kind = str(row.kind)
        source, target, via, prop = row.source, row.target, row.via, row.property
        if kind == "substitute" and str(source) > str(target):
            source, target = target, source
        key = (kind, source, target, None if kind in _PER_PAIR else via)
        vias, role, old_prop = rows.get(key, (set(), None, None))
        if via is not None:
            vias.add(via)
        if old_prop is None or (old_prop in _GENERIC and prop not in _GENERIC):
            old_prop = prop
        rows[key] = (vias, role if role is not None else row.role, old_prop)
    out: list[_EdgeRow] = [
        (kind, s, t, sorted(vias, key=str), role, prop)
        for (kind, s, t, _v), (vias, role, prop) in sorted(
            rows.items(), key=lambda kv: tuple(map(str, kv[0]))
        )
    ]
    # generic linked-to/site edges where a specific property links the same pair
    specific = {(k, s, t) for (k, s, t, _v, _r, p) in out if p is not None and p not in _GENERIC}
    return [r for r in out if not (r[5] in _GENERIC and (r[0], r[1], r[2]) in specific)]


def subtree(net: nx.MultiDiGraph, root: str) -> nx.MultiDiGraph:
    """``root`` and everything below it: hierarchy edges downwards, members of its bodies."""
    if root not in net:
        raise UsageError(f"--root {root}: not an organisation, post or person in the graph")
    keep = {root}
    frontier = [root]
    while frontier:
        node = frontier.pop()
        below = [t for _, t, k in net.out_edges(node, data="kind") if k in TREE_KINDS]
        below += [s for s, _, k in net.in_edges(node, data="kind") if k == "membership"]
        for child in below:
            if child not in keep:
                keep.add(child)
                frontier.append(child)
    part = net.subgraph(keep).copy()
    part.graph["provinces"] = province_count(net)
    return part


def province_count(net: nx.MultiDiGraph) -> int:
    """How many provinces the seats of a body are spread over ("1 per provincie"): those
    of the whole view, which a subtree keeps (:func:`subtree`), as its seats are still
    spread over them though the provinces themselves lie outside it."""
    kept = net.graph.get("provinces")
    if kept is not None:
        return int(kept)
    return sum(1 for _, t in net.nodes(data="type") if t == "ipo:Province")


def resolve_root(
    net: nx.MultiDiGraph, text: str, kg: Any = None, day: dt.date | None = None
) -> str:
    """``--root`` text (IRI, prefixed name or label) → a node id of ``net``."""
    if kg is not None:
        candidates = [str(c) for c in kg.candidates(text)]
    else:
        wanted = text.casefold()
        candidates = [
            n
            for n, data in net.nodes(data=True)
            if n == text
            or data["label"].casefold() == wanted
            or any(a.casefold() == wanted for a in data["alt_labels"])
        ]
    found = [c for c in candidates if c in net]
    if len(found) == 1:
        return found[0]
    timeline: Any = getattr(kg, "timeline", None)
    if not found and day is not None and timeline is not None:
        # it exists, but not on the day shown: say so rather than "no such name"
        absent = root_not_on_day(text, candidates, timeline, day)
        if absent is not None:
            raise absent
    if not found:
        from ..labels import qname
        from ..names import did_you_mean

        names = [str(d["label"]) for _n, d in net.nodes(data=True)]
        names += [q for n in net.nodes if (q := qname(URIRef(str(n))))]
        hint = did_you_mean(text, names)
        raise UsageError(
            f"--root {text!r}: no organisation, post or person has that name or IRI{hint}"
        )
    raise UsageError(f"--root {text!r} is ambiguous: {', '.join(sorted(found))}")


def root_not_on_day(
    text: str, candidates: Iterable[Node | str], timeline: Any, day: dt.date
) -> UsageError | None:
    """The error for a ``--root`` naming dated things none of which is in the picture of
    ``day``, saying what each is on that day; None when none of them is dated."""
    from ..labels import qname

    dated = [URIRef(str(c)) for c in candidates if URIRef(str(c)) in timeline.facts]
    if not dated:
        return None
    said = "; ".join(f"{qname(c) or c} is {timeline.status(c, day).describe()}" for c in dated)
    return UsageError(f"--root {text!r} is not in the picture of {day}: {said}")


def view(
    graph: Graph, *, kg: Any = None, options: ExportOptions | None = None, days: bool = True
) -> nx.MultiDiGraph:
    """The network for an export: the whole graph, or the ``root`` subtree."""
    from ..history.timeline import parse_day

    options = options or ExportOptions()
    timeline = kg.timeline if kg is not None and hasattr(kg, "timeline") else None
    day = parse_day(options.as_of) if options.as_of else None
    net = build_network(graph, timeline=timeline, day=day, days=days)
    if options.root:
        net = subtree(net, resolve_root(net, options.root, kg, day))
    return net
