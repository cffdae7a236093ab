"""The network view and the org chart: counts against SPARQL, subtrees, dates, grouping.

Expected numbers for the fixture are counted by hand from tests/fixtures/export/mini.ttl;
those for the shipped data come from the source documents.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.errors import UsageError
from ipo_graph.export.chart import build_chart
from ipo_graph.export.network import build_network, province_count, resolve_root, subtree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "export"
MINI = FIXTURES / "mini.ttl"
IPOD = "https://w3id.org/ipo-graph/id/"


def sparql_count(graph: Graph, name: str) -> int:
    text = (FIXTURES / "counts" / f"{name}.rq").read_text(encoding="utf-8")
    row = next(iter(graph.query(text)))
    value = row[0]  # type: ignore[index]
    assert isinstance(value, Literal)
    return int(value.toPython())


@pytest.fixture(scope="module")
def mini(export_mini: IpoGraph) -> IpoGraph:
    return export_mini


@pytest.fixture(scope="module")
def mini_net(export_net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return export_net


@pytest.fixture(scope="module")
def shipped_net(kg: IpoGraph) -> nx.MultiDiGraph:
    return build_network(kg.graph)


def edge_counts(net: nx.MultiDiGraph) -> Counter[str]:
    return Counter(kind for _, _, kind in net.edges(data="kind"))


SPARQL_KINDS = [
    "unit",
    "post-in",
    "held-by",
    "membership",
    "reports-to",
    "planned-reports-to",
    "substitute",
    "combined-with",
    "linked-to",
    "site",
]


@pytest.mark.parametrize("which", ["mini", "shipped"])
def test_node_and_edge_counts_match_sparql(
    which: str,
    mini: IpoGraph,
    kg: IpoGraph,
    mini_net: nx.MultiDiGraph,
    shipped_net: nx.MultiDiGraph,
) -> None:
    graph, net = (mini.graph, mini_net) if which == "mini" else (kg.graph, shipped_net)
    assert net.number_of_nodes() == sparql_count(graph, "nodes")
    counts = edge_counts(net)
    for kind in SPARQL_KINDS:
        assert counts[kind] == sparql_count(graph, kind), kind
    assert counts["sub-organisation"] == sparql_count(graph, "structure") - sparql_count(
        graph, "unit"
    )
    assert sum(counts.values()) == net.number_of_edges()


def test_fixture_counts_by_hand(mini_net: nx.MultiDiGraph) -> None:
    kinds = Counter(kind for _, kind in mini_net.nodes(data="kind"))
    # 13 organisations, 11 posts (4 AV seats, chair seat, 6 posts), 2 people, 2 sites
    assert kinds == {"organisation": 13, "post": 11, "person": 2, "site": 2}
    assert edge_counts(mini_net) == {
        "post-in": 11,
        "membership": 7,
        "unit": 5,
        "sub-organisation": 4,
        "reports-to": 3,
        "site": 3,
        "held-by": 2,
        "planned-reports-to": 1,
        "substitute": 1,
        "combined-with": 1,
        "linked-to": 1,
    }


def test_edges_are_normalised_parent_to_child(mini_net: nx.MultiDiGraph) -> None:
    # the fixture states bedrijfsvoering org:unitOf bij12; the view draws bij12 → unit
    assert mini_net.has_edge(f"{IPOD}bij12", f"{IPOD}bij12-bedrijfsvoering")
    assert not mini_net.has_edge(f"{IPOD}bij12-bedrijfsvoering", f"{IPOD}bij12")


def test_node_attributes_carry_labels_dates_and_excerpts(mini_net: nx.MultiDiGraph) -> None:
    bovens = mini_net.nodes[f"{IPOD}person-theo-bovens"]
    assert bovens["label"] == "Theo Bovens" and bovens["kind"] == "person"
    chair = [
        d
        for s, t, d in mini_net.edges(data=True)
        if s == f"{IPOD}person-theo-bovens" and d["kind"] == "membership"
    ]
    assert len(chair) == 1
    assert chair[0]["label"] == "voorzitter" and chair[0]["begin"] == "voorjaar 2018"
    assert "Sinds het voorjaar 2018 is Theo Bovens" in chair[0]["evidence"][0]["text"]
    bij12 = mini_net.nodes[f"{IPOD}bij12"]
    assert bij12["type"] == "ipo:Office" and bij12["label"] == "BIJ12"
    assert bij12["evidence"][0]["document"] == "001_706ab6f4b2994d12.txt"


def test_holds_on_follows_the_time_rule(mini_net: nx.MultiDiGraph) -> None:
    """Every day the data knows: the chair's spring 2018, the state dates."""
    assert mini_net.graph["dates"] == ["2018-03-01", "2018-06-20", "2020-12-01", "2025-12-19"]
    assert mini_net.graph["day"] == "2025-12-19"
    nodes = mini_net.nodes
    # stated by 000 only: in force from its date on, presumed after the later source
    coordinator = nodes[f"{IPOD}post-coordinator-hnp"]
    assert coordinator["holds_on"] == ["2020-12-01", "2025-12-19"]
    assert coordinator["status_on"]["2020-12-01"] == "holds"
    assert coordinator["status"] == "presumed" and coordinator["last_attested"] == "2020-12-01"
    # stated by 001 only
    assert nodes[f"{IPOD}bij12-faunazaken"]["holds_on"] == ["2025-12-19"]
    assert nodes[f"{IPOD}bij12-faunazaken"]["status"] == "holds"
    # stated by both
    assert nodes[f"{IPOD}bij12"]["holds_on"] == ["2020-12-01", "2025-12-19"]
    # planned: on no date
    pad = nodes[f"{IPOD}post-plaatsvervangend-algemeen-directeur"]
    assert pad["planned"] and pad["holds_on"] == []


