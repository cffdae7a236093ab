"""Checks SHACL cannot express: a closed vocabulary and literals that are not what they claim.

A typo in a class or property (``a org:Psot``, ``org:reportTo``) is valid RDF and passes
every shape — the node silently loses its checks. So every class and property a data file
uses must be defined in ``ontology/`` (the project's terms, plus the standard terms
``ontology/imports/standard-terms.ttl`` lists); an unknown one is a violation naming the
nearest defined term. A literal whose lexical form does not fit its datatype
(``"2025-13-01"^^xsd:date``) is a violation with its value and line, in any property.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from . import paths
from .labels import best_label, short_name, term_name
from .load import FileTerms, IllTyped, LoadedGraph, Location
from .locations import LocationIndex
from .names import nearest
from .namespaces import IPOS, RDF, SH

if TYPE_CHECKING:
    from .violations import Violation

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


def defined_terms(terms_by_file: dict[Path, FileTerms]) -> set[Node]:
    """Every IRI a loaded ontology file describes or uses, plus the listed standard terms."""
    from . import strict
    from .load import scan

    defined: set[Node] = set()
    for path, terms in terms_by_file.items():
        if is_ontology_file(path):
            # what the ontology describes, and the terms it uses itself (vann:, owl: …)
            defined |= terms.subjects | set(terms.predicates) | set(terms.classes)
    extra = standard_terms_file()
    if extra.is_file():
        defined |= scan(strict.parse_file(extra))[0].subjects
    return defined


class NodeContext(Protocol):
    """Where a node's owner, label and place come from: the rdflib graph or the store."""

    def owner_path(self, node: Node) -> tuple[Node | None, tuple[URIRef, ...]]: ...

    def label(self, node: Node) -> str | None: ...

    def is_described(self, node: Node) -> bool: ...


class GraphContext:
    """Owners, labels and places from a loaded rdflib graph."""

    def __init__(self, loaded: LoadedGraph) -> None:
        self.loaded = loaded

    def owner_path(self, node: Node) -> tuple[Node | None, tuple[URIRef, ...]]:
        from .violations import owner_path

        owner, via = owner_path(self.loaded.graph, node)
        return owner, tuple(via)

    def label(self, node: Node) -> str | None:
        return best_label(self.loaded.graph, node)

    def is_described(self, node: Node) -> bool:
        from .violations import is_described

        return is_described(self.loaded.graph, node)


def _is_class_name(term: Node) -> bool:
    local = str(term).rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local[:1].isupper()


class Suggestions:
    """The defined term closest in spelling to an unknown one (a class for a class, a
    property for a property). The candidates are named once, not per unknown term, and
    each unknown name is compared with them once."""

    def __init__(self, candidates: Iterable[Node]) -> None:
        self._names: dict[bool, list[str]] = {True: [], False: []}
        for c in candidates:
            if isinstance(c, URIRef):
                self._names[_is_class_name(c)].append(short_name(c))
        self._found: dict[tuple[str, bool], str | None] = {}

    def nearest(self, term: Node, *, classes: bool) -> str | None:
        name = short_name(term)
        if (name, classes) not in self._found:
            close = nearest(name, self._names[classes], n=1)
            self._found[name, classes] = close[0] if close else None
        return self._found[name, classes]


def vocabulary_violations(loaded: LoadedGraph) -> list[Violation]:
    """One violation per unknown class or property per data file (the rdflib path)."""
    return unknown_term_violations(loaded.terms, GraphContext(loaded))


def unknown_term_violations(
    terms_by_file: dict[Path, FileTerms], ctx: NodeContext
) -> list[Violation]:
    """One violation per class or property a data file uses that the ontology does not
    define, at the line that names it."""
    if not any(is_ontology_file(p) for p in terms_by_file):
        return []  # no ontology loaded: nothing to compare against
    defined = defined_terms(terms_by_file)
    suggestions = Suggestions(defined)
    out: list[Violation] = []
    for path, terms in terms_by_file.items():
        if is_ontology_file(path):
            continue
        unknown = [
            (kind, term, subject)
            for kind, used in (("class", terms.classes), ("property", terms.predicates))
            for term, subject in used.items()
            if term not in defined
        ]
        # the line naming each term, by the rule that places every node in a report (one
        # reading for all: a reading per term made 20,000 take six and a half minutes)
        index = LocationIndex([path], {str(term) for _, term, _ in unknown})
        for kind, term, subject in unknown:
            # the file that uses the term, even where no line can be named (JSON-LD): not
            # the place of its subject, which may be another file
            at = index.location(str(term)) or Location(path, None)
            where = place(ctx, subject, at)
            out.append(
                unknown_term(term, is_class=kind == "class", suggestions=suggestions, where=where)
            )
    return out


