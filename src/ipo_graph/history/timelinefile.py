"""The time rule's outcome as a file, kept in a store's cache entry.

Running the rule over a large graph costs seconds (at synthetic scale 100 about 3 s, most
of it Oxigraph answering ``timeline-facts.rq`` and the rows' conversion), and ``why``
and ``changes`` need it on every run. A cache entry is keyed by everything that decides
the rule's outcome (the files, ``timeline.py``, its query and this module), so the
outcome computed when the entry was built can be kept with it and read back in a tenth
of the time. The file restates nothing of the rule: it holds the rule's inputs per thing
(:class:`~.timeline.Fact`), and every status is still computed by ``timeline.py``.

A file that is missing, of another format or malformed in any way reads as None; the
caller then runs the rule. It is never half-trusted.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from rdflib import URIRef

from .timeline import Bound, Fact, Source, Timeline

#: Bump when the layout below changes (the cache key covers this file anyway).
FORMAT = 2  # 2: each fact's ceiling (the end of what it is about)


def dumps(timeline: Timeline) -> bytes:
    """The timeline as compact JSON: days as ordinals, bounds and sources as indexes into
    tables of their own (few distinct ones, shared by many facts)."""
    sources = {s: i for i, s in enumerate(timeline.sources)}
    bounds: dict[Bound, int] = {}

    def bound(b: Bound | None) -> int | None:
        return None if b is None else bounds.setdefault(b, len(bounds))

    def day(d: dt.date | None) -> int | None:
        return None if d is None else d.toordinal()

    facts = []
    for f in timeline.facts.values():
        facts.append(
            [
                str(f.thing),
                bound(f.begin),
                bound(f.end),
                f.end_how,
                bound(f.point),
                [sources[s] for s in f.sources],
                f.planned,
                bound(f.floor),
                bound(f.ceiling),
                day(f.implied_from),
                day(f.implied_last),
            ]
        )
    document = {
        "format": FORMAT,
        "sources": [[str(s.iri), s.identifier, s.state_date.toordinal()] for s in sources],
        "bounds": [[b.earliest.toordinal(), b.latest.toordinal(), b.label] for b in bounds],
        "facts": facts,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes) -> Timeline | None:
    """The timeline :func:`dumps` wrote; None for anything else."""
    try:
        return _read(json.loads(data))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return None


def _read(document: Any) -> Timeline | None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    sources = [
        Source(URIRef(_text(iri)), _text(ident), _day(d)) for iri, ident, d in document["sources"]
    ]
    bounds = [Bound(_day(lo), _day(hi), _text(label)) for lo, hi, label in document["bounds"]]

    def bound(i: Any) -> Bound | None:
        return None if i is None else bounds[_index(i)]

    def day(i: Any) -> dt.date | None:
        return None if i is None else _day(i)

    facts: dict[URIRef, Fact] = {}
    for row in document["facts"]:
        thing, begin, end, how, point, cited, planned, floor, ceiling, implied, last = row
        if not isinstance(planned, bool):
            raise TypeError("planned is not a boolean")
        iri = URIRef(_text(thing))
        facts[iri] = Fact(
            iri,
            begin=bound(begin),
            end=bound(end),
            end_how=_text(how),
            point=bound(point),
            sources=[sources[_index(i)] for i in cited],
            planned=planned,
            floor=bound(floor),
            ceiling=bound(ceiling),
            implied_from=day(implied),
            implied_last=day(last),
        )
    return Timeline.of_facts(facts, sources)


def _index(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(f"not an index: {value!r}")
    return value


def _day(value: Any) -> dt.date:
    return dt.date.fromordinal(_index(value))  # 0 and past the year 9999: ValueError


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value


def write(timeline: Timeline, path: Path) -> None:
    """Write :func:`dumps` to ``path`` (inside an entry that is not published yet)."""
    path.write_bytes(dumps(timeline))


def read(path: Path) -> Timeline | None:
    """The timeline kept at ``path``; None when there is none or it is not usable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return loads(data)
