"""A query's declared parameters bound as RDF terms of their declared types.

Values are bound as terms (rdflib ``initBindings``; pyoxigraph ``substitutions`` and a
VALUES block of the same terms, see :mod:`ipo_graph.execution`), never pasted into the query
text, so a value that looks like SPARQL stays data. Declaring them is
:mod:`ipo_graph.queryfiles`, which stays free of rdflib so listing queries is fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeAlias

from rdflib import Literal as RdfLiteral
from rdflib import URIRef
from rdflib.term import Node

from .days import NotADay, read_day
from .errors import UsageError
from .namespaces import PREFIXES, XSD
from .oxterms import is_iri
from .queryfiles import NamedQuery, Param

if TYPE_CHECKING:
    from .execution import Target

_INTEGER = re.compile(r"[+-]?[0-9]+")
#: A date parameter's default that stands for the latest state date of the graph asked:
#: its default answer is about the newest source, whichever that is when it is asked.
LATEST = "latest"

# Turns a label into the IRI it names (IpoGraph.resolve); optional for iri parameters.
Resolver: TypeAlias = Callable[[str], URIRef]


def to_iri(value: str, resolver: Resolver | None = None) -> URIRef:
    """A prefixed name (``ipod:bestuur``), ``<IRI>``, a full IRI or (with a resolver) a label."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if re.match(r"^[A-Za-z][\w+.-]*:", text):
        prefix, _, local = text.partition(":")
        iri = text if "://" in text else None
        if iri is None and prefix in PREFIXES:
            iri = str(PREFIXES[prefix]) + local
        # not ipod:x[1] or a> } <b: Oxigraph refuses them, and they could end an IRI in SPARQL
        if iri is not None and is_iri(iri):
            return URIRef(iri)
    if resolver is not None:
        return resolver(text)
    raise UsageError(
        f"{value!r} is not an IRI or prefixed name (known prefixes: {', '.join(PREFIXES)})"
    )


def coerce(param: Param, value: str, resolver: Resolver | None = None) -> Node:
    """A command-line string → the RDF term of the parameter's type."""
    if param.type == "iri":
        return to_iri(value, resolver)
    if param.type == "date":
        try:
            day = read_day(value)
        except NotADay as exc:
            what = "a day that exists" if exc.form_ok else "a date"
            raise UsageError(
                f"parameter {param.name}: {value!r} is not {what} (YYYY-MM-DD)"
            ) from None
        return RdfLiteral(day.isoformat(), datatype=XSD.date)
    if param.type == "integer":
        # digits as xsd:integer writes them: int() alone also takes 1_000 and other
        # scripts' digits (٣), which no SPARQL engine would read back as that number
        if not _INTEGER.fullmatch(value.strip()):
            raise UsageError(f"parameter {param.name}: {value!r} is not an integer")
        return RdfLiteral(int(value), datatype=XSD.integer)
    return RdfLiteral(value)


def bind_params(
    query: NamedQuery,
    given: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    target: Target | None = None,
) -> dict[str, Node]:
    """Declared parameters with their given or default values, as RDF terms.

    An undeclared parameter or an empty value is a usage error
    (:meth:`~ipo_graph.queryfiles.NamedQuery.check_given`). A ``latest`` default is the
    latest state date of ``target``'s sources, so it needs the target.
    """
    given = dict(given or {})
    query.check_given(given)
    bindings: dict[str, Node] = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw is None or raw == "":
            continue
        if raw == LATEST and p.name not in given:
            raw = _latest(query, p, target)
        bindings[p.name] = coerce(p, raw, resolver)
    return bindings


def _latest(query: NamedQuery, param: Param, target: Target | None) -> str:
    day = latest_state_date(target) if target is not None else None
    if day is None:
        raise UsageError(
            f"{query.name}: {param.name} defaults to the latest state date of the sources, "
            f"and the graph asked has none; give --param {param.name}=YYYY-MM-DD"
        )
    return day


def latest_state_date(target: Target) -> str | None:
    """The latest state date of ``target``'s sources (YYYY-MM-DD), on any engine or
    endpoint: ``latest-state-date.rq``'s values read by the one rule
    (:func:`~ipo_graph.history.timeline.latest_day`), as a chart's default day is."""
    from .execution import execute
    from .history.timeline import latest_day
    from .paths import sparql_file

    text = sparql_file("latest-state-date.rq").read_text(encoding="utf-8")
    day = latest_day(row[0] for row in execute(text, {}, target).rows)
    return day.isoformat() if day is not None else None
