"""Does a query read what the time rule adds? If not, it can be answered before the rule runs.

The time rule (:mod:`ipo_graph.history.timeline`) adds ``ipo:heldFrom``, ``ipo:heldUntil``
and ``ipo:lastAttested`` to a store; on a cold cache it is the largest step of building one.
A query none of whose patterns can match those triples gets the same answer without them,
so ``ipo-graph query`` answers it first and runs the rule afterwards, before the store is
written to the cache.

The test is made on the query's algebra (rdflib's SPARQL parser), so prefixes, ``a``,
escapes and sub-queries are resolved as the engine resolves them. It errs towards "reads":
a variable in predicate position, a negated property set, ``DESCRIBE``, one of the three
properties anywhere in the query, or a query this parser cannot read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..namespaces import IPO, PREFIX_IRIS

#: What the time rule adds (history/timeline.py ``Timeline.derived``).
TIME_RULE_PROPERTIES = frozenset({IPO.heldFrom, IPO.heldUntil, IPO.lastAttested})


def reads_time_rule(text: str) -> bool:
    """True unless the query ``text`` surely reads none of the time rule's triples."""
    from rdflib.paths import NegatedPath
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.term import URIRef, Variable

    from ..sparqltext import with_prefixes

    try:
        query = translateQuery(parseQuery(with_prefixes(text, PREFIX_IRIS)))
    except Exception:  # any query rdflib cannot read is assumed to read it
        return True
    if query.algebra.name == "DescribeQuery":
        return True
    for term in pattern_terms(query.algebra):
        if isinstance(term, (Variable, NegatedPath)):
            return True
        if isinstance(term, URIRef) and term in TIME_RULE_PROPERTIES:
            return True
    return False


def pattern_terms(node: Any) -> Iterator[Any]:
    """Every predicate of every triple pattern (paths taken apart, negated sets whole),
    and every IRI anywhere in the algebra."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.term import URIRef, Variable

    def predicate(p: Any) -> Iterator[Any]:
        if isinstance(p, (SequencePath, AlternativePath)):
            for arg in p.args:
                yield from predicate(arg)
        elif isinstance(p, InvPath):
            yield from predicate(p.arg)
        elif isinstance(p, MulPath):
            yield from predicate(p.path)
        else:  # an IRI, a variable, or a negated property set (kept whole)
            yield p

    for triple in triple_patterns(node):
        if triple is None:
            yield Variable("unreadable")
        else:
            yield from predicate(triple[1])
    yield from (item for item in _items(node) if isinstance(item, URIRef))


def triple_patterns(node: Any) -> Iterator[tuple[Any, Any, Any] | None]:
    """Every triple pattern of a query's algebra as ``(s, p, o)``; ``None`` for a block that
    does not fall into triples. BGPs hold ``(s, p, o)`` tuples; a TriplesBlock left
    untranslated (inside ``EXISTS``) holds flat lists ``s, p, o, s, p, o, ...``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    for item in _items(node):
        if isinstance(item, CompValue):
            # dict.get: CompValue.get does not take a default
            for triples in dict.get(item, "triples", ()):
                if len(triples) % 3:
                    yield None
                for i in range(0, len(triples) - 2, 3):
                    yield triples[i], triples[i + 1], triples[i + 2]


def _items(node: Any) -> Iterator[Any]:
    """Everything in the algebra, each object once."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):  # a CompValue too
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
