"""Checks SHACL cannot express: a closed vocabulary and literals that are not what they claim.

A typo in a class or property (``a org:Psot``, ``org:reportTo``) is valid RDF and passes
every shape — the node silently loses its checks. So every class and property a data file
uses must be defined in ``ontology/`` (the project's terms, plus the standard terms
``ontology/imports/standard-terms.ttl`` lists); an unknown one is a violation naming the
nearest defined term. A literal whose lexical form does not fit its datatype
(``"2025-13-01"^^xsd:date``) is a violation with its value and line, in any property.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from . import paths
from .labels import qname as short_name
from .load import LoadedGraph, Location
from .namespaces import IPOS, RDF, SH

if TYPE_CHECKING:
    from .validate import Violation

CLASS_SHAPE = IPOS["ClosedVocabulary-class"]
PROPERTY_SHAPE = IPOS["ClosedVocabulary-property"]
LITERAL_SHAPE = IPOS["WellTypedLiteral"]
COMPONENT = IPOS["CheckedInPython"]


def standard_terms_file() -> Path:
    """The standard terms the data may use, besides those the ontology itself defines."""
    return paths.ontology_dir() / "imports" / "standard-terms.ttl"


def is_ontology_file(path: Path) -> bool:
    try:
        path.resolve().relative_to(paths.ontology_dir().resolve())
    except ValueError:
        return False
    return True


def defined_terms(loaded: LoadedGraph) -> set[Node]:
    """Every IRI a loaded ontology file describes, plus the listed standard terms."""
    from .load import load_files

    defined: set[Node] = set()
    for path, terms in loaded.terms.items():
        if is_ontology_file(path):
            defined |= terms.subjects
    extra = standard_terms_file()
    if extra.is_file():
        defined |= load_files([extra]).terms[extra].subjects
    return defined


def _spellings(term: Node, prefixes: dict[str, str]) -> list[str]:
    text = str(term)
    out = [f"<{text}>"]
    for prefix, ns in prefixes.items():
        if ns and text.startswith(ns):
            out.append(f"{prefix}:{text[len(ns) :]}")
    return out


def _line_of(path: Path, term: Node, prefixes: dict[str, str]) -> int | None:
    from .validate import _mentions

    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    spellings = _spellings(term, prefixes)
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        if any(_mentions(line, s) for s in spellings):
            return number
    return None


def _name(term: Node) -> str:
    return short_name(term) or f"<{term}>" if isinstance(term, URIRef) else str(term)


def _is_class_name(term: Node) -> bool:
    local = str(term).rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local[:1].isupper()


def nearest(term: Node, candidates: Iterable[Node], *, classes: bool) -> str | None:
    """The defined term closest in spelling (a class for a class, a property for a property)."""
    names = {
        _name(c): c for c in candidates if isinstance(c, URIRef) and _is_class_name(c) == classes
    }
    found = difflib.get_close_matches(_name(term), list(names), n=1, cutoff=0.6)
    return found[0] if found else None


def vocabulary_violations(loaded: LoadedGraph) -> list[Violation]:
    """One violation per unknown class or property per data file."""
    from .validate import Violation, label_of, owner_path

    if not any(is_ontology_file(p) for p in loaded.terms):
        return []  # no ontology loaded: nothing to compare against
    defined = defined_terms(loaded)
    out: list[Violation] = []
    for path, terms in loaded.terms.items():
        if is_ontology_file(path):
            continue
        for kind, used in (("class", terms.classes), ("property", terms.predicates)):
            for term, subject in used.items():
                if term in defined:
                    continue
                is_class = kind == "class"
                hint = nearest(term, defined, classes=is_class)
                name = _name(term)
                if hint:
                    en = f"{name} is not defined in the ontology; did you mean {hint}?"
                    nl = f"{name} is niet gedefinieerd in de ontologie; bedoelde u {hint}?"
                else:
                    en = (
                        f"{name} is not defined in the ontology; check the spelling "
                        "or define it in ontology/."
                    )
                    nl = (
                        f"{name} is niet gedefinieerd in de ontologie; controleer de spelling "
                        "of definieer het in ontology/."
                    )
                owner, via = owner_path(loaded.graph, subject)
                line = _line_of(path, term, terms.prefixes)
                location = Location(path, line) if line else loaded.location(owner or subject)
                out.append(
                    Violation(
                        focus=subject,
                        owner=owner,
                        location=location,
                        label=label_of(loaded.graph, owner) if owner is not None else None,
                        path="a" if is_class else name,
                        value=term,
                        shape=CLASS_SHAPE if is_class else PROPERTY_SHAPE,
                        component=COMPONENT,
                        severity=SH.Violation,
                        messages={"nl": nl, "en": en},
                        defined=owner is not None and loaded.location(owner) is not None,
                        via=via,
                    )
                )
    return out


_DATE_HINT = {
    "date": ("YYYY-MM-DD, a day that exists", "JJJJ-MM-DD, een dag die bestaat"),
    "gYear": ("YYYY", "JJJJ"),
    "gYearMonth": ("YYYY-MM, month 01 to 12", "JJJJ-MM, maand 01 tot en met 12"),
    "dateTime": ("YYYY-MM-DDThh:mm:ss", "JJJJ-MM-DDTuu:mm:ss"),
}


def literal_violations(loaded: LoadedGraph, already: Sequence[Violation] = ()) -> list[Violation]:
    """Ill-typed literals the shapes did not already report (same node and value)."""
    from .validate import Violation, label_of, owner_path, qname

    seen = {(v.focus, v.value) for v in already}
    out: list[Violation] = []
    for bad in loaded.ill_typed:
        if (bad.subject, bad.literal) in seen:
            continue
        assert isinstance(bad.literal, Literal)
        datatype = bad.literal.datatype
        local = str(datatype).rsplit("#", 1)[-1]
        dt = qname(datatype) if datatype is not None else "?"
        value = f'"{bad.literal}"'
        hint_en, hint_nl = _DATE_HINT.get(local, ("", ""))
        en = f"{value} is not a valid {dt}" + (f" (write {hint_en})" if hint_en else "") + "."
        nl = f"{value} is geen geldige {dt}" + (f" (schrijf {hint_nl})" if hint_nl else "") + "."
        owner, via = owner_path(loaded.graph, bad.subject)
        out.append(
            Violation(
                focus=bad.subject,
                owner=owner,
                location=bad.location,
                label=label_of(loaded.graph, owner) if owner is not None else None,
                path=qname(bad.predicate),
                value=bad.literal,
                shape=LITERAL_SHAPE,
                component=COMPONENT,
                severity=SH.Violation,
                messages={"nl": nl, "en": en},
                defined=owner is not None and loaded.location(owner) is not None,
                via=via,
            )
        )
    return out


def placed_at_values(loaded: LoadedGraph, found: Sequence[Violation]) -> list[Violation]:
    """Shape results about an ill-typed value point at the value's line, not its subject's."""
    from dataclasses import replace

    where: dict[tuple[Node, Node | None], Location] = {
        (bad.subject, bad.literal): bad.location for bad in loaded.ill_typed
    }
    return [
        replace(v, location=where[(v.focus, v.value)]) if (v.focus, v.value) in where else v
        for v in found
    ]


def add_to_report(report: Graph, violations: Iterable[Violation]) -> None:
    """The Python checks' results as ``sh:ValidationResult``s, so ``--format turtle`` has them."""
    from rdflib import BNode

    added = False
    for v in violations:
        node = BNode()
        report.add((node, RDF.type, SH.ValidationResult))
        for pred, obj in (
            (SH.focusNode, v.focus),
            (SH.value, v.value),
            (SH.sourceShape, v.shape),
            (SH.sourceConstraintComponent, COMPONENT),
            (SH.resultSeverity, SH.Violation),
        ):
            if obj is not None:
                report.add((node, pred, obj))
        for lang, text in v.messages.items():
            report.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
        for result_report in report.subjects(RDF.type, SH.ValidationReport):
            report.add((result_report, SH.result, node))
        added = True
    if added:
        for result_report in list(report.subjects(RDF.type, SH.ValidationReport)):
            report.set((result_report, SH.conforms, Literal(False)))
