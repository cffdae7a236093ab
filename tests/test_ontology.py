"""The ontology: it parses, every term is documented in Dutch and English, every ipo: term
the data, queries and shapes use is defined, personal data is marked, and the vocabulary
contract (../shared/contract.md) holds on the shipped graph after RDFS entailment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ipo_graph import paths
from ipo_graph.api import IpoGraph
from ipo_graph.load import load_files
from ipo_graph.namespaces import FOAF, IPO, IPOD, ORG, OWL, RDF, RDFS, SCHEMA, SKOS
from ipo_graph.privacy import personal_properties
from support import PROVINCE_SLUGS

DEFINING_TYPES = {
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.NamedIndividual,
}


# Terms the standards lack; the brief requires the ontology to say they were invented.
INVENTED = (
    "Seat",
    "Tenure",
    "AdInterim",
    "ReportingLine",
    "StructureLink",
    "Vacancy",
    "ProcedureStep",
    "LegalFormPeriod",
    "Discrepancy",
    "Excerpt",
    "evidence",
    "combinedWith",
    "mutualSubstituteOf",
    "eligibleRole",
    "forPost",
    "holder",
    "status",
    "personalData",
    "deputyOf",
    "liaisesWith",
    "statedAs",
    "seatCount",
    "SalaryIncrease",
    "DiscrepancyKind",
)

# Things that are not organisations; RDFS entailment must never make them one.


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """Only the ontology files (ipo.ttl and the restated standard axioms), no data."""
    return load_files(paths.ontology_files()).graph


def _ipo_terms_defined(g: Graph) -> set[URIRef]:
    return {
        s
        for s, t in g.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(str(IPO)) and t in DEFINING_TYPES
    }


def _ipo_terms_in_graph(g: Graph) -> set[URIRef]:
    return {
        term
        for triple in g
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(IPO))
    }


_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def _ipo_terms_in_query(text: str) -> set[URIRef]:
    """ipo: terms a SPARQL text mentions, by full IRI or by whatever prefix it binds to ipo:."""
    found = {
        URIRef(str(IPO) + m) for m in re.findall(r"<" + re.escape(str(IPO)) + r"([^>]+)>", text)
    }
    for prefix, ns in _PREFIX_DECL.findall(text):
        if ns == str(IPO):
            pattern = r"(?<![\w:<])" + re.escape(prefix or "") + r":([A-Za-z_][\w-]*)"
            found |= {URIRef(str(IPO) + local) for local in re.findall(pattern, text)}
    return found


def _files_using_ipo() -> list[Path]:
    files = list(paths.data_files())
    if paths.shapes_file().is_file():
        files.append(paths.shapes_file())
    return files


# --- the ontology itself ---------------------------------------------------------------------


def test_ontology_parses_and_has_header(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/ipo-graph/def")
    assert (header, RDF.type, OWL.Ontology) in ontology
    titles = {
        t.language
        for t in ontology.objects(header, URIRef("http://purl.org/dc/terms/title"))
        if isinstance(t, Literal)
    }
    assert {"nl", "en"} <= titles
    assert not list(ontology.objects(header, OWL.imports)), "nothing is fetched: no owl:imports"


def test_required_terms_are_defined(ontology: Graph) -> None:
    defined = _ipo_terms_defined(ontology)
    for name in (
        "Association",
        "Province",
        "Office",
        "Seat",
        "Tenure",
        "Vacancy",
        "Discrepancy",
        "Excerpt",
        "Planned",
        "Actual",
        "Regular",
        "AdInterim",
        "FTE",
        "Headcount",
        "mutualSubstituteOf",
        "workEmail",
        "supportsDelegationTo",
    ):
        assert IPO[name] in defined, name


def test_invented_terms_say_so(ontology: Graph) -> None:
    for name in INVENTED:
        notes = [
            str(n)
            for n in ontology.objects(IPO[name], SKOS.scopeNote)
            if isinstance(n, Literal) and n.language == "en"
        ]
        assert any("invented" in n.lower() for n in notes), name


def test_project_classes_specialise_standard_ones(ontology: Graph) -> None:
    expected = {
        IPO.Association: ORG.FormalOrganization,
        IPO.Province: ORG.FormalOrganization,
        IPO.Office: ORG.OrganizationalUnit,
        IPO.Unit: ORG.OrganizationalUnit,
        IPO.ExternalOrganization: ORG.Organization,
        IPO.Seat: ORG.Post,
        IPO.Vacancy: SCHEMA.JobPosting,
        IPO.StaffingFigure: SCHEMA.QuantitativeValue,
    }
    for cls, sup in expected.items():
        assert (cls, RDFS.subClassOf, sup) in ontology, cls
    assert (IPO.mutualSubstituteOf, RDF.type, OWL.SymmetricProperty) in ontology


def test_standard_axioms_only_restate_rdfs_axioms_of_standard_terms() -> None:
    path = paths.ontology_dir() / "imports" / "standard-axioms.ttl"
    g = load_files([path]).graph
    allowed = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
    assert len(g) > 50
    for s, p, _ in g:
        assert p in allowed, p
        assert not str(s).startswith("https://w3id.org/ipo-graph/"), s
    # Spot checks against the W3C ORG Recommendation.
    assert (ORG.hasUnit, RDFS.subPropertyOf, ORG.hasSubOrganization) in g
    assert (ORG.hasUnit, RDFS.domain, ORG.FormalOrganization) in g
    assert (ORG.Organization, RDFS.subClassOf, FOAF.Agent) in g
    assert (ORG.memberOf, RDFS.range, ORG.Organization) in g
    assert (ORG.member, RDFS.range, FOAF.Agent) in g


def test_personal_data_marks_exactly_the_contact_properties(ontology: Graph) -> None:
    marked = set(ontology.subjects(IPO.personalData, Literal(True)))
    assert marked == {IPO.workEmail, IPO.workPhone}
    assert personal_properties(ontology) == {IPO.workEmail, IPO.workPhone}
    assert (IPO.workEmail, RDFS.subPropertyOf, SCHEMA.email) in ontology
    assert (IPO.workPhone, RDFS.subPropertyOf, SCHEMA.telephone) in ontology
    assert (IPO.personalData, RDF.type, OWL.AnnotationProperty) in ontology


# --- regression guard: everything used is defined ---------------------------------------------


def test_query_term_scanner_finds_prefixed_and_full_iris() -> None:
    text = (
        "PREFIX x: <https://w3id.org/ipo-graph/def#>\n"
        "SELECT * WHERE { ?a x:forPost ?b ; <https://w3id.org/ipo-graph/def#step> ?c ."
        " ?b a x:Vacancy . FILTER(?c != ipod:x:no) }"
    )
    assert _ipo_terms_in_query(text) == {IPO.forPost, IPO.step, IPO.Vacancy}


def test_every_ipo_term_used_in_data_and_shapes_is_defined(ontology: Graph) -> None:
    defined = _ipo_terms_defined(ontology)
    problems = []
    for path in _files_using_ipo():
        used = _ipo_terms_in_graph(load_files([path]).graph)
        problems += [f"{path.name}: {t}" for t in sorted(used - defined)]
    assert not problems, "undefined ipo: terms:\n" + "\n".join(problems)


def test_every_ipo_term_used_in_queries_is_defined(ontology: Graph) -> None:
    defined = _ipo_terms_defined(ontology)
    problems = []
    for path in sorted(paths.queries_dir().rglob("*.rq")):
        used = _ipo_terms_in_query(path.read_text(encoding="utf-8"))
        problems += [f"{path.name}: {t}" for t in sorted(used - defined)]
    assert not problems, "undefined ipo: terms:\n" + "\n".join(problems)


# --- the contract after RDFS entailment, on the shipped graph ----------------------------------


def _types(kg: IpoGraph, node: Node) -> set[Node]:
    return set(kg.graph.objects(node, RDF.type))


def test_each_province_is_an_organisation_and_member_of_ipo(kg: IpoGraph) -> None:
    g = kg.graph
    provinces = {IPOD[f"provincie-{slug}"] for slug in PROVINCE_SLUGS}
    assert set(kg.instances(IPO.Province)) == provinces
    for p in provinces:
        assert {ORG.Organization, ORG.FormalOrganization, FOAF.Agent} <= _types(kg, p), p
        via_membership = any(
            (m, ORG.organization, IPOD.ipo) in g for m in g.subjects(ORG.member, p)
        )
        assert (p, ORG.memberOf, IPOD.ipo) in g or via_membership, p


def test_ipo_itself_is_a_formal_organisation(kg: IpoGraph) -> None:
    assert {IPO.Association, ORG.FormalOrganization, ORG.Organization} <= _types(kg, IPOD.ipo)


def test_every_office_unit_and_body_is_an_organisation(kg: IpoGraph) -> None:
    classes = (
        IPO.Office,
        IPO.Unit,
        IPO.GoverningBody,
        IPO.PoliticalAdvisoryCommittee,
        IPO.CivilServiceAdvisoryCommittee,
        IPO.ConsultativeBody,
        IPO.ManagementTeam,
        IPO.SelectionCommittee,
        IPO.ExternalOrganization,
    )
    for cls in classes:
        for x in kg.instances(cls):
            assert ORG.Organization in _types(kg, x), (cls, x)
    offices = set(kg.instances(IPO.Office))
    assert {IPOD.bureau, IPOD.bij12, IPOD.hnp} <= offices


def test_roles_and_posts_are_typed_as_the_contract_says(kg: IpoGraph) -> None:
    g = kg.graph
    for m in kg.instances(ORG.Membership):
        for role in g.objects(m, ORG.role):
            assert ORG.Role in _types(kg, role), role
    for post in kg.instances(ORG.Post):
        for where in g.objects(post, ORG.postIn):
            assert ORG.Organization in _types(kg, where), (post, where)
