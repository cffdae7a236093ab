"""Which class of dated thing qualifies which plain triple: the one table that the as-of
view (a plain triple stands while one of its qualifiers is kept) and ``why`` (a fact is
stated by the thing that qualifies it) both read.

A reporting line qualifies the ``org:reportsTo`` between its two posts, a tenure the
``org:heldBy`` of its post, a membership the ``org:memberOf`` of its member, a structure
link the ``org:hasUnit`` (or ``org:hasSubOrganization``) of its parent; each also the
inverse property, written from the other end.
"""

from __future__ import annotations

from typing import NamedTuple

from rdflib import URIRef

from ..namespaces import IPO, ORG


class Qualifier(NamedTuple):
    cls: URIRef
    """The class of the dated thing."""
    first: URIRef
    """Its property to the triple's subject (for a forward predicate)."""
    second: URIRef
    """Its property to the triple's object (for a forward predicate)."""
    plains: tuple[tuple[URIRef, bool], ...]
    """The plain predicates it qualifies, each with ``True`` when it runs from ``first``
    to ``second`` and ``False`` for the inverse."""


QUALIFIERS: tuple[Qualifier, ...] = (
    Qualifier(IPO.ReportingLine, IPO.fromPost, IPO.toPost, ((ORG.reportsTo, True),)),
    Qualifier(
        IPO.StructureLink,
        IPO.parent,
        IPO.child,
        (
            (ORG.hasSubOrganization, True),
            (ORG.hasUnit, True),
            (ORG.subOrganizationOf, False),
            (ORG.unitOf, False),
        ),
    ),
    Qualifier(IPO.Tenure, IPO.post, IPO.holder, ((ORG.heldBy, True), (ORG.holds, False))),
    Qualifier(
        ORG.Membership,
        ORG.member,
        ORG.organization,
        ((ORG.memberOf, True), (ORG.hasMember, False)),
    ),
)

#: Each plain predicate and the class that qualifies it.
QUALIFIED_BY: dict[URIRef, URIRef] = {
    pred: q.cls for q in QUALIFIERS for pred, _forward in q.plains
}
