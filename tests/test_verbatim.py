"""Excerpts against their source documents (ipo_graph.verbatim), on both engines: what
test_data.py checks of the shipped data, now checked of any data `validate` is given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from ipo_graph import cli, paths
from ipo_graph.namespaces import IPO, IPOD, IPOS, RDF
from ipo_graph.textlines import LineStarts
from ipo_graph.validate import validate
from ipo_graph.verbatim import check, quote, stands_at

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verbatim"
ENGINES = ("sparql", "oxigraph")


@pytest.mark.parametrize(
    ("line", "words", "expected"),
    [
        (2, "twee", True),
        (2, "twee\ndrie", True),  # words may run on over the line's end
        (2, "drie", False),  # they stand in the text, but not from this line
        (1, "een twee", False),
        (3, "drie", True),
        (0, "een", False),
        (4, "", False),  # no fourth line
    ],
)
def test_words_stand_at_their_line(line: int, words: str, expected: bool) -> None:
    text = "een\ntwee\ndrie"
    assert stands_at(text, LineStarts(text), line, words) is expected


@pytest.mark.parametrize(
    ("first", "last", "words", "expected"),
    [
        (1, 4, None, (1, "een\n\n  twee\r\ndrie")),  # line breaks kept, ends trimmed
        (2, 4, None, (3, "twee\r\ndrie")),  # starts where the words do, not on the blank
        (2, 2, None, None),  # a blank line has no words
        (1, 4, "twee\r\ndr", (3, "twee\r\ndr")),
        (1, 3, "twee\r\ndrie", None),  # runs past line 3
        (1, 2, "twee", None),  # on line 3, not within 1-2
        (6, 6, "drie", None),  # no such line
    ],
)
def test_quote_gives_words_that_stand_at_their_line(
    first: int, last: int, words: str | None, expected: tuple[int, str] | None
) -> None:
    text = "een\n\n  twee\r\ndrie\n"
    starts = LineStarts(text)
    assert quote(text, starts, first, last, words) == expected
    if expected is not None:
        assert stands_at(text, starts, *expected)


def _files(name: str) -> list[Path]:
    return [*paths.ontology_files(), *paths.data_files(), FIXTURES / name]


@pytest.mark.parametrize("engine", ENGINES)
def test_misquoted_excerpts_are_reported_exactly(engine: str) -> None:
    outcome = validate(files=_files("invalid.ttl"), engine=engine)
    found = {
        (str(v.shape), str(v.focus), str(v.value))
        for v in outcome.violations
        if v.shape == IPOS.VerbatimExcerptShape
    }
    assert found == {
        (
            str(IPOS.VerbatimExcerptShape),
            str(IPOD["excerpt-000-025-fixture-woorden"]),
            "Sinds het najaar 2018 is Theo Bovens",
        ),
        (
            str(IPOS.VerbatimExcerptShape),
            str(IPOD["excerpt-000-026-fixture-regel"]),
            "Sinds het voorjaar 2018 is Theo Bovens",
        ),
    }
    assert all(v.path == "rdf:value" for v in outcome.violations)
    assert not outcome.conforms


@pytest.mark.parametrize("engine", ENGINES)
def test_verbatim_excerpts_pass(engine: str) -> None:
    outcome = validate(files=_files("valid.ttl"), engine=engine)
    assert outcome.conforms, [(str(v.shape), str(v.focus)) for v in outcome.violations]


def test_both_engines_give_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    data = str(FIXTURES / "invalid.ttl")
    reports = []
    for engine in ("sparql", "pyshacl"):
        assert cli.main(["validate", "--engine", engine, "--format", "json", data]) == 1
        reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1]
    assert '"file": "' in reports[0] and "invalid.ttl" in reports[0]


def test_documents_not_in_sources_are_said_not_read(tmp_path: Path) -> None:
    """Synthetic data quotes documents that are not in sources/: their excerpts are not
    checked (nothing to read them against), and the run says so."""
    data = tmp_path / "elsewhere.ttl"
    data.write_text(
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        'ipod:source-x dcterms:identifier "elders.txt" .\n'
        'ipod:excerpt-x prov:wasQuotedFrom ipod:source-x ; ipo:line 1 ; rdf:value "iets"@nl .\n',
        encoding="utf-8",
    )
    said: list[str] = []
    found = check(Graph().parse(data), texts={}, progress=said.append)
    assert (found.results, found.excerpts, found.unread) == ([], 0, ["elders.txt"])
    assert said == [
        "checked 0 excerpts against their sources: 0 misquoted; "
        "1 documents not in sources/, not checked"
    ]
    text = {"elders.txt": "anders\niets\n"}  # the words, but on line 2
    misquoted = check(Graph().parse(data), texts=text).results
    assert [(str(r.focus), r.value) for r in misquoted] == [
        (str(IPOD["excerpt-x"]), Literal("iets", lang="nl"))
    ]
    assert misquoted[0].path == RDF.value


@pytest.mark.parametrize("engine", ENGINES)
def test_a_project_source_without_its_file_is_reported(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: with 001's file gone from sources/, validate said "ok" and left its 84
    excerpts unchecked (said only with --verbose). A document named in the project's own
    data/ has its copy in sources/; the report is at the document, in data/sources.ttl."""
    kept = tmp_path / "sources"
    kept.mkdir()
    for f in paths.source_files():
        if not f.name.startswith("001_"):
            shutil.copyfile(f, kept / f.name)
    monkeypatch.setenv("IPO_GRAPH_SOURCES", str(kept))
    outcome = validate(engine=engine)
    found = [(v.shape, str(v.focus), str(v.value)) for v in outcome.violations]
    assert found == [(IPOS.SourceTextShape, str(IPOD["source-001"]), "001_706ab6f4b2994d12.txt")]
    (where,) = [v.location for v in outcome.violations]
    assert where is not None and where.path.name == "sources.ttl"
    # the same document in a file outside data/ (synthetic data, a fixture) is no source
    # of the project: its excerpts are passed over, as --verbose says
    elsewhere = tmp_path / "data"
    shutil.copytree(paths.data_dir(), elsewhere)
    assert validate([elsewhere], engine=engine).conforms


