"""``ipo-graph query``: named queries, files, ad-hoc SPARQL, formats, engines and errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from ipo_graph import paths
from ipo_graph.cli import main
from ipo_graph.queryfiles import named_queries

QUERIES = named_queries()
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"


def fx(name: str) -> str:
    """The text of a fixture query (SPARQL lives in .rq files, not in Python strings)."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_name_and_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list")
    assert code == 0
    for name, q in QUERIES.items():
        assert re.search(rf"^{re.escape(name)}$", out, re.M)
        assert q.question_nl in out and q.question_en in out
    assert "--param body=<iri> (default: ipod:bestuur)" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--all"],
        ["members-of-ipo"],
        ["-e", "ASK {}"],
        ["--format", "table"],
        ["--engine", "oxigraph"],
        ["--as-of", "2020-12-01"],
        ["--strict"],
        ["--param", "body=ipod:bestuur"],
        ["--endpoint", "http://127.0.0.1:1/query"],
        ["--data", "data"],
    ],
    ids=" ".join,
)
def test_list_refuses_what_it_would_ignore(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Regression: --list dropped every other argument, exit 0: ``--list --all`` listed
    the queries and answered none, ``--list --format json`` printed the text list."""
    code, out, err = run(capsys, "--list", *args)
    assert code == 2 and out == ""
    assert f"--list takes no other argument ({args[0]} given)" in err


def test_named_query_table_shows_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "chair-of-body")
    assert code == 0
    assert "Theo Bovens" in out and "voorjaar 2018" in out
    assert "(1 row)" in out


def test_table_shows_iris_by_their_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-e", fx("bodies.rq"))
    assert code == 0
    assert "Algemene Vergadering" in out and "Bestuur" in out
    assert "https://" not in out and "ipod:" not in out


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_csv_answer_on_each_engine(capsys: pytest.CaptureFixture[str], engine: str) -> None:
    code, out, _ = run(capsys, "members-of-ipo", "--format", "csv", "--engine", engine)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["member"] and len(rows) == 13
    assert ["Fryslân"] in rows


def test_json_is_sparql_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "salary-ranges", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"] == [
        "post",
        "scale",
        "scaleIsMaximum",
        "minimum",
        "maximum",
        "hoursPerWeek",
    ]
    bindings = doc["results"]["bindings"]
    top = [b for b in bindings if b.get("maximum")]
    assert top[0]["maximum"]["type"] == "literal"
    assert top[0]["maximum"]["value"] == "11273.01"
    assert top[0]["maximum"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert "minimum" not in bindings[0]  # unbound values are left out, as the format says


def test_json_iris_and_ask(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-e", fx("one-province.rq"), "--format", "json")
    assert json.loads(out)["results"]["bindings"][0]["s"]["type"] == "uri"
    code, out, _ = run(capsys, "-e", fx("ask-bij12.rq"), "--format", "json")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


def test_tsv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bij12-units", "--format", "tsv")
    assert code == 0 and out.splitlines()[0] == "?unit" and '"Faunazaken"@nl' in out
    code, out, _ = run(capsys, "bij12-units", "--format", "md")
    assert out.splitlines()[:3] == ["| unit |", "|---|", "| AdviesCommissie Schade Grondwater |"]


def test_parameters_by_prefixed_name_label_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "chair-of-body", "--param", "body=ipod:hnp-bestuur", "--format", "csv"
    )
    assert code == 0 and "Arthur van Dijk" in out
    code, out, _ = run(capsys, "chair-of-body", "--param", "body=Bestuur HNP", "--format", "csv")
    assert code == 0 and "Arthur van Dijk" in out
    code, out, _ = run(
        capsys, "direct-reports", "--param", "date=2025-12-19", "--format", "csv", "--strict"
    )
    assert out.splitlines() == ["post,presumed", "Domeinmanagers IPO Den Haag,"]


def test_a_value_with_sparql_in_it_stays_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "organisations-named", "--param", 'text=x" } ; DROP ALL #', "--format", "csv"
    )
    assert code == 0 and out.strip() == "organisation"
    code, out, _ = run(capsys, "members-of-ipo", "--format", "csv")
    assert len(out.strip().splitlines()) == 13  # nothing was dropped
    code, _, err = run(capsys, "members-of-body", "--param", 'body=x" } ; DROP ALL #')
    assert code == 2 and "nothing in the graph is called" in err


def test_query_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURES / "count-provinces.rq"), "--format", "csv")
    assert code == 0 and out.split() == ["n", "12"]


def test_unknown_query_exits_2_with_the_available_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "who-is-the-king")
    assert code == 2 and out == ""
    assert "unknown query 'who-is-the-king'" in err and "members-of-ipo" in err


def test_unknown_parameter_exits_2_with_the_declared_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "chair-of-body", "--param", "organ=ipod:bestuur")
    assert code == 2 and "no parameter 'organ'" in err and "body (iri)" in err


def test_bad_param_syntax_and_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "direct-reports", "--param", "date")
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = run(capsys, "direct-reports", "--param", "date=eind 2020")
    assert code == 2 and "not a date" in err


def test_a_parameter_given_twice_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: the last value won and the other was dropped without a word, so
    ``--param body=A --param body=B`` answered for B alone, exit 0."""
    args = ["chair-of-body", "--param", "body=ipod:bestuur", "--param", "body=ipod:ipo"]
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert "--param body is given twice ('ipod:bestuur' and 'ipod:ipo')" in err


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("chair-of-body", "body"),
        ("chair-of-body", "date"),
        ("staff-figures-at-least", "minimum"),
        ("organisations-named", "text"),
    ],
)
def test_an_empty_parameter_value_is_refused(
    capsys: pytest.CaptureFixture[str], query: str, param: str
) -> None:
    # Regression: an empty value bound nothing: "body=" answered for every body (with an
    # extra column), "date=" with no rows at all.
    code, out, err = run(capsys, query, "--param", f"{param}=", "--format", "csv")
    assert code == 2 and out == ""
    assert f"parameter {param}: the value is empty" in err and "its default" in err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_syntax_error_exits_2_with_line_and_column(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    code, out, err = run(capsys, "-e", fx("broken-adhoc.rq"), "--engine", engine)
    assert code == 2 and out == ""
    assert re.search(r"SPARQL syntax error at query:\d+:\d+: ", err)
    assert "Traceback" not in err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_unknown_prefix_is_named_on_each_engine(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    # Regression: rdflib raised "Exception: Unknown namespace prefix : foo" (a traceback).
    code, out, err = run(capsys, "-e", fx("unknown-prefix.rq"), "--engine", engine)
    assert code == 2 and out == ""
    assert "query:1:18: unknown prefix foo:" in err and len(err.splitlines()) == 1


def test_a_function_oxigraph_does_not_know_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Regression: "RuntimeError: The custom function <urn:f> is not supported" (a traceback).
    code, _, err = run(capsys, "-e", fx("custom-function.rq"))
    assert code == 2 and "<urn:f> is not supported" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "query", ["rdflib-order-type-error.rq", "rdflib-sum-of-labels.rq", "rdflib-graph-clause.rq"]
)
def test_a_query_rdflib_cannot_evaluate_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    # Regression: TypeError, SPARQLTypeError and "requiring a dataset" raised out of rdflib.
    code, _, err = run(capsys, "-e", fx(query), "--engine", "rdflib")
    assert code == 2 and len(err.splitlines()) == 1
    assert "rdflib engine cannot evaluate this query" in err and "--engine oxigraph" in err
    code, _, _ = run(capsys, "-e", fx(query))
    assert code == 0  # Oxigraph answers it


def test_a_bug_of_ours_under_rdflib_is_not_taken_for_rdflib_failing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only rdflib's evaluation is caught: our own code after it still raises."""
    from rdflib import Graph

    from ipo_graph import execution

    def broken(term: object) -> object:
        raise AssertionError("a bug")

    monkeypatch.setattr(execution, "canonical", broken)
    graph = Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format="nt")
    with pytest.raises(AssertionError, match="a bug"):
        execution.execute("SELECT * WHERE { ?s ?p ?o }", {}, graph)


