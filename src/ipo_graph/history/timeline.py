"""The as-of semantics of docs/modelling.md, implemented once: when does a dated thing hold?

A *dated thing* is a membership, post, tenure, reporting line, structure link, staffing
figure, legal-form period, vacancy, organisation or named person (or anything with an
interval, an ``ipo:validAt`` or an ``ipo:status``). Everything else (the ontology, sources,
excerpts, roles, concepts, sites, discrepancies) is timeless.

A dated thing holds on day D when its interval (if any) admits D and, where it has no
interval or no end, D falls in a window opened by a source that states it (at that
source's ``ipo:stateDate``, or at the thing's beginning) and closed by the next later
source that does not restate it. Things with ``ipo:status ipo:Planned`` never hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import UsageError
from ..namespaces import DCTERMS, FOAF, IPO, ORG, PROV, RDF, RDFS, TIME

Basis = TypingLiteral["interval", "stated", "implied", "planned", "none"]

#: Classes whose instances are dated (checked after RDFS entailment, so subclasses count).
DATED_CLASSES: tuple[URIRef, ...] = (
    ORG.Membership,
    ORG.Post,
    IPO.Tenure,
    IPO.ReportingLine,
    IPO.StructureLink,
    IPO.StaffingFigure,
    IPO.LegalFormPeriod,
    IPO.Vacancy,
    ORG.Organization,
    FOAF.Person,
)
#: Properties whose subjects are dated whatever their class.
DATING_PROPERTIES: tuple[URIRef, ...] = (ORG.memberDuring, IPO.during, IPO.validAt, IPO.status)
#: Classes never dated, even when RDFS entailment also puts them in a dated class.
TIMELESS_CLASSES: tuple[URIRef, ...] = (IPO.SourceDocument, IPO.Excerpt, IPO.Discrepancy)


def parse_day(value: str | dt.date) -> dt.date:
    """``YYYY-MM-DD`` (or a date) → a date; anything else is a usage error (exit 2)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"not a date: {value!r} (expected YYYY-MM-DD)") from None


