"""The exact words behind a resource: its ``ipo:evidence`` excerpts, with document and line."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import total_ordering
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from ..namespaces import DCTERMS, IPO, PROV, RDF


@total_ordering
@dataclass(frozen=True)
class Quote:
    """One excerpt: the document's file name, the 1-based line and the words, OCR kept.

    Ordered by document and line, an excerpt without a (whole-number) line last: a
    comparison of the fields themselves fails on ``None`` against a number.
    """

    document: str
    line: int | None
    text: str
    excerpt: str

    def _order(self) -> tuple[str, bool, int, str, str]:
        return (self.document, self.line is None, self.line or 0, self.text, self.excerpt)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quote):
            return NotImplemented
        return self._order() < other._order()

    def where(self) -> str:
        return f"{self.document}:{self.line}" if self.line is not None else self.document

    def one_line(self) -> str:
        """The words on one line, for a report: an excerpt over several source lines keeps
        its line breaks (``text``, as JSON gives it), which would break a report's indented
        layout; each break and the spaces around it become one space."""
        return " ".join(part.strip() for part in self.text.splitlines() if part.strip())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def line_number(node: Node | None) -> int | None:
    """A line number (``ipo:line``, ``ipo:firstLine``…) as written, or None for anything
    that is not a whole number: unfinished data must not crash a report about it (the
    shapes report the slip)."""
    number = node.toPython() if isinstance(node, Literal) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def quote(graph: Graph, excerpt: Node) -> Quote:
    doc = graph.value(excerpt, PROV.wasQuotedFrom)
    ident = graph.value(doc, DCTERMS.identifier) if doc is not None else None
    text = graph.value(excerpt, RDF.value)
    return Quote(
        document=str(ident or doc or "?"),
        line=line_number(graph.value(excerpt, IPO.line)),
        text=str(text or ""),
        excerpt=str(excerpt),
    )


def quotes(graph: Graph, thing: Node) -> list[Quote]:
    """The excerpts that state ``thing``, in document and line order."""
    return sorted({quote(graph, e) for e in graph.objects(thing, IPO.evidence)})
