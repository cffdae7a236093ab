"""What changed in the organisation between two days, with the words on both sides.

Both days are read with the one as-of semantics (:mod:`.asof`). Dated things are grouped
by what a reader compares: reporting lines by the post they report to, tenures by post,
memberships by body, posts by the organisation they are in, figures by organisation,
structure links and organisations by their parent. A group whose holding (or planned)
members differ between the days is one change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ..api import IpoGraph
from ..namespaces import FOAF, IPO, ORG, RDF, SKOS
from ..provenance.evidence import Quote, quotes
from .timeline import Status, parse_day

#: (category, class, property to the group key); first match wins, so order matters.
CATEGORIES: tuple[tuple[str, URIRef, URIRef | None], ...] = (
    ("reporting line", IPO.ReportingLine, IPO.toPost),
    ("tenure", IPO.Tenure, IPO.post),
    ("organisation", IPO.StructureLink, IPO.parent),
    ("staff figure", IPO.StaffingFigure, None),
    ("vacancy", IPO.Vacancy, IPO.forPost),
    ("legal form", IPO.LegalFormPeriod, IPO.legalFormOf),
    ("membership", ORG.Membership, ORG.organization),
    ("post", ORG.Post, ORG.postIn),
    ("responsibility", SKOS.Concept, SKOS.inScheme),  # tasks, grouped by their list
    ("organisation", ORG.Organization, None),
    ("person", FOAF.Person, None),
    ("property", RDF.Statement, RDF.subject),
)
ORDER = [*dict.fromkeys(c[0] for c in CATEGORIES), "other"]
GROUP_TITLES = {
    "reporting line": "reporting lines to {}",
    "tenure": "holders of {}",
    "staff figure": "staff figures",
    "vacancy": "vacancies for {}",
    "legal form": "legal form of {}",
    "membership": "members of {}",
    "post": "posts in {}",
    "responsibility": "responsibilities in {}",
    "organisation": "bodies and units of {}",
    "person": "people named",
    "property": "what is stated of {}",
    "other": "{}",
}


@dataclass(frozen=True)
class Item:
    """One dated thing on one side of a change."""

    thing: URIRef
    label: str
    state: str  # its status on the later day: holds, presumed, ended, planned, ...
    basis: str
    quotes: tuple[Quote, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "iri": str(self.thing),
            "label": self.label,
            "state": self.state,
            "basis": self.basis,
            "evidence": [q.as_dict() for q in self.quotes],
        }


@dataclass
class Change:
    """A group of things that differs between the two days."""

    category: str
    keys: list[URIRef]
    title: str
    kind: str  # added | removed | changed | planned
    before: list[Item] = field(default_factory=list)
    after: list[Item] = field(default_factory=list)
    unchanged: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "kind": self.kind,
            "title": self.title,
            "keys": [str(k) for k in self.keys],
            "before": [i.as_dict() for i in self.before],
            "after": [i.as_dict() for i in self.after],
            "unchanged": [i.label for i in self.unchanged],
        }


@dataclass
class ChangeReport:
    start: dt.date
    end: dt.date
    sources: list[tuple[str, dt.date]]
    changes: list[Change]
    #: per category, how many things began, ended, were planned or were newly attested
    summary: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "sources": [{"document": d, "stateDate": s.isoformat()} for d, s in self.sources],
            "summary": self.summary,
            "changes": [c.as_dict() for c in self.changes],
        }


def categorise(kg: IpoGraph, thing: URIRef) -> tuple[str, URIRef]:
    """(category, group key) of a dated thing."""
    g = kg.graph
    types = set(g.objects(thing, RDF.type))
    for name, cls, prop in CATEGORIES:
        if cls in types:
            if cls in (IPO.StaffingFigure, FOAF.Person):
                return name, cls  # one group: what the staff was and is; who is named
            if prop is None:
                return name, _parent(kg, thing) or thing
            return name, _first(g.objects(thing, prop)) or thing
    return "other", thing


def _first(nodes: Iterable[Node]) -> URIRef | None:
    """The first IRI in code-point order: a thing with two keys (a vacancy for two posts)
    is grouped by the same one whichever order a graph or store lists them in."""
    return min((n for n in nodes if isinstance(n, URIRef)), key=str, default=None)


def _parent(kg: IpoGraph, org: URIRef) -> URIRef | None:
    g = kg.graph
    stated = _first(p for link in g.subjects(IPO.child, org) for p in g.objects(link, IPO.parent))
    if stated is not None:
        return stated
    return _first(
        p
        for p in (*g.subjects(ORG.hasSubOrganization, org), *g.objects(org, ORG.subOrganizationOf))
        if p != org
    )


def _state(s: Status | None) -> str | None:
    """What is compared between the days: in force (holds or presumed), planned, or not."""
    if s is None:
        return None
    if s.in_force:
        return "in force"
    return "planned" if s.name == "planned" else None


def _transition(before: Status | None, after: Status | None, start: dt.date) -> str:
    """How one thing changed between the days, for the summary."""
    if after is not None and after.name == "planned":
        return "planned"
    if after is not None and after.in_force:
        fact = after.fact
        begun = fact.begin or fact.point
        if begun is not None and begun.earliest > start:
            return "began"
        return "newly attested"
    if after is not None and after.name == "ended":
        return "ended"
    return "no longer planned" if before is not None and before.name == "planned" else "ended"


def changes(kg: IpoGraph, start: str | dt.date, end: str | dt.date) -> ChangeReport:
    """Every group of dated things whose in-force or planned members differ between the
    days. A later source's silence changes nothing: only stated beginnings, ends, plans and
    first mentions do (docs/modelling.md, "As-of semantics")."""
    start, end = parse_day(start), parse_day(end)
    timeline = kg.timeline
    at_a, at_b = timeline.statuses(start), timeline.statuses(end)
    groups: dict[tuple[str, URIRef], set[URIRef]] = defaultdict(set)
    for thing in timeline.facts:
        if _state(at_a.get(thing)) or _state(at_b.get(thing)):
            groups[categorise(kg, thing)].add(thing)
    summary: dict[str, Counter[str]] = defaultdict(Counter)

    def item(thing: URIRef, s: Status) -> Item:
        return Item(thing, kg.label(thing), s.name, s.describe(), tuple(quotes(kg.graph, thing)))

    found: list[Change] = []
    # in the keys' order, not the order the time rule's rows came in from the engine
    for (category, key), members in sorted(groups.items(), key=lambda g: (g[0][0], str(g[0][1]))):
        side_a = {t: s for t in members if (s := _state(at_a.get(t)))}
        side_b = {t: s for t in members if (s := _state(at_b.get(t)))}
        if side_a == side_b:
            continue
        for t in members:
            if side_a.get(t) != side_b.get(t):
                summary[category][_transition(at_a.get(t), at_b.get(t), start)] += 1
        before = [item(t, at_b[t]) for t in sorted(side_a) if side_b.get(t) != side_a[t]]
        after = [item(t, at_b[t]) for t in sorted(side_b) if side_a.get(t) != side_b[t]]
        same = [item(t, at_b[t]) for t in sorted(side_b) if side_a.get(t) == side_b[t]]
        if not side_a:
            kind = "planned" if all(s == "planned" for s in side_b.values()) else "added"
        elif not side_b:
            kind = "removed"
        else:
            kind = "changed"
        found.append(Change(category, [key], "", kind, before, after, same))
    found = _merge_alike(found)
    for ch in found:
        names = sorted({kg.label(k) for k in ch.keys}, key=str.casefold)
        ch.title = GROUP_TITLES[ch.category].format(", ".join(names))
        if ch.category == "other":
            kinds = sorted({_kind(kg, k) for k in ch.keys} - {""})
            ch.title += f" ({', '.join(kinds)})" if kinds else ""
        for side in (ch.before, ch.after, ch.unchanged):
            side.sort(key=lambda i: (i.label.casefold(), str(i.thing)))
    found.sort(key=lambda c: (ORDER.index(c.category), c.title.casefold()))
    sources = [(s.identifier, s.state_date) for s in timeline.sources]
    counts = {c: dict(sorted(n.items())) for c, n in sorted(summary.items(), key=_order)}
    return ChangeReport(start, end, sources, found, counts)


def _order(item: tuple[str, object]) -> int:
    return ORDER.index(item[0]) if item[0] in ORDER else len(ORDER)


def _kind(kg: IpoGraph, thing: URIRef) -> str:
    """The label of the thing's project or ORG class, for things outside the categories."""
    for t in sorted(kg.graph.objects(thing, RDF.type), key=str):
        if isinstance(t, URIRef) and kg.qname(t).startswith(("ipo:", "org:")):
            return kg.label(t, "en")
    return ""


