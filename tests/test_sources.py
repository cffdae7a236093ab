"""The editor's helpers: `excerpt` reproduces the shipped excerpt nodes; `source add` registers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Literal

from ipo_graph import cli, paths
from ipo_graph.errors import UsageError
from ipo_graph.load import load_files
from ipo_graph.namespaces import IPO, IPOD, PROV, XSD
from ipo_graph.sources import excerpt_turtle, find_source, registered, slug
from ipo_graph.validate import validate

SHIPPED = paths.data_dir() / "sources.ttl"


def test_excerpt_prints_the_shipped_node(capsys: pytest.CaptureFixture[str]) -> None:
    words = (
        "Sinds het voorjaar 2018 is Theo Bovens, Gouverneur van de Koning in Limburg, "
        "voorzitter van het bestuur, en daarmee van de gehele vereniging."
    )
    assert cli.main(["excerpt", "000", "25", "--words", words, "--name", "bovens"]) == 0
    block = capsys.readouterr().out
    assert block.startswith("ipod:excerpt-000-025-bovens\n")
    assert block in SHIPPED.read_text(encoding="utf-8")


def test_excerpt_reproduces_every_shipped_excerpt_quoted_from_one_line() -> None:
    """Names, labels, lines and words of the data, rebuilt from the source documents."""
    graph = load_files([SHIPPED]).graph
    text = SHIPPED.read_text(encoding="utf-8")
    sources = registered()
    checked = 0
    for node in sorted(graph.subjects(RDF.type, IPO.Excerpt), key=str):
        source = find_source(str(graph.value(node, PROV.wasQuotedFrom)), sources)
        line = int(graph.value(node, IPO.line))  # type: ignore[arg-type]
        words = str(graph.value(node, RDF.value))
        document = paths.sources_dir() / source.identifier
        lines = document.read_text(encoding="utf-8").split("\n")
        if words not in lines[line - 1]:
            continue  # spans lines or quotes OCR text with its line breaks
        prefix = f"{IPOD}excerpt-{source.key}-{line:03d}-"
        name = str(node)[len(prefix) :]
        block = excerpt_turtle(source, document, str(line), words=words, name=name)
        assert block in text, node
        checked += 1
    assert checked >= 50


def test_excerpt_refuses_words_that_are_not_on_the_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["excerpt", "000", "25", "--words", "Theo Bovens is voorzitter"]) == 2
    assert "are not on line 25 verbatim" in capsys.readouterr().err


def test_excerpt_unknown_source_and_bad_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["excerpt", "00", "25"]) == 2
    assert "no registered source document '00'; did you mean 000" in capsys.readouterr().err
    assert cli.main(["excerpt", "000", "9-3"]) == 2
    assert "a range goes forward" in capsys.readouterr().err
    assert cli.main(["excerpt", "000", "99999"]) == 2
    assert "lines, not 99999" in capsys.readouterr().err


def test_slug() -> None:
    assert slug("Één gedeputeerde per provincie") == "een-gedeputeerde-per"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(paths.data_dir(), tmp_path / "data")
    monkeypatch.setenv("IPO_GRAPH_SOURCES", str(tmp_path / "sources"))
    doc = tmp_path / "Jaarverslag IPO 2024.txt"
    doc.write_text("Jaarverslag IPO 2024\n\nHet IPO had in 2024 negentig medewerkers.\n")
    return tmp_path


def test_source_add_registers_a_document_with_any_file_name(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = workspace / "data" / "sources.ttl"
    doc = workspace / "Jaarverslag IPO 2024.txt"
    args = ["source", "add", str(doc), "--date", "2024-12-31", "--into", str(into)]
    assert cli.main(args) == 0
    assert "registered ipod:source-jaarverslag-ipo-2024" in capsys.readouterr().out
    assert (workspace / "sources" / doc.name).read_bytes() == doc.read_bytes()
    graph = load_files([into]).graph
    node = IPOD["source-jaarverslag-ipo-2024"]
    assert (node, IPO.stateDate, Literal("2024-12-31", datatype=XSD.date)) in graph
    assert validate([workspace / "data"]).conforms
    assert cli.main(["fmt", "--check", str(into)]) == 0
    # the new document can be quoted at once
    source = find_source("jaarverslag-ipo-2024", registered(into))
    block = excerpt_turtle(source, workspace / "sources" / doc.name, "3")
    assert 'rdf:value "Het IPO had in 2024 negentig medewerkers."@nl .' in block
    # registering it twice is refused, and the file is left as it was
    before = into.read_bytes()
    assert cli.main(args) == 2
    assert "already registered" in capsys.readouterr().err
    assert into.read_bytes() == before


def test_a_document_in_another_language_is_registered_and_quoted_validly(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the title of a French document is French (dcterms:title "…"@fr), and
    the language rule for names and notes rejected it, so data made by `source add` did
    not validate. Its excerpts are then checked against the copy in the sources folder."""
    into = workspace / "data" / "sources.ttl"
    doc = workspace / "rapport.txt"
    doc.write_text("Rapport annuel\n\nLa Maison des provinces est à Bruxelles.\n")
    args = ["source", "add", str(doc), "--date", "2025-06-30", "--language", "fr"]
    assert cli.main([*args, "--into", str(into)]) == 0
    capsys.readouterr()
    assert validate([workspace / "data"]).conforms
    source = find_source("rapport", registered(into))
    block = excerpt_turtle(source, workspace / "sources" / doc.name, "3")
    assert '"La Maison des provinces est à Bruxelles."@fr' in block
    quoted = workspace / "data" / "quoted.ttl"
    header = "".join(
        f"@prefix {p}: <{ns}> .\n"
        for p, ns in [
            ("ipo", IPO),
            ("ipod", IPOD),
            ("prov", PROV),
            ("rdf", RDF),
            ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ]
    )
    quoted.write_text(header + block, encoding="utf-8")
    assert validate([workspace / "data"]).conforms
    misquoted = block.replace("est à Bruxelles", "est à Liège")
    quoted.write_text(header + misquoted, encoding="utf-8")
    outcome = validate([workspace / "data"])
    assert [v.shape.n3() for v in outcome.violations] == [
        "<https://w3id.org/ipo-graph/shapes#VerbatimExcerptShape>"
    ]


