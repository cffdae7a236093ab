"""Labels read from a query target: show IRIs by name, resolve names to IRIs.

Works the same on every engine, so the CLI can show labels without building an rdflib
graph when it queries the (cached) Oxigraph store or a remote endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from . import paths
from .errors import UsageError
from .execution import Endpoint, Target, execute
from .labels import LABEL_PROPERTIES, choose_label, in_label_order, short_name
from .results import Row

#: The rank of each label property, as every other label lookup ranks them.
_RANK: dict[Node, int] = {p: rank for rank, p in enumerate(LABEL_PROPERTIES)}


class LabelIndex:
    """Labels of every IRI, read once from a target."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._labels: dict[Node, list[tuple[int, RdfLiteral]]] = {}
        self._names: dict[str, set[URIRef]] = {}
        self._add(rows)

    def _add(self, rows: Iterable[Row]) -> None:
        for s, p, lab in rows:
            if not isinstance(s, URIRef) or not isinstance(lab, RdfLiteral):
                continue
            rank = _RANK.get(p) if p is not None else None  # not skos:altLabel: it names, not shown
            if rank is not None:
                self._labels.setdefault(s, []).append((rank, lab))
            self._names.setdefault(str(lab).casefold(), set()).add(s)

    @classmethod
    def from_target(cls, target: Target) -> LabelIndex:
        if not isinstance(target, Graph | Endpoint):  # an Oxigraph store, perhaps a big one
            return LazyLabelIndex(target)
        return cls(execute(_labels_query(), {}, target).rows)

    def label(self, term: Node, lang: str = "nl") -> str:
        """The best label (:func:`ipo_graph.labels.choose_label`), else a prefixed name."""
        if not isinstance(term, URIRef):
            return str(term)
        found = choose_label(in_label_order(self._labels.get(term, [])), lang)
        return found if found is not None else short_name(term)

    def resolve(self, text: str) -> URIRef:
        """An exact label (any language, case-insensitive) → the one IRI it names."""
        found = sorted(self._names.get(text.strip().casefold(), set()))
        if not found:
            from .names import nearest

            iris = dict.fromkeys(
                i for n in nearest(text, self._names) for i in sorted(self._names[n])
            )
            shown = ", ".join(f"{self.label(i)!r} ({short_name(i)})" for i in iris)
            hint = f"; did you mean {shown}?" if shown else ""
            raise UsageError(f"nothing in the graph is called {text!r}{hint}")
        if len(found) > 1:
            names = ", ".join(short_name(f) for f in found)
            raise UsageError(f"{text!r} is ambiguous; it may mean: {names}")
        return found[0]

    def all_iris(self) -> set[URIRef]:
        """Every IRI with a label or name (for suggestions)."""
        return {i for found in self._names.values() for i in found}


class LazyLabelIndex(LabelIndex):
    """Labels read from an Oxigraph store only for the IRIs actually shown.

    A synthetic graph at scale 100 has over 100,000 labels; turning them all into rdflib
    terms took seconds, while a result table shows a few dozen IRIs (about 1 ms each here).
    Resolving a name needs every label, so the first ``resolve`` reads them all once.
    """

    def __init__(self, target: Target) -> None:
        super().__init__([])
        self._target = target
        self._looked_up: set[Node] = set()
        self._complete = False

    def label(self, term: Node, lang: str = "nl") -> str:
        if isinstance(term, URIRef) and not self._complete and term not in self._looked_up:
            self._looked_up.add(term)
            rows = execute(_labels_query(), {"s": term}, self._target).rows
            # a bound variable is not projected by Oxigraph: rows are (p, label) or (s, p, label)
            self._add((term, *row[-2:]) for row in rows)
        return super().label(term, lang)

    def _read_all(self) -> None:
        if not self._complete:
            self._labels.clear()
            self._names.clear()
            self._add(execute(_labels_query(), {}, self._target).rows)
            self._complete = True

    def resolve(self, text: str) -> URIRef:
        self._read_all()
        return super().resolve(text)

    def all_iris(self) -> set[URIRef]:
        self._read_all()
        return super().all_iris()


def _labels_query() -> str:
    return (paths.queries_dir() / "support" / "labels.rq").read_text(encoding="utf-8")
