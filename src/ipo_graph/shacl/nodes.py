"""What a report says about a node, read from the Oxigraph store: its owner, its label,
and a blank node's statements.

The same rules as :func:`ipo_graph.violations.owner_path` and
:func:`ipo_graph.labels.best_label` on an rdflib graph, so both engines name a node alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .. import owners
from ..labels import LABEL_PROPERTIES, choose_label, in_label_order
from ..oxterms import from_oxigraph, to_oxigraph

if TYPE_CHECKING:
    from pyoxigraph import Store


def _referrers(store: Store, node: Node) -> list[tuple[Node, Node]]:
    pairs = [
        (from_oxigraph(q.subject), from_oxigraph(q.predicate))
        for q in store.quads_for_pattern(None, None, to_oxigraph(node))
    ]
    return sorted(set(pairs), key=lambda sp: (str(sp[0]), str(sp[1])))


def owner_path(store: Store, node: Node) -> tuple[URIRef | None, tuple[URIRef, ...]]:
    """The closest IRI owning ``node`` and the predicates leading from it to ``node``."""
    return owners.owner_path(lambda n: _referrers(store, n), node)


def owner_way(store: Store, node: Node) -> tuple[URIRef | None, tuple[URIRef, ...], Node | None]:
    """:func:`owner_path` and the blank node the way enters first
    (:func:`ipo_graph.owners.owner_way`)."""
    return owners.owner_way(lambda n: _referrers(store, n), node)


def says(store: Store, node: Node) -> list[tuple[str, str | None]]:
    """What ``node`` says at its own level, as :attr:`ipo_graph.locations.Blank.says` has
    it (the store's form of ``violations.says``)."""
    from pyoxigraph import NamedNode

    return [
        (q.predicate.value, q.object.value if isinstance(q.object, NamedNode) else None)
        for q in store.quads_for_pattern(to_oxigraph(node), None, None)
    ]


def best_label(store: Store, node: Node, lang: str = "nl") -> str | None:
    """The Dutch label, else one without a language, else English, else any."""
    if not isinstance(node, URIRef | BNode):
        return None
    subject = to_oxigraph(node)
    found: list[tuple[int, Literal]] = []
    for rank, prop in enumerate(LABEL_PROPERTIES):
        for q in store.quads_for_pattern(subject, to_oxigraph(prop), None):
            lit = from_oxigraph(q.object)
            if isinstance(lit, Literal):
                found.append((rank, lit))
    return choose_label(in_label_order(found), lang)


def is_described(store: Store, node: Node) -> bool:
    """Whether the data says anything about ``node`` (an IRI or a blank node): what the
    report calls defined (the store's form of ``violations.is_described``). A literal
    (the focus of a shape on values) is never a subject."""
    if not isinstance(node, URIRef | BNode):
        return False
    return any(True for _ in store.quads_for_pattern(to_oxigraph(node), None, None))


def is_subject(store: Store, iri: str) -> bool:
    """Whether the IRI ``iri`` is the subject of a triple (so a file likely starts a line
    with it: see :class:`ipo_graph.locations.LocationIndex`)."""
    from pyoxigraph import NamedNode

    return any(True for _ in store.quads_for_pattern(NamedNode(iri), None, None))


def blank_statements(store: Store, nodes: Iterable[Node | None]) -> set[tuple[Node, Node, Node]]:
    """The statements about each blank node of ``nodes``, and about the blank nodes they
    lead to: what a report carries so that a blank focus node or value is not an empty
    ``[]`` (as pyshacl copies them into its report)."""
    out: set[tuple[Node, Node, Node]] = set()
    todo = [n for n in nodes if isinstance(n, BNode)]
    seen = set(todo)
    while todo:
        node = todo.pop()
        for q in store.quads_for_pattern(to_oxigraph(node), None, None):
            o = from_oxigraph(q.object)
            out.add((node, from_oxigraph(q.predicate), o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return out
