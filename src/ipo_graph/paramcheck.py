"""Parameters that name nothing, or a thing of the wrong kind, are usage errors (exit 2).

``query chair-of-body --param body=ipod:no-such-body`` used to answer "0 rows": a typo
looked like an empty answer. An IRI parameter must name something in the graph (the local
one or the endpoint's) and, for the parameter names below, something of the kind the
question is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from .errors import UsageError
from .names import nearest
from .namespaces import FOAF, IPOD, ORG

if TYPE_CHECKING:
    from .execution import Target
    from .labelindex import LabelIndex
    from .queryfiles import NamedQuery

# parameter name → (the class its value must be an instance of, that kind in words)
PARAM_KINDS: dict[str, tuple[URIRef, str]] = {
    "body": (ORG.Organization, "an organisation"),
    "office": (ORG.Organization, "an organisation"),
    "top": (ORG.Organization, "an organisation"),
    "person": (FOAF.Person, "a person"),
    "post": (ORG.Post, "a post"),
    "boss": (ORG.Post, "a post"),
}

_EXISTS = "SELECT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } } LIMIT 1"
_HAS_ONTOLOGY = "ASK { <https://w3id.org/ipo-graph/def> a owl:Ontology }"
_OF_KIND = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT DISTINCT ?x ?kind WHERE { ?x a/rdfs:subClassOf* ?kind }"
)


def _candidates(labels: LabelIndex, only: set[Node | None] | None = None) -> dict[str, URIRef]:
    """Prefixed names and labels → IRIs, for suggestions."""
    from .labels import short_name

    out: dict[str, URIRef] = {}
    for iri in labels.all_iris():
        if only is not None and iri not in only:
            continue
        out[short_name(iri)] = iri
    return out


def _suggest(text: str, labels: LabelIndex, only: set[Node | None] | None = None) -> str:
    names = _candidates(labels, only)
    found = nearest(text, names)
    if not found:
        local = text.rsplit(":", 1)[-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        found = nearest(local, {n.split(":", 1)[-1]: n for n in names})
        found = [f"ipod:{f}" if ":" not in f else f for f in found]
        found = [f for f in found if f in names] or found
    shown = [f"{f} ({labels.label(names[f])})" if f in names else f for f in found]
    if shown:
        return "; nearest names: " + ", ".join(shown)
    if names:  # nothing close: show what there is
        some = sorted(names)[:5]
        more = f", … ({len(names)} in all)" if len(names) > len(some) else ""
        return "; names it could be: " + ", ".join(some) + more
    return ""


def check_iri_params(
    query: NamedQuery,
    given: Mapping[str, str],
    terms: Mapping[str, Node],
    labels: LabelIndex,
    target: Target,
) -> None:
    """Every IRI parameter the user gave names something in ``target``, of the right kind
    where known. A remote endpoint is checked too (a typo there answered "0 rows"); the
    kind only where the graph holds the ontology, whose classes say what is of a kind (a
    remote store may hold the data alone)."""
    from .execution import execute
    from .labels import short_name

    for param in query.params:
        if param.type != "iri" or param.name not in given:
            continue
        iri = terms.get(param.name)
        if not isinstance(iri, URIRef):
            continue
        kind = PARAM_KINDS.get(param.name)
        if not execute(_EXISTS, {"x": iri}, target).rows:
            if kind is not None:
                only = {r[0] for r in execute(_OF_KIND, {"kind": kind[0]}, target).rows}
            else:
                only = {i for i in labels.all_iris() if str(i).startswith(str(IPOD))}
            hint = _suggest(given[param.name], labels, only)
            raise UsageError(
                f"parameter {param.name}: {short_name(iri)} names nothing in the graph{hint}"
            )
        if kind is None:
            continue
        cls, words = kind
        rows = execute(_OF_KIND, {"x": iri, "kind": cls}, target).rows
        if rows:
            continue
        if not execute(_HAS_ONTOLOGY, {}, target).boolean:
            continue  # without the ontology's classes, what is of a kind cannot be told
        of_kind = {r[0] for r in execute(_OF_KIND, {"kind": cls}, target).rows}
        hint = _suggest(given[param.name], labels, of_kind)
        raise UsageError(
            f"parameter {param.name}: {short_name(iri)} ({labels.label(iri)}) is not {words}{hint}"
        )
