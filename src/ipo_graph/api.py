"""The typed Python API: load the graph, list, count, look up labels and ask queries.

The CLI is a thin layer over these functions; scripts and notebooks use them directly::

    from ipo_graph.api import IpoGraph
    kg = IpoGraph.load()
    kg.label(kg.resolve("Theo Bovens"))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .errors import UsageError
from .inference import rdfs_entailments
from .labels import best_label, short_name
from .load import LoadedGraph, load
from .namespaces import PREFIXES, RDF, RDFS, SKOS
from .oxterms import is_iri

if TYPE_CHECKING:
    from .execution import Engine, Target
    from .history.timeline import Timeline
    from .queryfiles import NamedQuery
    from .results import Result
    from .store import Opened


def spelled_iri(text: str) -> str | None:
    """The IRI ``text`` is written as (``<IRI>``, ``http(s)://…`` or a prefixed name of a
    known prefix), well formed or not; None for text that is written as a label."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://")):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and " " not in text:
        return str(PREFIXES[prefix]) + local
    return None


@dataclass(eq=False)
class IpoGraph:
    """The IPO graph: ontology plus data, with RDFS entailments and the time rule's
    outcome materialised.

    ``graph`` holds every triple; ``entailed`` holds just the added ones, so the asserted
    triples are ``graph`` minus ``entailed`` (:meth:`asserted`) without re-reading files.

    :meth:`load` builds that graph in rdflib; :meth:`open` reads the same graph in place
    from the query cache's Oxigraph store (``store``), for reading large data quickly.
    """

    loaded: LoadedGraph
    inferred: int = 0
    entailed: Graph = field(default_factory=Graph)
    #: the query cache's store ``graph`` is read from, as :meth:`open` found or built it
    #: (with what the entry keeps beside it); None for a loaded graph
    opened: Opened | None = field(default=None, repr=False)

    @classmethod
    def load(cls, data: Sequence[str | Path] | None = None, *, infer: bool = True) -> IpoGraph:
        kg = cls(loaded=load(data))
        if infer:
            kg.entail()
        return kg

    @classmethod
    def open(cls, data: Sequence[str | Path] | None = None) -> IpoGraph:
        """The graph :meth:`load` builds, read from the query cache's store (built and
        cached on a miss): the entailments and the time rule are in it already.

        For reading: following links through it costs about as much as in rdflib, but
        opening a large graph takes a second from the cache instead of half a minute and
        a gigabyte, and its :attr:`timeline` is the one the entry keeps, not run again.
        It cannot be changed, and it keeps no record of which of its triples are entailed
        (:meth:`asserted`, ``entailed`` and ``inferred`` are for :meth:`load`'s graphs;
        :func:`ipo_graph.store.open_counted` counts them).
        """
        from .store import open_entry, store_files
        from .storeview import graph_of_store

        files = store_files(data)
        opened = open_entry(files)
        return cls(
            loaded=LoadedGraph(graph_of_store(opened.store), files=list(files)), opened=opened
        )

    def entail(self) -> int:
        """Add the RDFS entailments, then the time rule's ``ipo:heldFrom`` & co."""
        from .history.timeline import Timeline
        from .store import store_of_graph

        graph = self.graph
        store = store_of_graph(graph)
        added = rdfs_entailments(graph, store)
        for triple in added:
            graph.add(triple)
            self.entailed.add(triple)
        timeline = Timeline.of_store(store)
        for triple in timeline.derived():
            if triple not in graph:
                graph.add(triple)
                self.entailed.add(triple)
        self.__dict__["timeline"] = timeline
        self.inferred = len(self.entailed)
        return self.inferred

    @property
    def graph(self) -> Graph:
        return self.loaded.graph

    @property
    def store(self) -> Any:
        """The Oxigraph store ``graph`` is read from (:meth:`open`); None for a loaded graph."""
        return self.opened.store if self.opened is not None else None

    @cached_property
    def timeline(self) -> Timeline:
        """The time rule over this graph (computed once; from :meth:`open`, the outcome the
        cache entry keeps, when it keeps one)."""
        from .history.timeline import Timeline
        from .store import store_of_graph

        kept = self.opened.kept_timeline() if self.opened is not None else None
        if kept is not None:
            return kept
        return Timeline.of_store(
            self.store if self.store is not None else store_of_graph(self.graph)
        )

    def asserted(self) -> Graph:
        """A fresh graph of the asserted triples only (the files' contents)."""
        if self.store is not None:
            raise TypeError("a graph opened from the store does not say which triples are asserted")
        out = Graph()
        for prefix, ns in self.graph.namespaces():
            out.bind(prefix, ns, override=True)
        entailed = self.entailed
        for triple in self.graph:
            if triple not in entailed:
                out.add(triple)
        return out

    def label(self, term: Node, lang: str = "nl") -> str:
        """The best human label: ``lang`` first, then English, then any, then a short IRI."""
        if isinstance(term, Literal):
            return str(term)
        found = best_label(self.graph, term, lang, (RDFS.label, SKOS.prefLabel))
        return found if found is not None else self.qname(term)

    def qname(self, term: Node) -> str:
        """The prefixed name (or ``<IRI>``) of ``term``: :func:`ipo_graph.labels.short_name`."""
        return short_name(term)

    def resolve(self, text: str) -> URIRef:
        """An IRI, a prefixed name or an exact label → the one IRI it names."""
        candidates = self.candidates(text)
        if not candidates:
            from .names import not_found

            raise not_found(self.graph, text)
        if len(candidates) > 1:
            names = ", ".join(sorted(self.qname(c) for c in candidates))
            raise UsageError(f"{text!r} is ambiguous; it may mean: {names}")
        return candidates[0]

    def candidates(self, text: str) -> list[URIRef]:
        """The IRI ``text`` spells (:func:`spelled_iri`), else the things with that exact
        label. A spelling that is no IRI (``<>``, ``ipod:x>``) is read as a label, which
        names nothing: as an IRI, it would make the store raise (:func:`.oxterms.is_iri`)."""
        iri = spelled_iri(text)
        if iri is not None and is_iri(iri):
            return [URIRef(iri)]
        wanted = text.casefold()
        found = {
            s
            for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
            for s, o in self.graph.subject_objects(p)
            if isinstance(s, URIRef) and str(o).casefold() == wanted
        }
        return sorted(found)

    def instances(self, cls: URIRef) -> list[URIRef]:
        return sorted(s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef))

    def count(self, cls: URIRef) -> int:
        return len(set(self.graph.subjects(RDF.type, cls)))

    def counts_per_class(
        self, namespace_prefixes: Sequence[str] = ("ipo", "org", "foaf")
    ) -> Counter[str]:
        """How many resources are typed with each class (:func:`ipo_graph.counts.per_class`)."""
        from . import counts

        return counts.per_class(self.graph, namespace_prefixes)

    def counts_per_source(self) -> Counter[str]:
        """How many resources each source document is cited by (``prov:wasDerivedFrom``)."""
        from . import counts

        return counts.per_source(self.graph)

    def iter_labelled(self) -> Iterator[tuple[URIRef, str]]:
        for s in sorted({s for s in self.graph.subjects() if isinstance(s, URIRef)}):
            yield s, self.label(s)


def run_query(
    query: NamedQuery | str,
    engine: Engine = "oxigraph",
    bindings: Mapping[str, str] | None = None,
    graph: Graph | None = None,
    target: Target | None = None,
) -> Result:
    """Run a named query (or its name) with string parameters on ``engine``.

    Without ``graph`` or ``target`` the shipped graph is used (with RDFS entailments): the
    cached Oxigraph store of :mod:`ipo_graph.store`, or rdflib's in-memory graph.
    """
    from .execution import Endpoint, execute, make_target
    from .labelindex import LabelIndex
    from .queryfiles import find_query
    from .queryparams import bind_params

    nq = find_query(query) if isinstance(query, str) else query
    if target is None:
        if graph is not None:
            target = make_target(graph, engine)
        elif engine == "oxigraph":
            from .store import open_store, store_files

            target = open_store(store_files())
        else:
            target = make_target(IpoGraph.load().graph, engine)
    labels = LabelIndex.from_target(target) if not isinstance(target, Endpoint) else None
    terms = bind_params(nq, bindings, resolver=labels.resolve if labels else None, target=target)
    return execute(nq.text, terms, target)
