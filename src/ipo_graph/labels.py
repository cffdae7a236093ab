"""How a node is named for people: its best label, or its prefixed name.

Reports, tables, pictures, diffs and the docs all show nodes; they share this module so
the same node reads the same everywhere. Labels: the wanted language first (Dutch by
default), then a label without a language, then English, then any label. Short names:
the project prefixes in an rdflib ``NamespaceManager`` (the longest namespace that
fits), else ``<IRI>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from .namespaces import FOAF, PREFIXES, RDFS, SKOS, XSD

LABEL_PROPERTIES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel, FOAF.name)


def _namespace_manager() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    return manager


NAMESPACES = _namespace_manager()


def in_label_order(found: Iterable[tuple[int, Literal]]) -> list[Literal]:
    """Labels ordered by their property's rank (``rdfs:label``, ``skos:prefLabel``,
    ``foaf:name``), then by text: the order :func:`choose_label` takes, the same in every
    run (a graph's or a store's own order is not), so that of two Dutch labels the same
    one is shown."""
    return [lit for _, lit in sorted(found, key=lambda f: (f[0], str(f[1]), f[1].language or ""))]


def choose_label(found: Iterable[Literal], lang: str = "nl") -> str | None:
    """The one label order: ``lang``, then untagged, then English, then the first found
    (``found`` in :func:`in_label_order`)."""
    labels = list(found)
    for want in (lang, "", "en"):
        for lit in labels:
            if (lit.language or "") == want:
                return str(lit)
    return str(labels[0]) if labels else None


def best_label(
    graph: Graph,
    term: Node,
    lang: str = "nl",
    properties: Sequence[URIRef] = LABEL_PROPERTIES,
) -> str | None:
    """The label to show for ``term``, or None when it has none."""
    found = (
        (rank, o)
        for rank, p in enumerate(properties)
        for o in graph.objects(term, p)
        if isinstance(o, Literal)
    )
    return choose_label(in_label_order(found), lang)


def label_in(
    graph: Graph, term: Node, lang: str, properties: Sequence[URIRef] = (RDFS.label,)
) -> str | None:
    """A label in exactly ``lang`` (for a column of one language), or None."""
    for prop in properties:
        for lit in sorted(graph.objects(term, prop), key=str):
            if isinstance(lit, Literal) and lit.language == lang:
                return str(lit)
    return None


def qname(term: Node) -> str | None:
    """``prefix:local`` for an IRI in a project namespace (the longest that fits), else None."""
    if not isinstance(term, URIRef):
        return None
    try:
        return NAMESPACES.curie(term, generate=False)
    except (KeyError, ValueError):  # no project namespace fits, or no local name splits off
        return None


def short_name(term: Node) -> str:
    """The prefixed name of an IRI, or ``<IRI>`` outside the project's namespaces."""
    if isinstance(term, URIRef):
        return qname(term) or f"<{term}>"
    return str(term)


def term_name(term: Node) -> str:
    """Any term in Turtle-like text: prefixed IRIs, quoted literals, ``[id]`` blank nodes."""
    if isinstance(term, URIRef):
        return short_name(term)
    if isinstance(term, Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{term_name(term.datatype)}"
        return text
    return f"[{term}]" if isinstance(term, BNode) else str(term)