def _merge_alike(found: list[Change]) -> list[Change]:
    """One change for groups of the same kind resting on the same words (the Provinciale
    Staten of twelve provinces, say), so the report reads as the sources do."""
    merged: dict[tuple[object, ...], Change] = {}
    for ch in found:
        sig = (ch.category, ch.kind, tuple(_side_quotes(ch.before)), tuple(_side_quotes(ch.after)))
        if sig in merged:
            into = merged[sig]
            into.keys += ch.keys
            into.before += ch.before
            into.after += ch.after
            into.unchanged += ch.unchanged
        else:
            merged[sig] = ch
    return list(merged.values())


def _side_quotes(items: list[Item]) -> list[Quote]:
    return sorted({q for i in items for q in i.quotes})


def _item_lines(sign: str, items: list[Item], markdown: bool) -> list[str]:
    """Items of one side; a reason they all share is printed once, above them."""
    if not items:
        return []
    shared = len(items) > 1 and len({i.basis for i in items}) == 1
    bullet = f"- `{sign}`" if markdown else f"  {sign}"
    out: list[str] = []
    if shared:
        out.append(f"{bullet} {len(items)} things, each {items[0].basis}:")
    for it in items:
        state = {"planned": " (planned, not in force)", "presumed": " (presumed)"}.get(it.state, "")
        if shared:
            out.append(f"    - {it.label}{state}")
        else:
            out.append(f"{bullet} {it.label}{state} — {it.basis}")
    return out


