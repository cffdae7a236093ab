"""``why``: the sources, dates and exact words behind an entity or a fact.

Expected words come from the sources: 000 line 25 ("Sinds het voorjaar 2018 is Theo
Bovens ... voorzitter van het bestuur"), 000 line 37 (the management under the AD), and
001 lines 185-187 / 218-219 (closing date 6 January against the planning's 9 January).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.errors import DataProblem, UsageError
from ipo_graph.provenance.why import explain, render_text

DOC_000 = "000_446a8e16cc534121.txt"
BOVENS = "Sinds het voorjaar 2018 is Theo Bovens"


def quotes_of(ex: object) -> list[tuple[str, int | None, str]]:
    sts = [ex.subject, *ex.qualifiers]  # type: ignore[attr-defined]
    return [(q.document, q.line, q.text) for st in sts for q in st.quotes]


def test_the_bestuur_chair_quotes_document_000(kg: IpoGraph) -> None:
    ex = explain(kg, "ipod:bestuur", "*", "voorzitter")
    by = {str(q.iri).rsplit("/", 1)[-1]: q for q in ex.qualifiers}
    chair = by["membership-bestuur-voorzitter-bovens"]
    assert any(q.document == DOC_000 and q.line == 25 and BOVENS in q.text for q in chair.quotes)
    assert [s.identifier for s in chair.sources] == [DOC_000]
    assert chair.sources[0].state_date == "2020-12-01" and chair.sources[0].issued == "2020"
    assert chair.time.startswith("voorjaar 2018")
    # only resources linking the Bestuur and the chair role qualify: not the secretary
    assert not any("secretaris" in k for k in by)


def test_a_label_names_the_subject(kg: IpoGraph) -> None:
    ex = explain(kg, "Theo Bovens")
    assert ex.subject.name == "ipod:person-theo-bovens"
    assert any(d == DOC_000 and line == 25 and BOVENS in t for d, line, t in quotes_of(ex))
    assert "membership-bestuur-voorzitter-bovens" in {
        str(q.iri).rsplit("/", 1)[-1] for q in ex.qualifiers
    }


def test_a_qualified_fact_without_a_plain_triple_is_found(kg: IpoGraph) -> None:
    ex = explain(kg, "Theo Bovens", "org:memberOf", "ipod:bestuur")
    assert ex.facts == []
    assert {q.name for q in ex.qualifiers} == {"ipod:membership-bestuur-voorzitter-bovens"}


def test_a_plain_fact_and_its_reporting_line(kg: IpoGraph) -> None:
    ex = explain(kg, "ipod:post-teammanager-ipo-1", "org:reportsTo")
    assert ("org:reportsTo", kg.label(kg.resolve("ipod:post-algemeen-directeur"))) in ex.facts
    assert [q.name for q in ex.qualifiers] == ["ipod:reportingline-teammanager-ipo-1"]
    assert (DOC_000, 37) in {(d, line) for d, line, _ in quotes_of(ex)}


def test_a_property_is_stated_by_its_own_statements(kg: IpoGraph) -> None:
    """000:25 alone states how often the Bestuur meets: its statements quote that line,
    and on 2025-12-19 they are presumed while the Bestuur (also in 001) holds."""
    ex = explain(kg, "ipod:bestuur", "ipo:meetingFrequency", as_of="2025-12-19")
    assert {q.name for q in ex.qualifiers} == {
        "ipod:statement-bestuur-meeting-frequency-en",
        "ipod:statement-bestuur-meeting-frequency-nl",
    }
    assert {(d, line) for st in ex.qualifiers for d, line, _ in quotes_of_st(st)} == {(DOC_000, 25)}
    assert all(
        st.status == "on 2025-12-19: presumed (last stated 2020-12-01)" for st in ex.qualifiers
    )
    assert ex.subject.status == "on 2025-12-19: holds (stated)"


def quotes_of_st(st: object) -> list[tuple[str, int | None, str]]:
    return [(q.document, q.line, q.text) for q in st.quotes]  # type: ignore[attr-defined]


def test_discrepancies_touching_a_resource_are_shown(kg: IpoGraph) -> None:
    ex = explain(kg, "ipod:vacancy-plaatsvervangend-algemeen-directeur-2025")
    names = {str(d.iri).rsplit("/", 1)[-1] for d in ex.discrepancies}
    assert "discrepancy-sluitingsdatum-2026" in names
    text = render_text(ex)
    assert "Discrepancies:" in text and "6 januari 2026" in text


def test_an_ambiguous_label_lists_the_candidates(kg: IpoGraph) -> None:
    with pytest.raises(UsageError) as err:
        explain(kg, "Utrecht")
    assert "ipod:provincie-utrecht" in str(err.value) and "ipod:site-utrecht" in str(err.value)


def test_unknown_names_and_unstated_facts(kg: IpoGraph) -> None:
    with pytest.raises(UsageError):
        explain(kg, "Nobody In Particular")
    with pytest.raises(UsageError):
        explain(kg, "ipod:no-such-thing")
    with pytest.raises(UsageError):
        explain(kg, "ipod:bestuur", "no such property")
    with pytest.raises(DataProblem):
        explain(kg, "ipod:bestuur", "org:reportsTo", "ipod:bij12")


def test_cli_exit_codes_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "ipod:bestuur", "*", "voorzitter"]) == 0
    out = capsys.readouterr().out
    assert BOVENS in out and f"{DOC_000}:25" in out
    assert main(["why", "Utrecht"]) == 2
    err = capsys.readouterr().err
    assert "ambiguous" in err and "ipod:site-utrecht" in err and "Traceback" not in err
    assert main(["why", "ipod:bestuur", "org:reportsTo", "ipod:bij12"]) == 1
    capsys.readouterr()
    assert main(["why", "Theo Bovens", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["subject"]["name"] == "ipod:person-theo-bovens"
    assert main(["why", "Theo Bovens", "--format", "md"]) == 0
    assert "“" + BOVENS in capsys.readouterr().out


@pytest.mark.parametrize(
    "question",
    [
        ["<>"],
        ["<x>"],
        ["ipod:bestuur>"],
        ["ipod:bestuur", "org:hasSubOrganization", "<>"],
        ["ipod:bestuur", "*", "ipod:x>"],
    ],
)
def test_a_name_written_as_a_malformed_iri_is_a_usage_error(
    question: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``<>`` or ``ipod:x>`` was looked up as an IRI in the store, and
    Oxigraph's ValueError ("No scheme found", "Invalid IRI code point") came out of
    ``why`` as a traceback, exit 1. Such a name names nothing, as it does for ``query``."""
    assert main(["why", *question]) == 2
    err = capsys.readouterr().err
    assert f"nothing in the graph is called {question[-1]!r}" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("question", "named", "hint"),
    [
        (
            ["org:reportTo", "ipod:post-algemeen-directeur"],
            "org:reportTo",
            "'org:reportsTo' (org:reportsTo)",
        ),
        (["org:reportsTo", "ipod:nothing"], "ipod:nothing", "'ipod:"),
        (["ipo:nonexistentProperty"], "ipo:nonexistentProperty", "'ipo:"),
    ],
)
def test_a_predicate_or_object_iri_the_graph_does_not_use_is_a_usage_error(
    question: list[str], named: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a misspelt PREDICATE or OBJECT IRI exited 1, "the graph does not
    state", as if the sources were silent on the fact; like a misspelt SUBJECT it is a
    usage error with the nearest names (docs/editing.md, "Names and questions")."""
    assert main(["why", "ipod:post-teammanager-ipo-1", *question]) == 2
    err = capsys.readouterr().err
    assert f"nothing in the graph is called {named!r}; did you mean {hint}" in err
    # a property and an object the graph uses, in a fact it does not state: exit 1
    assert main(["why", "ipod:post-teammanager-ipo-1", "org:reportsTo", "ipod:bestuur"]) == 1


@pytest.mark.parametrize("predicate", ["*", "rdfs:label"])
def test_an_empty_object_is_a_usage_error(
    predicate: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: every label contains '', so ``why S '*' ''`` (an unset shell variable)
    listed everything S refers to, exit 0, and ``why S rdfs:label ''`` said the graph
    does not state 'S rdfs:label', exit 1, leaving the empty OBJECT out."""
    assert main(["why", "ipod:bestuur", predicate, " "]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "OBJECT is empty" in err


def test_an_object_written_as_an_iri_may_be_a_literal(tmp_path: Path) -> None:
    """OBJECT is refused as a name for nothing only when nothing matches: the same text
    may be a string the graph states (a web address kept as a literal)."""
    data = tmp_path / "page.ttl"
    data.write_text(
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        'ipod:thing foaf:homepage "https://example.org/page" .\n',
        encoding="utf-8",
    )
    kg = IpoGraph.load([data])
    ex = explain(kg, "ipod:thing", "foaf:homepage", "https://example.org/page")
    assert ex.facts == [("foaf:homepage", "https://example.org/page")]
    with pytest.raises(UsageError, match=r"'https://example\.org/other'"):
        explain(kg, "ipod:thing", "foaf:homepage", "https://example.org/other")


def test_excerpts_without_a_line_sort_after_those_with_one() -> None:
    """Regression: sorting quotes compared a missing line (None) with a number and raised,
    which made ``changes`` and ``why`` crash on such data (found by fuzzing the graph)."""
    from pathlib import Path

    from rdflib import Graph

    from ipo_graph.namespaces import IPOD
    from ipo_graph.provenance.evidence import quotes

    fixture = Path(__file__).resolve().parent / "fixtures" / "evidence" / "line-missing.ttl"
    graph = Graph().parse(fixture, format="turtle")
    found = quotes(graph, IPOD["thing"])
    assert [q.line for q in found] == [12, None, None]
    assert [q.text for q in found] == ["met regel", "onleesbare regel", "zonder regel"]


def test_a_line_number_is_a_whole_number_or_none() -> None:
    """One reading of ``ipo:line`` for why, changes, the network export and traceability."""
    import datetime as dt

    from rdflib import Literal, URIRef

    from ipo_graph.namespaces import XSD
    from ipo_graph.provenance.evidence import line_number

    assert line_number(Literal(12)) == 12
    assert line_number(Literal("12", datatype=XSD.integer)) == 12
    assert line_number(Literal("twaalf", datatype=XSD.integer)) is None
    assert line_number(Literal(dt.date(2020, 12, 1))) is None
    assert line_number(Literal(True)) is None
    assert line_number(Literal("12")) is None
    assert line_number(URIRef("https://example.org/12")) is None
    assert line_number(None) is None


def test_a_subject_indented_in_a_trig_block_is_placed() -> None:
    """Regression: ``why`` placed a resource by the lines that start with it only, so a
    post indented in a TriG graph had no place, where validate gives its line."""
    from pathlib import Path

    from ipo_graph.namespaces import IPOD
    from ipo_graph.provenance.why import statement

    trig = Path(__file__).parent / "fixtures" / "formats" / "post.trig"
    kg = IpoGraph.load([trig])
    found = statement(kg, IPOD["post-trig"]).location
    assert found is not None and found.endswith("post.trig:7")


def test_a_task_names_the_excerpt_that_states_it(kg: IpoGraph) -> None:
    """000:5 states this duty of the algemeen directeur, and 000 alone: the task cites that
    line, not the post's, and carries its own date; asked as a fact, the task states it."""
    ex = explain(kg, "ipod:concept-ad-complexe-dossiers")
    assert [(q.document, q.line) for q in ex.subject.quotes] == [(DOC_000, 5)]
    assert "complexe politiek-bestuurlijke dossiers aanpakt" in ex.subject.quotes[0].text
    assert ex.subject.status == "on 2025-12-19: presumed (last stated 2020-12-01)"
    fact = explain(kg, "ipod:post-algemeen-directeur", "ipo:responsibility", "complexe")
    (task,) = fact.qualifiers
    assert task.name == "ipod:concept-ad-complexe-dossiers"
    assert [(q.document, q.line) for q in task.quotes] == [(DOC_000, 5)]
    assert task.status == "on 2025-12-19: presumed (last stated 2020-12-01)"
