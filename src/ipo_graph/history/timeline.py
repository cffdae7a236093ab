"""The time rule, implemented once: what is the status of a dated thing on a day?

A *dated thing* is a membership, post, tenure, reporting line, structure link, staffing
figure, legal-form period, vacancy, organisation, person, statement (an ``rdf:Statement``:
one plain triple with its own evidence, about its subject and object) or task (the object
of an ``ipo:responsibility``, dated by its own excerpts, not by the post or body it hangs
on), or anything with an interval, an ``ipo:validAt`` or an ``ipo:status``. Sources,
excerpts and discrepancies are timeless. On a day D a dated thing is (docs/modelling.md,
"As-of semantics"):

- **holds**: D lies in its stated period (from its stated beginning, or else from the first
  source that states it, up to its stated end, or else up to the latest source that
  states it);
- **presumed**: a source stated it on D′ < D and no source states its end: it carries D′,
  its last attestation. A later source's silence never ends a fact;
- **ended**: a source states its end (``time:hasEnd``, ``prov:invalidatedAtTime``, an ORG
  change event that it went into and did not come out of, a later staffing figure of the
  same series), or the end of what it is about, before D;
- **planned**: stated as planned (``ipo:status ipo:Planned``): it holds on no day until a
  source states when it began (a plan carried out), and then as anything else does; a plan
  for what has ended (a membership of a post that ended) has ended with it;
- **not-yet**: its stated beginning, or that of what it is about, lies after D;
- **unknown**: D lies before its first evidence and no beginning is stated, or inside the
  span of a beginning or end stated only as a year or season ("in 1986").

A staffing figure is a point in time: it holds from its date until the next figure of its
series, and is never presumed.

Everything the rule reads comes from one SPARQL query (``sparql/timeline-facts.rq``), so
the same code runs over an rdflib graph and over an Oxigraph store. Its outcome is
materialised per thing as ``ipo:heldFrom``, ``ipo:heldUntil`` and ``ipo:lastAttested``;
the queries about one day filter with one shared pattern over those three (see
:data:`HOLDS_PATTERN`) instead of restating the rule.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..days import NotADay, read_day
from ..errors import UsageError
from ..namespaces import IPO, RDF, XSD
from ..paths import sparql_file

StatusName = TypingLiteral["holds", "presumed", "ended", "planned", "not-yet", "unknown"]
#: Statuses under which a thing appears in a day's answers (``--strict``: holds only).
IN_FORCE: frozenset[str] = frozenset({"holds", "presumed"})
_FACTS_QUERY = sparql_file("timeline-facts.rq")
_DAY = dt.timedelta(days=1)

#: The one pattern a query about one day uses (documented in docs/modelling.md).
HOLDS_PATTERN = """\
?x ipo:heldFrom ?xFrom . FILTER(?xFrom <= ?date)
OPTIONAL { ?x ipo:heldUntil ?xUntil } FILTER(!BOUND(?xUntil) || ?date <= ?xUntil)
OPTIONAL { ?x ipo:lastAttested ?xLast . FILTER(?xLast < ?date) }"""


def parse_day(value: str | dt.date) -> dt.date:
    """``YYYY-MM-DD`` (or a date) → a date; anything else is a usage error (exit 2)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return read_day(str(value))
    except NotADay:
        raise UsageError(f"not a date: {value!r} (expected YYYY-MM-DD, a real day)") from None


class LexicalForm(str):
    """A literal's lexical form as read from Oxigraph: all the rule needs of a literal, and
    far cheaper than an rdflib ``Literal`` (which parses its value on creation)."""


def _as_date(value: Node | LexicalForm | None) -> dt.date | None:
    if not isinstance(value, Literal | LexicalForm):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def precision_bounds(value: Node | LexicalForm | None) -> tuple[dt.date, dt.date] | None:
    """Day bounds of a ``gYear`` / ``gYearMonth`` / ``date`` / ``dateTime`` literal."""
    if not isinstance(value, Literal | LexicalForm):
        return None
    text = str(value).strip()
    try:
        if len(text) == 4:
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return dt.date(year, month, 1), nxt - _DAY
        day = dt.date.fromisoformat(text[:10])
        return day, day
    except ValueError:
        return None


