"""The time rule's outcome kept in a cache entry (history/timelinefile.py): read back, it is
the timeline the rule computes, and anything else in its place is never trusted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from ipo_graph import store as st
from ipo_graph.api import IpoGraph
from ipo_graph.history import timelinefile
from ipo_graph.history.timeline import Bound, Fact, Source, Timeline
from ipo_graph.synth import write
from support import cache_entries

TIMELINE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "timeline"
DATA = Path(__file__).resolve().parent.parent / "data"
EX = "https://example.org/ns#"


def state(tl: Timeline) -> tuple[Any, ...]:
    """Everything a timeline knows, as plain values (a Fact compares by identity)."""
    facts = {
        thing: tuple(
            tuple(v) if isinstance(v, list) else v
            for v in (getattr(f, fld.name) for fld in dataclasses.fields(Fact))
        )
        for thing, f in tl.facts.items()
    }
    return tuple(tl.sources), facts


def described(tl: Timeline) -> dict[tuple[URIRef, dt.date], str]:
    """Each fact's status, in words, on every day the timeline knows."""
    return {(t, d): s.describe() for d in tl.days() for t, s in tl.statuses(d).items()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("synth")
    write(2, folder)
    return st.store_files([folder])


def test_read_back_it_is_the_timeline_the_rule_computes(synthetic: list[Path]) -> None:
    """On the shipped data, with a third source and a stated end, and on synthetic data:
    every fact with all it holds, the sources, and every status on every day."""
    for files in (
        st.store_files(),
        st.store_files([DATA, TIMELINE_FIXTURES / "news-2026.ttl"]),
        st.store_files([DATA, TIMELINE_FIXTURES / "end-2026.ttl"]),
        synthetic,
    ):
        computed = Timeline.of_store(st.build_store(files))
        kept = timelinefile.loads(timelinefile.dumps(computed))
        assert kept is not None
        assert state(kept) == state(computed)
        assert described(kept) == described(computed)
        assert sorted(kept.derived_days()) == sorted(computed.derived_days())


def test_every_field_and_the_extreme_days_survive() -> None:
    """Each field set to a value that is not its default (the shipped data leaves some
    empty): the first and last days a date can be, words that are not ASCII."""
    src = Source(URIRef(EX + "doc"), "001", dt.date(2025, 12, 19))
    later = Source(URIRef(EX + "doc2"), "002 ‘één’", dt.date(9999, 12, 31))
    fact = Fact(
        URIRef(EX + "fact"),
        begin=Bound(dt.date.min, dt.date(1986, 12, 31), "in 1986"),
        end=Bound(dt.date.max, dt.date.max, "nooit — ‘nimmer’"),
        end_how="a change event",
        point=Bound(dt.date(2020, 12, 1), dt.date(2020, 12, 1)),
        sources=[src, later],
        planned=True,
        floor=Bound(dt.date(2014, 1, 1), dt.date(2014, 12, 31), "2014"),
        ceiling=Bound(dt.date(2030, 1, 1), dt.date(2030, 12, 31), "2030"),
        implied_from=dt.date.min,
        implied_last=dt.date.max,
    )
    bare = Fact(URIRef(EX + "bare"))
    tl = Timeline.of_facts({fact.thing: fact, bare.thing: bare}, [src, later])
    kept = timelinefile.loads(timelinefile.dumps(tl))
    assert kept is not None
    assert state(kept) == state(tl)
    assert all(getattr(fact, f.name) != getattr(bare, f.name) for f in dataclasses.fields(Fact))


def _document() -> dict[str, Any]:
    src = Source(URIRef(EX + "doc"), "001", dt.date(2025, 12, 19))
    fact = Fact(URIRef(EX + "f"), begin=Bound(dt.date(2003, 1, 1), dt.date(2003, 1, 1)))
    fact.sources.append(src)
    document: dict[str, Any] = json.loads(
        timelinefile.dumps(Timeline.of_facts({fact.thing: fact}, [src]))
    )
    return document


def _broken() -> list[tuple[str, bytes]]:
    def spoilt(change: Any) -> bytes:
        document = _document()
        change(document)
        return json.dumps(document).encode()

    good = json.dumps(_document()).encode()
    return [
        ("empty", b""),
        ("cut off", good[: len(good) // 2]),
        ("not JSON", b"\xff\xfe"),
        ("a list", b"[]"),
        ("nested too deep for the parser", b"[" * 100_000 + b"]" * 100_000),
        ("another format", spoilt(lambda d: d.update(format=timelinefile.FORMAT + 1))),
        ("no format", spoilt(lambda d: d.pop("format"))),
        ("no facts", spoilt(lambda d: d.pop("facts"))),
        ("a bound index past the table", spoilt(lambda d: d["facts"][0].__setitem__(1, 7))),
        ("a negative index", spoilt(lambda d: d["facts"][0].__setitem__(1, -1))),
        ("a boolean index", spoilt(lambda d: d["facts"][0].__setitem__(1, True))),
        ("a source index past the table", spoilt(lambda d: d["facts"][0].__setitem__(5, [3]))),
        ("day 0", spoilt(lambda d: d["bounds"][0].__setitem__(0, 0))),
        ("a day past 9999", spoilt(lambda d: d["bounds"][0].__setitem__(0, 10**7))),
        ("a day as text", spoilt(lambda d: d["sources"][0].__setitem__(2, "2025-12-19"))),
        ("planned as text", spoilt(lambda d: d["facts"][0].__setitem__(6, "false"))),
        ("an IRI as a number", spoilt(lambda d: d["facts"][0].__setitem__(0, 5))),
        ("a fact too short", spoilt(lambda d: d["facts"][0].pop())),
        ("a fact too long", spoilt(lambda d: d["facts"][0].append(None))),
    ]


@pytest.mark.parametrize(("what", "data"), _broken(), ids=[w for w, _ in _broken()])
def test_anything_but_a_written_timeline_reads_as_none(what: str, data: bytes) -> None:
    assert timelinefile.loads(json.dumps(_document()).encode()) is not None  # the control
    assert timelinefile.loads(data) is None, what


def _rule_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs of the time rule's query from now on."""
    runs: list[int] = []
    real = Timeline.of_store.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Timeline], store: Any) -> Timeline:
        runs.append(1)
        return real(cls, store)  # type: ignore[no-any-return]

    monkeypatch.setattr(Timeline, "of_store", classmethod(counted))
    return runs


def test_a_graph_opened_from_the_cache_does_not_run_the_rule_again(
    kg: IpoGraph, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The regression this file exists for: ``why`` and ``changes`` ran the rule over the
    whole graph on every run (3 s of a 4 s ``why`` at synthetic scale 100)."""
    runs = _rule_runs(monkeypatch)
    cold = IpoGraph.open()
    assert state(cold.timeline) == state(kg.timeline)
    assert len(runs) == 1  # the build ran it once, for the store and the graph alike
    st.wait_for_cache_writes()
    (entry,) = cache_entries(cache)
    assert (entry / st.TIMELINE_FILE).is_file()
    warm = IpoGraph.open()
    assert state(warm.timeline) == state(kg.timeline)
    assert described(warm.timeline) == described(kg.timeline)
    assert len(runs) == 1  # read from the entry


@pytest.mark.parametrize("spoil", ["remove", "garble"])
def test_an_entry_without_a_usable_timeline_runs_the_rule(
    kg: IpoGraph, cache: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    st.cached_location(st.store_files())
    (entry,) = cache_entries(cache)
    kept = entry / st.TIMELINE_FILE
    if spoil == "remove":
        kept.unlink()
    else:
        kept.write_bytes(kept.read_bytes()[:-10])
    runs = _rule_runs(monkeypatch)
    opened = IpoGraph.open()
    assert state(opened.timeline) == state(kg.timeline)
    assert len(runs) == 1


def test_a_store_written_beside_the_rule_keeps_its_outcome(kg: IpoGraph, cache: Path) -> None:
    """The route of a cold query that reads nothing of the rule: the rule runs while the
    store is written, and the entry keeps what it found."""
    st.open_store(st.store_files(), defer_time_rule=True)
    st.wait_for_cache_writes()
    (entry,) = cache_entries(cache)
    kept = timelinefile.read(entry / st.TIMELINE_FILE)
    assert kept is not None
    assert state(kept) == state(kg.timeline)


def test_the_public_entry_keeps_no_timeline(cache: Path) -> None:
    """Nothing reads one there (``serve`` and ``export`` ask the store), and writing it
    would delay a cold ``serve``."""
    found = st.cached_location(st.store_files(), variant="public")
    assert found is not None
    assert (found[0] / st.FACTS_FILE).is_file()
    assert not (found[0] / st.TIMELINE_FILE).exists()
