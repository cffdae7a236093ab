"""Answering before the time rule runs: only queries that cannot read its triples, and the
cache still gets the whole store."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipo_graph import store as st
from ipo_graph.execution import execute
from ipo_graph.history.timeuse import TIME_RULE_PROPERTIES, reads_time_rule
from ipo_graph.queryfiles import named_queries
from ipo_graph.queryparams import bind_params


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("SELECT * { ?s rdfs:label ?o }", False),
        ("SELECT * { ?s org:role/rdfs:label ?o }", False),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s rdfs:label ?o }", False),  # template only
        ("SELECT * { ?s ?p ?o }", True),
        ("SELECT * { ?s rdfs:label ?o OPTIONAL { ?s ?p ?x } }", True),
        ("SELECT * { { SELECT ?s { ?s ?p ?o } } }", True),
        ("SELECT * { ?s a org:Post FILTER NOT EXISTS { ?s ?q ?o } }", True),
        ("SELECT * { ?s a org:Post FILTER EXISTS { ?s org:a ?o ; ^ipo:heldUntil ?z } }", True),
        ("SELECT * { ?s a org:Post FILTER EXISTS { ?s org:a ?o ; ^ipo:other ?z } }", False),
        ("SELECT * { ?s !rdfs:label ?o }", True),
        ("SELECT * { ?s rdfs:label|ipo:heldFrom ?o }", True),
        ("ASK { ?s (org:a/ipo:lastAttested)+ ?o }", True),
        ("SELECT * { ?s <https://w3id.org/ipo-graph/def#heldFrom> ?o }", True),
        ("SELECT * { VALUES ?p { ipo:heldFrom } ?s rdfs:label ?o }", True),
        ("DESCRIBE ipod:ipo", True),
        ("SELECT * WHERE { this is not SPARQL", True),
    ],
)
def test_which_queries_read_the_time_rule(text: str, reads: bool) -> None:
    assert reads_time_rule(text) is reads


def test_every_query_about_a_day_reads_the_time_rule() -> None:
    for name, q in named_queries().items():
        if any(p.split("#")[-1] in q.text for p in TIME_RULE_PROPERTIES):
            assert reads_time_rule(q.text), name


@pytest.fixture(scope="module")
def stores() -> tuple[object, object]:
    files = st.store_files()
    return st.build_store(files), st.open_store(files, use_cache=False, defer_time_rule=True)


def test_the_rule_adds_triples_the_early_store_lacks(stores: tuple[object, object]) -> None:
    full, early = stores
    ask = "ASK { ?x <https://w3id.org/ipo-graph/def#heldFrom> ?d }"
    assert bool(full.query(ask)) and not bool(early.query(ask))  # type: ignore[attr-defined]


#: the shipped queries answered before the time rule on a cold cache
EARLY = sorted(n for n, q in named_queries().items() if not reads_time_rule(q.text))


def test_most_shipped_queries_are_answered_before_the_rule() -> None:
    assert len(EARLY) > len(named_queries()) // 2


@pytest.mark.parametrize("name", EARLY)
def test_a_query_that_does_not_read_the_rule_answers_the_same_without_it(
    name: str, stores: tuple[object, object]
) -> None:
    q = named_queries()[name]
    full, early = stores
    terms = bind_params(q, {}, target=full)  # type: ignore[arg-type]
    assert execute(q.text, terms, early) == execute(q.text, terms, full)


def test_a_cold_query_caches_the_whole_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipo_graph.cli import main

    cache = tmp_path / "cache"
    monkeypatch.setenv("IPO_GRAPH_CACHE", str(cache))
    assert not reads_time_rule(named_queries()["members-of-ipo"].text)
    assert main(["query", "members-of-ipo"]) == 0
    assert "Groningen" in capsys.readouterr().out
    st.wait_for_cache_writes()
    cached = st.open_store(st.store_files())
    assert len(cached) == len(st.build_store(st.store_files()))
    assert bool(cached.query("ASK { ?x <https://w3id.org/ipo-graph/def#heldFrom> ?d }"))


def test_a_cached_query_does_not_load_the_sparql_parser(tmp_path: Path) -> None:
    """The time-use check imports rdflib's SPARQL parser (0.2 s); it is made only when a
    store is built, so a query answered from the cache stays quick."""
    import os

    from support import main_in_fresh_process

    env = {**os.environ, "IPO_GRAPH_CACHE": str(tmp_path / "cache")}
    argv = ["query", "members-of-ipo"]
    runs = [main_in_fresh_process(argv, "rdflib.plugins.sparql.parser", env) for _ in range(2)]
    assert [loaded for _, loaded, _ in runs] == [True, False]
    assert runs[0][2] == runs[1][2] and "Groningen" in runs[1][2]