@dataclass(frozen=True)
class Bound:
    """A beginning or end as the sources give it: a span of days ("in 1986") and its words."""

    earliest: dt.date
    latest: dt.date
    label: str = ""

    def __str__(self) -> str:
        if self.label:
            return self.label
        if self.earliest == self.latest:
            return self.earliest.isoformat()
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()}"


@dataclass(frozen=True)
class Source:
    """A source document and the day its present-tense statements hold."""

    iri: URIRef
    identifier: str
    state_date: dt.date


#: How a fact's end was learnt (``Fact.end_how``). Only the end of a stated period ("tot
#: 2003") says the thing held all along before it; a deadline, an invalidation or a change
#: event says when it stopped, not since when it was there.
STATED_END = "its stated end"
#: The reason given when what a fact is about ended (``Fact.ceiling``): a reporting line
#: of a post that ended, a membership of a body that was dissolved.
ENDED_WITH = "what it is about ended"
DEADLINE = "its deadline"


@dataclass(eq=False)
class Fact:
    """Everything the rule knows about one dated thing."""

    thing: URIRef
    begin: Bound | None = None
    end: Bound | None = None
    end_how: str = ""
    point: Bound | None = None
    sources: list[Source] = field(default_factory=list)
    planned: bool = False
    #: not before this day: the latest stated beginning of what the thing is about
    floor: Bound | None = None
    #: not after this day: the earliest end of what the thing is about. Kept apart from
    #: ``end``: it ends the thing then, but says nothing of the days before (a line last
    #: stated in 2020 stays presumed until its post ends, not "holds")
    ceiling: Bound | None = None
    #: shown to hold from this day by a holding thing that is about it
    implied_from: dt.date | None = None
    implied_last: dt.date | None = None

    @property
    def first_attested(self) -> dt.date | None:
        return self.sources[0].state_date if self.sources else None

    @property
    def last_attested(self) -> dt.date | None:
        own = self.sources[-1].state_date if self.sources else None
        return max((d for d in (own, self.implied_last) if d), default=None)

    @property
    def held_from(self) -> dt.date | None:
        """The first day it surely holds (None: on no day)."""
        if self.unrealised:
            return None  # a plan holds from the beginning a source states, if any
        if self.begin is not None:
            start: dt.date | None = self.begin.latest
        elif self.point is not None:
            start = self.point.latest
        else:
            seen = [d for d in (self.first_attested, self.implied_from) if d]
            if self.end is not None and self.end_how == STATED_END:
                # a period "until 2003" with no beginning: since what it is about began
                seen.append(self.floor.latest if self.floor is not None else dt.date.min)
            start = min(seen, default=None)
        if start is not None and self.floor is not None and self.floor.latest > start:
            start = self.floor.latest  # never before what it is about surely began
        return start

    @property
    def held_until(self) -> dt.date | None:
        """The last day it surely holds, when an end is stated (its own, or that of what
        it is about)."""
        ends = [b.earliest for b in (self.end, self.ceiling) if b is not None]
        return min(ends, default=None)

    @property
    def presumed_after(self) -> dt.date | None:
        """After this day it is only presumed (no end stated; the last attestation)."""
        if self.end is not None or self.point is not None or self.unrealised:
            return None
        return self.last_attested

    @property
    def unrealised(self) -> bool:
        """Stated as planned, and no source states when it began."""
        return self.planned and self.begin is None

    def status(self, day: dt.date) -> Status:
        """The status on ``day``, with the reason in plain words."""
        past_ceiling = self._past_ceiling(day)
        if self.planned:
            first = self.first_attested
            if first is not None and day < first:
                return Status("unknown", self, day, f"planned, announced on {first}")
            # a plan for what has ended lapses with it, as a thing that held would end
            if past_ceiling is not None:
                return past_ceiling
            if self.begin is None or day < self.begin.earliest:
                return Status("planned", self, day, "stated as planned")
            # carried out: a source states when it began; from then on the rule as for
            # anything else (unknown inside a beginning stated as a year)
        if self.end is not None and day > self.end.latest:
            return Status("ended", self, day, f"ended {self.end} ({self.end_how})")
        if past_ceiling is not None and past_ceiling.name == "ended":
            return past_ceiling
        if self.begin is not None and day < self.begin.earliest:
            return Status("not-yet", self, day, f"begins {self.begin}")
        if self.point is not None and day < self.point.earliest:
            return Status("not-yet", self, day, f"stated for {self.point}")
        if self.floor is not None and day < self.floor.earliest:
            return Status("not-yet", self, day, f"what it is about begins {self.floor}")
        start = self.held_from
        if start is None:
            return Status("unknown", self, day, "no source dates it")
        if day < start:
            if self.floor is not None and start == self.floor.latest:
                return Status(
                    "unknown",
                    self,
                    day,
                    f"what it is about begins {self.floor}; the day is not stated",
                )
            if self.begin is not None:
                return Status("unknown", self, day, f"begins {self.begin}; the day is not stated")
            if self.point is not None:
                return Status("unknown", self, day, f"stated for {self.point}")
            first = self.first_attested
            return Status("unknown", self, day, f"before its first mention ({first})")
        if self.end is not None and day > self.end.earliest:
            return Status("unknown", self, day, f"ends {self.end}; the day is not stated")
        if past_ceiling is not None:  # inside the span of its end ("in 2026")
            return past_ceiling
        after = self.presumed_after
        if after is not None and day > after:
            return Status("presumed", self, day, f"last stated {after}")
        if self.end is not None:
            return Status("holds", self, day, f"within its stated period (until {self.end})")
        if self.point is not None:
            return Status("holds", self, day, f"the latest figure, of {self.point}")
        return Status("holds", self, day, "stated")

    def _past_ceiling(self, day: dt.date) -> Status | None:
        """``day`` past the first day of what it is about's end (``ceiling``): ended after
        its last day, unknown inside its span (an end stated as a year); None before it.
        The one statement of that check: :meth:`status` asks it first for a plan (which
        lapses with what it is about) and, for anything else, in the order of its other
        checks (ended with its own end; unknown only once it is known to have begun)."""
        ceiling = self.ceiling
        if ceiling is None or day <= ceiling.earliest:
            return None
        plan = "planned; " if self.planned else ""
        if day > ceiling.latest:
            said = f"{plan}{ENDED_WITH} {ceiling}" if plan else f"ended {ceiling} ({ENDED_WITH})"
            return Status("ended", self, day, said)
        said = f"{plan}what it is about ends {ceiling}; the day is not stated"
        return Status("unknown", self, day, said)

    def change_days(self) -> set[dt.date]:
        """The days on which :meth:`status` may differ from the day before: each day it
        compares with (``day < x`` changes on ``x``, ``day > x`` on the day after ``x``).
        Keep in step with :meth:`status`; a test checks every fact on every day."""
        before = [self.first_attested, self.held_from]  # day < x
        after = [self.presumed_after]  # day > x
        for bound in (self.begin, self.point, self.floor):
            if bound is not None:
                before.append(bound.earliest)
        for bound in (self.end, self.ceiling):
            if bound is not None:
                after += [bound.earliest, bound.latest]
        days = {d for d in before if d is not None}
        days |= {d + _DAY for d in after if d is not None and d < dt.date.max}
        return days

    def statuses_on(self, days: Sequence[dt.date]) -> list[StatusName]:
        """The status's name on each of the sorted ``days``, evaluated only where it may
        change (:meth:`change_days`) and carried forward in between: a picture of every
        day the data knows asks this for each node, and the days grow with the data."""
        if not days:
            return []
        starts = sorted({0} | {bisect_left(days, d) for d in self.change_days()} - {len(days)})
        names: list[StatusName] = []
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(days)
            names += [self.status(days[start]).name] * (end - start)
        return names


