"""An rdflib graph read in place from an Oxigraph store (``storeview``), and the commands
that read the graph through it (``why``, ``changes``: ``IpoGraph.open``).

The reference is the graph the rdflib loader builds (``IpoGraph.load``): the view must
hold the same triples, spelt the same, and ``why`` and ``changes`` must say the same on
it, word for word, on the shipped and on synthetic data.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.errors import DataProblem, UsageError
from ipo_graph.history.changes import changes
from ipo_graph.namespaces import DCTERMS, FOAF, IPO, IPOD, RDFS, XSD
from ipo_graph.provenance.why import explain
from ipo_graph.store import store_of_graph
from ipo_graph.storeview import graph_of_store
from support import canonical_graph

#: days on both sides of every state date and stated change of the shipped data
DAYS = ["1986-01-01", "2018-01-01", "2020-12-01", "2021-01-04", "2023-06-01", "2025-12-19"]


@pytest.fixture(scope="module", params=["built now", "from the cache"])
def opened(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> IpoGraph:
    """Both stores a command may read: one just built in memory (a cache miss), which
    lists triples in another order than one read back from the disk (found when a fresh
    cache grouped a vacancy for two posts by the other post)."""
    from ipo_graph.store import wait_for_cache_writes

    with pytest.MonkeyPatch.context() as m:
        m.setenv("IPO_GRAPH_CACHE", str(tmp_path_factory.mktemp("cache")))
        built = IpoGraph.open()
        if request.param == "built now":
            return built
        wait_for_cache_writes()
        cached = IpoGraph.open()
    assert cached.store is not built.store
    return cached


def _explained(kg: IpoGraph, *question: str, as_of: str | None = None) -> object:
    try:
        return explain(kg, *question, as_of=as_of).as_dict()
    except (DataProblem, UsageError) as exc:  # the same refusal, in the same words
        return (type(exc).__name__, str(exc))


def test_the_view_holds_the_triples_of_the_graph_it_was_copied_from(kg: IpoGraph) -> None:
    """Terms come back as the store holds them: blank nodes keep their names, literals
    their datatypes, plain strings stay plain (oxrdflib would type them xsd:string)."""
    view = graph_of_store(store_of_graph(kg.graph))
    assert len(view) == len(kg.graph)
    assert set(view) != set(kg.graph)  # the one number the shipped data writes as 8.0
    assert set(canonical_graph(view)) == set(canonical_graph(kg.graph))
    assert any(isinstance(s, BNode) for s, _, _ in view)
    assert (None, FOAF.name, Literal("Theo Bovens")) in view


@pytest.mark.parametrize(
    "pattern",
    [
        (None, RDFS.label, Literal("Bestuur", lang="nl")),
        (None, FOAF.name, Literal("Theo Bovens")),
        (None, IPO.heldFrom, Literal("2020-12-01", datatype=XSD.date)),
        (IPOD.bestuur, None, None),
        (None, None, IPOD.bestuur),
    ],
)
def test_a_pattern_finds_what_it_finds_in_rdflib(
    kg: IpoGraph, pattern: tuple[URIRef | None, URIRef | None, object]
) -> None:
    view = graph_of_store(store_of_graph(kg.graph))
    found = set(view.triples(pattern))  # type: ignore[arg-type]
    assert found == set(kg.graph.triples(pattern))  # type: ignore[arg-type]
    assert found, f"the pattern {pattern} should match something in the shipped data"


@pytest.mark.parametrize(
    "pattern",
    [
        (Literal("Instellingen van de Europese Unie", lang="nl"), DCTERMS.identifier, None),
        (None, BNode("p"), None),
        (None, Literal("p"), IPOD.bestuur),
        (URIRef(""), None, None),
        (None, None, IPOD["x>"]),
    ],
)
def test_a_pattern_no_triple_can_match_finds_nothing(
    kg: IpoGraph, pattern: tuple[Node | None, Node | None, Node | None]
) -> None:
    """Regression (found by tests/test_fuzz_commands.py): broken data quoted an excerpt
    from a literal, and ``changes`` asked for that literal's identifier; Oxigraph refuses
    a literal subject with a TypeError where rdflib finds nothing. Likewise a malformed
    IRI (``<>`` given to ``why``), which Oxigraph refuses with a ValueError."""
    view = graph_of_store(store_of_graph(kg.graph))
    assert list(view.triples(pattern)) == list(kg.graph.triples(pattern)) == []


def test_the_view_is_read_only(kg: IpoGraph) -> None:
    store = store_of_graph(kg.graph)
    view = graph_of_store(store)
    before = len(store)
    with pytest.raises(TypeError, match="read-only"):
        view.add((IPOD.x, RDFS.label, Literal("x")))
    with pytest.raises(TypeError, match="read-only"):
        view.remove((IPOD.bestuur, None, None))
    assert len(store) == before


def test_an_opened_graph_is_the_loaded_graph(kg: IpoGraph, opened: IpoGraph) -> None:
    """Same size, same triples without blank nodes (Oxigraph names those afresh), same
    time rule; and it refuses what it cannot know rather than answer wrongly."""
    assert len(opened.graph) == len(kg.graph)

    def named(g: Graph) -> set[tuple[Node, Node, Node]]:
        return {t for t in canonical_graph(g) if not any(isinstance(x, BNode) for x in t)}

    assert named(opened.graph) == named(kg.graph)
    for day in DAYS:
        on = dt.date.fromisoformat(day)
        assert {t: s.describe() for t, s in opened.timeline.statuses(on).items()} == {
            t: s.describe() for t, s in kg.timeline.statuses(on).items()
        }
    with pytest.raises(TypeError, match="asserted"):
        opened.asserted()


def test_why_says_the_same_on_the_store_for_every_resource(kg: IpoGraph, opened: IpoGraph) -> None:
    subjects = sorted(
        {s for s in kg.graph.subjects() if isinstance(s, URIRef) and s.startswith(str(IPOD))}
    )
    assert len(subjects) > 500
    for s in subjects:
        name = kg.qname(s)
        assert _explained(opened, name) == _explained(kg, name), name


@pytest.mark.parametrize(
    "question",
    [
        ("ipod:bestuur", "*", "voorzitter"),
        ("Theo Bovens", "org:memberOf", "ipod:bestuur"),
        ("ipod:post-teammanager-ipo-1", "org:reportsTo"),
        ("ipod:bestuur", "org:memberOf", "nobody at all"),
        ("ipod:bestuur", "*", "ipod:x>"),
        ("ipod:post-teammanager-ipo-1", "org:reportTo"),
        ("<>",),
        ("Bestuur",),
        ("no such thing",),
    ],
)
@pytest.mark.parametrize("as_of", [None, "2020-12-01"])
def test_why_a_fact_says_the_same_on_the_store(
    kg: IpoGraph, opened: IpoGraph, question: tuple[str, ...], as_of: str | None
) -> None:
    assert _explained(opened, *question, as_of=as_of) == _explained(kg, *question, as_of=as_of)


@pytest.mark.parametrize("number", ["8", "8.0", " 8.00"])
def test_a_number_is_asked_about_by_its_value(kg: IpoGraph, opened: IpoGraph, number: str) -> None:
    """data/vacancies.ttl writes the holiday allowance as 8.0 (source 001: "8%"); the store
    keeps 8. Either spelling finds the fact on either graph, each showing its own."""
    vacancy, prop = (
        "ipod:vacancy-plaatsvervangend-algemeen-directeur-2025",
        "ipo:holidayAllowancePercentage",
    )
    assert explain(kg, vacancy, prop, number).facts == [(prop, "8.0")]
    assert explain(opened, vacancy, prop, number).facts == [(prop, "8")]
    with pytest.raises(DataProblem):
        explain(opened, vacancy, prop, "8.5")


def test_changes_say_the_same_on_the_store(kg: IpoGraph, opened: IpoGraph) -> None:
    """Regression: the keys of a merged change came in the order the time rule's rows
    came from the engine, so the store listed the Directeur BIJ12 and the Algemeen
    directeur in the other order than rdflib. Groups are now taken in the keys' order."""
    for start, end in itertools.combinations(DAYS, 2):
        assert changes(opened, start, end).as_dict() == changes(kg, start, end).as_dict()
    merged = [c for c in changes(kg, "2020-12-01", "2025-12-19").changes if len(c.keys) > 1]
    assert merged and all(c.keys == sorted(c.keys, key=str) for c in merged)


