"""Why the graph says something: the sources, dates and exact words behind a fact or entity.

Matching, for ``why S [P [O]]``:

* ``S`` alone: S's own sources and excerpts, the evidenced resources that refer to S (its
  memberships, tenures, reporting lines, posts, ...), and the discrepancies touching any of them.
* ``S P`` / ``S P O``: the triples ``S P o`` whose object matches ``O`` (``P`` may be ``*``
  for any predicate). ``O`` matches a node it names (IRI, prefixed name, exact label) or a
  literal or label equal to it, or, failing those, a label containing it. The
  *qualifiers* of a fact are the evidenced resources that refer to both S and the object
  (a membership with ``org:organization`` S and ``org:role`` O, a reporting line from S to
  O), for an ``ipo:responsibility`` the task itself (dated by its own line), and the
  ``rdf:Statement``s that reify the triple; the fact's words are their
  excerpts, or S's own excerpts when nothing qualifies it.
* A discrepancy touches a resource when it ``ipo:concerns`` it or shares an excerpt with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..api import IpoGraph, spelled_iri
from ..errors import DataProblem, UsageError
from ..history.qualifiers import QUALIFIED_BY
from ..history.timeline import latest_state_date, parse_day
from ..load import Location
from ..names import not_found
from ..namespaces import DCTERMS, IPO, ORG, PROV, RDF, RDFS, SKOS, TIME
from ..results import NUMBER_TYPES
from ..violations import locate_all
from .evidence import Quote, quote, quotes

ANY = ("*", "-", "any")
#: Resources that can qualify a fact (the membership behind "S has chair O").
QUALIFIER_CLASSES: tuple[URIRef, ...] = (
    ORG.Membership,
    ORG.Post,
    IPO.Tenure,
    IPO.ReportingLine,
    IPO.StructureLink,
    IPO.StaffingFigure,
    IPO.LegalFormPeriod,
    IPO.Vacancy,
    ORG.ChangeEvent,
    IPO.ProcedureStep,
)
_LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


@dataclass(frozen=True)
class SourceRef:
    iri: str
    identifier: str
    title: str
    issued: str
    state_date: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Statement:
    """A resource that states something, with its sources, time and words."""

    iri: URIRef
    name: str
    label: str
    types: list[str]
    time: str
    sources: list[SourceRef]
    quotes: list[Quote]
    location: str | None = None
    #: its status on the day asked about (timeline.py), e.g. "presumed (last stated …)"
    status: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "iri": str(self.iri),
            "name": self.name,
            "label": self.label,
            "types": self.types,
            "time": self.time,
            "status": self.status,
            "location": self.location,
            "sources": [s.as_dict() for s in self.sources],
            "evidence": [q.as_dict() for q in self.quotes],
        }


@dataclass
class Discrepancy:
    iri: URIRef
    name: str
    label: str
    comments: list[str]
    readings: list[str]
    quotes: list[Quote]

    def as_dict(self) -> dict[str, Any]:
        return {
            "iri": str(self.iri),
            "name": self.name,
            "label": self.label,
            "comments": self.comments,
            "readings": self.readings,
            "evidence": [q.as_dict() for q in self.quotes],
        }


@dataclass
class Explanation:
    subject: Statement
    facts: list[tuple[str, str]] = field(default_factory=list)  # (predicate, object), labelled
    qualifiers: list[Statement] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    question: str = ""
    is_fact: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "fact": self.is_fact,
            "subject": self.subject.as_dict(),
            "facts": [{"predicate": p, "object": o} for p, o in self.facts],
            "qualifiers": [q.as_dict() for q in self.qualifiers],
            "discrepancies": [d.as_dict() for d in self.discrepancies],
        }


def resolve_subject(kg: IpoGraph, text: str) -> URIRef:
    """An IRI, prefixed name or label → one IRI; none or several is a usage error."""
    found = [c for c in kg.candidates(text) if _in_graph(kg, c)]
    if not found:
        raise not_found(kg.graph, text)
    if len(found) == 1:
        return found[0]
    lines = [f"{text!r} is ambiguous; it may mean:"]
    for c in found:
        lines.append(f"  {kg.qname(c)}  {kg.label(c)}  ({', '.join(_types(kg, c)) or 'untyped'})")
    raise UsageError("\n".join(lines))


def _in_graph(kg: IpoGraph, node: Node) -> bool:
    """Whether the graph uses ``node`` at all: as a subject, a property or an object (the
    graph uses ``org:reportsTo`` without defining it)."""
    g = kg.graph
    return (node, None, None) in g or (None, node, None) in g or (None, None, node) in g


def _resolve_predicate(kg: IpoGraph, text: str) -> URIRef | None:
    """PREDICATE → one IRI. One the graph does not use is a misspelt name (exit 2, with
    the nearest names), not a fact the graph does not state (exit 1)."""
    if text in ANY:
        return None
    found = kg.candidates(text)
    if len(found) > 1:
        raise UsageError(f"{text!r} does not name one property (use '*' for any)")
    if not found or not _in_graph(kg, found[0]):
        raise not_found(kg.graph, text)
    return found[0]


def _object_matches(kg: IpoGraph, text: str) -> tuple[set[Node], str]:
    """The nodes ``text`` names (exactly, else by a label containing it) and the folded text."""
    wanted = text.casefold()
    nodes: set[Node] = set(kg.candidates(text))
    if not nodes:
        nodes = {
            s
            for p in _LABELS
            for s, o in kg.graph.subject_objects(p)
            if isinstance(s, URIRef) and wanted in str(o).casefold()
        }
    return nodes, wanted


def _same_number(literal: Literal, text: str) -> bool:
    """``8`` asks about the ``8.0`` a file writes, and ``8.0`` about the ``8`` a store
    keeps of it (Oxigraph stores numbers in canonical form): a number is its value."""
    if literal.datatype not in NUMBER_TYPES:
        return False
    try:
        return Decimal(str(literal)) == Decimal(text.strip())
    except InvalidOperation:
        return False


def _types(kg: IpoGraph, thing: Node) -> list[str]:
    """The most specific asserted-looking types: those no other type of the thing is below."""
    types = {t for t in kg.graph.objects(thing, RDF.type) if isinstance(t, URIRef)}
    specific = {
        t for t in types if not any(o != t and (o, RDFS.subClassOf, t) in kg.graph for o in types)
    }
    return sorted(kg.qname(t) for t in specific)


def _time(kg: IpoGraph, thing: Node) -> str:
    g = kg.graph
    for prop in (ORG.memberDuring, IPO.during):
        interval = g.value(thing, prop)
        if interval is not None:
            begin = g.value(interval, TIME.hasBeginning)
            end = g.value(interval, TIME.hasEnd)
            return f"{_instant(kg, begin)} – {_instant(kg, end)}"
    at = g.value(thing, IPO.validAt)
    if at is not None:
        return f"at {_instant(kg, at)}"
    if (thing, IPO.status, IPO.Planned) in g:
        return "planned"
    return ""


def _instant(kg: IpoGraph, instant: Node | None) -> str:
    if instant is None:
        return "…"
    if (instant, RDFS.label, None) in kg.graph:
        return kg.label(instant)  # the Dutch label, whatever order the file lists them in
    for prop in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear):
        value = kg.graph.value(instant, prop)
        if value is not None:
            return str(value)
    return "…"


def _sources(kg: IpoGraph, thing: Node) -> list[SourceRef]:
    g = kg.graph
    docs = set(g.objects(thing, PROV.wasDerivedFrom))
    for excerpt in g.objects(thing, IPO.evidence):
        docs.update(g.objects(excerpt, PROV.wasQuotedFrom))
    out = [
        SourceRef(
            str(d),
            str(g.value(d, DCTERMS.identifier) or kg.qname(d)),
            str(g.value(d, DCTERMS.title) or kg.label(d)),
            str(g.value(d, DCTERMS.issued) or ""),
            str(g.value(d, IPO.stateDate) or ""),
        )
        for d in docs
    ]
    return sorted(out, key=lambda s: (s.state_date, s.identifier))


def _status(kg: IpoGraph, thing: URIRef, day: dt.date | None) -> str:
    """The thing's status on ``day`` (default: the latest state date), in plain words."""
    day = day or latest_state_date(kg.graph)
    status = kg.timeline.status(thing, day) if day else None
    return f"on {day}: {status.describe()}" if status is not None else ""


