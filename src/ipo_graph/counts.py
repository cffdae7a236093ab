"""What ``ipo-graph stats`` counts, as SPARQL on any target.

The same two queries run on an rdflib graph (a day's view, the API) and on an Oxigraph
store (the query cache), so ``stats`` on a large graph answers from the cached store in a
second instead of building the rdflib graph for half a minute, by the same rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rdflib import URIRef

from .labels import short_name
from .namespaces import PREFIXES
from .paths import sparql_file

_CLASSES = sparql_file("class-counts.rq")
_SOURCES = sparql_file("source-counts.rq")


def per_class(
    target: Any, namespace_prefixes: Sequence[str] = ("ipo", "org", "foaf")
) -> Counter[str]:
    """How many resources are typed with each class of the project's namespaces (one per
    ``rdf:type`` statement, entailed ones included)."""
    from .execution import execute

    wanted = tuple(str(PREFIXES[p]) for p in namespace_prefixes)
    counter: Counter[str] = Counter()
    for cls, n in execute(_CLASSES.read_text(encoding="utf-8"), {}, target).rows:
        if isinstance(cls, URIRef) and str(cls).startswith(wanted):
            counter[short_name(cls)] += int(str(n))
    return counter


def per_source(target: Any) -> Counter[str]:
    """How many resources each source document is cited by (``prov:wasDerivedFrom``), by
    the document's identifier (else its name)."""
    from .execution import execute

    counter: Counter[str] = Counter()
    rows = execute(_SOURCES.read_text(encoding="utf-8"), {}, target).rows
    for document, identifier, n in sorted(rows, key=lambda row: str(row[0])):
        if document is not None:
            name = str(identifier) if identifier is not None else short_name(document)
            counter[name] = int(str(n))
    return counter