def test_why_and_changes_agree_on_synthetic_data(tmp_path: Path) -> None:
    from ipo_graph.synth import write

    write(1, tmp_path / "synth")
    data = [tmp_path / "synth"]
    loaded, opened = IpoGraph.load(data), IpoGraph.open(data)
    subjects = sorted(
        {s for s in loaded.graph.subjects() if isinstance(s, URIRef) and "s0001" in s}
    )
    assert len(subjects) > 50
    for s in subjects[::3]:
        name = loaded.qname(s)
        assert _explained(opened, name) == _explained(loaded, name), name
    for start, end in [("2005-01-01", "2025-12-19"), ("2015-06-01", "2020-06-01")]:
        assert changes(opened, start, end).as_dict() == changes(loaded, start, end).as_dict()


def test_the_commands_do_not_build_the_rdflib_graph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``why`` and ``changes`` read the query cache's store: building the rdflib graph
    took half a minute and a gigabyte at synthetic scale 100 (docs/performance.md)."""

    def refuse(*_: object, **__: object) -> IpoGraph:
        raise AssertionError("IpoGraph.load called")

    monkeypatch.setattr(IpoGraph, "load", classmethod(refuse))
    assert main(["why", "ipod:bestuur", "*", "voorzitter"]) == 0
    assert "Theo Bovens" in capsys.readouterr().out
    assert main(["changes", "--from", "2020-12-01", "--to", "2025-12-19"]) == 0
    assert "holders of" in capsys.readouterr().out