def _as_date(value: Node | None) -> dt.date | None:
    if not isinstance(value, Literal):
        return None
    py = value.toPython()
    if isinstance(py, dt.datetime):
        return py.date()
    if isinstance(py, dt.date):
        return py
    text = str(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _precision_bounds(value: Node | None) -> tuple[dt.date, dt.date] | None:
    """Bounds of a ``gYear`` / ``gYearMonth`` / ``date`` literal, for instants without them."""
    if not isinstance(value, Literal):
        return None
    text = str(value).strip()
    try:
        if len(text) == 4:
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
        day = dt.date.fromisoformat(text[:10])
        return day, day
    except ValueError:
        return None


@dataclass(frozen=True)
class Source:
    """A source document and the day its present-tense statements hold."""

    iri: URIRef
    identifier: str
    state_date: dt.date
    issued: str


@dataclass(frozen=True)
class Validity:
    """Whether a dated thing holds on ``day``, and on what grounds.

    ``basis``: ``interval`` (its own beginning and end decide), ``stated`` (it relies on
    the state date of ``source``, because it has no interval or no end), ``implied`` (it
    does not hold by itself but a holding thing refers to it), ``planned`` (announced as
    planned by ``source``; holds on no date), ``none`` (does not hold).
    """

    thing: URIRef
    day: dt.date
    holds: bool
    basis: Basis
    begin: dt.date | None = None
    end: dt.date | None = None
    source: Source | None = None
    implied_by: URIRef | None = None
    superseded_by: URIRef | None = None

    @property
    def stated_on(self) -> dt.date | None:
        return self.source.state_date if self.source and self.basis == "stated" else None

    def describe(self) -> str:
        """Plain words for reports: 'interval 2018-03-01..', 'stated on 2025-12-19 (001_…)'."""
        span = ""
        if self.begin or self.end:
            span = f"{self.begin or ''}..{self.end or ''}"
        if self.basis == "interval":
            return f"by its interval {span}"
        if self.basis == "stated" and self.source:
            since = f"; interval {span}" if span else ""
            return f"stated on {self.source.state_date} in {self.source.identifier}{since}"
        if self.basis == "planned" and self.source:
            return f"planned (announced in {self.source.identifier})"
        if self.basis == "implied":
            return "implied by a thing that holds"
        if self.superseded_by is not None:
            return "superseded by a later figure"
        return "does not hold"


class Timeline:
    """The sources, intervals and dated things of one graph; answers ``validity(thing, day)``."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @cached_property
    def sources(self) -> list[Source]:
        """Source documents with a usable state date, oldest first."""
        out: list[Source] = []
        for doc in set(self.graph.subjects(RDF.type, IPO.SourceDocument)):
            if not isinstance(doc, URIRef):
                continue
            issued = self.graph.value(doc, DCTERMS.issued)
            state = _as_date(self.graph.value(doc, IPO.stateDate))
            if state is None:
                bounds = _precision_bounds(issued)
                state = bounds[0] if bounds else None
            if state is None:
                continue
            ident = self.graph.value(doc, DCTERMS.identifier)
            out.append(Source(doc, str(ident or doc), state, str(issued or "")))
        return sorted(out, key=lambda s: (s.state_date, s.identifier))

    @cached_property
    def _source_by_iri(self) -> dict[Node, Source]:
        return {s.iri: s for s in self.sources}

    @cached_property
    def dated(self) -> frozenset[URIRef]:
        """Every dated thing in the graph."""
        found: set[Node] = set()
        for cls in self._with_subclasses(DATED_CLASSES):
            found.update(self.graph.subjects(RDF.type, cls))
        for prop in DATING_PROPERTIES:
            found.update(self.graph.subjects(prop, None))
        timeless: set[Node] = set()
        for cls in self._with_subclasses(TIMELESS_CLASSES):
            timeless.update(self.graph.subjects(RDF.type, cls))
        return frozenset(t for t in found - timeless if isinstance(t, URIRef))

    def _with_subclasses(self, classes: Iterable[Node]) -> set[Node]:
        """``classes`` and everything below them, so a graph without RDFS entailments works."""
        found = set(classes)
        frontier = list(found)
        while frontier:
            for sub in self.graph.subjects(RDFS.subClassOf, frontier.pop()):
                if sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return found

    def sources_of(self, thing: Node) -> list[Source]:
        """The sources that state ``thing``: ``prov:wasDerivedFrom`` and its excerpts' documents."""
        docs = set(self.graph.objects(thing, PROV.wasDerivedFrom))
        for excerpt in self.graph.objects(thing, IPO.evidence):
            docs.update(self.graph.objects(excerpt, PROV.wasQuotedFrom))
        found = [self._source_by_iri[d] for d in docs if d in self._source_by_iri]
        return sorted(found, key=lambda s: (s.state_date, s.identifier))

    def instant_bounds(self, instant: Node | None) -> tuple[dt.date | None, dt.date | None]:
        """(earliest, latest) of an instant: ``ipo:earliest``/``ipo:latest``, else its precision."""
        if instant is None:
            return None, None
        earliest = _as_date(self.graph.value(instant, IPO.earliest))
        latest = _as_date(self.graph.value(instant, IPO.latest))
        if earliest is None or latest is None:
            for prop in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTime):
                bounds = _precision_bounds(self.graph.value(instant, prop))
                if bounds:
                    earliest = earliest or bounds[0]
                    latest = latest or bounds[1]
                    break
        return earliest, latest

    def interval(self, thing: Node) -> tuple[bool, Node | None, Node | None]:
        """(has an interval or instant, beginning instant, end instant) of ``thing``."""
        for prop in (ORG.memberDuring, IPO.during):
            interval = self.graph.value(thing, prop)
            if interval is not None:
                return (
                    True,
                    self.graph.value(interval, TIME.hasBeginning),
                    self.graph.value(interval, TIME.hasEnd),
                )
        valid_at = self.graph.value(thing, IPO.validAt)
        if valid_at is not None:
            return True, valid_at, None
        opens = self.graph.value(thing, IPO.openFrom)
        closes = list(self.graph.objects(thing, IPO.applicationDeadline))
        if opens is not None or closes:
            # A vacancy is open from its opening to its (latest stated) deadline.
            end = max(closes, key=lambda c: self.instant_bounds(c)[1] or dt.date.min, default=None)
            return True, opens, end
        return False, None, None

    def is_planned(self, thing: Node) -> bool:
        return (thing, IPO.status, IPO.Planned) in self.graph

    def validity(self, thing: URIRef, day: str | dt.date) -> Validity:
        """Whether ``thing`` holds on ``day`` by the as-of semantics, and why."""
        day = parse_day(day)
        _, begin_node, end_node = self.interval(thing)
        begin = self.instant_bounds(begin_node)[0]
        end = self.instant_bounds(end_node)[1]
        sources = self.sources_of(thing)
        if self.is_planned(thing):
            window = self._stated_window(sources, day, None)
            return Validity(thing, day, False, "planned" if window else "none", begin, end, window)
        if end is not None:
            # An end makes the interval decide alone (an open beginning admits any day).
            holds = (begin is None or begin <= day) and day <= end
            return Validity(thing, day, holds, "interval" if holds else "none", begin, end)
        window = self._stated_window(sources, day, begin)
        if window is None:
            return Validity(thing, day, False, "none", begin, end)
        return Validity(thing, day, True, "stated", begin, end, window)

    def _stated_window(
        self, stating: list[Source], day: dt.date, begin: dt.date | None
    ) -> Source | None:
        """The latest stating source whose window [its state date or ``begin``, next
        non-restating source) contains ``day``; None when no window does."""
        found: Source | None = None
        for src in stating:
            start = begin if begin is not None else src.state_date
            stop = next(
                (
                    later.state_date
                    for later in self.sources
                    if later.state_date > src.state_date and later not in stating
                ),
                None,
            )
            if start <= day and (stop is None or day < stop):
                found = src
        return found

    def validities(
        self, day: str | dt.date, things: Iterable[URIRef] | None = None
    ) -> dict[URIRef, Validity]:
        day = parse_day(day)
        return {t: self.validity(t, day) for t in (self.dated if things is None else things)}