def places(kg: IpoGraph, things: Iterable[URIRef]) -> dict[URIRef, Location | None]:
    """Where each thing is defined: from the loader's index, else (a subject no line starts
    with, indented in a TriG block, say; or any thing of a graph opened from the store) by
    the report's rule, reading the files once for all of them."""
    found = {t: kg.loaded.location(t) for t in things}
    missing = [t for t, loc in found.items() if loc is None]
    if missing:
        found.update(locate_all(kg.loaded, missing))
    return found


def statement(
    kg: IpoGraph,
    thing: URIRef,
    day: dt.date | None = None,
    located: Mapping[URIRef, Location | None] | None = None,
) -> Statement:
    """What ``thing`` is and what states it; ``located``: :func:`places`, if at hand."""
    loc = located[thing] if located is not None and thing in located else places(kg, [thing])[thing]
    where = None
    if loc is not None:
        path = loc.path.resolve()
        with contextlib.suppress(ValueError):
            path = path.relative_to(Path.cwd())
        where = str(replace(loc, path=path))
    return Statement(
        iri=thing,
        name=kg.qname(thing),
        label=kg.label(thing),
        types=_types(kg, thing),
        time=_time(kg, thing),
        sources=_sources(kg, thing),
        quotes=quotes(kg.graph, thing),
        location=where,
        status=_status(kg, thing, day),
    )


