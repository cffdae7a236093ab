"""Ontology documentation: one HTML page per class, property and SHACL shape.

pyLODE (the maintained generator) documents classes and properties but not SHACL
shapes, nor examples from instance data, and its installed release fails to import here
(it reads a pyproject.toml that its wheel does not ship). So the pages are written here:
Python gathers what each page says, Jinja2 templates (``templates/docs/``, autoescaped)
lay it out. A page has labels (nl, en), definitions, notes, the
hierarchy, domains and ranges, the shapes that check each class, examples taken from the
shipped data (with the source excerpt that states them) and, per class, a small Graphviz
diagram of its neighbourhood (inline SVG; left out with a note if Graphviz is missing).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from .api import IpoGraph
from .atomic import atomic_write_text
from .labels import best_label, label_in
from .namespaces import IPO, IPOS, OWL, RDF, RDFS, SH, SKOS
from .violations import render_path

EXAMPLES = 5
_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PROPERTY_TYPES = (
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
)
_SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)

#: What makes a blank node a SHACL property path (a sequence path is an RDF list).
_PATH_PREDICATES = (
    RDF.first,
    SH.inversePath,
    SH.alternativePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
)

#: A line in a diagram: from, to, label, drawn with a hollow (subclass) arrowhead.
Line = tuple[Node, Node, str, bool]


@dataclass(frozen=True)
class Link:
    """A term as the templates show it: a link to its page or IRI, or plain (code) text."""

    text: str
    href: str | None = None
    code: bool = False


@dataclass
class Example:
    """One use of a term in the data: links and text in order, and the words that state it."""

    parts: list[Link | str] = field(default_factory=list)
    quote: str = ""


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("ipo_graph", "templates/docs"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _css() -> str:
    return resources.files("ipo_graph").joinpath("templates/docs/docs.css").read_text("utf-8")


def _render(template: str, **context: Any) -> str:
    text: str = _environment().get_template(template).render(css=_css(), **context)
    return text.rstrip("\n") + "\n"


@dataclass(frozen=True)
class Term:
    iri: URIRef
    kind: str  # "class", "property" or "shape"

    @property
    def page(self) -> str:
        local = re.split(r"[#/]", str(self.iri))[-1] or "term"
        return f"{self.kind}-{re.sub(r'[^A-Za-z0-9_.-]', '_', local)}.html"


class Docs:
    """Builds the pages from the graph (ontology + data) and the shapes graph."""

    def __init__(
        self,
        kg: IpoGraph,
        shapes: Graph,
        *,
        diagrams: bool = True,
        include_personal: bool = False,
    ) -> None:
        from .privacy import without_personal_data

        self.kg = kg
        # examples come from the data: staff contact details only when asked, as in exports
        self.g = kg.graph if include_personal else without_personal_data(kg.graph)
        self.shapes = shapes
        self.diagrams = diagrams and shutil.which("dot") is not None
        self._svgs: dict[URIRef, str] = {}
        self.terms: dict[URIRef, Term] = {}
        for kind, types, graph in (
            ("class", _CLASS_TYPES, self.g),
            ("property", _PROPERTY_TYPES, self.g),
            ("shape", _SHAPE_TYPES, shapes),
        ):
            namespace = str(IPOS) if kind == "shape" else str(IPO)
            for t in types:
                for s in graph.subjects(RDF.type, t):
                    if isinstance(s, URIRef) and str(s).startswith(namespace):
                        self.terms.setdefault(s, Term(s, kind))

    # --- helpers ---------------------------------------------------------------------
    def _graph_of(self, term: Node) -> Graph:
        return (
            self.shapes if isinstance(term, URIRef) and str(term).startswith(str(IPOS)) else self.g
        )

    def text(self, term: Node, prop: URIRef, lang: str) -> str:
        return label_in(self._graph_of(term), term, lang, (prop,)) or ""

    def label(self, term: Node) -> str:
        found = best_label(self._graph_of(term), term, "nl", (RDFS.label,))
        if found is not None:
            return found
        return self.kg.label(term) if isinstance(term, URIRef) else str(term)

    def link(self, term: Node) -> Link:
        if isinstance(term, URIRef) and term in self.terms:
            return Link(self.kg.qname(term), self.terms[term].page)
        if isinstance(term, URIRef):
            return Link(self.kg.qname(term), str(term))
        if isinstance(term, BNode):
            return Link(self._describe_bnode(term))
        return Link(str(term), code=True)

    def _describe_bnode(self, node: BNode, seen: frozenset[Node] = frozenset()) -> str:
        """A blank node in words that do not depend on its id (which changes each run): a
        union or list of choices, a property path in SPARQL notation, else its statements
        (``[ a time:Interval ; time:hasBeginning 2023 ]``; one that contains itself is
        ``[…]`` inside)."""
        if node in seen:
            return "[…]"
        g = self._graph_of(node)
        for prop in (OWL.unionOf, SH["or"], SH["in"]):
            first = g.value(node, prop)
            if first is not None:
                items = Collection(g, first)
                return " | ".join(self.kg.qname(i) for i in items)
        if any((node, p, None) in g for p in _PATH_PREDICATES):
            return render_path(g, node)
        said: dict[tuple[bool, str], list[str]] = {}
        for p, o in g.predicate_objects(node):
            verb = (p != RDF.type, "a" if p == RDF.type else self.kg.qname(p))
            said.setdefault(verb, []).append(self.shown(o, seen | {node}))
        parts = [f"{verb} {', '.join(sorted(said[(k, verb)]))}" for k, verb in sorted(said)]
        return "[ " + " ; ".join(parts) + " ]" if parts else "[]"

    def shown(self, term: Node, seen: frozenset[Node] = frozenset()) -> str:
        """A value as an example shows it: a literal's text, a label, a blank node's content."""
        if isinstance(term, Literal):
            return str(term)
        if isinstance(term, BNode):
            return self._describe_bnode(term, seen)
        return self.kg.label(term)

    def _links(self, terms: Iterable[Node]) -> list[Link]:
        return sorted({self.link(t) for t in terms}, key=lambda link: (link.text, link.href or ""))

    def _examples(self, term: URIRef) -> list[Example]:
        """Up to ``EXAMPLES`` uses in the data, each with its source excerpt."""
        rows: list[Example] = []
        kind = self.terms[term].kind
        if kind == "class":
            found = sorted(
                (s for s in self.g.subjects(RDF.type, term) if isinstance(s, URIRef)), key=str
            )
            for inst in found[:EXAMPLES]:
                parts: list[Link | str] = [self.link(inst), f" — {self.kg.label(inst)}"]
                rows.append(Example(parts, self._quote(inst)))
        elif kind == "property":
            pairs = sorted(
                self.g.subject_objects(term),
                key=lambda so: (isinstance(so[0], BNode), str(so[0]), self.shown(so[1])),
            )
            for subj, o in pairs[:EXAMPLES]:
                shown = self.shown(o)
                obj: Link | str = Link(shown, code=True) if isinstance(o, Literal) else shown
                rows.append(Example([f"{self.shown(subj)} → ", obj], self._quote(subj)))
        return rows

    def _quote(self, thing: Node) -> str:
        for excerpt in sorted(self.g.objects(thing, IPO.evidence), key=str):
            value = self.g.value(excerpt, RDF.value)
            if value is not None:
                return str(value)
        return ""

    # --- pages -----------------------------------------------------------------------
    def page(self, term: Term) -> str:
        t = term.iri
        nl, en = self.label(t), self.text(t, RDFS.label, "en")
        notes = [
            (title, lang, text)
            for prop, title in (
                (SKOS.definition, "Definitie"),
                (RDFS.comment, "Toelichting"),
                (SKOS.scopeNote, "Noot"),
                (SH.message, "Melding"),
            )
            for lang in ("nl", "en")
            if (text := self.text(t, prop, lang))
        ]
        heading, rows = getattr(self, f"_{term.kind}_rows")(t)
        examples = self._shape_examples(t) if term.kind == "shape" else self._examples(t)
        return _render(
            "term.html",
            title=f"{nl} — {self.kg.qname(t)}",
            nl=nl,
            en=en,
            kind=term.kind,
            qname=self.kg.qname(t),
            iri=str(t),
            notes=notes,
            heading=heading,
            rows=rows,
            examples=examples,
            diagrams=self.diagrams,
            svg=self._svgs.get(t, ""),
        )

    def _class_rows(self, t: URIRef) -> tuple[str, list[tuple[str, list[Link]]]]:
        g = self.g
        supers = [o for o in g.objects(t, RDFS.subClassOf) if o != t]
        subs = [s for s in g.subjects(RDFS.subClassOf, t) if s != t]
        domain_of = [p for p in g.subjects(RDFS.domain, t)]
        range_of = [p for p in g.subjects(RDFS.range, t)]
        lineage = set(g.transitive_objects(t, RDFS.subClassOf))  # t and every superclass
        shapes = [s for c in lineage for s in self.shapes.subjects(SH.targetClass, c)]
        rows = [
            ("Subklasse van", self._links(supers)),
            ("Subklassen", self._links(subs)),
            ("Domein van", self._links(domain_of)),
            ("Bereik van", self._links(range_of)),
            ("Gecontroleerd door", self._links(shapes)),
        ]
        return "Plaats in de ontologie", rows

    def _property_rows(self, t: URIRef) -> tuple[str, list[tuple[str, list[Link]]]]:
        g = self.g
        types = [o for o in g.objects(t, RDF.type) if o in _PROPERTY_TYPES]
        rows = [
            ("Soort", self._links(types)),
            ("Subproperty van", self._links(o for o in g.objects(t, RDFS.subPropertyOf) if o != t)),
            ("Domein", self._links(g.objects(t, RDFS.domain))),
            ("Bereik", self._links(g.objects(t, RDFS.range))),
            ("Inverse", self._links(g.objects(t, OWL.inverseOf))),
            ("Gecontroleerd door", self._links(self.shapes.subjects(SH.path, t))),
        ]
        return "Kenmerken", rows

    def _shape_rows(self, t: URIRef) -> tuple[str, list[tuple[str, list[Link]]]]:
        s = self.shapes
        rows: list[tuple[str, list[Link]]] = []
        for prop, name in (
            (SH.targetClass, "Doelklasse"),
            (SH.targetNode, "Doelknoop"),
            (SH.targetSubjectsOf, "Onderwerpen van"),
            (SH.targetObjectsOf, "Objecten van"),
            (SH.path, "Pad"),
            (SH["class"], "Klasse"),
            (SH.datatype, "Datatype"),
            (SH.nodeKind, "Soort knoop"),
            (SH.minCount, "Minimaal"),
            (SH.maxCount, "Maximaal"),
            (SH.pattern, "Patroon"),
            (SH.languageIn, "Talen"),
            (SH.severity, "Ernst"),
            (SH.property, "Eigenschappen"),
        ):
            values = list(s.objects(t, prop))
            if values:
                rows.append((name, self._links(values)))
        parents = list(s.subjects(SH.property, t))
        if parents:
            rows.append(("Onderdeel van", self._links(parents)))
        return "Regels", rows

    def _shape_examples(self, t: URIRef) -> list[Example]:
        """Focus nodes of the shape (or of its node shape) and their values on its path."""
        node_shapes = [t, *self.shapes.subjects(SH.property, t)]
        focus: set[Node] = set()
        for ns in node_shapes:
            for cls in self.shapes.objects(ns, SH.targetClass):
                focus.update(self.g.subjects(RDF.type, cls))
            for p in self.shapes.objects(ns, SH.targetSubjectsOf):
                focus.update(self.g.subjects(p, None))
            for p in self.shapes.objects(ns, SH.targetObjectsOf):
                focus.update(self.g.objects(None, p))
            focus.update(self.shapes.objects(ns, SH.targetNode))
        path = self.shapes.value(t, SH.path)
        rows: list[Example] = []
        for f in sorted((x for x in focus if isinstance(x, URIRef)), key=str)[:EXAMPLES]:
            parts: list[Link | str] = [self.link(f), f" — {self.kg.label(f)}"]
            if isinstance(path, URIRef):
                shown = ", ".join(sorted(self.shown(v) for v in self.g.objects(f, path))[:3])
                parts += [": ", Link(self.kg.qname(path), code=True), f" = {shown or '—'}"]
            rows.append(Example(parts))
        return rows

    def _class_lines(self, t: URIRef) -> list[Line]:
        """(from, to, label, is-subclass) lines around a class."""
        g = self.g
        lines: list[Line] = [
            (t, sup, "subklasse van", True) for sup in g.objects(t, RDFS.subClassOf)
        ]
        lines += [(sub, t, "subklasse van", True) for sub in g.subjects(RDFS.subClassOf, t)]
        for p in g.subjects(RDFS.domain, t):
            lines += [(t, r, self.kg.qname(p), False) for r in g.objects(p, RDFS.range)]
        for p in g.subjects(RDFS.range, t):
            lines += [(d, t, self.kg.qname(p), False) for d in g.objects(p, RDFS.domain)]
        return lines

    def _property_lines(self, t: URIRef) -> list[Line]:
        domains = list(self.g.objects(t, RDFS.domain)) or [RDFS.Resource]
        ranges = list(self.g.objects(t, RDFS.range)) or [RDFS.Resource]
        return [(d, r, self.kg.qname(t), False) for d in domains for r in ranges]

    def _shape_lines(self, t: URIRef) -> list[Line]:
        s = self.shapes
        lines: list[Line] = [(t, c, "doelklasse", True) for c in s.objects(t, SH.targetClass)]
        for ps in [t, *s.objects(t, SH.property)]:
            path = s.value(ps, SH.path)
            if path is None:
                continue
            target = s.value(ps, SH["class"]) or s.value(ps, SH.datatype) or RDFS.Resource
            low, high = s.value(ps, SH.minCount), s.value(ps, SH.maxCount)
            card = f" [{low if low is not None else 0}..{high if high is not None else '*'}]"
            lines.append((t, target, render_path(s, path) + card, False))
        return lines

    def diagram_source(self, term: Term) -> str:
        """DOT source of a small diagram of the term's neighbourhood."""
        lines = getattr(self, f"_{term.kind}_lines")(term.iri)
        t = term.iri
        ids: dict[Node, str] = {}
        for a, b, _, _ in [(t, t, "", False), *lines]:
            for x in (a, b):
                ids.setdefault(x, f"c{len(ids)}")
        out = [
            "digraph c {",
            '  graph [rankdir="BT", fontname="DejaVu Sans"];',
            '  node [shape="box", style="rounded,filled", fillcolor="#ddebf7", fontsize="10", '
            'fontname="DejaVu Sans"];',
            '  edge [fontsize="9", fontname="DejaVu Sans"];',
        ]
        for x, nid in ids.items():
            extra = ', fillcolor="#1f4e79", fontcolor="white"' if x == t else ""
            url = (
                f", URL={_dot(self.terms[x].page)}"
                if isinstance(x, URIRef) and x in self.terms
                else ""
            )
            name = self.kg.qname(x) if not isinstance(x, BNode) else self._describe_bnode(x)
            out.append(f"  {nid} [label={_dot(name)}{extra}{url}];")
        edges = {
            f"  {ids[a]} -> {ids[b]} [label={_dot(text)}"
            + (', arrowhead="empty"' if hollow else "")
            + "];"
            for a, b, text, hollow in lines
            if a != b
        }
        out += [*sorted(edges), "}"]
        return "\n".join(out) + "\n"

    def render_diagrams(self) -> None:
        """Draw every term's diagram with one run of Graphviz (one process, not hundreds)."""
        from .export.dotprogram import render

        terms = sorted(self.terms.values(), key=lambda t: t.page)
        svg = render("".join(self.diagram_source(t) for t in terms), "svg").decode("utf-8")
        pieces = [p[p.find("<svg") :] for p in svg.split("<?xml")[1:]]
        if len(pieces) != len(terms):
            raise RuntimeError("Graphviz drew a different number of diagrams than asked")
        self._svgs = {t.iri: piece for t, piece in zip(terms, pieces, strict=True)}

    def index(self) -> str:
        sections = []
        for kind, heading in (
            ("class", "Klassen"),
            ("property", "Eigenschappen"),
            ("shape", "SHACL-vormen"),
        ):
            terms = sorted(
                (t for t in self.terms.values() if t.kind == kind), key=lambda t: str(t.iri)
            )
            sections.append((heading, [(self.link(t.iri), self.label(t.iri)) for t in terms]))
        subtitle = self.text(URIRef("https://w3id.org/ipo-graph/def"), RDFS.label, "nl")
        return _render(
            "index.html", title="IPO-graaf ontologie", subtitle=subtitle, sections=sections
        )

    def write(self, out: Path) -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        if self.diagrams:
            self.render_diagrams()
        written = []
        for term in sorted(self.terms.values(), key=lambda t: t.page):
            path = out / term.page
            atomic_write_text(path, self.page(term))
            written.append(path)
        atomic_write_text(out / "index.html", self.index())
        return [out / "index.html", *written]


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_docs(
    kg: IpoGraph,
    shapes: Graph,
    out: Path,
    *,
    diagrams: bool = True,
    include_personal: bool = False,
) -> list[Path]:
    """Write the documentation pages into ``out``; returns the files written."""
    return Docs(kg, shapes, diagrams=diagrams, include_personal=include_personal).write(out)