def test_a_query_file_that_is_not_utf8_is_named_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Regression: UnicodeDecodeError (a traceback).
    f = tmp_path / "latin1.rq"
    f.write_bytes(b"# caf\xe9\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    code, out, err = run(capsys, str(f))
    assert code == 2 and out == ""
    assert f"{f}:1:6: byte 0xe9 is not valid UTF-8" in err and "Traceback" not in err


def test_command_line_text_that_is_not_utf8_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """A byte that is not UTF-8 in argv reaches Python as a lone surrogate (PEP 383)."""
    code, _, err = run(capsys, "-e", "SELECT \udcff WHERE {}")
    assert code == 2 and "-e:1:8: byte 0xff is not valid UTF-8" in err
    code, _, err = run(capsys, "organisations-named", "--param", "text=\udcff")
    assert code == 2 and "--param text:1:1: byte 0xff is not valid UTF-8" in err


def test_as_of_filters_the_graph(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bij12-units", "--as-of", "2020-12-01", "--format", "csv")
    assert code == 0 and out.strip() == "unit"  # the units are first stated in December 2025
    code, out, _ = run(capsys, "bij12-units", "--as-of", "2025-12-19", "--format", "csv")
    assert len(out.strip().splitlines()) == 1 + 6  # 001:45-51 lists six units


def test_as_of_is_the_default_day_of_a_query_about_one_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Regression: direct-reports defaulted its date to 2020-12-01 even with --as-of 2025-12-31.
    # 001 l.78: "De Algemeen Directeur is leidinggevende van de domeinmanagers in Den Haag."
    code, out, err = run(
        capsys, "direct-reports", "--as-of", "2025-12-19", "--format", "csv", "--strict"
    )
    assert code == 0
    assert out.strip().splitlines()[1:] == ["Domeinmanagers IPO Den Haag,"]
    assert "presumed" in err  # the as-of note says how much is only presumed
    # an explicit --param date still wins
    code, out, _ = run(
        capsys, "direct-reports", "--as-of", "2025-12-19", "--param", "date=2020-12-01",
        "--format", "csv", "--strict",
    )  # fmt: skip
    assert code == 0 and "Domeinmanagers IPO Den Haag" not in out


def test_endpoint_goes_through_the_remote_client(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib import Literal, URIRef

    from ipo_graph.namespaces import XSD
    from ipo_graph.results import Result

    bestuur = URIRef("https://w3id.org/ipo-graph/id/bestuur")
    latest = paths.sparql_file("latest-state-date.rq").read_text(encoding="utf-8")
    seen: dict[str, object] = {}

    def fake_execute(query_text: str, bindings: dict[str, object], url: str) -> Result:
        if query_text == latest:  # the state dates: the default day is the latest
            return Result(
                "select", vars=["day"], rows=[(Literal("2025-12-19", datatype=XSD.date),)]
            )
        seen.update(url=url, bindings=dict(bindings), text=query_text)
        row = (Literal("Theo Bovens"), Literal("voorjaar 2018"), Literal("000"), None, bestuur)
        names = ["holder", "since", "document", "presumed", "body"]
        return Result("select", vars=names, rows=[row])

    monkeypatch.setattr("ipo_graph.remote.execute", fake_execute)
    url = "http://127.0.0.1:9/sparql"
    code, out, _ = run(capsys, "chair-of-body", "--endpoint", url, "--format", "csv")
    assert code == 0
    day = Literal("2025-12-19", datatype=XSD.date)
    assert seen["url"] == url and seen["bindings"] == {"body": bestuur, "date": day}
    assert seen["text"] == QUERIES["chair-of-body"].text  # the parameter is not in the text
    assert out.splitlines() == ["holder,since,document,presumed", "Theo Bovens,voorjaar 2018,000,"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_engine_with_endpoint_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    """Regression: --engine was dropped with --endpoint, exit 0 (the endpoint answers with
    its own engine), so ``--engine rdflib`` seemed to have been used. Refused before any
    request: nothing listens on the port."""
    url = "http://127.0.0.1:9/sparql"
    code, out, err = run(capsys, "members-of-ipo", "--endpoint", url, "--engine", engine)
    assert code == 2 and out == ""
    assert f"--engine {engine} applies to the local graph; --endpoint is answered by" in err


def test_all_answers_every_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--all")
    assert code == 0
    for name, q in QUERIES.items():
        assert f"## {name}\n" in out and q.question_en in out
    assert "(0 rows)" not in out


def test_all_as_json_is_one_document_keyed_by_query_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Regression: Markdown headings between the JSON documents: no JSON at all.
    code, out, _ = run(capsys, "--all", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == list(QUERIES)
    code, one, _ = run(capsys, "members-of-ipo", "--format", "json")
    assert doc["members-of-ipo"] == json.loads(one)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_all_refuses_a_format_of_one_table(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "--all", "--format", fmt)
    assert code == 2 and out == ""
    assert f"--format {fmt} cannot hold" in err and "json" in err


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "md"])
def test_a_graph_answer_refuses_a_result_format(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    # Regression: --format json printed N-Triples, silently.
    code, out, err = run(capsys, "-e", fx("construct-bij12.rq"), "--format", fmt)
    assert code == 2 and out == ""
    assert f"--format {fmt} cannot hold" in err and "--format table" in err


def test_exactly_one_of_name_expr_all(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "exactly one" in err


def test_docs_list_every_competency_question(repo_root: Path) -> None:
    page = (repo_root / "docs" / "queries.md").read_text(encoding="utf-8")
    start = page.index("<!-- section:queries -->")
    end = page.find("<!-- section:", start + 10)
    section = page[start:] if end < 0 else page[start:end]
    for name, q in QUERIES.items():
        assert f"`{name}`" in section, name
        assert q.question_en in section, name
        for prm in q.params:
            assert f"`{prm.name}`: {prm.type} = `{prm.default}`" in section, (name, prm.name)


def test_syntax_error_in_a_file_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    f = FIXTURES / "broken.rq"
    code, _, err = run(capsys, str(f))
    assert code == 2 and re.search(rf"{re.escape(str(f))}:\d+:\d+: ", err), err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_syntax_error_position_is_in_the_text_as_written(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    """The parameters reach Oxigraph as a VALUES block too (a line of its own after the
    WHERE brace); the error still names the line of the file, not of the text sent."""
    f = FIXTURES / "broken-with-param.rq"
    code, _, err = run(capsys, str(f), "--engine", engine)
    assert code == 2 and re.search(rf"{re.escape(str(f))}:6:\d+: ", err), err


def test_unprojected_parameter_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(FIXTURES / "unprojected.rq"))
    assert code == 2 and "must be projected" in err


def test_construct_prints_n_triples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-e", fx("construct-bij12.rq"))
    assert code == 0
    bij12 = "<https://w3id.org/ipo-graph/id/bij12>"
    assert f'{bij12} <http://www.w3.org/2000/01/rdf-schema#label> "BIJ12"@nl .' in out


@pytest.mark.parametrize("argv", [["--help"], ["query", "--list"], ["query", "--help"]])
def test_help_and_list_import_no_rdflib(argv: list[str]) -> None:
    """Listing and help stay instant: rdflib (a quarter second to import) is not loaded."""
    from support import main_in_fresh_process

    _, loaded, out = main_in_fresh_process(argv, "rdflib")
    assert loaded is False
    assert out.strip()


def test_the_oxigraph_fast_path_is_taken(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A named query without --as-of answers from the cached Oxigraph store: the store is
    opened, and the rdflib graph is never built (its loader is made to fail here)."""
    from ipo_graph import store
    from ipo_graph.api import IpoGraph

    def no_rdflib(*args: object, **kwargs: object) -> IpoGraph:
        raise AssertionError("the rdflib graph was built: the fast path was not taken")

    opened: list[object] = []
    real_open = store.open_store

    def open_store(*args: object, **kwargs: object) -> object:
        opened.append(args)
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(IpoGraph, "load", classmethod(no_rdflib))
    monkeypatch.setattr(store, "open_store", open_store)
    monkeypatch.setenv("IPO_GRAPH_CACHE", str(tmp_path / "cache"))
    code, out, _ = run(capsys, "bij12-units", "--format", "csv")
    assert code == 0 and "Faunazaken" in out
    assert len(opened) == 1


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (
            "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
            "The SELECT contains a variable that is unbound",
        ),
        ("SELECT * WHERE { ?s ?p ?o } ORDER", "expected one of GROUP, LATERAL, LIMIT, SERVICE"),
        ("SELECT * WHERE { ?s <a b> ?o }", "IRI parsing failed"),
        ("SELECT * WHERE { ?s ?p ?o . , }", "unexpected text here"),
    ],
)
def test_a_syntax_error_is_one_line_in_plain_words(
    query: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: Oxigraph lists what it expected, character classes over several lines
    included (['A' ..= 'Z' | '\\u{00C0}'..='\\u{00D6}' …]); its own sentence, when it gives
    one, was lost among them. The error is now one line: the sentence, or the tokens."""
    code, _, err = run(capsys, "-e", query)
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.rstrip("\n").endswith(f": {reason}"), err


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["chair-of-body", "--as-of", "2017-06-01"], "first stated on 2018-06-20: Theo Bovens"),
        (
            [
                "direct-reports",
                "--as-of",
                "2010-01-01",
                "--param",
                "boss=ipod:post-algemeen-directeur",
            ],
            "first stated on 2020-12-01",
        ),
        (
            ["chair-of-body", "--as-of", "2002-06-01", "--param", "body=ipod:bestuur"],
            "first stated on 2018-06-20: Theo Bovens",
        ),
    ],
)
def test_as_of_a_query_about_a_day_answers_as_its_date_does(
    args: list[str], first: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: with --as-of, a query about one day ran on that day's view of the
    graph, which dropped what its parameters named (exit 2: 'names nothing in the graph'
    for a post not yet there) and every later day, so the note said no source gave an
    answer 'nor later'. It now answers as --param date does, with the note of when the
    sources first give one."""
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert "(0 rows)" in out and first in err and "nor later" not in err
    date = args[args.index("--as-of") + 1]
    rest = [a for a in args if a not in ("--as-of", date)]
    code, same, _ = run(capsys, *rest, "--param", f"date={date}")
    assert code == 0 and same == out