_DATE_HINT = {
    "date": ("YYYY-MM-DD, a day that exists", "JJJJ-MM-DD, een dag die bestaat"),
    "gYear": ("YYYY", "JJJJ"),
    "gYearMonth": ("YYYY-MM, month 01 to 12", "JJJJ-MM, maand 01 tot en met 12"),
    "dateTime": ("YYYY-MM-DDThh:mm:ss", "JJJJ-MM-DDTuu:mm:ss"),
}


@dataclass(frozen=True)
class Place:
    """Where a Python check's finding is: its node, the IRI owning it, label and line."""

    focus: Node
    owner: Node | None
    via: tuple[URIRef, ...]
    location: Location
    label: str | None
    defined: bool


def place(ctx: NodeContext, focus: Node, location: Location) -> Place:
    """``focus``, found at ``location`` (the file that says it), with its owner and label
    from ``ctx``."""
    owner, via = ctx.owner_path(focus)
    return Place(
        focus,
        owner,
        via,
        location,
        ctx.label(owner) if owner is not None else None,
        ctx.is_described(focus if owner is None else owner),
    )


def violation_at(
    where: Place, path: str | None, value: Node | None, shape: URIRef, nl: str, en: str
) -> Violation:
    """A violation the Python checks find, at ``where``, with its messages in both languages."""
    from .violations import Violation

    return Violation(
        focus=where.focus,
        owner=where.owner,  # type: ignore[arg-type]
        location=where.location,
        label=where.label,
        path=path,
        value=value,
        shape=shape,
        component=COMPONENT,
        severity=SH.Violation,
        messages={"nl": nl, "en": en},
        defined=where.defined,
        via=where.via,
    )


def unknown_term(
    term: Node, *, is_class: bool, suggestions: Suggestions, where: Place
) -> Violation:
    """The violation for a class or property the ontology does not define, with the
    nearest defined term as a suggestion."""
    hint = suggestions.nearest(term, classes=is_class)
    name = short_name(term)
    if hint:
        en = f"{name} is not defined in the ontology; did you mean {hint}?"
        nl = f"{name} is niet gedefinieerd in de ontologie; bedoelde u {hint}?"
    else:
        en = f"{name} is not defined in the ontology; check the spelling or define it in ontology/."
        nl = (
            f"{name} is niet gedefinieerd in de ontologie; controleer de spelling "
            "of definieer het in ontology/."
        )
    shape = CLASS_SHAPE if is_class else PROPERTY_SHAPE
    return violation_at(where, "a" if is_class else name, term, shape, nl, en)


def ill_typed(predicate: Node, literal: Literal, *, where: Place) -> Violation:
    """The violation for a literal whose lexical form does not fit its datatype."""

    datatype = literal.datatype
    local = str(datatype).rsplit("#", 1)[-1]
    dt = term_name(datatype) if datatype is not None else "?"
    value = f'"{literal}"'
    hint_en, hint_nl = _DATE_HINT.get(local, ("", ""))
    en = f"{value} is not a valid {dt}" + (f" (write {hint_en})" if hint_en else "") + "."
    nl = f"{value} is geen geldige {dt}" + (f" (schrijf {hint_nl})" if hint_nl else "") + "."
    return violation_at(where, term_name(predicate), literal, LITERAL_SHAPE, nl, en)


def literal_violations(loaded: LoadedGraph) -> list[Violation]:
    """Ill-typed literals (the rdflib path)."""
    return ill_typed_violations(loaded.ill_typed, GraphContext(loaded))


def ill_typed_violations(found: Sequence[IllTyped], ctx: NodeContext) -> list[Violation]:
    """Every ill-typed literal, once, with its value and line — also when a shape reports
    the same value (its message is about the shape's rule, this one about the datatype),
    so that both engines say it whatever pyshacl could compare."""
    out: list[Violation] = []
    for bad in found:
        assert isinstance(bad.literal, Literal)
        where = place(ctx, bad.subject, bad.location)
        out.append(ill_typed(bad.predicate, bad.literal, where=where))
    return out


def placed_at_values(ill_typed: Sequence[IllTyped], found: Sequence[Violation]) -> list[Violation]:
    """Shape results about an ill-typed value point at the value's line, not its subject's
    (on either engine, as the ill-typed literal check itself does)."""
    from dataclasses import replace

    where: dict[tuple[Node, Node | None], Location] = {
        (bad.subject, bad.literal): bad.location for bad in ill_typed
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
