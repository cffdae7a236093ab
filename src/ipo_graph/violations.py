"""What a validation found: violations located in the input files, named for people.

A SHACL result names a focus node, often a blank node deep inside a resource; a person
needs the resource that owns it, the file and line it is written on, its label and the
path in readable notation. Every engine (pyshacl on rdflib or Oxigraph, the compiled
SPARQL checks, the Python checks) reports in these terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import owners
from .labels import NAMESPACES, best_label, term_name
from .load import LoadedGraph, Location
from .locations import Placed, Value, Way, blank_place, place_report
from .namespaces import RDF, SH


@dataclass(frozen=True)
class Violation:
    """One result of the SHACL report, with what a person needs to find and fix it."""

    focus: Node
    owner: URIRef | None
    location: Location | None
    label: str | None
    path: str | None
    value: Node | None
    shape: Node
    component: Node
    severity: Node
    messages: dict[str, str] = field(default_factory=dict)
    defined: bool = True
    via: tuple[URIRef, ...] = ()
    #: the property the result's path is, when it is a single one (``path`` is the path
    #: as people read it); what the report's hints ask the data about
    prop: URIRef | None = field(default=None, compare=False)

    @property
    def focus_name(self) -> str:
        """The focus node by a name that is the same in every run: its IRI (or literal),
        a blank node by the path to it from its owner (``ipod:x/org:memberDuring``), else
        ``[]`` (a blank node's id changes from run to run)."""
        if not isinstance(self.focus, BNode):
            return term_name(self.focus)
        if self.owner is not None and self.via:
            return "/".join([term_name(self.owner), *(term_name(p) for p in self.via)])
        return "[]"

    @property
    def value_name(self) -> str | None:
        """The value as the report shows it; a blank node as ``[]`` (see focus_name)."""
        if self.value is None:
            return None
        return "[]" if isinstance(self.value, BNode) else term_name(self.value)

    @property
    def sort_key(self) -> tuple[str, int, str, str, str, str, str]:
        """File, line, focus and shape, then what else tells two results apart, so that
        the order never depends on the order an engine found them in (pyshacl's varied
        from run to run among results of one focus node and shape)."""
        path, line = self.location.order if self.location else ("~", 0)
        return (
            path,
            line,
            self.focus_name,
            str(self.shape),
            str(self.component),
            self.path or "",
            self.value_name or "",
        )


@dataclass
class Outcome:
    """What a validation run found.

    ``report`` (the SHACL report graph) is built on first use when the run did not make
    one anyway; ``fallbacks`` names the shapes the SPARQL compiler left to pyshacl.
    """

    conforms: bool
    violations: list[Violation]
    files: list[Path]
    triples: int
    inferred: int = 0
    loaded: LoadedGraph | None = None
    fallbacks: list[str] = field(default_factory=list)
    engine: str = "sparql"
    build_report: Callable[[], Graph] | None = None
    _report: Graph | None = None

    @property
    def report(self) -> Graph:
        if self._report is None:
            assert self.build_report is not None
            self._report = self.build_report()
        return self._report


def violation(
    report: Graph,
    result: Node,
    loaded: LoadedGraph,
    shapes: Graph | None,
    owned: Mapping[Node, tuple[URIRef | None, tuple[URIRef, ...]]],
    places: Mapping[URIRef, Location | None],
    written: Location | None = None,
) -> Violation:
    """One ``sh:ValidationResult`` → a :class:`Violation` located in the input files:
    ``owned`` has the owner of its focus node and ``places`` the owner's place, found for
    all results together by :func:`violations_of`; ``written``, for a result about a
    blank node or a value, the place of the statement that writes it (:func:`written_at`),
    which comes before the owner's."""
    graph = loaded.graph
    focus = report.value(result, SH.focusNode)
    assert focus is not None
    owner, via = owned[focus]
    location = written or (places[owner] if owner is not None else None)
    defined = is_described(graph, focus if owner is None else owner)
    path_node = report.value(result, SH.resultPath)
    messages: dict[str, str] = {}
    # pyshacl drops the language tags of SPARQL constraints' messages, so read the
    # messages from the shapes graph where they are written, tags and all
    sources = [report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape)]
    for source in sources:
        if shapes is not None and source is not None and not messages:
            for msg in shapes.objects(source, SH.message):
                if isinstance(msg, Literal):
                    messages.setdefault(msg.language or "", str(msg))
    if not messages:
        for msg in report.objects(result, SH.resultMessage):
            if isinstance(msg, Literal):
                messages.setdefault(msg.language or "", str(msg))
    return Violation(
        focus=focus,
        owner=owner,
        location=location,
        label=best_label(graph, owner) if owner is not None else None,
        path=render_path(report, path_node) if path_node is not None else None,
        prop=path_node if isinstance(path_node, URIRef) else None,
        value=report.value(result, SH.value),
        shape=report.value(result, SH.sourceShape) or BNode(),
        component=report.value(result, SH.sourceConstraintComponent) or BNode(),
        severity=report.value(result, SH.resultSeverity) or SH.Violation,
        messages=messages,
        defined=defined,
        via=via,
    )


