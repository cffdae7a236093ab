"""The nearest defined IRI for a link to a resource defined nowhere.

A misspelt link (``org:hasUnit ipod:bureua``) is reported by ``ipos:DefinedReference-type``
with a message that says to check the spelling; the report also names the nearest IRI the
data does define (``did you mean ipod:bureau?``), found by the one nearest-name rule of
:mod:`ipo_graph.names` among the subjects of the same namespace. The same function serves
both engines: it asks whichever graph or store the engine validated, in SPARQL.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from .labels import short_name
from .names import nearest
from .namespaces import IPOS
from .paths import sparql_file

if TYPE_CHECKING:
    from .violations import Violation

SHAPE = IPOS["DefinedReference-type"]
#: More links to nowhere than this are not typos but a missing file or namespace: no
#: hints then, and no cost (each hint compares one name with every typed resource's name).
MAX_HINTED = 10
#: At most this many names, nearest first (as everywhere, names.nearest).
HINTS = 3
#: Names that differ in length by more than this are not compared (unless one contains
#: the other): a typo adds, drops or swaps a letter or two.
_LENGTH_SLACK = 3
_QUERY = sparql_file("typed-resources.rq")
_LOCAL = re.compile(r"^(.*[/#])([^/#]+)$")


def with_hints(violations: Sequence[Violation], target: Any) -> list[Violation]:
    """``violations`` with the nearest defined IRI added to the message of each link to a
    resource defined nowhere; ``target`` is the rdflib graph or Oxigraph store validated."""
    wanted = {v.focus for v in violations if _undefined_link(v)}
    if not wanted or len(wanted) > MAX_HINTED:
        return list(violations)
    typed: list[str] | None = None
    hints: dict[Any, list[URIRef]] = {}
    for iri in sorted(wanted, key=str):
        split = _LOCAL.match(str(iri))
        if split is None:
            continue
        namespace, local = split.groups()
        if typed is None:
            typed = _typed(target)
        names = [t[len(namespace) :] for t in typed if t.startswith(namespace)]
        found = nearest(local, _comparable(local, names), n=HINTS)
        if found:
            hints[iri] = [URIRef(namespace + name) for name in found]
    return [
        _hinted(v, hints[v.focus]) if _undefined_link(v) and v.focus in hints else v
        for v in violations
    ]


def _undefined_link(v: Violation) -> bool:
    return v.shape == SHAPE and not v.defined and isinstance(v.focus, URIRef)


def _typed(target: Any) -> list[str]:
    from .execution import execute

    rows = execute(_QUERY.read_text(encoding="utf-8"), {}, target).rows
    return [str(row[0]) for row in rows]


def _comparable(local: str, names: list[str]) -> list[str]:
    folded = local.casefold()
    return [n for n in names if abs(len(n) - len(local)) <= _LENGTH_SLACK or folded in n.casefold()]


def _hinted(v: Violation, hints: list[URIRef]) -> Violation:
    *first, last = [short_name(h) for h in hints]
    en = f"{', '.join(first)} or {last}" if first else last
    nl = f"{', '.join(first)} of {last}" if first else last
    asks = {"en": f"Did you mean {en}?", "nl": f"Bedoelde u {nl}?"}
    messages = {
        lang: f"{text} {asks[lang]}" if lang in asks else text for lang, text in v.messages.items()
    }
    return dataclasses.replace(v, messages=messages)
