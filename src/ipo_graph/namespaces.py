"""The namespaces the project uses, in one place."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rdflib import Namespace
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)

IPO = Namespace("https://w3id.org/ipo-graph/def#")
IPOD = Namespace("https://w3id.org/ipo-graph/id/")
IPOS = Namespace("https://w3id.org/ipo-graph/shapes#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
BASE_IRI = "https://w3id.org/ipo-graph/"

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "ipo": IPO,
    "ipod": IPOD,
    "ipos": IPOS,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "prov": PROV,
    "time": TIME,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
}
#: The same as plain strings (prefix → namespace IRI), for SPARQL text and parsers; read-only
#: (copy it with ``dict()`` to add a file's own prefixes).
PREFIX_IRIS: Mapping[str, str] = MappingProxyType({k: str(v) for k, v in PREFIXES.items()})

__all__ = [
    "BASE_IRI",
    "DCTERMS",
    "FOAF",
    "IPO",
    "IPOD",
    "IPOS",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
]
