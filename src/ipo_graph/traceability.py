"""The traceability table: which lines of the sources the graph accounts for, and how.

A non-blank line is accounted for when an excerpt that some fact uses as evidence (or a
discrepancy as a conflicting excerpt) stands on it, or when an ``ipo:NotModelled`` range
of that source includes it, with a reason. Everything else is a gap the test reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.term import Node

from . import paths
from .namespaces import DCTERMS, IPO, PROV, RDF


@dataclass(frozen=True)
class Coverage:
    """How one source's lines are accounted for (1-based line numbers)."""

    document: str
    cited: frozenset[int]
    excluded: frozenset[int]
    blank: frozenset[int]
    count: int

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


def _as_int(node: Node | None) -> int | None:
    return int(node) if isinstance(node, Literal) else None  # type: ignore[call-overload]


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
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        cited: set[int] = set()
        excluded: set[int] = set()
        for excerpt in graph.subjects(PROV.wasQuotedFrom, doc) if doc is not None else ():
            first = _as_int(graph.value(excerpt, IPO.line))
            value = graph.value(excerpt, RDF.value)
            if excerpt in used and first is not None and value is not None:
                cited.update(range(first, first + str(value).count("\n") + 1))
            start = _as_int(graph.value(excerpt, IPO.firstLine))
            end = _as_int(graph.value(excerpt, IPO.lastLine))
            if (excerpt, RDF.type, IPO.NotModelled) in graph and start and end:
                excluded.update(range(start, end + 1))
        blank = {n for n, line in enumerate(lines, start=1) if not line.strip()}
        result[name] = Coverage(
            name, frozenset(cited), frozenset(excluded), frozenset(blank), len(lines)
        )
    return result


def uncovered_lines(graph: Graph, texts: Mapping[str, str] | None = None) -> dict[str, list[int]]:
    """Per source document: the non-blank lines neither cited nor excluded."""
    return {name: cov.uncovered for name, cov in coverage(graph, texts).items()}