def is_described(graph: Graph, node: Node) -> bool:
    """Whether the data says anything about ``node`` (it is the subject of a triple): what
    the report calls defined, wherever and however a file writes it. Placing it by the
    line it starts missed subjects indented in a TriG graph or a hand-laid file, and
    called them "not defined in any file"."""
    return (node, None, None) in graph


def nearest_iri(graph: Graph, node: Node) -> URIRef | None:
    """``node`` itself if it is an IRI, else the closest IRI that points to it."""
    return owner_path(graph, node)[0]


def owner_path(graph: Graph, node: Node) -> tuple[URIRef | None, tuple[URIRef, ...]]:
    """The closest IRI owning ``node`` and the predicates leading from it to ``node``."""
    return owners.owner_path(partial(_referrers, graph), node)


def _referrers(graph: Graph, node: Node) -> list[tuple[Node, Node]]:
    return sorted(graph.subject_predicates(node), key=lambda sp: (str(sp[0]), str(sp[1])))


def locate(loaded: LoadedGraph, node: URIRef) -> Location | None:
    """Where ``node`` is defined; for a node only referred to, the first line naming it."""
    return locate_all(loaded, [node])[node]


def locate_all(loaded: LoadedGraph, nodes: Iterable[URIRef]) -> dict[URIRef, Location | None]:
    """:func:`locate` for many nodes, reading each file once for all of them (once per node
    made 300 dangling references cost twice the validation itself), by the rule the
    compiled engine places its owners with (:func:`ipo_graph.locations.place_all`)."""
    return _place(loaded, nodes, ())[0]


def _place(
    loaded: LoadedGraph, nodes: Iterable[URIRef], ways: Iterable[Way]
) -> tuple[dict[URIRef, Location | None], Placed]:
    """:func:`locate_all`, and the blank nodes and values each of ``ways`` leads to, in
    one reading."""
    graph = loaded.graph

    def is_subject(iri: str) -> bool:
        return is_described(graph, URIRef(iri))

    def referrers(iri: str) -> list[str]:
        return [str(s) for s in graph.subjects(None, URIRef(iri)) if isinstance(s, URIRef)]

    wanted = list(dict.fromkeys(nodes))
    placed = place_report(loaded.files, [str(n) for n in wanted], ways, is_subject, referrers)
    return {node: placed.places[str(node)] for node in wanted}, placed


Owned = tuple[URIRef | None, tuple[URIRef, ...], Node | None]
"""A node's owner, the way from it and the blank node that way enters first
(:func:`ipo_graph.owners.owner_way`)."""


def blank_way(
    focus: Node, value: Node | None, owned: Owned, owner_way: Callable[[Node], Owned]
) -> tuple[Way, Node] | None:
    """The way in to the blank node a result is about, and the blank node its owner's
    statement writes (where the report places the result): the focus node's, else, for a
    blank value that the focus node's owner owns too, the value's. None for a result about
    IRIs and literals only, placed at its owner (``owner_way``: the engine's
    :func:`ipo_graph.owners.owner_way`)."""
    owner, via, first = owned
    if owner is None:
        return None
    if first is None and isinstance(value, BNode) and value != focus:
        value_owner, via, first = owner_way(value)
        if value_owner != owner:
            return None
    if first is None or not via:
        return None
    return (str(owner), str(via[0])), first


Said = tuple[str, Value]
"""A property and one of its values as the text writes it (:data:`.locations.Value`)."""