def test_subtree_and_root_resolution(mini: IpoGraph, mini_net: nx.MultiDiGraph) -> None:
    root = resolve_root(mini_net, "BIJ12", mini)
    part = subtree(mini_net, root)
    labels = {d["label"] for _, d in part.nodes(data=True)}
    assert {"BIJ12", "Faunazaken", "Bedrijfsvoering", "directeur BIJ12"} <= labels
    assert "Bestuur" not in labels and "Interprovinciaal Overleg" not in labels
    with pytest.raises(UsageError):
        resolve_root(mini_net, "Nergens", mini)


def test_a_subtree_keeps_the_views_province_count(mini_net: nx.MultiDiGraph) -> None:
    """The provinces are counted in one place (``province_count``): a subtree of a body
    holds none of them, yet its seats are still spread over the whole view's two."""
    part = subtree(mini_net, f"{IPOD}algemene-vergadering")
    assert province_count(mini_net) == 2 and province_count(part) == 2
    assert "4 × lid, 2 per provincie" in build_chart(part).texts()


def test_chart_collapses_seats_and_keeps_reporting_lines(mini_net: nx.MultiDiGraph) -> None:
    chart = build_chart(mini_net)
    texts = chart.texts()
    assert "4 × lid, 2 per provincie" in texts  # 2 provinces x 2 AV seats in the fixture
    assert not any(text.startswith("AV-zetel") for text in texts)
    assert "Den Haag" not in texts  # sites are left out of the chart
    assert "Vereniging van Nederlandse Gemeenten" not in texts  # partners too
    lines = Counter((lk.kind, lk.status) for lk in chart.links)
    # the fixture's reporting lines are stated by 000 only: presumed on the latest day
    in_force = lines[("reports-to", "holds")] + lines[("reports-to", "presumed")]
    assert in_force >= 1 and lines[("reports-to", "planned")] == 1


