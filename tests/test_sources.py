"""The editor's helpers: `excerpt` reproduces the shipped excerpt nodes; `source add` registers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from ipo_graph import cli, paths
from ipo_graph.errors import UsageError
from ipo_graph.load import load_files
from ipo_graph.namespaces import DCTERMS, IPO, IPOD, PROV, RDFS, XSD
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
    """A copy of the data (as ``data/``) and of the sources it quotes, both the tools'."""
    shutil.copytree(paths.data_dir(), tmp_path / "data")
    shutil.copytree(paths.sources_dir(), tmp_path / "sources")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
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


@pytest.mark.parametrize("suffix", [".nt", ".jsonld"])
def test_source_add_into_a_file_that_is_not_turtle_is_refused(
    suffix: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: --into data/extra.nt was rewritten as canonical Turtle, @prefix lines
    and all, which the N-Triples parser then refused; a JSON-LD file was read as Turtle."""
    into = workspace / "data" / f"extra{suffix}"
    into.write_text(
        '<https://example.org/a> <https://example.org/b> "c" .\n'
        if suffix == ".nt"
        else '{"@id": "https://example.org/a", "https://example.org/b": "c"}\n',
        encoding="utf-8",
    )
    before = into.read_bytes()
    doc = workspace / "Jaarverslag IPO 2024.txt"
    args = ["source", "add", str(doc), "--date", "2024-12-31", "--into", str(into)]
    assert cli.main(args) == 2
    assert f"{into}: --into takes a Turtle file (.ttl)" in capsys.readouterr().err
    assert into.read_bytes() == before
    assert not (workspace / "sources" / doc.name).exists()


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
    header = _HEADER
    quoted.write_text(header + block, encoding="utf-8")
    assert validate([workspace / "data"]).conforms
    misquoted = block.replace("est à Bruxelles", "est à Liège")
    quoted.write_text(header + misquoted, encoding="utf-8")
    outcome = validate([workspace / "data"])
    assert [v.shape.n3() for v in outcome.violations] == [
        "<https://w3id.org/ipo-graph/shapes#VerbatimExcerptShape>"
    ]


@pytest.mark.parametrize(
    ("language", "dutch", "english"),
    [
        ("nl", "Brondocument {key}: Jaarverslag IPO 2024", "Source document {key}"),
        ("nl-BE", "Brondocument {key}: Jaarverslag IPO 2024", "Source document {key}"),
        ("en", "Brondocument {key}", "Source document {key}: Jaarverslag IPO 2024"),
        ("fr", "Brondocument {key}", "Source document {key}"),
    ],
)
def test_source_add_puts_the_title_only_into_the_label_of_its_language(
    language: str,
    dutch: str,
    english: str,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: the Dutch title was written into the English label too ("Source document
    …: Jaarverslag IPO 2024"@en), as if it were a translation; the shipped documents' English
    labels are English. The title stays in dcterms:title, in the document's language."""
    into = workspace / "data" / "sources.ttl"
    doc = workspace / "Jaarverslag IPO 2024.txt"
    args = ["source", "add", str(doc), "--date", "2024-12-31", "--into", str(into)]
    assert cli.main([*args, "--language", language, "--title", " Jaarverslag IPO 2024 "]) == 0
    capsys.readouterr()
    key = "jaarverslag-ipo-2024"
    node = IPOD[f"source-{key}"]
    graph = load_files([into]).graph
    assert set(graph.objects(node, RDFS.label)) == {
        Literal(dutch.format(key=key), lang="nl"),
        Literal(english.format(key=key), lang="en"),
    }
    assert graph.value(node, DCTERMS.title) == Literal("Jaarverslag IPO 2024", lang=language)
    assert validate([workspace / "data"]).conforms


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


def test_excerpt_of_a_range_keeps_the_lines_as_the_source_has_them(tmp_path: Path) -> None:
    """Regression: a range's lines were joined with spaces (blank ones dropped, returns
    stripped), words validate rejects; a range starting on a blank line named that line."""
    from ipo_graph.sources import Source

    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"Titel\r\n\r\nDe eerste regel\r\nloopt door op de volgende.\r\n")
    source = Source(IPOD["source-doc"], "doc", "doc.txt", "nl")
    for lines in ("3-4", "2-4"):
        block = excerpt_turtle(source, doc, lines)
        assert block.startswith("ipod:excerpt-doc-003-de-eerste-regel\n")
        assert 'rdf:value """De eerste regel\\r\nloopt door op de volgende."""@nl .' in block
        assert "ipo:line 3 ;" in block
        assert "regel 3: De eerste regel loopt door op de volgende." in block  # label: one line
    block = excerpt_turtle(source, doc, "1-4", words="loopt door")
    assert "ipo:line 4 ;" in block and block.startswith("ipod:excerpt-doc-004-loopt-door\n")
    with pytest.raises(UsageError, match="lines 1-3 verbatim"):
        excerpt_turtle(source, doc, "1-3", words="regel\r\nloopt")  # runs past line 3
    with pytest.raises(UsageError, match="line 2 is blank"):
        excerpt_turtle(source, doc, "2")


