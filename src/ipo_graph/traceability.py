"""The traceability table: which lines and sentences of the sources the graph accounts for.

A non-blank line is accounted for when an excerpt that some fact uses as evidence (or a
discrepancy as a conflicting excerpt) stands on it, or when an ``ipo:NotModelled`` entry of
that source covers it, with a reason: a range of whole lines (``ipo:firstLine`` to
``ipo:lastLine``) or one sentence quoted exactly (``rdf:value`` from ``ipo:firstLine``). A
sentence is accounted for when such an excerpt or entry overlaps it, or its line is
excluded whole. Everything else is a gap the tests report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph

from . import paths
from .namespaces import DCTERMS, IPO, PROV, RDF
from .provenance.evidence import line_number
from .textlines import LineStarts, numbered_lines


@dataclass(frozen=True)
class Coverage:
    """How one source's lines are accounted for (1-based line numbers)."""

    document: str
    cited: frozenset[int]
    excluded: frozenset[int]
    blank: frozenset[int]
    count: int
    spans: tuple[tuple[int, int], ...] = ()
    excluded_lines_whole: frozenset[int] = frozenset()

    @property
    def uncovered(self) -> list[int]:
        return [
            n
            for n in range(1, self.count + 1)
            if n not in self.blank and n not in self.cited and n not in self.excluded
        ]


def read_sources() -> dict[str, str]:
    """File name → text of each shipped source document, decoded from its exact bytes."""
    return {p.name: p.read_bytes().decode("utf-8") for p in paths.source_files()}


def coverage(graph: Graph, texts: Mapping[str, str] | None = None) -> dict[str, Coverage]:
    """Per source document (by file name): the lines cited, excluded and blank."""
    texts = read_sources() if texts is None else texts
    docs = {
        str(ident): doc
        for doc in graph.subjects(RDF.type, IPO.SourceDocument)
        if (ident := graph.value(doc, DCTERMS.identifier)) is not None
    }
    used = set(graph.objects(None, IPO.evidence)) | set(graph.objects(None, IPO.conflictingExcerpt))
    result: dict[str, Coverage] = {}
    for name, text in texts.items():
        doc = docs.get(name)
        lines = numbered_lines(text)
        starts = LineStarts(text)
        cited: set[int] = set()
        excluded: set[int] = set()
        whole: set[int] = set()
        spans: list[tuple[int, int]] = []
        for entry in graph.subjects(PROV.wasQuotedFrom, doc) if doc is not None else ():
            value = graph.value(entry, RDF.value)
            if (entry, RDF.type, IPO.NotModelled) in graph:
                start = line_number(graph.value(entry, IPO.firstLine))
                end = line_number(graph.value(entry, IPO.lastLine))
                if start and value is not None:
                    span = _locate(text, starts, start, str(value))
                    if span:
                        spans.append(span)
                        excluded.update(_lines_of(starts, span))
                elif start and end:
                    excluded.update(range(start, end + 1))
                    whole.update(range(start, end + 1))
                continue
            first = line_number(graph.value(entry, IPO.line))
            if entry in used and first is not None and value is not None:
                span = _locate(text, starts, first, str(value))
                if span:
                    spans.append(span)
                    cited.update(_lines_of(starts, span))
        blank = {n for n, line in enumerate(lines, start=1) if not line.strip()}
        result[name] = Coverage(
            name,
            frozenset(cited),
            frozenset(excluded),
            frozenset(blank),
            len(lines),
            tuple(sorted(spans)),
            frozenset(whole),
        )
    return result


def _locate(text: str, lines: LineStarts, line: int, value: str) -> tuple[int, int] | None:
    """The character span of ``value`` if it stands verbatim in ``text`` from ``line`` on."""
    if not 1 <= line <= len(lines):
        return None
    at = text.find(value, lines.starts[line - 1])
    return (at, at + len(value)) if 0 <= at < lines.end(line) else None


def _lines_of(lines: LineStarts, span: tuple[int, int]) -> range:
    return range(lines.line(span[0]), lines.line(span[1]) + 1)


#: A sentence ends at ., ! or ? followed by whitespace; paragraphs end at a blank line.
_SENTENCE = re.compile(r"\S(?:.|\n(?!\s*\n))*?(?:[.!?](?=\s|$)|(?=\n\s*\n)|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a heading or bullet counts as one)."""
    return [m.span() for m in _SENTENCE.finditer(text)]


def uncovered_sentences(
    graph: Graph, texts: Mapping[str, str] | None = None
) -> dict[str, list[tuple[int, str]]]:
    """Per source document: (line, sentence) of every sentence nothing accounts for."""
    texts = read_sources() if texts is None else texts
    result: dict[str, list[tuple[int, str]]] = {}
    for name, cov in coverage(graph, texts).items():
        text = texts[name]
        lines = LineStarts(text)
        gaps = []
        for a, b in sentences(text):
            line = lines.line(a)
            if line in cov.excluded_lines_whole:
                continue
            if not any(x < b and a < y for x, y in cov.spans):
                gaps.append((line, " ".join(text[a:b].split())))
        result[name] = gaps
    return result


def uncovered_lines(graph: Graph, texts: Mapping[str, str] | None = None) -> dict[str, list[int]]:
    """Per source document: the non-blank lines neither cited nor excluded."""
    return {name: cov.uncovered for name, cov in coverage(graph, texts).items()}


@dataclass(frozen=True)
class Gap:
    """A line of a source nothing accounts for, or a sentence on a line that is only
    partly accounted for (another sentence on it is cited)."""

    document: str
    line: int
    text: str
    whole_line: bool


def gaps(graph: Graph, texts: Mapping[str, str] | None = None) -> list[Gap]:
    """Every gap of every source, by document and line: the editor's list of what is left
    to model (or to exclude with a reason) after registering a new source. A sentence on a
    line that is itself a gap is not listed again."""
    texts = read_sources() if texts is None else texts
    found: list[Gap] = []
    lines = uncovered_lines(graph, texts)
    for name, missing in uncovered_sentences(graph, texts).items():
        numbered = numbered_lines(texts[name])
        whole = set(lines[name])
        found += [Gap(name, n, numbered[n - 1].strip(), True) for n in lines[name]]
        found += [Gap(name, n, text, False) for n, text in missing if n not in whole]
    return sorted(found, key=lambda g: (g.document, g.line, not g.whole_line))


def accounted(graph: Graph, texts: Mapping[str, str] | None = None) -> tuple[int, int]:
    """How many non-blank lines of the sources are cited, and how many more excluded."""
    counts = coverage(graph, texts).values()
    cited = sum(len(c.cited - c.blank) for c in counts)
    return cited, sum(len(c.excluded - c.cited - c.blank) for c in counts)
