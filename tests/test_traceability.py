"""Every sentence of both sources is accounted for: cited by a modelled fact, or excluded.

The traceability table is data: the excerpts (data/sources.ttl) that facts use as evidence,
and the ``ipo:NotModelled`` line ranges (data/traceability.ttl). A new or edited source line
that neither covers fails here, naming the document and the line.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ipo_graph import paths
from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.namespaces import DCTERMS, IPO, PROV, RDF, RDFS, SKOS
from ipo_graph.traceability import coverage, uncovered_lines, uncovered_sentences

OWL_SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")


def test_every_non_blank_line_is_cited_or_excluded(kg: IpoGraph, sources: dict[str, str]) -> None:
    gaps = uncovered_lines(kg.graph, sources)
    assert set(gaps) == set(sources) and len(sources) >= 2  # a third may be added
    for document, lines in gaps.items():
        text = sources[document].split("\n")
        shown = [f"{document}:{n}: {text[n - 1][:70]}" for n in lines]
        assert not lines, "lines neither cited nor excluded:\n" + "\n".join(shown)


def test_a_line_that_nothing_covers_is_reported(kg: IpoGraph, sources: dict[str, str]) -> None:
    # the check can fail: a sentence added to a source is a gap until it is modelled
    name = sorted(sources)[0]
    text = sources[name].rstrip("\n")
    extended = dict(sources, **{name: text + "\nHet IPO heeft een nieuw orgaan.\n"})
    last = len(text.split("\n")) + 1
    assert uncovered_lines(kg.graph, extended)[name] == [last]


def test_every_sentence_is_cited_or_excluded(kg: IpoGraph, sources: dict[str, str]) -> None:
    gaps = uncovered_sentences(kg.graph, sources)
    shown = [f"{doc}:{line}: {text[:80]}" for doc, found in gaps.items() for line, text in found]
    assert not shown, "sentences neither cited nor excluded:\n" + "\n".join(shown)


def test_a_sentence_added_to_a_cited_line_is_reported(
    kg: IpoGraph, sources: dict[str, str]
) -> None:
    # line 25 of 000 is cited many times over; a new sentence on it is still a gap
    name = "000_446a8e16cc534121.txt"
    lines = sources[name].split("\n")
    lines[24] += " Het bestuur kent ook een penningmeester."
    gaps = uncovered_sentences(kg.graph, dict(sources, **{name: "\n".join(lines)}))
    assert gaps[name] == [(25, "Het bestuur kent ook een penningmeester.")]


def test_exclusions_have_reasons_and_do_not_hide_modelled_lines(
    kg: IpoGraph, sources: dict[str, str]
) -> None:
    cov = coverage(kg.graph, sources)
    ranges = kg.instances(IPO.NotModelled)
    assert ranges
    for r in ranges:
        langs = {o.language for o in kg.graph.objects(r, IPO.reason) if isinstance(o, Literal)}
        assert {"nl", "en"} <= langs, f"{r}: a reason in Dutch and English"
        doc = kg.graph.value(r, PROV.wasQuotedFrom)
        name = str(kg.graph.value(doc, DCTERMS.identifier))
        first = int(kg.graph.value(r, IPO.firstLine))  # type: ignore[arg-type]
        sentence = kg.graph.value(r, RDF.value)
        if sentence is not None:
            # one sentence, quoted exactly from its line; its line may also be cited
            lines = sources[name].split("\n")
            assert str(sentence).split("\n")[0] in lines[first - 1], r
            continue
        last = int(kg.graph.value(r, IPO.lastLine))  # type: ignore[arg-type]
        assert 1 <= first <= last <= cov[name].count, r
        span = set(range(first, last + 1))
        assert span - cov[name].blank, f"{r} excludes only blank lines"
        assert not span & cov[name].cited, (
            f"{r} excludes lines a fact cites: {span & cov[name].cited}"
        )


def test_every_excerpt_is_evidence_of_something(kg: IpoGraph) -> None:
    used = set(kg.graph.objects(None, IPO.evidence)) | set(
        kg.graph.objects(None, IPO.conflictingExcerpt)
    )
    orphans = [e for e in kg.instances(IPO.Excerpt) if e not in used]
    assert not orphans, f"excerpts quoted but used by nothing: {orphans}"


_DESCRIPTIVE = {
    RDF.type, RDFS.label, RDFS.comment, SKOS.definition, SKOS.altLabel, SKOS.prefLabel,
    IPO.evidence, PROV.wasDerivedFrom, OWL_SAME_AS,
}  # fmt: skip


def test_no_fact_is_only_quoted() -> None:
    # everything that cites evidence also says something: a relation or a value besides
    # its labels, definition and provenance, or is the object of one
    g: Graph = IpoGraph.load(infer=False).graph
    bare = []
    for node in set(g.subjects(IPO.evidence, None)):
        says = {p for p in g.predicates(node, None)} - _DESCRIPTIVE
        used = {p for _, p in g.subject_predicates(node)} - {IPO.concerns}
        if not says and not used:
            bare.append(node)
    assert not bare, f"only quoted, not modelled: {bare}"


def test_source_gaps_says_the_shipped_sources_are_accounted_for(
    capsys: pytest.CaptureFixture[str], sources: dict[str, str]
) -> None:
    """`source gaps` on the shipped data: nothing left, and the lines it counts as cited or
    excluded are exactly the non-blank lines of the two documents (counted here)."""
    assert main(["source", "gaps"]) == 0
    out = capsys.readouterr().out
    found = re.fullmatch(
        r"every line and sentence of 2 source documents is accounted for "
        r"\((\d+) lines cited, (\d+) excluded\)\n",
        out,
    )
    assert found, out
    non_blank = sum(1 for text in sources.values() for line in text.split("\n") if line.strip())
    assert int(found.group(1)) + int(found.group(2)) == non_blank


def test_source_gaps_lists_what_a_new_source_leaves_to_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The editor's round: register a third document, list its gaps (each line, exit 1),
    exclude its heading with a reason and cite one of two sentences on its other line:
    what is left is that other sentence, and then nothing."""
    sources_dir = tmp_path / "sources"
    shutil.copytree(paths.sources_dir(), sources_dir)
    monkeypatch.setenv("IPO_GRAPH_SOURCES", str(sources_dir))
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    news = tmp_path / "002_nieuws.txt"
    news.write_text(
        "Nieuws van het IPO\n\nHet IPO heeft een nieuw orgaan. Het bestuur vergadert vaker.\n",
        encoding="utf-8",
    )
    add = ["source", "add", str(news), "--date", "2027-03-01", "--into", str(data / "sources.ttl")]
    assert main(add) == 0
    capsys.readouterr()

    assert main(["source", "gaps", "--data", str(data)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "002_nieuws.txt:1: Nieuws van het IPO",
        "002_nieuws.txt:3: Het IPO heeft een nieuw orgaan. Het bestuur vergadert vaker.",
        "2 lines and 0 sentences not accounted for in 1 of 3 source documents",
    ]

    prefixes = (
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    )
    cited = (
        "ipod:excerpt-002-003 a ipo:Excerpt ; ipo:line 3 ; prov:wasQuotedFrom ipod:source-002 ;\n"
        '    rdf:value "Het IPO heeft een nieuw orgaan."@nl .\n'
        "ipod:ipo ipo:evidence ipod:excerpt-002-003 .\n"
    )
    (data / "news.ttl").write_text(prefixes + cited, encoding="utf-8")
    # what docs/editing.md shows for this state, word for word
    page = (Path(__file__).resolve().parent.parent / "docs" / "editing.md").read_text(
        encoding="utf-8"
    )
    shown = re.search(r"```text\n(002_nieuws\.txt:1: .*?)```", page, re.S)
    assert shown, "editing.md lacks the example of source gaps"
    assert main(["source", "gaps", "--data", str(data)]) == 1
    assert capsys.readouterr().out == shown.group(1)

    heading = (
        "ipod:notmodelled-002-kop a ipo:NotModelled ; ipo:firstLine 1 ; ipo:lastLine 1 ;\n"
        '    ipo:reason "A heading."@en, "Een kop."@nl ; prov:wasQuotedFrom ipod:source-002 .\n'
    )
    (data / "news.ttl").write_text(prefixes + cited + heading, encoding="utf-8")
    assert main(["source", "gaps", "--data", str(data), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "document": "002_nieuws.txt",
            "line": 3,
            "text": "Het bestuur vergadert vaker.",
            "whole_line": False,
        }
    ]

    with (data / "news.ttl").open("a", encoding="utf-8") as extra:
        extra.write(
            "ipod:notmodelled-002-vergadert a ipo:NotModelled ; ipo:firstLine 3 ;\n"
            '    rdf:value "Het bestuur vergadert vaker." ;\n'
            '    ipo:reason "Not yet modelled."@en, "Nog niet gemodelleerd."@nl ;\n'
            "    prov:wasQuotedFrom ipod:source-002 .\n"
        )
    assert main(["source", "gaps", "--data", str(data)]) == 0
    assert "of 3 source documents is accounted for" in capsys.readouterr().out
