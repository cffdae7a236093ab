"""Nearest names: what a person probably meant when a name, IRI or query is not found.

One rule for every command (``query NAME``, ``--param``, ``why``, ``export --root``, and
``validate`` for unknown terms and links to nowhere): names that contain what was typed
come first (``Bovens`` → ``Theo Bovens``), then the closest spellings (``chair-of-bestur``
→ ``chair-of-bestuur``), case ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from .errors import UsageError


#: How alike two names must be to be offered, 0-100: 100 × 2 × the letters they share
#: in order (their longest common subsequence) / the letters of both.
CUTOFF = 60


def nearest(text: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``choices`` closest to ``text``; none when nothing is close.

    The spelling comparison is RapidFuzz's ``ratio`` (:data:`CUTOFF`; difflib's ratio
    approximates the same measure), computed in C++: a link to nowhere is compared with
    every defined name of a large graph, which took difflib half a second per name at
    synthetic scale 100.
    """
    from rapidfuzz import fuzz, process

    wanted = text.strip().casefold()
    if not wanted:
        return []
    unique = sorted(set(choices))
    folded = {c.casefold(): c for c in unique}
    found: list[str] = [c for c in unique if wanted in c.casefold() and c.casefold() != wanted]
    found.sort(key=len)
    close = process.extract(wanted, list(folded), scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=n)
    for match, _score, _index in sorted(close, key=lambda m: (-m[1], m[0])):
        original = folded[match]
        if original not in found:
            found.append(original)
    return found[:n]


def did_you_mean(text: str, choices: Iterable[str], n: int = 3) -> str:
    """``"; did you mean 'x' or 'y'?"`` for an error message, or ``""``."""
    found = nearest(text, choices, n)
    if not found:
        return ""
    quoted = [f"{f}" for f in found]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def not_found(graph: Graph, text: str) -> UsageError:
    """The error for ``text`` when it names nothing in ``graph``, with the nearest names."""
    from .errors import UsageError

    return UsageError(f"nothing in the graph is called {text!r}{graph_hint(graph, text)}")


def graph_hint(graph: Graph, text: str, n: int = 3) -> str:
    """``"; did you mean 'Theo Bovens' (ipod:person-theo-bovens)?"`` from a graph's labels
    and the prefixed names of its subjects and properties (a misspelt PREDICATE of ``why``
    is nearest to a property the graph uses, which may be defined nowhere in it)."""
    from rdflib import URIRef

    from .labels import qname
    from .namespaces import RDFS, SKOS

    by_name: dict[str, set[URIRef]] = {}
    for pred in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for s, o in graph.subject_objects(pred):
            if isinstance(s, URIRef):
                by_name.setdefault(str(o), set()).add(s)
    for iri in {t for s, p, _o in graph for t in (s, p)}:
        if isinstance(iri, URIRef):
            name = qname(iri)
            if name:
                by_name.setdefault(name, set()).add(iri)
    shown: dict[URIRef, str] = {}
    for name in nearest(text, by_name, n):
        for iri in sorted(by_name[name]):
            shown.setdefault(iri, name)
    if not shown:
        return ""
    parts = [f"{name!r} ({qname(iri) or iri})" for iri, name in list(shown.items())[:n]]
    return f"; did you mean {', '.join(parts)}?"
