"""The exact words behind a resource: its ``ipo:evidence`` excerpts, with document and line."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from ..namespaces import DCTERMS, IPO, PROV, RDF


@dataclass(frozen=True, order=True)
class Quote:
    """One excerpt: the document's file name, the 1-based line and the words, OCR kept."""

    document: str
    line: int | None
    text: str
    excerpt: str

    def where(self) -> str:
        return f"{self.document}:{self.line}" if self.line is not None else self.document

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quote(graph: Graph, excerpt: Node) -> Quote:
    doc = graph.value(excerpt, PROV.wasQuotedFrom)
    ident = graph.value(doc, DCTERMS.identifier) if doc is not None else None
    line = graph.value(excerpt, IPO.line)
    text = graph.value(excerpt, RDF.value)
    number = line.toPython() if isinstance(line, Literal) else None
    return Quote(
        document=str(ident or doc or "?"),
        line=number if isinstance(number, int) else None,
        text=str(text or ""),
        excerpt=str(excerpt),
    )


def quotes(graph: Graph, thing: Node) -> list[Quote]:
    """The excerpts that state ``thing``, in document and line order."""
    return sorted({quote(graph, e) for e in graph.objects(thing, IPO.evidence)})