def _multi_line_excerpts() -> list[tuple[URIRef, str, int, str]]:
    """(node, source key, line, words) of every excerpt in data/ whose words span lines."""
    graph = load_files(paths.data_files()).graph
    out = []
    for node in sorted(graph.subjects(RDF.type, IPO.Excerpt), key=str):
        words = str(graph.value(node, RDF.value))
        if "\n" in words:
            key = str(graph.value(node, PROV.wasQuotedFrom)).removeprefix(f"{IPOD}source-")
            out.append((node, key, int(graph.value(node, IPO.line)), words))  # type: ignore[arg-type]
    return out


def test_excerpt_reproduces_every_shipped_excerpt_that_spans_lines() -> None:
    """Regression: words with a line break were refused ("not on line 4-5 verbatim"), so
    no excerpt quoted over several lines could be made with the tool. Now each one's
    node, words and line come back from its source, lines and words (the labels were
    shortened by hand, some a letter longer, so they are not compared)."""
    data = load_files(paths.data_files()).graph
    sources = registered()
    excerpts = _multi_line_excerpts()
    assert len(excerpts) >= 50
    for node, key, line, words in excerpts:
        source = find_source(key, sources)
        lines = f"{line}-{line + words.count(chr(10))}"
        name = str(node).removeprefix(f"{IPOD}excerpt-{key}-{line:03d}-")
        document = paths.sources_dir() / source.identifier
        block = excerpt_turtle(source, document, lines, words=words, name=name)
        printed = Graph().parse(data=_HEADER + block, format="turtle")
        assert printed.value(node, RDF.value) == Literal(words, lang="nl"), node
        assert printed.value(node, IPO.line) == Literal(line), node
        assert {(p, o) for p, o in printed.predicate_objects(node) if p != RDFS.label} == {
            (p, o) for p, o in data.predicate_objects(node) if p != RDFS.label
        }, node


def test_printed_excerpts_validate_when_pasted(tmp_path: Path) -> None:
    """Regression: `excerpt 000 23-25` printed words validate rejected (joined lines), and
    `excerpt 000 24-25 --words 'Theo Bovens'` said line 24 though they stand on line 25."""
    source = find_source("000", registered())
    document = paths.sources_dir() / source.identifier
    blocks = [
        excerpt_turtle(source, document, "23-25", name="multi"),
        excerpt_turtle(source, document, "24-25", words="Theo Bovens"),
        excerpt_turtle(source, document, "23-25", words="Theo Bovens", name="bovens-range"),
    ]
    assert "ipo:line 23 ;" in blocks[0]
    assert '"""#### Het IPO-bestuur\n\nHet bestuur bestaat' in blocks[0]
    assert "ipo:line 25 ;" in blocks[1] and "ipo:line 25 ;" in blocks[2]
    pasted = tmp_path / "pasted.ttl"
    pasted.write_text(_HEADER + "\n".join(blocks), encoding="utf-8")
    outcome = validate(files=[*paths.ontology_files(), *paths.data_files(), pasted])
    assert outcome.conforms, [(str(v.shape), str(v.focus)) for v in outcome.violations]


