"""The project's SPARQL rules applied to an rdflib graph.

The stores apply the rules (``sparql/rdfs-entailment.ru``, ``domain-types.ru``,
``without-personal.ru``) to themselves as SPARQL updates. An rdflib graph (exports, the
API, the pyshacl reference) gets the very same files, run on an Oxigraph copy of it, and
takes back what they changed: each rule is written once, and the two paths cannot drift
apart.

Oxigraph keeps a literal's value, not its spelling (``"12.50"^^xsd:decimal`` comes back
as ``"12.5"``), so what a rule reports is mapped back to the literals as the graph spells
them: a personal value must still match when it is removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from .oxterms import from_oxigraph, to_oxigraph
from .paths import sparql_file
from .store import store_of_graph

Triple = tuple[Node, Node, Node]


@dataclass
class Changes:
    """What a rule did to a graph: the triples it added and the ones it removed."""

    added: set[Triple] = field(default_factory=set)
    removed: set[Triple] = field(default_factory=set)


def _spellings(graph: Graph, subjects: set[Node]) -> dict[Any, set[Literal]]:
    """The literal objects of ``subjects`` in ``graph``, by the term Oxigraph makes of each.

    Oxigraph itself says how it spells a literal: each one goes into a scratch store and
    comes back. Only the subjects of what a rule changed are looked at, not the graph."""
    from pyoxigraph import NamedNode, Quad, Store

    literals = list({o for s in subjects for o in graph.objects(s, None) if isinstance(o, Literal)})
    scratch, value = Store(), NamedNode("urn:x-ipo-graph:value")
    scratch.extend(
        Quad(NamedNode(f"urn:x-ipo-graph:literal:{i}"), value, to_oxigraph(lit))
        for i, lit in enumerate(literals)
    )
    spelt: dict[Any, set[Literal]] = defaultdict(set)
    for quad in scratch:
        spelt[quad.object].add(literals[int(quad.subject.value.rsplit(":", 1)[1])])
    return spelt


def changes(graph: Graph, rule: Path, store: Any = None) -> Changes:
    """What the SPARQL update in ``rule`` changes in ``graph`` (left as it is).

    ``store``: an Oxigraph copy of ``graph`` (:func:`ipo_graph.store.store_of_graph`) to
    run it on; the rule's changes stay in it, so a caller can go on querying the result.
    """
    from pyoxigraph import Literal as OxLiteral

    if store is None:
        store = store_of_graph(graph)
    store.update(sparql_file("keep-asserted.ru").read_text(encoding="utf-8"))
    store.update(rule.read_text(encoding="utf-8"))
    answer: Any = store.query(sparql_file("rule-changes.rq").read_text(encoding="utf-8"))
    rows = [(r[0].value, from_oxigraph(r[1]), from_oxigraph(r[2]), r[3]) for r in answer]
    spelt = _spellings(graph, {s for _, s, _, o in rows if isinstance(o, OxLiteral)})
    found = Changes()
    for change, s, p, o in rows:
        objects: set[Node] = {*spelt.get(o, ())} or {from_oxigraph(o)}
        (found.added if change == "added" else found.removed).update((s, p, x) for x in objects)
    return found
