"""What the report adds to a shape's fixed message from the data itself.

- A misspelt link (``org:hasUnit ipod:bureua``) is reported by
  ``ipos:DefinedReference-type``, whose message says to check the spelling; the report
  also names the nearest IRIs the data does define (``Did you mean ipod:bureau?``), found
  by the one nearest-name rule of :mod:`ipo_graph.names` among the typed resources of the
  same namespace.
- A value of the wrong datatype is reported by ``ipos:DatatypeRangeShape``, whose message
  explains datatypes in general; the report also names what this property takes
  (``ipo:seatCount takes xsd:integer``), read from its ``rdfs:range``. So does text where
  a resource belongs (``ipos:ResourceValueShape``: ``org:hasPrimarySite takes org:Site``),
  and a link to a resource of the wrong class (``ipos:ClassRangeShape``:
  ``org:memberOf takes org:Organization``).
- A second name or definition in one language (``sh:uniqueLang``) is a result with no
  value, as SHACL has it; the report also lists the values that share a language
  (``Repeated: "Bestuur"@nl, "Het bestuur"@nl``).

The same functions serve both engines: they ask whichever graph or store the engine
validated, in SPARQL. The text, JSON and GitHub reports show the longer messages; the
SHACL report itself (``--format turtle``) keeps the shapes' own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from .labels import short_name
from .names import nearest
from .namespaces import IPOS, SH
from .paths import sparql_file

if TYPE_CHECKING:
    from .violations import Violation

LINK_SHAPE = IPOS["DefinedReference-type"]
RANGE_SHAPE = IPOS["DatatypeRangeShape"]
RESOURCE_SHAPE = IPOS["ResourceValueShape"]
CLASS_RANGE_SHAPE = IPOS["ClassRangeShape"]
_UNIQUE_LANG = SH.UniqueLangConstraintComponent
#: More links to nowhere than this are not typos but a missing file or namespace: no
#: hints then, and no cost (each hint compares one name with every typed resource's name).
MAX_HINTED = 10
#: At most this many names, nearest first (as everywhere, names.nearest).
HINTS = 3
#: Names that differ in length by more than this are not compared (unless one contains
#: the other): a typo adds, drops or swaps a letter or two.
_LENGTH_SLACK = 3
_TYPED = sparql_file("typed-resources.rq")
_RANGE = sparql_file("property-range.rq")
_VALUES = sparql_file("values-of.rq")
#: More repeated-language results than this get no list (each costs one query).
MAX_REPEATS = 200
_LOCAL = re.compile(r"^(.*[/#])([^/#]+)$")


def with_hints(violations: Sequence[Violation], target: Any) -> list[Violation]:
    """``violations`` with the three hints added; ``target`` is the rdflib graph or
    Oxigraph store validated."""
    return with_repeats(with_ranges(with_nearest_names(violations, target), target), target)


def with_nearest_names(violations: Sequence[Violation], target: Any) -> list[Violation]:
    """The nearest defined IRIs added to the message of each link to a resource defined
    nowhere."""
    wanted = {v.focus for v in violations if _undefined_link(v)}
    if not wanted or len(wanted) > MAX_HINTED:
        return list(violations)
    typed: list[str] | None = None
    in_namespace: dict[str, list[str]] = {}  # the local names of each namespace, once
    hints: dict[Any, list[URIRef]] = {}
    for iri in sorted(wanted, key=str):
        split = _LOCAL.match(str(iri))
        if split is None:
            continue
        namespace, local = split.groups()
        if namespace not in in_namespace:
            typed = _typed(target) if typed is None else typed
            in_namespace[namespace] = [
                t[len(namespace) :] for t in typed if t.startswith(namespace)
            ]
        found = nearest(local, _comparable(local, in_namespace[namespace]), n=HINTS)
        if found:
            hints[iri] = [URIRef(namespace + name) for name in found]
    return [
        _hinted(v, hints[v.focus]) if _undefined_link(v) and v.focus in hints else v
        for v in violations
    ]


def _same(term: Any, iri: URIRef) -> bool:
    """``term == iri`` as plain text: rdflib's ``==`` is Python code, and every result of
    a large report is asked three times."""
    return str.__eq__(term, iri) is True


def _undefined_link(v: Violation) -> bool:
    return _same(v.shape, LINK_SHAPE) and not v.defined and isinstance(v.focus, URIRef)


def _typed(target: Any) -> list[str]:
    from .execution import execute

    rows = execute(_TYPED.read_text(encoding="utf-8"), {}, target).rows
    return [str(row[0]) for row in rows]


def _comparable(local: str, names: list[str]) -> list[str]:
    folded = local.casefold()
    return [n for n in names if abs(len(n) - len(local)) <= _LENGTH_SLACK or folded in n.casefold()]


def _hinted(v: Violation, hints: list[URIRef]) -> Violation:
    en, nl = _listed(hints)
    return _added(v, en=f"Did you mean {en}?", nl=f"Bedoelde u {nl}?")


def with_ranges(violations: Sequence[Violation], target: Any) -> list[Violation]:
    """What its property takes added to the message of each value of the wrong datatype,
    of each text where a resource belongs and of each link to the wrong class."""
    ranges: dict[URIRef, list[URIRef]] = {}
    out: list[Violation] = []
    for v in violations:
        if v.prop is not None and any(
            _same(v.shape, shape) for shape in (RANGE_SHAPE, RESOURCE_SHAPE, CLASS_RANGE_SHAPE)
        ):
            if v.prop not in ranges:
                ranges[v.prop] = _ranges(target, v.prop)
            if ranges[v.prop]:
                en, nl = _listed(ranges[v.prop])
                v = _added(v, en=f"{v.path} takes {en}.", nl=f"{v.path} neemt {nl}.")
        out.append(v)
    return out


def _ranges(target: Any, prop: URIRef) -> list[URIRef]:
    """The ranges of ``prop``."""
    from .execution import execute

    rows = execute(_RANGE.read_text(encoding="utf-8"), {"property": prop}, target).rows
    return sorted({row[0] for row in rows if isinstance(row[0], URIRef)}, key=str)


def _repeats(v: Violation) -> bool:
    return _same(v.component, _UNIQUE_LANG)


def with_repeats(violations: Sequence[Violation], target: Any) -> list[Violation]:
    """The values that share a language listed in each ``sh:uniqueLang`` result."""
    from .execution import execute
    from .labels import term_name

    asked = [v for v in violations if _repeats(v)]
    if not asked or len(asked) > MAX_REPEATS:
        return list(violations)
    text = _VALUES.read_text(encoding="utf-8")
    listed: dict[tuple[Any, URIRef], str] = {}
    for v in asked:
        if v.prop is None or (v.focus, v.prop) in listed:
            continue
        by_language: dict[str, list[Literal]] = {}
        for value, *_rest in execute(text, {"focus": v.focus, "property": v.prop}, target).rows:
            if isinstance(value, Literal) and value.language:
                by_language.setdefault(value.language.lower(), []).append(value)
        repeated = [sorted(vs, key=str) for _, vs in sorted(by_language.items()) if len(vs) > 1]
        listed[v.focus, v.prop] = "; ".join(
            ", ".join(term_name(value) for value in values) for values in repeated
        )
    out = []
    for v in violations:
        found = listed.get((v.focus, v.prop)) if v.prop is not None and _repeats(v) else None
        out.append(_added(v, en=f"Repeated: {found}.", nl=f"Herhaald: {found}.") if found else v)
    return out


def _listed(terms: list[URIRef]) -> tuple[str, str]:
    """``a, b or c`` in English and ``a, b of c`` in Dutch."""
    *first, last = [short_name(t) for t in terms]
    if not first:
        return last, last
    return f"{', '.join(first)} or {last}", f"{', '.join(first)} of {last}"


def _added(v: Violation, *, en: str, nl: str) -> Violation:
    asks = {"en": en, "nl": nl}
    messages = {
        lang: f"{text} {asks[lang]}" if lang in asks else text for lang, text in v.messages.items()
    }
    return dataclasses.replace(v, messages=messages)