@pytest.mark.parametrize("day", ["2024-13-01", "2024-02-30", "31-12-2024", "2024"])
def test_source_add_refuses_an_impossible_state_date(
    day: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = workspace / "data" / "sources.ttl"
    before = into.read_bytes()
    doc = workspace / "Jaarverslag IPO 2024.txt"
    assert cli.main(["source", "add", str(doc), "--date", day, "--into", str(into)]) == 2
    assert "--date" in capsys.readouterr().err
    assert into.read_bytes() == before


def test_excerpt_of_a_range_joins_the_lines_words(tmp_path: Path) -> None:
    from ipo_graph.sources import Source

    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"Titel\r\n\r\nDe eerste regel\r\nloopt door op de volgende.\r\n")
    source = Source(IPOD["source-doc"], "doc", "doc.txt", "nl")
    block = excerpt_turtle(source, doc, "3-4")
    assert block.startswith("ipod:excerpt-doc-003-de-eerste-regel\n")
    assert 'rdf:value "De eerste regel loopt door op de volgende."@nl .' in block
    assert "ipo:line 3 ;" in block


def test_excerpt_counts_the_lines_as_an_editor_does(tmp_path: Path) -> None:
    """Regression: a document ending in a newline had one line more than ``wc -l`` says,
    empty, so the line after the last was "empty" instead of out of range."""
    from ipo_graph.sources import Source

    source = Source(IPOD["source-doc"], "doc", "doc.txt", "nl")
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"a\nb\nc d e\nf\n")
    assert 'rdf:value "f"@nl .' in excerpt_turtle(source, doc, "4")
    for lines, last in (("5", 5), ("99", 99), ("4-5", 5)):
        with pytest.raises(UsageError, match=rf"has 4 lines, not {last}$"):
            excerpt_turtle(source, doc, lines)
    doc.write_bytes(b"a\nb\nc d e\nf")  # no final newline: the last line still counts
    assert 'rdf:value "f"@nl .' in excerpt_turtle(source, doc, "4")
    with pytest.raises(UsageError, match=r"has 4 lines, not 5$"):
        excerpt_turtle(source, doc, "5")