def test_shipped_chart_matches_the_sources(shipped_net: nx.MultiDiGraph) -> None:
    texts = build_chart(shipped_net).texts()
    # "24 Statenleden, twee per provincie"; "twaalf leden (één gedeputeerde per provincie)"
    assert "24 × lid, 2 per provincie" in texts
    assert "12 × lid, 1 per provincie" in texts
    # late 2020: coördinator HNP, 3 teammanagers and the directeur BIJ12 report to the AD
    ad = next(
        n
        for n, d in shipped_net.nodes(data=True)
        if d["label"].lower().startswith("algemeen directeur")
    )
    reporting = [
        shipped_net.nodes[s]["label"].lower()
        for s, t, k in shipped_net.edges(data="kind")
        if t == ad and k == "reports-to"
    ]
    assert sum("teammanager" in r for r in reporting) == 3
    assert any("coördinator hnp" in r for r in reporting)
    assert any("directeur bij12" in r for r in reporting)
    # BIJ12 works "vanuit de volgende units" (six) supported by bedrijfsvoering
    bij12 = next(n for n, d in shipped_net.nodes(data=True) if d["label"] == "BIJ12")
    parts = {
        shipped_net.nodes[t]["label"]: shipped_net.nodes[t]["type"]
        for s, t, k in shipped_net.edges(data="kind")
        if s == bij12 and k in ("unit", "sub-organisation")
    }
    assert sorted(label for label, typ in parts.items() if typ == "ipo:Unit") == [
        "AdviesCommissie Schade Grondwater",
        "Faunazaken",
        "Gemeenschappelijke Beheerorganisatie Provincies",
        "Natuurinformatie en Natuurbeheer",
        "Stikstof en Natura 2000",
        "Subsidieregeling opruiming drugsafval",
    ]
    # regression: bedrijfsvoering was typed a unit, so "which units?" answered seven
    assert parts["Bedrijfsvoering BIJ12"] == "ipo:SupportService"


def test_an_excerpt_line_that_is_not_a_number_does_not_stop_the_export(mini: IpoGraph) -> None:
    """Regression: ``ipo:line`` holding a date (an editing slip the shapes report) made
    every network export raise a TypeError (found by fuzzing the graph)."""
    import datetime as dt

    from ipo_graph.namespaces import IPO

    graph = Graph()
    for triple in mini.graph:
        graph.add(triple)
    excerpt = URIRef(IPOD + "excerpt-000-029-av")
    graph.set((excerpt, IPO.line, Literal(dt.date(2020, 12, 1))))
    net = build_network(graph)
    quoted = [
        e for _, attrs in net.nodes(data=True) for e in attrs.get("evidence", [])
        if e["text"].startswith("De Algemene Vergadering wordt gevormd")
    ]  # fmt: skip
    assert quoted and all(e["line"] == 0 for e in quoted)


def test_a_plan_carried_out_is_not_drawn_as_planned_after_it_began() -> None:
    """Regression: the network view marked every thing stated as planned 'planned' on
    every day, also a planned post a later source says began (fixture r11)."""
    from ipo_graph.export.network import build_network
    from ipo_graph.history.timeline import parse_day

    rules = Path(__file__).resolve().parent / "fixtures" / "timeline" / "rules"
    from ipo_graph import paths

    kg = IpoGraph.load([paths.data_dir(), rules / "r11-plan-carried-out.ttl"])
    post, plan = IPOD + "r-post", IPOD + "r-plan"
    for day, carried_out in (("2021-06-01", False), ("2023-01-01", True)):
        net = build_network(kg.graph, timeline=kg.timeline, day=parse_day(day), days=True)
        assert net.nodes[post]["planned"] is not carried_out
        assert net.nodes[post]["status"] == ("presumed" if carried_out else "planned")
        assert net.nodes[plan]["status"] == "planned" and net.nodes[plan]["planned"]
        assert net.nodes[post]["status_on"]["2022-03-01"] == "holds"
