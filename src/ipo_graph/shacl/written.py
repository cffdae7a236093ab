"""Literal values as the files write them.

Oxigraph's store keeps a number, a boolean or a date by its value, so a query gives it
back in canonical form: ``9000.00`` in a file comes back as ``"9000"^^xsd:decimal``, a
term the data does not contain, and a report naming it would disagree with the
reference engine, which reads the terms as written. The values of results on a property
path are therefore read again from the files that name their focus nodes: in one pass,
and only when some result has such a value (a plain string or a tagged text comes back
as written). pyshacl's report gets the same treatment (:func:`report_as_written`): with
``--engine pyshacl`` its SPARQL parts run on an Oxigraph copy of the data as well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .. import strict
from ..namesearch import local_name, trie_pattern
from ..namespaces import RDF, SH, XSD
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


def _restorable(focus: Node | None, path: Node | None, value: Node | None) -> bool:
    """A value the store may give in another form than the file's: a literal it keeps by
    value, of a property of a named node. A blank node's triples cannot be found again in
    the files (each parse names it afresh), so its values stay as the store gave them,
    as the compiled engine must leave them too."""
    return (
        isinstance(value, Literal)
        and value.datatype is not None
        and value.datatype not in _KEPT
        and value.value is not None  # an ill-typed literal is kept as written
        and isinstance(focus, URIRef)
        and isinstance(path, URIRef)
    )


def as_written(results: Sequence[Result], files: Sequence[Path]) -> list[Result]:
    """``results`` with each literal value of a property path as its file writes it."""
    wanted: dict[Key, list[Literal]] = {}
    for r in results:
        if _restorable(r.focus, r.path, r.value):
            assert isinstance(r.value, Literal)
            wanted.setdefault((str(r.focus), str(r.path)), []).append(r.value)
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


def report_as_written(report: Graph, data: Graph) -> None:
    """Each literal value in pyshacl's ``report`` as ``data`` writes it (see the module
    docstring): ``"17.00"^^xsd:decimal`` in a file was reported as ``"17"``, a term the
    data does not contain, where a SPARQL constraint found it."""
    for result, value in list(report.subject_objects(SH.value)):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        if not _restorable(focus, path, value) or (focus, path, value) in data:
            continue
        assert isinstance(value, Literal)
        for written in data.objects(focus, path):
            if isinstance(written, Literal) and _same(value, written):
                report.set((result, SH.value, written))
                break