def _evidenced(kg: IpoGraph, thing: Node) -> bool:
    return (thing, IPO.evidence, None) in kg.graph or (thing, PROV.wasDerivedFrom, None) in kg.graph


def _referrers(kg: IpoGraph, target: Node) -> set[URIRef]:
    """Evidenced resources with ``target`` as the object of one of their statements."""
    skip = {RDF.type, IPO.evidence, PROV.wasDerivedFrom}
    return {
        s
        for s, p in kg.graph.subject_predicates(target)
        if isinstance(s, URIRef)
        and p not in skip
        and _evidenced(kg, s)
        and (s, RDF.type, IPO.Discrepancy) not in kg.graph
    }


def _statements_of(kg: IpoGraph, s: Node, p: Node, o: Node) -> set[URIRef]:
    """The ``rdf:Statement``s that reify the triple ``s p o`` (each dates it by its own
    evidence: docs/modelling.md, "A property is as dated as the thing it hangs on")."""
    g = kg.graph
    return {
        st
        for st in g.subjects(RDF.subject, s)
        if isinstance(st, URIRef)
        and (st, RDF.type, RDF.Statement) in g
        and (st, RDF.predicate, p) in g
        and (st, RDF.object, o) in g
    }


def _is_qualifier(kg: IpoGraph, thing: Node) -> bool:
    return any((thing, RDF.type, cls) in kg.graph for cls in QUALIFIER_CLASSES)


def _discrepancies(kg: IpoGraph, things: set[URIRef]) -> list[Discrepancy]:
    g = kg.graph
    excerpts = {e for t in things for e in g.objects(t, IPO.evidence)}
    found: set[Node] = set()
    for d in g.subjects(RDF.type, IPO.Discrepancy):
        concerns = set(g.objects(d, IPO.concerns))
        shared = set(g.objects(d, IPO.conflictingExcerpt)) & excerpts
        if concerns & things or shared:
            found.add(d)
    out = []
    for d in sorted(found, key=str):
        conflicting = sorted({quote(g, e) for e in g.objects(d, IPO.conflictingExcerpt)})
        out.append(
            Discrepancy(
                iri=d,  # type: ignore[arg-type]
                name=kg.qname(d),
                label=kg.label(d),
                comments=sorted(_english_first(g.objects(d, RDFS.comment))),
                readings=sorted(str(r) for r in g.objects(d, IPO.reading)),
                quotes=conflicting,
            )
        )
    return out


def _english_first(literals: Iterable[Node]) -> list[str]:
    """English comments when there are any (the CLI speaks English), else all."""
    items = [lit for lit in literals if isinstance(lit, Literal)]
    english = [str(lit) for lit in items if lit.language == "en"]
    return english or [str(lit) for lit in items]