def render_text(report: ChangeReport, *, markdown: bool = False) -> str:
    """The report for people: text, or Markdown for a review comment."""
    docs = "; ".join(f"{d} stated on {s}" for d, s in report.sources)
    head = f"Changes from {report.start} to {report.end}"
    out = [f"# {head}" if markdown else head]
    if docs:
        out.append(f"\nSources: {docs}." if markdown else f"  sources: {docs}")
    if report.summary:
        out.append("\n## Summary\n" if markdown else "  summary:")
        for category, counts in report.summary.items():
            parts = ", ".join(f"{n} {what}" for what, n in counts.items())
            out.append(f"- {category}: {parts}" if markdown else f"    {category}: {parts}")
    if not report.changes:
        out.append("\nNo changes.")
    for ch in report.changes:
        out.append("")
        out.append(f"## {ch.title}: {ch.kind}" if markdown else f"[{ch.kind}] {ch.title}")
        out.extend(_item_lines("-", ch.before, markdown))
        out.extend(_item_lines("+", ch.after, markdown))
        if ch.unchanged:
            names = ", ".join(
                f"{i.label} (presumed)" if i.state == "presumed" else i.label for i in ch.unchanged
            )
            out.append(f"- unchanged: {names}" if markdown else f"  = unchanged: {names}")
        for name, side in (("before", ch.before), ("after", ch.after)):
            qs = _side_quotes(side)
            if not qs:
                continue
            out.append(f"\n**{name}:**\n" if markdown else f"  {name}:")
            for q in qs:
                if markdown:
                    out.append(f"> {q.one_line()}\n> — `{q.where()}`\n")
                else:
                    out.append(f'    {q.where()}: "{q.one_line()}"')
    return "\n".join(out).rstrip() + "\n"


__all__ = ["Change", "ChangeReport", "Item", "categorise", "changes", "render_text"]