_HEADER = "".join(
    f"@prefix {p}: <{ns}> .\n"
    for p, ns in [
        ("ipo", IPO),
        ("ipod", IPOD),
        ("prov", PROV),
        ("rdf", RDF),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ]
)


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


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--language", "x y", "--language 'x y' is not a language tag"),
        ("--language", "123", "--language '123' is not a language tag"),
        ("--language", "nl-", "--language 'nl-' is not a language tag"),
        ("--language", "xx-abcdefghi", "eight characters in length at maximum"),
        ("--language", "", "--language '' is not a language tag"),
        ("--title", "", "--title is empty"),
        ("--title", "  ", "--title is blank"),
    ],
)
def test_source_add_refuses_a_bad_language_or_title_plainly(
    option: str, value: str, says: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a tag rdflib refuses was a traceback (exit 1), one only Oxigraph
    refuses a parse error at a line of data/sources.ttl that exists only in memory, and an
    empty tag or title was written as "". Now each is a usage error naming the option."""
    into = workspace / "data" / "sources.ttl"
    before = into.read_bytes()
    doc = workspace / "Jaarverslag IPO 2024.txt"
    args = ["source", "add", str(doc), "--date", "2024-12-31", "--into", str(into)]
    assert cli.main([*args, option, value]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and "sources.ttl:" not in err
    assert into.read_bytes() == before
    assert not (workspace / "sources" / doc.name).exists()


def test_source_add_writes_the_language_tag_in_its_recommended_case(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = workspace / "data" / "sources.ttl"
    doc = workspace / "Jaarverslag IPO 2024.txt"
    args = ["source", "add", str(doc), "--date", "2024-12-31", "--into", str(into)]
    assert cli.main([*args, "--language", "NL-be"]) == 0
    node = IPOD["source-jaarverslag-ipo-2024"]
    graph = load_files([into]).graph
    assert graph.value(node, DCTERMS.language) == Literal("nl-BE")


def test_source_add_refuses_a_document_registered_in_another_data_file(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: only the --into file was searched for the document, so 000, registered
    in data/sources.ttl, was registered again in data/people.ttl."""
    people = workspace / "data" / "people.ttl"
    before = people.read_bytes()
    doc = workspace / "000_446a8e16cc534121.txt"
    shutil.copyfile(paths.shipped_root() / "sources" / doc.name, doc)
    args = ["source", "add", str(doc), "--date", "2020-12-01", "--into", str(people)]
    assert cli.main(args) == 2
    assert "000_446a8e16cc534121.txt is already registered, as ipod:source-000" in (
        capsys.readouterr().err
    )
    assert people.read_bytes() == before


def test_excerpt_quotes_a_document_registered_in_any_data_file(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: excerpt read only data/sources.ttl, so a document registered with
    --into data/extra.ttl was "no registered source document"; and registering the same
    file again, into data/sources.ttl, was not refused."""
    extra = workspace / "data" / "extra.ttl"
    extra.write_text("", encoding="utf-8")
    doc = workspace / "a.txt"
    doc.write_text("Eerste regel\n", encoding="utf-8")
    assert cli.main(["source", "add", str(doc), "--date", "2024-12-31", "--into", str(extra)]) == 0
    capsys.readouterr()
    assert cli.main(["excerpt", "a", "1"]) == 0
    assert 'rdf:value "Eerste regel"@nl .' in capsys.readouterr().out
    assert cli.main(["source", "add", str(doc), "--date", "2024-12-31"]) == 2
    assert "already registered, as ipod:source-a" in capsys.readouterr().err


def test_source_add_leaves_no_copy_when_the_turtle_is_not_written(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the document was copied into the sources folder before data/sources.ttl
    was written; when that write failed (exit 2) the copy stayed behind."""
    from ipo_graph import sources

    def full_disk(path: str | Path, text: str) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(sources, "atomic_write_text", full_disk)
    shutil.rmtree(workspace / "sources")  # the folder is made for the copy: not left behind
    into = workspace / "data" / "sources.ttl"
    before = into.read_bytes()
    doc = workspace / "Jaarverslag IPO 2024.txt"
    args = ["source", "add", str(doc), "--date", "2024-12-31", "--into", str(into)]
    assert cli.main(args) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert into.read_bytes() == before
    assert not (workspace / "sources").exists()
    (workspace / "sources").mkdir()  # a folder that was there stays
    assert cli.main(args) == 2
    assert list((workspace / "sources").iterdir()) == []


def test_excerpt_reads_only_the_registered_copy_in_the_sources_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a file in the working folder named like the key (or the document) was
    quoted as ipod:source-000, words validate then rejected."""
    monkeypatch.chdir(tmp_path)
    for name in ("000", "000_446a8e16cc534121.txt"):
        (tmp_path / name).write_text("fake\nfake\nfake line three\n", encoding="utf-8")
    for given in ("000", "000_446a8e16cc534121.txt", str(tmp_path / "000_446a8e16cc534121.txt")):
        assert cli.main(["excerpt", given, "3"]) == 0, given
        assert 'rdf:value "## **IPO**"@nl .' in capsys.readouterr().out, given


@pytest.mark.parametrize(
    ("words", "says"), [("", "--words is empty"), (" ", "--words is blank"), ("\n", "is blank")]
)
def test_excerpt_refuses_empty_or_blank_words(
    words: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: --words '' was reported as "line 25 is empty" (it is not), and
    --words ' ' made an excerpt of a single space."""
    assert cli.main(["excerpt", "000", "25", "--words", words]) == 2
    assert says in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["folder", "empty"])
def test_source_add_refuses_a_folder_or_an_empty_file(
    kind: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a folder was said to be "no such file", and an empty file was registered
    (exit 0): a source nothing can be quoted from."""
    into = workspace / "data" / "sources.ttl"
    before = into.read_bytes()
    doc = workspace / "jaarverslag"
    if kind == "folder":
        doc.mkdir()
    else:
        doc.write_bytes(b"")
    assert cli.main(["source", "add", str(doc), "--date", "2024-12-31"]) == 2
    err = capsys.readouterr().err
    assert ("is a folder" if kind == "folder" else "the file is empty") in err
    assert into.read_bytes() == before
    assert not (workspace / "sources" / doc.name).exists()