@dataclass(frozen=True)
class Status:
    """A dated thing's status on one day, and why."""

    name: StatusName
    fact: Fact
    day: dt.date
    reason: str

    @property
    def thing(self) -> URIRef:
        return self.fact.thing

    @property
    def in_force(self) -> bool:
        """Holds or presumed: shown in a day's answers (unless strict)."""
        return self.name in IN_FORCE

    @property
    def last_attested(self) -> dt.date | None:
        """For a presumed thing: the last day a source stated it."""
        return self.fact.presumed_after if self.name == "presumed" else None

    def describe(self) -> str:
        """Plain words: 'presumed (last stated 2020-12-01)', 'holds (stated)'."""
        return f"{self.name} ({self.reason})"


Value = Node | LexicalForm
Row = tuple[str, Node, Value | None, Value | None, Value | None]


def _rows_rdflib(graph: Graph) -> Iterator[Row]:
    for r in graph.query(_query_text()):
        row: Any = r
        yield (str(row[0]), row[1], row[2], row[3], row[4])


def _rows_oxigraph(store: Any) -> Iterator[Row]:
    from pyoxigraph import Literal as OxLiteral

    from ..oxterms import from_oxigraph

    seen: dict[Any, Value] = {}  # terms repeat a lot: convert each once

    for sol in store.query(_query_text()):
        row: list[Value | None] = [None, None, None, None]
        for i in range(4):
            value = sol[i + 1]
            if value is not None:
                found = seen.get(value)
                if found is None:
                    found = seen[value] = (
                        LexicalForm(value.value)
                        if isinstance(value, OxLiteral)
                        else from_oxigraph(value)
                    )
                row[i] = found
        yield (sol[0].value, row[0], row[1], row[2], row[3])  # type: ignore[misc]


