"""The entailment rules on rdflib graphs: against owlrl's RDFS closure and by hand."""

from __future__ import annotations

from pathlib import Path

import owlrl
from rdflib import BNode, Graph, Literal, Namespace

from ipo_graph.inference import add_domain_types, domain_types, materialise, rdfs_entailments
from ipo_graph.load import load
from ipo_graph.namespaces import FOAF, IPOD, ORG, RDF, RDFS


def _without_axioms(graph: Graph) -> set[tuple[object, object, object]]:
    """owlrl also adds axiomatic and reflexive triples the contract does not need; drop them."""
    keep = set()
    for s, p, o in graph:
        if isinstance(s, Literal) or (
            isinstance(s, BNode) and p == RDF.type and o == RDFS.Resource
        ):
            continue
        if o in (
            RDFS.Resource,
            RDFS.Class,
            RDF.Property,
            RDFS.Datatype,
            RDFS.Literal,
            RDFS.ContainerMembershipProperty,
        ):
            continue
        if p in (RDFS.subClassOf, RDFS.subPropertyOf) and s == o:
            continue
        if str(p).startswith(str(RDF)) and str(p)[len(str(RDF)) :].startswith("_"):
            continue
        keep.add((s, p, o))
    return keep


def test_materialise_adds_exactly_what_owlrl_rdfs_adds_on_the_shipped_graph() -> None:
    ours = load().graph
    reference = Graph()
    for triple in ours:  # the same blank nodes in both
        reference.add(triple)
    materialise(ours)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(reference)
    want = _without_axioms(reference)
    have = set(ours)
    # owlrl also re-types literals (true -> 1) and copies them between datatypes; compare
    # the resource-valued entailments, which are what the contract relies on.
    missing = {
        t
        for t in want - have
        if not str(t[1]).startswith(str(RDFS)) and not isinstance(t[2], Literal)
    }
    assert not missing, sorted(missing)[:10]
    # and the other direction: nothing that RDFS does not entail
    added = have - set(reference) - want
    assert not added, sorted(added)[:10]


def test_contract_terms_hold_after_entailment(kg) -> None:  # type: ignore[no-untyped-def]
    # every province is an organisation and an agent; every office an organisation
    for org in kg.instances(ORG.Organization):
        assert (org, RDF.type, FOAF.Agent) in kg.graph
    assert (IPOD["provincie-limburg"], RDF.type, ORG.Organization) in kg.graph
    assert (IPOD["bij12"], RDF.type, ORG.Organization) in kg.graph
    assert (IPOD["bestuur"], RDF.type, ORG.OrganizationalUnit) in kg.graph
    assert (IPOD["post-algemeen-directeur"], RDF.type, ORG.Post) in kg.graph


def test_materialise_is_idempotent() -> None:
    g = load().graph
    first = materialise(g)
    assert first > 0
    assert materialise(g) == 0


def test_offices_and_units_are_not_entailed_to_be_formal_organisations(kg) -> None:  # type: ignore[no-untyped-def]
    # Regression: org:hasUnit's domain (org:FormalOrganization) made BIJ12 a legal entity.
    from ipo_graph.namespaces import IPO

    for cls in (IPO.Office, IPO.Unit, IPO.ManagementTeam, IPO.GoverningBody):
        for node in kg.instances(cls):
            assert (node, RDF.type, ORG.FormalOrganization) not in kg.graph, node


_RULES_FIXTURE = Path(__file__).parent / "fixtures" / "entailment" / "rules.ttl"
_EX = Namespace("https://example.org/")


def test_rdfs_entailments_on_a_graph_by_hand() -> None:
    graph = Graph().parse(_RULES_FIXTURE)
    ex = _EX
    assert rdfs_entailments(graph) == {
        (ex.ann, ex.worksFor, ex.board),  # rdfs7
        (ex.ann, RDF.type, ex.Person),  # rdfs2 through the super-property
        (ex.ann, RDF.type, ex.Agent),  # rdfs9
        (ex.bob, RDF.type, ex.Person),
        (ex.bob, RDF.type, ex.Agent),
        (ex.board, RDF.type, ex.Body),  # rdfs3; the literal "IPO" gets no type
        (ex.c1, RDF.type, ex.Body),  # rdfs9 on a stated type
    }


def test_domain_types_add_the_domain_classes_only() -> None:
    # What validation adds: no super-classes (SHACL follows rdfs:subClassOf itself), no
    # ranges (they would make every sh:class check true), no super-property triples.
    graph = Graph().parse(_RULES_FIXTURE)
    ex = _EX
    assert domain_types(graph) == {(ex.ann, RDF.type, ex.Person), (ex.bob, RDF.type, ex.Person)}
    before = len(graph)
    assert add_domain_types(graph) == 2
    assert len(graph) == before + 2
    assert add_domain_types(graph) == 0