@pytest.mark.parametrize("seed", range(3))
def test_both_engines_find_the_same_misquotes_in_broken_data(
    shipped_data: Graph, seed: int, tmp_path: Path
) -> None:
    """Excerpts' words and lines swapped with other values, turned into IRIs, dropped:
    both engines report the same excerpts, and some are reported."""
    import random

    from graph_mutations import break_structure

    rng = random.Random(seed)
    mutated = Graph()
    for triple in shipped_data:
        mutated.add(triple)
    excerpts = sorted(mutated.subjects(RDF.type, IPO.Excerpt))
    for excerpt in rng.sample(excerpts, 5):  # words moved a line down
        line = mutated.value(excerpt, IPO.line)
        assert isinstance(line, Literal)
        mutated.set((excerpt, IPO.line, Literal(int(line) + 1)))
    mutated = break_structure(mutated, rng, 12, blank_nodes=False)
    target = tmp_path / "mutated.nt"
    target.write_text(mutated.serialize(format="nt"), encoding="utf-8")
    files = [*paths.ontology_files(), target]
    found = [
        sorted(
            (str(v.focus), str(v.value))
            for v in validate(files=files, engine=engine).violations
            if v.shape == IPOS.VerbatimExcerptShape
        )
        for engine in ENGINES
    ]
    assert found[0] == found[1]
    assert len(found[0]) >= 5


def test_validating_the_shipped_data_loads_no_rapidfuzz() -> None:
    """RapidFuzz names the source file a misspelt document name meant; the check every
    commit runs, where every document has its file, does not load it (about 10 ms of a
    half-second run)."""
    from support import main_in_fresh_process

    code, loaded, _ = main_in_fresh_process(["validate"], "rapidfuzz")
    assert (code, loaded) == (0, False)
