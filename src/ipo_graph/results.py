"""Query answers in one form, whichever engine gave them.

rdflib, Oxigraph and a remote endpoint each spell the same value their own way
(``"01"^^xsd:integer``, a ``pyoxigraph.Literal``, SPARQL JSON); every answer is turned
into rdflib terms with canonical literals here, so answers compare equal across engines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias

from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from .errors import UsageError
from .namespaces import XSD
from .oxterms import from_oxigraph

Row: TypeAlias = tuple[Node | None, ...]

_INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
}
#: The number datatypes :func:`canonical` writes in one form per value.
NUMBER_TYPES = frozenset({*_INTEGER_TYPES, XSD.decimal, XSD.double, XSD.float})


@dataclass
class Result:
    """A normalised query answer: ``kind`` is ``select``, ``ask`` or ``graph``."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


def canonical(term: Node | None) -> Node | None:
    """One representation per value, whichever engine produced it."""
    if not isinstance(term, RdfLiteral):
        return term
    dt = term.datatype
    if term.language or dt is None:
        return term
    if dt == XSD.string:
        return RdfLiteral(str(term))
    try:
        if dt in _INTEGER_TYPES:
            return RdfLiteral(str(int(str(term))), datatype=dt)
        if dt == XSD.decimal:
            d = Decimal(str(term)).normalize()
            text = format(d, "f")
            return RdfLiteral(text, datatype=dt)
        if dt in (XSD.double, XSD.float):
            return RdfLiteral(repr(float(str(term))), datatype=dt)
        if dt == XSD.boolean:
            return RdfLiteral(
                (str(term).strip().lower() in ("true", "1") and "true") or "false", datatype=dt
            )
    except (ValueError, InvalidOperation):
        return term
    return term


def from_oxigraph_answer(term: Any) -> Node | None:
    """Oxigraph's answer terms in the form both engines' results are compared in."""
    if term is None:
        return None
    try:
        node = from_oxigraph(term)
    except TypeError:
        raise UsageError(f"unsupported result term {term!r}") from None
    if isinstance(node, RdfLiteral) and not node.language:
        return canonical(RdfLiteral(str(node), datatype=node.datatype or XSD.string))
    return node


def without_columns(result: Result, names: set[str]) -> Result:
    """``result`` without the columns of bound parameters (constants, not answers).

    Oxigraph substitutes only variables in the SELECT projection (SEP-0007), so named
    queries project their parameters; this drops them again.
    """
    keep = [i for i, v in enumerate(result.vars) if v not in names]
    if len(keep) == len(result.vars):
        return result
    return Result(
        result.kind,
        vars=[result.vars[i] for i in keep],
        rows=[tuple(row[i] for i in keep) for row in result.rows],
        boolean=result.boolean,
        triples=result.triples,
    )
