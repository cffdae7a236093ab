"""How a node is named for people: its best label, or its prefixed name.

Reports, tables, pictures and diffs all show nodes; they agree on one rule so that the
same node reads the same everywhere: the wanted language first (Dutch by default), then a
label without a language, then English, then any label.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import FOAF, PREFIXES, RDFS, SKOS

LABEL_PROPERTIES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel, FOAF.name)


def best_label(
    graph: Graph,
    term: Node,
    lang: str = "nl",
    properties: Sequence[URIRef] = LABEL_PROPERTIES,
) -> str | None:
    """The label to show for ``term``, or None when it has none."""
    found = [o for p in properties for o in graph.objects(term, p) if isinstance(o, Literal)]
    for want in (lang, "", "en"):
        for lit in found:
            if (lit.language or "") == want:
                return str(lit)
    return str(found[0]) if found else None


def qname(term: Node) -> str | None:
    """``prefix:local`` for an IRI in a known namespace (the longest that fits), else None."""
    if not isinstance(term, URIRef):
        return None
    text = str(term)
    best = ""
    for ns in (str(n) for n in PREFIXES.values()):
        if text.startswith(ns) and len(ns) > len(best):
            best = ns
    if not best:
        return None
    prefix = next(p for p, n in PREFIXES.items() if str(n) == best)
    return f"{prefix}:{text[len(best) :]}"


def short_name(term: URIRef) -> str:
    """The prefixed name of an IRI, or ``<IRI>`` outside the project's namespaces."""
    return qname(term) or f"<{term}>"
