"""Literal values as the files write them.

Oxigraph's store keeps a number, a boolean or a date by its value, so a query gives it
back in canonical form: ``9000.00`` in a file comes back as ``"9000"^^xsd:decimal``, a
term the data does not contain, and a report naming it would disagree with the
reference engine, which reads the terms as written. The values of results on a property
path are therefore read again from the files that name their focus nodes: in one pass,
and only when some result has such a value (a plain string or a tagged text comes back
as written).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rdflib import Literal, URIRef

from .. import strict
from ..namesearch import local_name, trie_pattern
from ..namespaces import RDF, XSD
from ..oxterms import from_oxigraph
from .engine import Result

#: Datatypes whose lexical form the store keeps as written.
_KEPT = frozenset({XSD.string, RDF.langString})

Key = tuple[str, str]
"""A result's focus node and property, as IRIs."""


def _same(stored: Literal, written: Literal) -> bool:
    """The same literal, up to the store's canonical form."""
    if stored.datatype != written.datatype or written.value is None:
        return False
    return bool(stored.value == written.value)


def as_written(results: Sequence[Result], files: Sequence[Path]) -> list[Result]:
    """``results`` with each literal value of a property path as its file writes it."""
    wanted: dict[Key, list[Literal]] = {}
    for r in results:
        value = r.value
        if (
            isinstance(value, Literal)
            and value.datatype is not None
            and value.datatype not in _KEPT
            and value.value is not None  # an ill-typed literal is kept as written
            and isinstance(r.focus, URIRef)
            and isinstance(r.path, URIRef)
        ):
            wanted.setdefault((str(r.focus), str(r.path)), []).append(value)
    if not wanted:
        return list(results)
    import pyoxigraph as ox

    # only files that name a focus node are parsed (most results' files are few)
    named = re.compile(trie_pattern({local_name(focus) for focus, _ in wanted}))
    found: dict[tuple[str, str, Literal], Literal] = {}
    for path in files:
        text = strict.read_text(path)
        if not named.search(text):
            continue
        for t in strict.parse_file(path, text=text).triples:
            if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.Literal):
                continue
            key = (t.subject.value, t.predicate.value)
            stored = wanted.get(key)
            if stored is None:
                continue
            written = from_oxigraph(t.object)
            assert isinstance(written, Literal)
            for value in stored:
                if _same(value, written):
                    found.setdefault((*key, value), written)
    return [
        replace(r, value=found.get((str(r.focus), str(r.path), r.value), r.value))
        if isinstance(r.value, Literal)
        else r
        for r in results
    ]