_VARS = ("kind", "thing", "a", "b", "c")


@cache
def _query_text() -> str:
    return _FACTS_QUERY.read_text(encoding="utf-8")


class Timeline:
    """Every dated thing of one graph with what the sources say of its time."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.facts: dict[URIRef, Fact] = {}
        self.sources: list[Source] = []
        self._read(list(rows))

    @classmethod
    def of_graph(cls, graph: Graph) -> Timeline:
        """From an rdflib graph (after RDFS entailment), read with rdflib's SPARQL engine:
        the route of a query run with ``--engine rdflib``. Elsewhere, :meth:`of_store` on
        ``store_of_graph(graph)`` gives the same facts (tested) about ten times sooner."""
        return cls(_rows_rdflib(graph))

    @classmethod
    def of_target(cls, target: Any) -> Timeline:
        """From whichever a query runs on: an rdflib graph or a pyoxigraph store."""
        return cls.of_graph(target) if isinstance(target, Graph) else cls.of_store(target)

    @classmethod
    def of_store(cls, store: Any) -> Timeline:
        """From a pyoxigraph store (after RDFS entailment)."""
        return cls(_rows_oxigraph(store))

    @classmethod
    def of_facts(cls, facts: dict[URIRef, Fact], sources: list[Source]) -> Timeline:
        """From facts the rule read before (:mod:`.timelinefile`), sources in date order."""
        timeline = cls(())
        timeline.facts, timeline.sources = facts, sources
        return timeline

    # -- reading -------------------------------------------------------------------------

    def _read(self, rows: list[Row]) -> None:
        by_kind: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            by_kind[row[0]].append(row)
        instants = self._instants(by_kind["instant"], by_kind["instant-label"])
        docs: dict[Node, Source] = {}
        for _, doc, _a, state, ident in by_kind["document"]:
            day = _as_date(state)
            if not isinstance(doc, URIRef) or day is None:
                continue
            # of several state dates (an error the shapes report) the latest, whatever the
            # order of the rows: the one the latest state date (:func:`latest_day`) counts
            if doc not in docs or day > docs[doc].state_date:
                docs[doc] = Source(doc, str(ident or doc), day)
        self.sources = sorted(docs.values(), key=lambda s: (s.state_date, s.identifier))
        timeless = {r[1] for r in by_kind["timeless"]}
        for _, thing, *_ in by_kind["dated"]:
            if isinstance(thing, URIRef) and thing not in timeless:
                self.facts.setdefault(thing, Fact(thing))
        facts = self.facts

        def bound_of(node: Value | None) -> Bound | None:
            return instants.get(node) if node is not None else None

        # several deadlines: the latest counts; of that and every other end, the earliest
        # (collected first, so that the outcome does not hang on the order of the rows)
        deadlines: dict[Fact, Bound] = {}
        ends: dict[Fact, tuple[Bound, str]] = {}
        for kind, thing, a, _b, c in rows:
            fact = facts.get(thing)  # type: ignore[call-overload]
            if fact is None:
                continue
            if kind == "begin" or kind == "event-begin":
                b = bound_of(a)
                if b and (fact.begin is None or b.latest < fact.begin.latest):
                    fact.begin = b
            elif kind == "deadline":
                b = bound_of(a)
                if b and (fact not in deadlines or _later_bound(b, deadlines[fact])):
                    deadlines[fact] = b
            elif kind in ("end", "event-end", "invalidated-at"):
                b = bound_of(a) if kind != "invalidated-at" else _literal_bound(c)
                how = {
                    "end": STATED_END,
                    "event-end": "a change event",
                    "invalidated-at": "stated as invalidated",
                }[kind]
                if b and (fact not in ends or _later_bound(ends[fact][0], b)):
                    ends[fact] = (b, how)
            elif kind == "point":
                fact.point = bound_of(a)
            elif kind == "planned":
                fact.planned = True
            elif kind == "source" and a in docs:
                src = docs[a]
                if src not in fact.sources:
                    fact.sources.append(src)
        for fact, deadline in deadlines.items():
            if fact not in ends or _later_bound(ends[fact][0], deadline):
                ends[fact] = (deadline, DEADLINE)
        for fact, (b, how) in ends.items():
            fact.end, fact.end_how = b, how
        for fact in facts.values():
            fact.sources.sort(key=lambda s: (s.state_date, s.identifier))
        self._supersede(by_kind["series"], by_kind["figure-after"])
        self._relate(by_kind["about"])

    @staticmethod
    def _instants(rows: list[Row], labels: list[Row]) -> dict[Value, Bound]:
        names = {r[1]: str(r[2]) for r in labels if r[2] is not None}
        out: dict[Value, Bound] = {}
        for _, inst, earliest, latest, value in rows:
            lo, hi = _as_date(earliest), _as_date(latest)
            bounds = precision_bounds(value)
            if bounds:
                lo, hi = lo or bounds[0], hi or bounds[1]
            if lo and hi:
                out[inst] = Bound(lo, hi, names.get(inst, ""))
        return out

    def _supersede(self, series: list[Row], after: list[Row]) -> None:
        """A staffing figure ends where the next figure of its series begins."""
        groups: dict[tuple[Value | None, ...], list[Fact]] = defaultdict(list)
        for _, fig, org, measure, excl in series:
            fact = self.facts.get(fig)  # type: ignore[call-overload]
            if (
                fact is not None
                and fact.point is not None
                and fact not in groups[(org, measure, excl)]
            ):
                groups[(org, measure, excl)].append(fact)
        nxt: dict[Fact, Fact] = {}
        for members in groups.values():
            for old in members:
                newer = [f for f in members if _point(f) > _point(old)]
                if newer:
                    nxt[old] = min(newer, key=lambda f: (_point(f), str(f.thing)))
        for _, before, after_it, *_ in after:
            old, new = self.facts.get(before), self.facts.get(after_it)  # type: ignore[call-overload]
            if old is not None and new is not None:
                nxt[old] = new
        for old, new in nxt.items():
            start = new.held_from
            if start is not None and old.end is None:
                stop = start - _DAY if start > dt.date.min else start
                old.end, old.end_how = Bound(stop, stop, ""), "a later figure"

    def _relate(self, about: list[Row]) -> None:
        """A thing cannot begin before what it is about (``floor``) nor hold after it has
        ended (:data:`ENDED_WITH`); a holding thing shows that what it is about existed
        then too (``implied_from``, and ``implied_last`` up to the holding thing's end)."""
        edges = [
            (self.facts[t], self.facts[a])  # type: ignore[index]
            for _, t, a, *_ in about
            if t in self.facts and a in self.facts
        ]
        # In three passes, each to its fixed point: the bounds first, so that what a holding
        # thing implies is worked out from settled days and never has to be taken back.
        _settle(edges, _raise_floor)
        _settle(edges, _lower_ceiling)
        _settle(edges, _imply)

    # -- answers -------------------------------------------------------------------------

    def status(self, thing: Node, day: str | dt.date) -> Status | None:
        """The status of ``thing`` on ``day``; None for a timeless thing."""
        fact = self.facts.get(thing)  # type: ignore[call-overload]
        return fact.status(parse_day(day)) if fact is not None else None

    def statuses(self, day: str | dt.date) -> dict[URIRef, Status]:
        d = parse_day(day)
        return {t: f.status(d) for t, f in self.facts.items()}

    def days(self) -> list[dt.date]:
        """Every day on which some status may change: state dates, and the first and last
        days of stated beginnings, ends and points (each with the day after)."""
        found: set[dt.date] = {s.state_date for s in self.sources}
        for f in self.facts.values():
            for b in (f.begin, f.end, f.point):
                if b is not None:
                    found.update((b.earliest, b.latest))
            until = f.held_until
            if until is not None and until < dt.date.max:
                found.add(until + _DAY)
        return sorted(d for d in found if dt.date.min < d < dt.date.max)

    def derived_days(self) -> Iterator[tuple[URIRef, URIRef, dt.date]]:
        """The materialised outcome: ``ipo:heldFrom``, ``ipo:heldUntil``, ``ipo:lastAttested``
        of each thing, as days (each engine makes its own literals)."""
        held_from, held_until, last_attested = IPO.heldFrom, IPO.heldUntil, IPO.lastAttested
        for thing, fact in self.facts.items():
            start = fact.held_from
            if start is None:
                continue
            yield thing, held_from, start
            until = fact.held_until
            if until is not None:
                yield thing, held_until, until
            last = fact.presumed_after
            if last is not None:
                yield thing, last_attested, last

    def derived(self) -> Iterator[tuple[URIRef, URIRef, Literal]]:
        """The same as rdflib triples (``xsd:date`` literals)."""
        for thing, prop, day in self.derived_days():
            yield thing, prop, Literal(day.isoformat(), datatype=XSD.date)


def latest_day(state_dates: Iterable[Value | None]) -> dt.date | None:
    """The latest state date: the latest of the sources' state dates (as
    ``sparql/latest-state-date.rq`` selects them) that is a day, each read as the rule
    reads a source's (a dateTime by its day; a value that is no day is passed over). One
    reading for every default day (a chart's, ``why``'s, a query's ``latest``), so that
    they agree, and agree with the sources the rule dates things by: SPARQL's ``MAX``
    would not (rdflib and Oxigraph order a date against a dateTime differently, and an
    ill-typed date would win)."""
    return max((d for v in state_dates if (d := _as_date(v)) is not None), default=None)


def state_dates(graph: Graph) -> Iterator[Node]:
    """What ``sparql/latest-state-date.rq`` selects, read from ``graph``'s triples: the
    query through rdflib's SPARQL engine would cost seconds on a large graph (a test
    checks both give the same values)."""
    for doc in graph.subjects(RDF.type, IPO.SourceDocument):
        yield from graph.objects(doc, IPO.stateDate)


def latest_state_date(graph: Graph) -> dt.date | None:
    """The latest state date of ``graph``'s sources (:func:`latest_day`): the default day
    of a chart, of ``why`` and of a query's ``latest`` parameter (cheap: no time rule)."""
    return latest_day(state_dates(graph))


def _point(fact: Fact) -> dt.date:
    return fact.point.latest if fact.point is not None else dt.date.min


def _later_bound(a: Bound, b: Bound) -> bool:
    """Whether ``a`` ends after ``b`` (by its last day, then its first)."""
    return (a.latest, a.earliest) > (b.latest, b.earliest)


Edge = tuple[Fact, Fact]  # (a thing, what it is about)


def _settle(edges: list[Edge], step: Callable[[Fact, Fact], bool]) -> None:
    """Apply ``step`` to every edge until nothing changes (a cycle of 'about' links
    settles too: each step only moves a bound one way)."""
    for _ in range(50):
        if not any([step(fact, target) for fact, target in edges]):
            return


def _raise_floor(fact: Fact, target: Fact) -> bool:
    """A thing cannot begin before what it is about: not a membership before its body,
    even if the membership's own stated beginning is earlier."""
    starts = [b for b in (target.begin, target.floor) if b is not None]
    floor = max(starts, key=lambda b: (b.earliest, b.latest), default=None)
    if floor is not None and (fact.floor is None or floor.earliest > fact.floor.earliest):
        fact.floor = floor
        return True
    return False


def _lower_ceiling(fact: Fact, target: Fact) -> bool:
    """A thing cannot hold after what it is about has ended."""
    if target.unrealised:
        return False
    ends = [b for b in (target.end, target.ceiling) if b is not None]
    ceiling = min(ends, key=lambda b: (b.latest, b.earliest), default=None)
    if ceiling is not None and (fact.ceiling is None or _later_bound(fact.ceiling, ceiling)):
        fact.ceiling = ceiling
        return True
    return False


def _imply(fact: Fact, target: Fact) -> bool:
    """A holding thing shows that what it is about existed while it held: from its first
    day, and up to its last attestation or its end, whichever is earlier (a tenure that
    ended on 1 March shows its post until then, not until the source that says so). A
    stated beginning of what it is about stays its beginning, but a later attestation
    still counts: a body a 2027 source names a chair of is not only presumed in 2027."""
    if target.unrealised or fact.unrealised:
        return False
    start, until = fact.held_from, fact.held_until
    if start is None or start == dt.date.min or (until is not None and until < start):
        return False  # it holds on no day, so it shows nothing
    changed = False
    if target.begin is None and (target.implied_from is None or start < target.implied_from):
        target.implied_from, changed = start, True
    last = fact.last_attested
    if last is not None and until is not None:
        last = min(last, until)
    if last is not None and (target.implied_last is None or last > target.implied_last):
        target.implied_last, changed = last, True
    return changed


def _literal_bound(value: Value | None) -> Bound | None:
    """The days of a date or dateTime literal, named by those days (not by the literal's
    form: "2026-06-30", not "2026-06-30T00:00:00")."""
    bounds = precision_bounds(value)
    return Bound(bounds[0], bounds[1]) if bounds else None


def time_rule_quads(timeline: Timeline) -> list[Any]:
    """The quads the time rule adds to a pyoxigraph store (its default graph), not added:
    ``timeline``'s outcome (:meth:`Timeline.derived_days`).

    Reading the store (:meth:`Timeline.of_store`) and this only read it, so both can run
    while another thread dumps that store."""
    from pyoxigraph import DefaultGraph, NamedNode, Quad
    from pyoxigraph import Literal as OxLiteral

    date = NamedNode(str(XSD.date))
    graph = DefaultGraph()
    props: dict[Node, Any] = {}
    days: dict[dt.date, Any] = {}  # few distinct days: one literal each
    quads = []
    for s, p, day in timeline.derived_days():
        pred = props.get(p)
        if pred is None:
            pred = props[p] = NamedNode(str(p))
        obj = days.get(day)
        if obj is None:
            obj = days[day] = OxLiteral(day.isoformat(), datatype=date)
        quads.append(Quad(NamedNode(str(s)), pred, obj, graph))
    return quads


def materialise_time_store(store: Any) -> Timeline:
    """Run the time rule over the store and add its quads; returns the rule's timeline."""
    timeline = Timeline.of_store(store)
    store.extend(time_rule_quads(timeline))
    return timeline