@dataclass(frozen=True)
class Stated:
    """What places a result: its focus node, path and value, and whether it is about
    values beyond a maximum (``sh:maxCount``: a result without a value)."""

    focus: Node
    path: Node | None
    value: Node | None
    excess: bool = False

    @classmethod
    def of(
        cls, focus: Node, path: Node | None, value: Node | None, component: Node | None
    ) -> Stated:
        return cls(focus, path, value, component == SH.MaxCountConstraintComponent)

    @property
    def said(self) -> Said | None:
        """The value of one property (an IRI or a literal) to look up in the text; None
        for a result without one, or about a blank node."""
        path, value = self.path, self.value
        if not isinstance(path, URIRef) or not isinstance(value, URIRef | Literal):
            return None
        return str(path), (str(value), isinstance(value, Literal))

    @property
    def way(self) -> Way | None:
        """The way to read for a result about an IRI's value, or its values beyond a
        maximum: the report places it at the statement that writes that value (the last
        one for a count), which may stand in another block or file than the focus node's
        first. None for other results."""
        if not isinstance(self.focus, URIRef) or not isinstance(self.path, URIRef):
            return None
        if self.excess or self.said is not None:
            return str(self.focus), str(self.path)
        return None


def written_at(
    stated: Stated,
    blank: tuple[Way, Node] | None,
    placed: Placed,
    says: Callable[[Node], Iterable[tuple[str, str | None]]],
) -> Location | None:
    """Where the statement a result is about is written, for both engines: the value's
    line for a value of an IRI (:attr:`Stated.way`) or of a blank node, the last value's
    for values beyond a maximum, else the line leading to the blank node it is about
    (:func:`blank_way`); None to place it at its owner (a value the data implies, or one
    in a file without lines, is written nowhere)."""
    said = stated.said
    if blank is not None:
        to_blank, node = blank
        found = blank_place(placed.blanks.get(to_blank, []), partial(says, node))
        if found is None:
            return None
        if node != stated.focus:  # the result's value is the blank node
            return found.location
        if said is not None:  # a value the blank node itself has
            return found.values.get(said, found.location)
        if stated.excess:  # one [ … ] is in one file: the last line
            own = [at.line or 0 for (p, _), at in found.values.items() if p == str(stated.path)]
            return Location(found.location.path, max(own)) if own else found.location
        return found.location
    way = stated.way
    if way is None:
        return None
    if said is None:  # values beyond a maximum
        return placed.last.get(way)
    return placed.values.get(way, {}).get(said[1])


def says(graph: Graph, node: Node) -> list[tuple[str, str | None]]:
    """What ``node`` says at its own level, as :attr:`ipo_graph.locations.Blank.says` has it."""
    return [
        (str(p), str(o) if isinstance(o, URIRef) else None)
        for p, o in graph.predicate_objects(node)
    ]


def violations_of(
    report: Graph, loaded: LoadedGraph, shapes: Graph | None = None
) -> list[Violation]:
    """Every result of a pyshacl ``report`` as a :class:`Violation`, the owners and the
    blank nodes the results are about located in one reading of the files."""
    graph = loaded.graph
    results = list(report.subjects(RDF.type, SH.ValidationResult))

    def way_of(node: Node) -> Owned:
        return owners.owner_way(partial(_referrers, graph), node)

    owned = {
        focus: way_of(focus)
        for r in results
        if (focus := report.value(r, SH.focusNode)) is not None
    }
    about = {
        r: blank_way(focus, report.value(r, SH.value), owned[focus], way_of)
        for r in results
        if (focus := report.value(r, SH.focusNode)) is not None
    }
    stated = {
        r: Stated.of(
            focus,
            report.value(r, SH.resultPath),
            report.value(r, SH.value),
            report.value(r, SH.sourceConstraintComponent),
        )
        for r in results
        if (focus := report.value(r, SH.focusNode)) is not None
    }
    ways = {found[0] for found in about.values() if found is not None}
    ways.update(way for r in stated.values() if (way := r.way) is not None)
    owners_ = [o for o, _, _ in owned.values() if o is not None]
    places, placed = _place(loaded, owners_, ways)
    paths = {focus: (owner, via) for focus, (owner, via, _) in owned.items()}
    out = []
    for r in results:
        written = written_at(stated[r], about.get(r), placed, partial(says, graph))
        out.append(violation(report, r, loaded, shapes, paths, places, written))
    return out


def render_path(report: Graph, node: Node) -> str:
    """A SHACL property path in SPARQL notation, grouped where it must be (``^(a/b)``)."""
    if isinstance(node, URIRef):
        return term_name(node)
    from rdflib.extras.shacl import SHACLPathError, parse_shacl_path

    try:
        path = parse_shacl_path(report, node)
    except (SHACLPathError, TypeError):  # not a well-formed path: show the node
        return str(node)
    return path.n3(NAMESPACES)
