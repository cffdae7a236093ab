"""Names, parameters and SPARQL errors: plain messages with the nearest names, exit 2."""

from __future__ import annotations

import pytest

from ipo_graph import cli, sparqltext
from ipo_graph.names import did_you_mean, nearest
from ipo_graph.namespaces import PREFIXES

KNOWN = {k: str(v) for k, v in PREFIXES.items()}


def _fails(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(args) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err and out.out == ""
    return out.err


def test_nearest_prefers_names_containing_the_text_then_close_spellings() -> None:
    assert nearest("Bovens", ["Theo Bovens", "Arthur van Dijk"]) == ["Theo Bovens"]
    assert nearest("chair-of-bestur", ["chair-of-bestuur", "people"]) == ["chair-of-bestuur"]
    assert nearest("zzz", ["chair-of-bestuur"]) == []
    assert did_you_mean("peple", ["people", "partners"]) == "; did you mean people?"


def test_unknown_query_name_suggests_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["query", "chair-of-bestur"], capsys)
    assert "unknown query 'chair-of-bestur'; did you mean chair-of-bestuur" in err


def test_unknown_iri_parameter_is_exit_2_with_nearest_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _fails(["query", "chair-of-body", "--param", "body=ipod:bestur"], capsys)
    assert "parameter body: ipod:bestur names nothing in the graph" in err
    assert "nearest names: ipod:bestuur (Bestuur)" in err
    err = _fails(["query", "chair-of-body", "--param", "body=ipod:no-such-body"], capsys)
    assert "names nothing in the graph; names it could be: " in err
    assert "ipod:algemene-vergadering" in err


@pytest.mark.parametrize("value", ["ipod:x[1]", "ipod:%zz", "<https://example.org/a#b#c>"])
def test_a_malformed_iri_parameter_names_nothing(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a value with no character SPARQL forbids in an IRI, but one no IRI may
    hold, passed the check and reached Oxigraph, whose ValueError was a traceback."""
    err = _fails(["query", "chair-of-body", "--param", f"body={value}"], capsys)
    assert "nothing in the graph is called" in err


def test_iri_parameter_of_the_wrong_kind_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["query", "chair-of-body", "--param", "body=ipod:person-theo-bovens"], capsys)
    assert "ipod:person-theo-bovens (Theo Bovens) is not an organisation" in err


def test_right_kind_still_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "chair-of-body", "--param", "body=ipod:bestuur"]) == 0
    assert "Theo Bovens" in capsys.readouterr().out


def test_impossible_date_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["query", "posts-on", "--param", "date=2025-13-01"], capsys)
    assert "parameter date: '2025-13-01' is not a day that exists" in err


def test_unknown_label_suggests_labels(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["query", "bodies-of-person", "--param", "person=Bovens"], capsys)
    assert "nothing in the graph is called 'Bovens'; did you mean 'Theo Bovens'" in err


def test_why_suggests_the_nearest_names(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["why", "Bovns"], capsys)
    assert "did you mean 'Theo Bovens' (ipod:person-theo-bovens)?" in err


def test_export_root_suggests_the_nearest_names(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    err = _fails(
        ["export", "--format", "dot", "--output", f"{tmp_path}/x.dot", "--root", "BIJ1"], capsys
    )
    assert "--root 'BIJ1'" in err and "did you mean BIJ12" in err


# --- SPARQL ----------------------------------------------------------------------------


def test_unknown_prefix_is_named_with_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    err = _fails(["query", "-e", "SELECT * WHERE { ?s foo:bar ?o }"], capsys)
    assert "query:1:21: unknown prefix foo:" in err
    assert "ipo:, ipod:" in err and "\\u{" not in err


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { ipod:a ipod:b ipod:c }",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ex:p ?o }",
        "# a comment\nCLEAR ALL",
    ],
)
def test_updates_are_refused_in_plain_words(
    update: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _fails(["query", "-e", update], capsys)
    assert "updates are not supported here" in err


def test_update_detection_ignores_comments_and_strings() -> None:
    assert not sparqltext.is_update('# INSERT\nSELECT * WHERE { ?s ?p "DELETE" }')
    assert sparqltext.is_update("base <http://x/> with <g> delete { } where { }")


def test_project_prefixes_are_added_only_where_used_and_not_declared() -> None:
    text = 'PREFIX org: <http://example.org/o#>\nSELECT * WHERE { ?s org:x ?o ; ipo:y "a:b" }'
    out = sparqltext.with_prefixes(text, KNOWN)
    assert out.startswith("PREFIX ipo: <https://w3id.org/ipo-graph/def#> PREFIX org:")
    assert out.count("\n") == text.count("\n")  # error lines keep their numbers
    assert "PREFIX rdf" not in out and out.count("PREFIX org:") == 1
    assert sparqltext.with_prefixes("ASK {}", KNOWN) == "ASK {}"


def test_prefix_positions_are_the_first_use_on_any_line() -> None:
    text = (
        "PREFIX a: <http://a/>\nSELECT * WHERE {\n  ?s a:p ?o .\n\n"
        '  ?o b:q "c:no", b:r ;\n     c:x ?z }  # d:no\n'
    )
    assert sparqltext.used_prefixes(text) == {"a": (3, 6), "b": (5, 6), "c": (6, 6)}
    assert sparqltext.unknown_prefix(text, {"a": "http://a/"}) == ("b", 5, 6)
    assert sparqltext.used_prefixes("ex:a ex:b") == {"ex": (1, 1)}


def test_a_long_query_is_read_in_linear_time() -> None:
    """Regression: each prefixed name counted the newlines before it, so the 1 MB query
    ``serve`` accepts took minutes, blocking every other client of the guard (340 kB took
    3.5 s). The bound is generous: linear reading takes a fraction of a second."""
    import time

    text = "SELECT * WHERE {\n" + "ex:a ex:b ex:c .\n" * 60_000 + "zz:last ex:b ex:c }"
    started = time.perf_counter()
    used = sparqltext.used_prefixes(text)
    assert time.perf_counter() - started < 10
    assert used == {"ex": (2, 1), "zz": (60_002, 1)}


def test_export_root_suggests_prefixed_names_too(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    args = ["export", "--format", "dot", "--output", f"{tmp_path}/x.dot", "--root", "ipod:bij13"]
    err = _fails(args, capsys)
    assert "did you mean ipod:bij12" in err
