"""Every sentence of both sources is accounted for: cited by a modelled fact, or excluded.

The traceability table is data: the excerpts (data/sources.ttl) that facts use as evidence,
and the ``ipo:NotModelled`` line ranges (data/traceability.ttl). A new or edited source line
that neither covers fails here, naming the document and the line.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.namespaces import DCTERMS, IPO, PROV, RDF, RDFS, SKOS
from ipo_graph.traceability import coverage, uncovered_lines, uncovered_sentences

OWL_SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")


def test_every_non_blank_line_is_cited_or_excluded(kg: IpoGraph, sources: dict[str, str]) -> None:
    gaps = uncovered_lines(kg.graph, sources)
    assert set(gaps) == set(sources) and len(sources) == 2
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
