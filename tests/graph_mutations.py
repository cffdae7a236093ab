"""Seeded edits of a graph that break it the way an editor might: for the differential
test of the two SHACL engines and for the commands' fuzz test."""

from __future__ import annotations

import random

from rdflib import BNode, Graph, Literal, URIRef

from ipo_graph.namespaces import IPO, ORG, RDF, RDFS

TYPO = "https://w3id.org/ipo-graph/id/typo-"


def _copy(graph: Graph) -> tuple[Graph, list[tuple[object, object, object]]]:
    triples = sorted(graph, key=lambda t: tuple(map(str, t)))
    out = Graph()
    for t in triples:
        out.add(t)
    return out, triples


def break_shapes(graph: Graph, rng: random.Random, n: int) -> Graph:
    """``n`` random edits of the kinds that break shapes: drop, retype, dangle, duplicate."""
    out, triples = _copy(graph)
    subjects = sorted({s for s, _, _ in triples if isinstance(s, URIRef)}, key=str)
    for i in range(n):
        s, p, o = rng.choice(triples)
        kind = rng.randrange(8)
        if kind == 0:
            out.remove((s, p, o))
        elif kind == 1 and isinstance(o, URIRef):
            out.remove((s, p, o))
            out.add((s, p, URIRef(f"{TYPO}{i}")))
        elif kind == 2 and isinstance(o, Literal):
            out.remove((s, p, o))
            out.add((s, p, Literal(str(o), lang=rng.choice(["de", "en", "nl"]))))
        elif kind == 3 and isinstance(o, Literal):
            out.remove((s, p, o))
            bad = rng.choice(["2020-02-30", "abc", "12", "2020-13", "9000.00"])
            dt = rng.choice(["date", "gYear", "gYearMonth", "decimal", "integer", "string"])
            out.add((s, p, Literal(bad, datatype=URIRef(f"http://www.w3.org/2001/XMLSchema#{dt}"))))
        elif kind == 4:
            out.add((s, p, rng.choice(subjects)))  # one value too many, of the wrong kind
        elif kind == 5:
            out.add((s, RDF.type, rng.choice([ORG.Post, ORG.Organization, IPO.Province])))
        elif kind == 6:
            out.add((rng.choice(subjects), ORG.reportsTo, rng.choice(subjects)))
        else:
            out.remove((s, RDFS.label, None))
    return out


def break_structure(graph: Graph, rng: random.Random, n: int, *, blank_nodes: bool = True) -> Graph:
    """``n`` random edits that mix up the graph's structure: values swapped between
    resources, an IRI where a literal belongs and back, types dropped or added, datatypes
    and languages dropped, blank nodes, self-references, whole resources deleted.

    pyshacl stops on a blank node where shapes compare values (see EngineError), so the
    engines' differential test leaves blank nodes out."""
    out, triples = _copy(graph)
    by_predicate: dict[object, list[tuple[object, object, object]]] = {}
    for t in triples:
        by_predicate.setdefault(t[1], []).append(t)
    subjects = sorted({s for s, _, _ in triples if isinstance(s, URIRef)}, key=str)
    literals = sorted({o for _, _, o in triples if isinstance(o, Literal)}, key=str)
    types = sorted({o for _, p, o in triples if p == RDF.type}, key=str)
    kinds = 9 if blank_nodes else 8
    for _ in range(n):
        s, p, o = rng.choice(triples)
        kind = rng.randrange(kinds)
        if kind == 0:  # another resource's value for the same property
            out.remove((s, p, o))
            out.add((s, p, rng.choice(by_predicate[p])[2]))
        elif kind == 1:  # a literal for an IRI, an IRI for a literal
            out.remove((s, p, o))
            out.add((s, p, rng.choice(literals) if isinstance(o, URIRef) else rng.choice(subjects)))
        elif kind == 2:
            out.remove((s, RDF.type, None))
        elif kind == 3:
            out.add((s, RDF.type, rng.choice(types)))
        elif kind == 4 and isinstance(o, Literal):  # a plain string: no datatype, no language
            out.remove((s, p, o))
            out.add((s, p, Literal(str(o))))
        elif kind == 5:
            out.add((s, p, rng.choice(literals)))
        elif kind == 6:
            out.add((s, p, s))
        elif kind == 7:  # the resource is gone; what refers to it dangles
            out.remove((s, None, None))
        elif kind == 8:
            out.remove((s, p, o))
            node = BNode()
            out.add((s, p, node))
            out.add((node, RDFS.label, Literal("x", lang="nl")))
    return out
