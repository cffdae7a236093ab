"""The checks SHACL cannot express (:mod:`ipo_graph.vocabulary`), for the compiled engine.

The compiled engine never builds an rdflib graph of the data, so the closed-vocabulary and
ill-typed-literal checks read what they need from the strict parser's scan of each file
(:func:`ipo_graph.load.scan`: the terms a file uses, its ill-typed literals with their
lines) and take owners and labels from the Oxigraph store. The rules and messages are
those of :mod:`ipo_graph.vocabulary`, so both engines report exactly alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from .. import strict, vocabulary
from ..load import FileTerms, IllTyped, scan
from .nodes import best_label, is_described, owner_path

if TYPE_CHECKING:
    from pyoxigraph import Store

    from ..violations import Violation


class StoreContext:
    """Owners and labels from the store (the findings carry their places: the line that
    uses a term, the line of a literal)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._labels: dict[Node, str | None] = {}

    def owner_path(self, node: Node) -> tuple[Node | None, tuple[URIRef, ...]]:
        owner, via = owner_path(self.store, node)
        return owner, tuple(via)

    def label(self, node: Node) -> str | None:
        """Read once per node: many findings share an owner (see ``outcome.located``)."""
        if node not in self._labels:
            self._labels[node] = best_label(self.store, node)
        return self._labels[node]

    def is_described(self, node: Node) -> bool:
        return is_described(self.store, node)


_SUSPECT_TERMS = """
SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term FILTER(isIRI(?term)) } }"""
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: A literal whose cast to its own datatype fails: ill-typed (Oxigraph's reading).
_SUSPECT_LITERALS = f"""
PREFIX xsd: <{_XSD}>
ASK {{
  ?s ?p ?o . FILTER(isLiteral(?o))
  BIND(DATATYPE(?o) AS ?dt)
  FILTER(?dt IN (xsd:date, xsd:dateTime, xsd:gYear, xsd:gYearMonth, xsd:integer,
                 xsd:decimal, xsd:boolean, xsd:double))
  BIND(IF(?dt = xsd:date, xsd:date(STR(?o)),
       IF(?dt = xsd:dateTime, xsd:dateTime(STR(?o)),
       IF(?dt = xsd:integer, xsd:integer(STR(?o)),
       IF(?dt = xsd:decimal, xsd:decimal(STR(?o)),
       IF(?dt = xsd:boolean, xsd:boolean(STR(?o)),
       IF(?dt = xsd:double, xsd:double(STR(?o)),
       IF(?dt = xsd:gYear, xsd:gYear(STR(?o)), xsd:gYearMonth(STR(?o))))))))) AS ?ok)
  FILTER(!BOUND(?ok))
}}"""


@dataclass
class Scan:
    """What the strict parser's scan of every file found (see :func:`scan_files`)."""

    terms: dict[Path, FileTerms] = field(default_factory=dict)
    ill_typed: list[IllTyped] = field(default_factory=list)


def scan_files(store: Store, files: Sequence[Path]) -> Scan:
    """The files' terms and ill-typed literals, read by the strict parser file by file —
    but only when the store shows something to find (a term the ontology does not define,
    a literal that does not fit its datatype): the common, clean case costs two queries."""
    from pyoxigraph import QueryBoolean, QuerySolutions

    scans = {p: scan(strict.parse_file(p)) for p in files if vocabulary.is_ontology_file(p)}
    defined = {str(t) for t in vocabulary.defined_terms({p: t for p, (t, _) in scans.items()})}
    used = store.query(_SUSPECT_TERMS)
    assert isinstance(used, QuerySolutions)
    unknown = any(row["term"].value not in defined for row in used)
    suspect = store.query(_SUSPECT_LITERALS)
    assert isinstance(suspect, QueryBoolean)
    out = Scan()
    if not unknown and not bool(suspect):
        return out
    for path in files:  # every format: a JSON-LD file's unknown class is found as well
        terms, ill = scans.get(path) or scan(strict.parse_file(path))
        out.terms[path] = terms
        out.ill_typed.extend(ill)
    return out


def store_violations(store: Store, found: Scan, files: Sequence[Path]) -> list[Violation]:
    """Unknown classes and properties used by the data files, ill-typed literals, and what
    the files' text shows (:mod:`ipo_graph.filetext`: a subject described in two blocks,
    of one file or of two)."""
    from ..filetext import text_violations

    ctx = StoreContext(store)
    in_text = text_violations(files, ctx)
    if not found.terms and not found.ill_typed:
        return in_text
    return [
        *vocabulary.unknown_term_violations(found.terms, ctx),
        *vocabulary.ill_typed_violations(found.ill_typed, ctx),
        *in_text,
    ]