def explain(
    kg: IpoGraph,
    subject: str,
    predicate: str | None = None,
    obj: str | None = None,
    *,
    as_of: str | dt.date | None = None,
) -> Explanation:
    """The sources, dates, excerpts and discrepancies behind ``subject`` or a fact about it,
    with each dated thing's status on ``as_of`` (default: the latest state date).

    Raises :class:`UsageError` for names that resolve to nothing or to several things, and
    :class:`DataProblem` when the graph does not state the fact asked about.
    """
    day = parse_day(as_of) if as_of is not None else None
    s = resolve_subject(kg, subject)
    question = " ".join(x for x in (subject, predicate, obj) if x)
    if predicate is None:
        referrers = sorted(_referrers(kg, s) - {s}, key=lambda r: (kg.label(r), str(r)))
        located = places(kg, [s, *referrers])
        subj = statement(kg, s, day, located)
        qualifiers = [statement(kg, r, day, located) for r in referrers]
        touched = {s, *referrers}
        return Explanation(subj, [], qualifiers, _discrepancies(kg, touched), question)

    p = _resolve_predicate(kg, predicate)
    if obj is not None and not obj.strip():
        # every label contains '': it asked about everything, or, with a predicate, said
        # the graph does not state the fact, leaving the empty OBJECT out of the question
        raise UsageError("OBJECT is empty: give an IRI, prefixed name, label or literal")
    targets, wanted = _object_matches(kg, obj) if obj is not None else (set(), "")

    def matches(o: Node) -> bool:
        if obj is None or o in targets:
            return True
        if isinstance(o, Literal):
            return str(o).casefold() == wanted or _same_number(o, wanted)
        return False

    triples = [
        (pp, o)
        for pp, o in kg.graph.predicate_objects(s)
        if (p is None or pp == p) and pp not in (IPO.evidence, PROV.wasDerivedFrom) and matches(o)
    ]
    # Objects to link through qualifiers: those of the matching triples; with '*' or a
    # qualified property, also every node O names.
    objects: set[Node] = {o for _, o in triples if not isinstance(o, Literal)}
    if obj is not None and (p is None or p in QUALIFIED_BY):
        objects |= {t for t in targets if not isinstance(t, Literal)}
    subject_refs = {r for r in _referrers(kg, s) if _is_qualifier(kg, r)}
    qualifying: set[URIRef] = set()
    for o in objects:
        qualifying |= subject_refs & _referrers(kg, o)
    if p in QUALIFIED_BY and not triples:
        cls = QUALIFIED_BY[p]
        qualifying = {q for q in qualifying if (q, RDF.type, cls) in kg.graph}
    # a task cites the words that state it and is dated by them, not by who holds it
    qualifying |= {o for pp, o in triples if pp == IPO.responsibility and isinstance(o, URIRef)}
    # a triple reified as an rdf:Statement is stated by that statement's evidence
    qualifying |= {st for pp, o in triples for st in _statements_of(kg, s, pp, o)}
    qualifying.discard(s)
    if not triples and not qualifying:
        # OBJECT written as an IRI the graph does not use (<>, a typo) names nothing, as
        # SUBJECT and PREDICATE would; asked only now, as the text may be a literal (a URL)
        unused = not any(_in_graph(kg, t) for t in targets)
        if obj is not None and spelled_iri(obj) is not None and unused:
            raise not_found(kg.graph, obj)
        raise DataProblem(f"the graph does not state: {question}")
    facts = sorted({(kg.qname(pp), kg.label(o)) for pp, o in triples})
    ordered = sorted(qualifying, key=lambda r: (kg.label(r), str(r)))
    located = places(kg, [s, *ordered])
    subj = statement(kg, s, day, located)
    qualifiers = [statement(kg, q, day, located) for q in ordered]
    touched = {s, *qualifying}
    return Explanation(subj, facts, qualifiers, _discrepancies(kg, touched), question, True)


def _statement_lines(st: Statement, indent: str, markdown: bool, words: bool = True) -> list[str]:
    types = ", ".join(st.types) or "untyped"
    if markdown:
        indent = ""  # Markdown: one list item per resource, its details as sub-items
        out = [f"- **{st.label}** (`{st.name}`; {types})"]
    else:
        out = [f"{indent}{st.label}  ({st.name}; {types})"]
    pad = indent + ("  - " if markdown else "  ")
    if st.time:
        out.append(f"{pad}time: {st.time}")
    if st.status:
        out.append(f"{pad}status {st.status}")
    if st.location:
        out.append(f"{pad}defined at {st.location}")
    for src in st.sources:
        dates = [f"issued {src.issued}"] if src.issued else []
        dates += [f"state date {src.state_date}"] if src.state_date else []
        out.append(f"{pad}source: {src.identifier} ({', '.join(dates)}) — {src.title}")
    if words:
        for q in st.quotes:
            said = q.one_line()
            out.append(
                f"{pad}“{said}” — `{q.where()}`" if markdown else f'{pad}{q.where()}: "{said}"'
            )
    return out


def render_text(ex: Explanation, *, markdown: bool = False) -> str:
    """The explanation for people: plain text, or Markdown for a review comment."""
    out = [f"# why {ex.question}" if markdown else f"why {ex.question}", ""]
    # For a fact with qualifiers, their words state it; the subject's own would distract.
    out.extend(_statement_lines(ex.subject, "", markdown, words=not (ex.is_fact and ex.qualifiers)))
    if ex.facts:
        out += ["", "## Statements" if markdown else "Statements:"]
        for p, o in ex.facts:
            out.append(f"{'-' if markdown else ' '} {ex.subject.label} {p} {o}")
        if markdown:
            out.append("")
    if ex.qualifiers:
        title = "Stated by" if ex.is_fact else "Resources that refer to it"
        out += ["", f"## {title}\n" if markdown else f"{title}:"]
        for st in ex.qualifiers:
            out.extend(_statement_lines(st, "  ", markdown))
    out.append("")
    if not ex.discrepancies:
        out.append("No recorded discrepancy touches it.")
    else:
        out.append("## Discrepancies\n" if markdown else "Discrepancies:")
        for d in ex.discrepancies:
            out.append(f"- **{d.label}** (`{d.name}`)" if markdown else f"  {d.label}  ({d.name})")
            pad = "  - " if markdown else "    "
            out.extend(f"{pad}{c}" for c in d.comments)
            out.extend(f"{pad}reading: {r}" for r in d.readings)
            out.extend(f'{pad}{q.where()}: "{q.one_line()}"' for q in d.quotes)
    return "\n".join(out).rstrip() + "\n"
