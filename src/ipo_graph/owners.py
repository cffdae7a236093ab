"""The IRI that owns a blank node, found the same way over an rdflib graph or a store.

A violation, a label or a file position is about something people can name: for a blank
node (an interval, an instant) that is the closest IRI pointing to it, with the predicates
on the way. The walk is breadth-first and deterministic (referrers sorted), so both
validation engines name the same owner.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from rdflib import BNode, URIRef
from rdflib.term import Node

#: ``node`` → the (subject, predicate) pairs pointing to it, sorted.
Referrers = Callable[[Node], Iterable[tuple[Node, Node]]]


def owner_path(referrers: Referrers, node: Node) -> tuple[URIRef | None, tuple[URIRef, ...]]:
    """The closest IRI owning ``node`` and the predicates leading from it to ``node``."""
    owner, via, _ = owner_way(referrers, node)
    return owner, via


def owner_way(
    referrers: Referrers, node: Node
) -> tuple[URIRef | None, tuple[URIRef, ...], Node | None]:
    """:func:`owner_path`, and the blank node the way enters first (the owner's own
    object, which a statement of the owner writes: where the report places ``node``);
    None for an IRI or a node no IRI leads to."""
    if isinstance(node, URIRef):
        return node, (), None
    if not isinstance(node, BNode):
        return None, (), None
    seen: set[Node] = {node}
    queue: deque[tuple[Node, tuple[URIRef, ...]]] = deque([(node, ())])
    while queue:
        current, via = queue.popleft()
        owners = list(referrers(current))
        for s, p in owners:
            if isinstance(s, URIRef) and isinstance(p, URIRef):
                return s, (p, *via), current
        for s, p in owners:
            if s not in seen and isinstance(p, URIRef):
                seen.add(s)
                queue.append((s, (p, *via)))
    return None, (), None
