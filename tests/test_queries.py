"""The competency questions: each named query answers as the sources say, on both engines.

Expected answers live in ``queries/expected/NAME.csv`` with the source lines that justify
them in ``NAME.why.md``; they were established by reading the source documents.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ipo_graph import paths
from ipo_graph.errors import UsageError
from ipo_graph.execution import execute
from ipo_graph.queryfiles import NamedQuery, Param, find_query, named_queries, parse_header
from ipo_graph.queryparams import bind_params, coerce, to_iri
from ipo_graph.resultformats import plain
from ipo_graph.results import Result, canonical

QUERIES = named_queries()
EXPECTED = paths.queries_dir() / "expected"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full graph as ``ipo-graph export --format nt`` writes it (with RDFS entailments)."""
    from ipo_graph.cli import main

    out = tmp_path_factory.mktemp("export") / "ipo-graph.nt"
    assert main(["export", "--format", "nt", "--output", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def rdflib_graph(exported: Path) -> Graph:
    g = Graph()
    g.parse(exported, format="nt")
    return g


@pytest.fixture(scope="session")
def ox_store(exported: Path) -> object:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(exported.read_bytes(), format=ox.RdfFormat.N_TRIPLES)
    return store


def answer(name: str, target: object, given: dict[str, str] | None = None) -> Result:
    q = QUERIES[name]
    return execute(q.text, bind_params(q, given, target=target), target)  # type: ignore[arg-type]


def read_expected(name: str) -> list[list[str]]:
    with (EXPECTED / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_at_least_thirty_competency_questions() -> None:
    assert len(QUERIES) >= 30


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_states_the_question_in_dutch_and_english(name: str) -> None:
    q = QUERIES[name]
    assert "?" in q.question_nl and "?" in q.question_en
    for p in q.params:
        assert p.default, f"{name}: parameter {p.name} needs a default"
        assert p.description
        assert re.search(rf"\?{p.name}\b", q.text), f"{name}: ?{p.name} is never used"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_orders_its_answer(name: str) -> None:
    assert "ORDER BY" in QUERIES[name].text


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_has_a_verified_answer_and_its_justification(name: str) -> None:
    rows = read_expected(name)
    assert len(rows) >= 2, "header plus at least one row"
    why = (EXPECTED / f"{name}.why.md").read_text(encoding="utf-8")
    # it cites a source document by its file name and a line that the document has
    cited = re.findall(r"(\d{3}_[0-9a-f]{16}\.txt)\s+lines?\s+(\d+)", why)
    cited += re.findall(r"(\d{3}_[0-9a-f]{16}\.txt):(\d+)", why)
    assert cited, "the justification cites a source document and line"
    folder = paths.sources_dir()
    for document, line in cited:
        lines = (folder / document).read_text(encoding="utf-8").split("\n")
        assert 1 <= int(line) <= len(lines), (document, line)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_both_engines_give_the_same_answer(
    name: str, rdflib_graph: Graph, ox_store: object
) -> None:
    """The same bag of rows, in the same order: by the query's own text, with no
    de-duplication by the test (duplicates are the query's to remove, with DISTINCT)."""
    ox = answer(name, ox_store)
    rl = answer(name, rdflib_graph)
    assert ox.vars == rl.vars
    assert Counter(ox.rows) == Counter(rl.rows)
    assert ox.rows == rl.rows
    assert ox.rows, f"{name} is empty on the shipped data"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_answer_equals_the_expected_answer(name: str, ox_store: object) -> None:
    result = answer(name, ox_store)
    got = [result.vars] + [[plain(t) for t in row] for row in result.rows]
    assert got == read_expected(name)


def test_expected_quotes_stand_in_the_sources_at_their_lines(sources: dict[str, str]) -> None:
    """Every quoted ``words`` cell occurs in its document, starting at the stated line."""
    checked = 0
    for path in sorted(EXPECTED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if not {"document", "line", "words"} <= row.keys():
                    continue
                lines = sources[row["document"]].splitlines()
                start = int(row["line"]) - 1
                window = " ".join(" ".join(lines[start : start + 4]).split())
                assert " ".join(row["words"].split()) in window, (path.name, row["line"])
                checked += 1
    assert checked >= 9


def test_contract_example_query_is_kept_but_for_distinct(repo_root: Path) -> None:
    contract = repo_root.parent / "shared" / "contract.md"
    if not contract.is_file():
        pytest.skip("shared/contract.md not present")
    block = re.search(r"```sparql\n(.*?)```", contract.read_text(encoding="utf-8"), re.S)
    assert block is not None
    ours = block.group(1).strip().replace("SELECT ?name", "SELECT DISTINCT ?name")
    assert ours != block.group(1).strip()
    assert ours in QUERIES["chair-of-bestuur"].text


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_contract_example_query_runs_as_written(
    engine: str, repo_root: Path, rdflib_graph: Graph, ox_store: object
) -> None:
    contract = repo_root.parent / "shared" / "contract.md"
    if not contract.is_file():
        pytest.skip("shared/contract.md not present")
    block = re.search(r"```sparql\n(.*?)```", contract.read_text(encoding="utf-8"), re.S)
    assert block is not None
    target = ox_store if engine == "oxigraph" else rdflib_graph
    result = execute(block.group(1), {}, target)  # type: ignore[arg-type]
    assert {plain(r[0]) for r in result.rows} == {"Theo Bovens"}
    # as written, its alternative path matches twice: SPARQL 1.1 section 18.5 keeps both
    # (rdflib); Oxigraph drops one. So the named query adds DISTINCT.
    assert len(result.rows) == (1 if engine == "oxigraph" else 2)


# --- parameters -------------------------------------------------------------------------


def test_header_parsing() -> None:
    text = (FIXTURES / "header.rq").read_text(encoding="utf-8")
    nl, en, params = parse_header(text)
    assert (nl, en) == ("Wie?", "Who?")
    assert params == (
        Param("body", "iri", "ipod:bestuur", "the body"),
        Param("n", "integer", None, "a number"),
    )


def test_parameter_types_become_typed_terms() -> None:
    assert coerce(Param("d", "date"), "2020-12-01") == Literal(
        "2020-12-01", datatype=URIRef(XSD + "date")
    )
    assert coerce(Param("n", "integer"), "7") == Literal(7)
    assert coerce(Param("s", "string"), 'a"b') == Literal('a"b')
    assert to_iri("ipod:bestuur") == URIRef("https://w3id.org/ipo-graph/id/bestuur")
    assert to_iri("<https://example.org/x>") == URIRef("https://example.org/x")
    with pytest.raises(UsageError):
        coerce(Param("d", "date"), "1 december 2020")
    with pytest.raises(UsageError):
        coerce(Param("n", "integer"), "seven")
    # regression: int() also took these, which no engine reads as that number
    for odd in ("1_000", "\u0663", "12.0", "1e3"):
        with pytest.raises(UsageError, match="is not an integer"):
            coerce(Param("n", "integer"), odd)
    assert coerce(Param("n", "integer"), " -12 ") == Literal(-12)
    with pytest.raises(UsageError):
        to_iri('x" } ; DROP ALL #')
    with pytest.raises(UsageError):
        to_iri("https://example.org/a> } <b")
    with pytest.raises(UsageError):  # characters SPARQL allows but no IRI does (Oxigraph)
        to_iri("ipod:x[1]")


def test_unknown_parameter_lists_the_declared_ones() -> None:
    with pytest.raises(UsageError, match=r"parameters: body \(iri\)"):
        bind_params(QUERIES["chair-of-body"], {"bodyy": "ipod:bestuur"})


def test_an_empty_value_binds_nothing_silently_no_more() -> None:
    with pytest.raises(UsageError, match="parameter body: the value is empty"):
        bind_params(QUERIES["chair-of-body"], {"body": ""})
    day = {"date": "2025-12-19"}
    assert bind_params(QUERIES["chair-of-body"], day)["body"] == to_iri("ipod:bestuur")


#: Sources on which the copies of "the latest state date" disagreed: SPARQL's MAX let an
#: ill-typed date win (then refused as no day) and, on rdflib, ranked a dateTime above a
#: later date; the time rule kept whichever of a document's two dates came last; the
#: chart counted a state date of a thing that is no source document.
_STATE_DATES = {
    "ill-typed": (
        '<urn:a> a ipo:SourceDocument ; ipo:stateDate "2020-12-01"^^xsd:date .\n'
        '<urn:b> a ipo:SourceDocument ; ipo:stateDate "2025-02-30"^^xsd:date .',
        "2020-12-01",
    ),
    "date-and-dateTime": (
        '<urn:a> a ipo:SourceDocument ; ipo:stateDate "2025-12-21"^^xsd:date .\n'
        '<urn:b> a ipo:SourceDocument ; ipo:stateDate "2025-12-20T10:00:00"^^xsd:dateTime .',
        "2025-12-21",
    ),
    "two-dates-one-order": (
        '<urn:a> a ipo:SourceDocument ; ipo:stateDate "2025-12-19"^^xsd:date .\n'
        '<urn:a> ipo:stateDate "2020-12-01"^^xsd:date .',
        "2025-12-19",
    ),
    "two-dates-other-order": (
        '<urn:a> a ipo:SourceDocument ; ipo:stateDate "2020-12-01"^^xsd:date .\n'
        '<urn:a> ipo:stateDate "2025-12-19"^^xsd:date .',
        "2025-12-19",
    ),
    "no-source-document": (
        '<urn:a> a ipo:SourceDocument ; ipo:stateDate "2020-12-01"^^xsd:date .\n'
        '<urn:b> ipo:stateDate "2025-12-19"^^xsd:date .',
        "2020-12-01",
    ),
}


def _state_date_graph(body: str) -> Graph:
    graph = Graph()
    prefixes = (
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    )
    graph.parse(data=prefixes + body, format="turtle")
    return graph


@pytest.mark.parametrize("case", sorted(_STATE_DATES))
def test_every_default_day_is_the_same_latest_state_date(case: str) -> None:
    """A chart, an export, ``why`` (the network view's day) and a query's ``latest`` take
    their default day from one rule; the time rule's sources end on that day too."""
    from ipo_graph.execution import make_target
    from ipo_graph.export.chart import latest_state_date as chart_day
    from ipo_graph.export.network import build_network
    from ipo_graph.history.timeline import Timeline, latest_state_date
    from ipo_graph.queryparams import latest_state_date as query_day
    from ipo_graph.store import store_of_graph

    body, expected = _STATE_DATES[case]
    graph = _state_date_graph(body)
    day = latest_state_date(graph)
    assert day is not None and day.isoformat() == expected
    assert chart_day(graph) == expected
    assert build_network(graph, days=False).graph["day"] == expected
    for engine in ("rdflib", "oxigraph"):
        assert query_day(make_target(graph, engine)) == expected, engine
    for timeline in (Timeline.of_graph(graph), Timeline.of_store(store_of_graph(graph))):
        assert max(s.state_date for s in timeline.sources) == day


@pytest.mark.parametrize("case", [*sorted(_STATE_DATES), "shipped data"])
def test_the_direct_read_of_state_dates_is_the_query(case: str) -> None:
    """The chart reads the state dates from the graph's triples rather than by rdflib's
    SPARQL engine: the same values as ``latest-state-date.rq`` on either engine."""
    from ipo_graph.api import IpoGraph
    from ipo_graph.execution import make_target
    from ipo_graph.history.timeline import state_dates

    if case == "shipped data":
        graph = IpoGraph.load().graph
    else:
        graph = _state_date_graph(_STATE_DATES[case][0])
    text = paths.sparql_file("latest-state-date.rq").read_text(encoding="utf-8")

    def spelt(values: object) -> set[tuple[str, str]]:
        return {(str(v), str(getattr(v, "datatype", ""))) for v in values}  # type: ignore[attr-defined]

    read = spelt(state_dates(graph))
    assert read
    for engine in ("rdflib", "oxigraph"):
        rows = execute(text, {}, make_target(graph, engine)).rows
        assert spelt(row[0] for row in rows) == read, engine


#: the algebra a pattern of triples (with BINDs and OPTIONAL extras) is made of
_PLAIN = frozenset({"SelectQuery", "Distinct", "Project", "Extend", "Join", "LeftJoin", "BGP"})


def _required_triples(node: object, others: list[str] | None = None) -> list[tuple[object, ...]]:
    """The triple patterns a SPARQL algebra node requires (not those under OPTIONAL); the
    names of any other operators found on the way (a FILTER, a MINUS) go to ``others``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return []
    if node.name not in _PLAIN and others is not None:
        others.append(node.name)
    if node.name == "BGP":
        return list(node["triples"])
    if node.name == "LeftJoin":
        return _required_triples(node["p1"], others)
    return [t for key in ("p", "p1", "p2") for t in _required_triples(node.get(key), others)]


def _union_branches(node: object) -> list[object]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue) and node.name == "Union":
        return _union_branches(node["p1"]) + _union_branches(node["p2"])
    if isinstance(node, CompValue) and node.name in ("SelectQuery", "Project", "Distinct"):
        return _union_branches(node["p"])
    return [node]


def _binds(node: object, var: str, value: str) -> bool:
    """Whether the algebra ``node`` binds ``?var`` to the string ``value`` (a BIND)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    if not isinstance(node, CompValue):
        return False
    if node.name == "Extend" and node["var"] == Variable(var) and node["expr"] == Literal(value):
        return True
    return any(_binds(node.get(key), var, value) for key in ("p", "p1", "p2"))


def test_the_latest_state_date_reads_the_time_rules_documents() -> None:
    """Which documents count as sources is spelt out twice: in the time rule's query
    (``timeline-facts.rq``, its "document" rows, the sources a fact is dated by) and in
    ``latest-state-date.rq`` (the default day of a chart, of ``why`` and of a query's
    ``latest``), which must not run the whole rule to find one day. SPARQL has no
    include, so the two patterns are kept alike here: the same required triple patterns,
    the state date read from the same place. One changed without the other fails."""
    from itertools import permutations

    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    def algebra(name: str) -> object:
        return prepareQuery(paths.sparql_file(name).read_text(encoding="utf-8")).algebra

    latest = algebra("latest-state-date.rq")
    (day,) = latest["PV"]
    branches = [
        b for b in _union_branches(algebra("timeline-facts.rq")) if _binds(b, "kind", "document")
    ]
    assert len(branches) == 1
    others: list[str] = []
    wanted, found = _required_triples(latest, others), _required_triples(branches[0], others)
    assert wanted and found
    # a FILTER or MINUS in either would narrow its documents: this test compares triples
    assert not others, f"compare {others} of the two queries here too"

    def variables(triples: list[tuple[object, ...]]) -> list[Variable]:
        return sorted({t for triple in triples for t in triple if isinstance(t, Variable)})

    # the same patterns up to the names of their variables, ?day being the rule's ?b (the
    # column Timeline reads a document's state date from)
    ours, theirs = variables(wanted), variables(found)
    assert len(ours) == len(theirs), (wanted, found)
    renamings = [dict(zip(ours, names, strict=True)) for names in permutations(theirs)]
    same = [
        r
        for r in renamings
        if {tuple(r.get(t, t) for t in triple) for triple in wanted} == set(found)
    ]
    assert same, f"latest-state-date.rq {wanted} against timeline-facts.rq's documents {found}"
    assert any(r[day] == Variable("b") for r in same), f"?{day} is no document's state date"


def test_a_latest_default_is_the_newest_sources_day(tmp_path: Path) -> None:
    """Regression: date defaults were written as 2025-12-19, so once a later source is
    added a plain `query chair-of-body` still answered for 2025 while `why` and `export`
    took the newest source's day. `latest` reads it from the graph asked."""
    from ipo_graph.api import IpoGraph
    from ipo_graph.execution import make_target

    q = QUERIES["chair-of-body"]
    with pytest.raises(UsageError, match="latest state date"):
        bind_params(q, {})  # no graph to read it from: said, not guessed
    later = tmp_path / "later.ttl"
    later.write_text(
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ipod:source-002 ipo:stateDate "2027-03-01"^^xsd:date .\n',
        encoding="utf-8",
    )
    for files, day in (
        ([paths.data_dir()], "2025-12-19"),
        ([paths.data_dir(), later], "2027-03-01"),
    ):
        target = make_target(IpoGraph.load(files).graph, "oxigraph")
        assert str(bind_params(q, {}, target=target)["date"]) == day
        assert str(bind_params(q, {"date": "2020-12-01"}, target=target)["date"]) == "2020-12-01"


def test_unknown_query_lists_the_available_ones() -> None:
    with pytest.raises(UsageError, match="chair-of-body"):
        find_query("no-such-question")


def test_parameters_change_the_answer(ox_store: object) -> None:
    hnp = answer("chair-of-body", ox_store, {"body": "ipod:hnp-bestuur"})
    assert [plain(r[0]) for r in hnp.rows] == ["Arthur van Dijk"]
    late = answer("direct-reports", ox_store, {"date": "2025-12-19"})
    # 001 l.78 holds; the lines of 000 l.37 are presumed (no source ends them)
    holding = [plain(r[0]) for r in late.rows if plain(r[1]) == ""]
    assert holding == ["Domeinmanagers IPO Den Haag"]
    assert {plain(r[1]) for r in late.rows} == {"", "2020-12-01"}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_task_is_dated_by_its_own_words(
    engine: str, rdflib_graph: Graph, ox_store: object
) -> None:
    """The directeur BIJ12's duties are stated by 001 alone (lines 124-134, 143), though 000
    names the post: unknown in 2020, holding in 2025. The director-general's duties of 000
    (lines 69-96) are presumed in 2025, the two of 001 (line 77) hold."""
    target = ox_store if engine == "oxigraph" else rdflib_graph
    bij12 = {"holder": "ipod:post-directeur-bij12"}
    assert answer("responsibilities", target, {**bij12, "date": "2020-12-01"}).rows == []
    late = answer("responsibilities", target, {**bij12, "date": "2025-12-19"})
    assert len(late.rows) == 4
    assert {(plain(r[2]), plain(r[3])) for r in late.rows} == {("001_706ab6f4b2994d12.txt", "")}
    ad = answer("responsibilities", target, {"holder": "ipod:post-algemeen-directeur"})
    holding = sorted(plain(r[0]) for r in ad.rows if plain(r[3]) == "")
    assert holding == [
        "eerste aanspreekpunt voor het Bestuur en de Algemene Vergadering",
        "eindverantwoordelijk voor de gehele organisatie",
    ]
    assert {plain(r[3]) for r in ad.rows} == {"", "2020-12-01"}
    early = answer(
        "responsibilities", target, {"holder": "ipod:post-algemeen-directeur", "date": "2020-12-01"}
    )
    assert len(early.rows) == len(ad.rows) - 2  # the 2025 duties are not yet stated


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_sparql_in_a_value_stays_data(engine: str, rdflib_graph: Graph, ox_store: object) -> None:
    target = ox_store if engine == "oxigraph" else rdflib_graph
    size = len(target)  # type: ignore[arg-type]
    for evil in [
        'x" } ; DROP ALL #',
        "x')) } UNION { ?x ?p ?organisation } #",
        '"}} DELETE WHERE {?s ?p ?o} #',
    ]:
        result = answer("organisations-named", target, {"text": evil})
        assert result.rows == []
    assert len(target) == size  # type: ignore[arg-type]
    quoted = answer("organisations-named", target, {"text": "'"})
    assert [plain(r[0]) for r in quoted.rows] == ["Europees Comité van de Regio's"]


def test_canonical_literals_agree_across_engines() -> None:
    dec = URIRef(XSD + "decimal")
    assert canonical(Literal("7943.510", datatype=dec)) == canonical(
        Literal("7943.51", datatype=dec)
    )
    assert canonical(Literal("040", datatype=URIRef(XSD + "integer"))) == Literal(40)
    assert canonical(Literal("x", datatype=URIRef(XSD + "string"))) == Literal("x")


def test_a_query_file_outside_the_library() -> None:
    f = FIXTURES / "minimal.rq"
    q = find_query(str(f))
    assert isinstance(q, NamedQuery) and q.question_en == "How many?"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_run_query_api_on_the_shipped_graph(engine: str) -> None:
    from ipo_graph.api import run_query

    result = run_query("chair-of-body", engine=engine, bindings={"body": "Bestuur HNP"})  # type: ignore[arg-type]
    assert [plain(t) for t in result.rows[0]] == [
        "Arthur van Dijk",
        "",
        "000_446a8e16cc534121.txt",
        "2020-12-01",  # presumed on the default day: 000 l.47, not restated, not ended
    ]


def test_roles_are_identified_by_iri_not_by_label_text(rdflib_graph: Graph) -> None:
    """Relabelling a role (a translation, a typo fix) must not change who holds it."""
    from rdflib import Literal, URIRef

    g = Graph()
    for triple in rdflib_graph:
        g.add(triple)
    for role in ("voorzitter", "secretaris", "adviseur"):
        iri = URIRef(f"https://w3id.org/ipo-graph/id/role-{role}")
        g.remove((iri, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))
        g.add((iri, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("x", lang="nl")))
    for name in ("chair-of-body", "secretary-of-body", "advisers-of-body", "reporting-chain"):
        assert answer(name, g).rows == answer(name, rdflib_graph).rows, name


# one rule for a column of the documents that state a fact: each fact one row, its
# documents in one cell (a later source that restates or ends it adds no row)
_DOCUMENTS = re.compile(
    r"OPTIONAL \{\n    SELECT \?(\w+) \(GROUP_CONCAT\(\?doc; separator=\", \"\) AS \?document\) "
    r"WHERE \{\n      \{ SELECT DISTINCT \?\1 \?doc WHERE \{ \?\1 prov:wasDerivedFrom/"
    r"dcterms:identifier \?doc \} ORDER BY \?doc \}\n    \} GROUP BY \?\1\n  \}"
)


@pytest.mark.parametrize("name", named_queries())
def test_a_document_column_names_every_document_in_one_cell(name: str) -> None:
    query = find_query(name)
    text = query.text
    if "?document" not in text.split("WHERE", 1)[0] or "dcterms:identifier" not in text:
        return
    direct = re.search(r"prov:wasDerivedFrom/dcterms:identifier \?document\b", text)
    assert direct is None, f"{query.name}: one row per document (use the shared aggregation)"
    if query.name not in ("evidence", "evidence-of-membership", "sources"):  # per excerpt
        assert _DOCUMENTS.search(text), f"{query.name}: not the shared document aggregation"


def test_a_contradicted_staff_figure_says_so(tmp_path: Path) -> None:
    """Regression: a staffing figure a later source contradicts was listed as if nobody
    disputed it; `vacancies` had a discrepancy column, `staff-figures` none."""
    from ipo_graph.api import IpoGraph
    from ipo_graph.execution import make_target

    extra = tmp_path / "contradiction.ttl"
    extra.write_text(
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ipod:discrepancy-bij12-medewerkers a ipo:Discrepancy ;\n"
        '    rdfs:label "BIJ12 eind 2025: circa 300 of circa 350 medewerkers"@nl ;\n'
        "    ipo:concerns ipod:figure-bij12-medewerkers-2025 .\n",
        encoding="utf-8",
    )
    target = make_target(IpoGraph.load([paths.data_dir(), extra]).graph, "oxigraph")
    rows = {
        (plain(r[2]), plain(r[7]))
        for r in answer("staff-figures", target).rows  # value, discrepancy
    }
    assert ("300", "BIJ12 eind 2025: circa 300 of circa 350 medewerkers") in rows
    assert ("80", "") in rows
