"""SHACL shapes → set-based SPARQL: one SELECT per constraint of each targeted shape.

pyshacl evaluates every constraint once per focus node; here each constraint becomes one
query that joins the shape's targets with the violating values (see :class:`Targets` for
which side goes first), so Oxigraph finds all violations of a constraint in one pass.
The shapes stay the source of truth: nothing is written by hand per shape. A shape that
uses a feature this compiler does not know is not compiled at all (its
:attr:`Plan.fallback` entry says why) and is left to pyshacl, so an unsupported feature
never passes silently.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ..namespaces import RDF, RDFS, SH
from ..sparqltext import code_only

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: sh: predicates that carry no constraint (labels, messages, grouping, declarations).
_NEUTRAL = {
    SH[n]
    for n in (
        "message",
        "name",
        "description",
        "order",
        "group",
        "severity",
        "deactivated",
        "defaultValue",
        "declare",
        "prefixes",
        "property",
        "path",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "target",
    )
}
_COUNTS = {SH.minCount, SH.maxCount}
#: SHACL's "instance of": a type, or a type's (transitive) super-class
_INSTANCE_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


def _not_instance(*classes: Node) -> str:
    """Drops the solutions whose ``?value`` is an instance of one of ``classes``: the
    classes and their sub-classes are found once and joined with the values' types. A NOT
    EXISTS walked the class hierarchy again for each value (scale 200: the sh:class checks
    0.93 → 0.43 s, the evidence's alone 0.15 → 0.08 s)."""
    below = " UNION ".join(f"{{ ?_type <{RDFS.subClassOf}>* {term(cls)} }}" for cls in classes)
    return (
        f"MINUS {{ ?value <{RDF.type}> ?_type . {{ SELECT DISTINCT ?_type WHERE {{ {below} }} }} }}"
    )


_QUALIFIED = {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
#: constraints on one value node at a time (a value of the path, or the focus itself)
_VALUE = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.pattern,
    SH.flags,
    SH.hasValue,
    SH.languageIn,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH["or"],
    SH["and"],
    SH.xone,
    SH["not"],
    SH.node,
}
_PAIRS = {SH.lessThanOrEquals, SH.lessThan, SH.equals, SH.disjoint}
_SUPPORTED = _NEUTRAL | _COUNTS | _QUALIFIED | _VALUE | _PAIRS | {SH.sparql, SH.uniqueLang}

_COMPONENT = {
    SH["class"]: "ClassConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH["and"]: "AndConstraintComponent",
    SH.xone: "XoneConstraintComponent",
    SH["not"]: "NotConstraintComponent",
    SH.node: "NodeConstraintComponent",
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
    SH.lessThan: "LessThanConstraintComponent",
    SH.equals: "EqualsConstraintComponent",
    SH.disjoint: "DisjointConstraintComponent",
    SH.uniqueLang: "UniqueLangConstraintComponent",
}

# Datatypes whose lexical form Oxigraph checks when casting, as rdflib's ill_typed does.
_CASTABLE = {
    f"{_XSD}{n}"
    for n in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")
}
# Datatypes pyshacl checks by datatype IRI alone (rdflib does not reject their lexical
# forms: "20x5"^^xsd:gYear passes; the shapes' sh:pattern catches it instead).
_NAME_ONLY = {f"{_XSD}{n}" for n in ("gYear", "gYearMonth", "string", "anyURI")}


class Unsupported(Exception):
    """A shape feature this compiler does not translate (the shape goes to pyshacl)."""


@dataclass(frozen=True)
class Targets:
    """A shape's focus nodes, in the two forms a check can join them.

    ``group`` lists every focus node (a DISTINCT sub-query binding ``?this``): the form for
    constraints that a focus node breaks by what it lacks (sh:minCount, sh:hasValue).
    ``member`` tests one bound ``?this`` (a FILTER EXISTS): the form for constraints whose
    own pattern finds the offending values, so the focus nodes are never listed (at scale
    200, Excerpt-line's sh:maxCount 0.10 → 0.04 s, all 105 checks 4.54 → 4.02 s CPU). It
    is None when a target is a SPARQL target, which EXISTS would re-run for every row.
    """

    group: str
    member: str | None


@dataclass(frozen=True)
class Check:
    """One constraint of one targeted shape as a query returning ``?this ?value [?path]``."""

    shape: Node
    component: URIRef
    severity: Node
    path: Node | None
    query: str
    constraint: Node | None = None  # the sh:sparql node of a SPARQL constraint
    has_value: bool = True
    root: Node | None = None


@dataclass
class Plan:
    """Every compiled check, and the shapes left to pyshacl with the reason."""

    checks: list[Check] = field(default_factory=list)
    fallback: dict[Node, str] = field(default_factory=dict)
    roots: list[Node] = field(default_factory=list)


def term(node: Node) -> str:
    """``node`` in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = _string(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^<{node.datatype}>"
        return text
    raise Unsupported(f"a blank node {node} where a constant is expected")


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


class Compiler:
    """Compiles the shapes of one shapes graph (create once, call :meth:`plan`)."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._fresh = itertools.count()

    # --- helpers ---------------------------------------------------------------------

    def var(self) -> str:
        return f"?_v{next(self._fresh)}"

    def one(self, node: Node, pred: URIRef) -> Node | None:
        values = list(self.g.objects(node, pred))
        if len(values) > 1:
            raise Unsupported(f"more than one {pred} on one shape")
        return values[0] if values else None

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def active(self, shape: Node) -> bool:
        return not any(_true(v) for v in self.g.objects(shape, SH.deactivated))

    def unique_lang(self, shape: Node) -> bool:
        return any(_true(v) for v in self.g.objects(shape, SH.uniqueLang))

    def has(self, shape: Node, preds: set[URIRef]) -> bool:
        return any((shape, p, None) in self.g for p in preds)

    def check_known(self, shape: Node) -> None:
        for pred in set(self.g.predicates(shape)):
            if str(pred).startswith(str(SH)) and pred not in _SUPPORTED:
                raise Unsupported(f"{pred} is not compiled")

    def path(self, node: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for pred, fmt in (
            (SH.alternativePath, None),
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.one(node, pred)
            if inner is None:
                continue
            if fmt is None:
                return "(" + "|".join(self.path(p) for p in self.items(inner)) + ")"
            return fmt.format("(" + self.path(inner) + ")")
        raise Unsupported(f"a property path this compiler does not know: {node}")

    def pattern(self, s: str, node: Node, o: str) -> str:
        """The graph pattern from ``s`` along the path ``node`` to ``o``. An alternative
        of plain properties is a UNION of one triple pattern each: Oxigraph reads
        ``?s (a|b) ?o`` with both ends open about eight times slower (the 251,000 values
        of the seven text properties of scale 200: 0.71 s against 0.09 s). Both keep
        every match, duplicates included, as SPARQL's alternative path does."""
        inner = self.one(node, SH.alternativePath) if not isinstance(node, URIRef) else None
        if inner is not None:
            steps = self.items(inner)
            if all(isinstance(step, URIRef) for step in steps):
                return "{ " + " UNION ".join(f"{{ {s} <{x}> {o} }}" for x in steps) + " }"
        return f"{s} {self.path(node)} {o} ."

    def prefixes(self, node: Node) -> dict[str, str]:
        out: dict[str, str] = {}
        for ontology in self.g.objects(node, SH.prefixes):
            for decl in self.g.objects(ontology, SH.declare):
                prefix = self.one(decl, SH.prefix)
                ns = self.one(decl, SH.namespace)
                if prefix is not None and ns is not None:
                    out[str(prefix)] = str(ns)
        return out

    # --- targets -----------------------------------------------------------------------

    def targets(self, shape: Node, prefixes: dict[str, str]) -> Targets | None:
        """The focus nodes of ``shape`` (None: no targets)."""
        parts: list[str] = []
        simple = True
        classes = list(self.g.objects(shape, SH.targetClass))
        if any((shape, RDF.type, c) in self.g for c in (RDFS.Class, URIRef(f"{OWL}Class"))):
            classes.append(shape)
        for cls in classes:
            parts.append(f"?this {_INSTANCE_OF} {term(cls)} .")
        nodes = [term(n) for n in self.g.objects(shape, SH.targetNode)]
        if nodes:
            parts.append(f"VALUES ?this {{ {' '.join(nodes)} }}")
        for p in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {term(p)} ?_target .")
        for p in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"?_target {term(p)} ?this .")
        for target in self.g.objects(shape, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in self.g:
                raise Unsupported("a sh:target that is not a sh:SPARQLTarget")
            extra = set(self.g.predicates(target)) - {RDF.type, SH.select, SH.prefixes}
            if extra:
                raise Unsupported(f"a SPARQL target with {sorted(map(str, extra))}")
            select = self.one(target, SH.select)
            if select is None:
                raise Unsupported("a SPARQL target without sh:select")
            prefixes.update(self.prefixes(target))
            parts.append(_subquery(str(select)))
            simple = False
        if not parts:
            return None
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        # ?_target, the simple targets' one other variable, is a name no constraint uses
        member = f"FILTER EXISTS {{ {union} }}" if simple else None
        return Targets(f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}", member)

    # --- conformance of a node to an inner shape, as an expression ----------------------

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression, never an error, true when the node in ``v`` conforms."""
        self.check_known(shape)
        if not self.active(shape):
            return "true"
        if self.has(shape, _QUALIFIED | {SH.sparql} | _PAIRS):
            raise Unsupported("qualified, pair or SPARQL constraints inside a logical constraint")
        parts: list[str] = []
        path = self.one(shape, SH.path)
        if path is None:
            parts.extend(f"!({bad})" for bad in self.value_violations(shape, v))
            for value in self.g.objects(shape, SH.hasValue):
                parts.append(f"sameTerm({v}, {term(value)})")
            if self.has(shape, _COUNTS | {SH.uniqueLang}):
                raise Unsupported("sh:minCount, sh:maxCount or sh:uniqueLang on a node shape")
        else:
            p = self.path(path)
            x = self.var()
            bads = [f"COALESCE({bad}, false)" for bad in self.value_violations(shape, x)]
            if bads:
                parts.append(f"NOT EXISTS {{ {v} {p} {x} FILTER ({' || '.join(bads)}) }}")
            for value in self.g.objects(shape, SH.hasValue):
                parts.append(f"EXISTS {{ {v} {p} {term(value)} }}")
            low = self.one(shape, SH.minCount)
            if low is not None and _int(low) > 0:
                parts.append(f"EXISTS {{ {self._distinct(v, p, _int(low))} }}")
            high = self.one(shape, SH.maxCount)
            if high is not None:
                parts.append(f"NOT EXISTS {{ {self._distinct(v, p, _int(high) + 1)} }}")
            if self.unique_lang(shape):
                a, b = self.var(), self.var()
                parts.append(
                    f"NOT EXISTS {{ {v} {p} {a} . {v} {p} {b} . FILTER (!sameTerm({a}, {b})"
                    f' && LANG({a}) != "" && LANG({a}) = LANG({b})) }}'
                )
        for prop in self.g.objects(shape, SH.property):
            parts.append(self.conforms(prop, v))
        return "(" + " && ".join(f"COALESCE({p}, false)" for p in parts) + ")" if parts else "true"

    def _distinct(self, v: str, p: str, n: int) -> str:
        """A pattern matching when ``v`` has at least ``n`` distinct values of ``p``."""
        if n > 4:
            raise Unsupported("a count above 4 inside a logical constraint")
        xs = [self.var() for _ in range(n)]
        pattern = " ".join(f"{v} {p} {x} ." for x in xs)
        filters = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(xs, 2)]
        return pattern + (f" FILTER ({' && '.join(filters)})" if filters else "")

    # --- value constraints: expressions true for a violating value ----------------------

    def value_violations(self, shape: Node, v: str) -> list[str]:
        """One expression per value constraint of ``shape``, true when ``v`` violates it."""
        return [bad for _component, bad in self.value_checks(shape, v)]

    def only_class(self, shape: Node) -> Node | None:
        """The class C when ``shape`` is just ``[ sh:class C ]`` (active, nothing else
        that constrains), else None."""
        if not self.active(shape):
            return None
        constraining = {
            p for p in self.g.predicates(shape) if str(p).startswith(str(SH))
        } - _NEUTRAL
        classes = list(self.g.objects(shape, SH["class"]))
        return classes[0] if constraining == {SH["class"]} and len(classes) == 1 else None

    def or_of_classes(self, lst: Node) -> list[Node] | None:
        """The classes of ``sh:or ( [ sh:class A ] [ sh:class B ] … )``, else None."""
        classes = [self.only_class(member) for member in self.items(lst)]
        if not classes or None in classes:
            return None
        return [c for c in classes if c is not None]

    def class_joins(self, shape: Node) -> Iterator[tuple[URIRef, str]]:
        """The value constraints :meth:`value_checks` leaves to joins with ``as_joins``,
        each a MINUS that keeps the offending values (:func:`_not_instance`)."""
        for cls in self.g.objects(shape, SH["class"]):
            yield SH["class"], _not_instance(cls)
        for lst in self.g.objects(shape, SH["or"]):
            if (classes := self.or_of_classes(lst)) is not None:
                yield SH["or"], _not_instance(*classes)

    def value_checks(
        self, shape: Node, v: str, *, as_joins: bool = False
    ) -> Iterator[tuple[URIRef, str]]:
        """``as_joins``: leave out each ``sh:class C`` and ``sh:not [ sh:class C ]`` (see
        :meth:`only_class`); the caller checks them as joins (:func:`_not_instance`), far
        cheaper than a NOT EXISTS per node."""
        g = self.g
        if not as_joins:
            for cls in g.objects(shape, SH["class"]):
                yield SH["class"], f"NOT EXISTS {{ {v} {_INSTANCE_OF} {term(cls)} }}"
        for dt in g.objects(shape, SH.datatype):
            yield SH.datatype, f"!COALESCE({_datatype_ok(str(dt), v)}, false)"
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KIND:
                raise Unsupported(f"sh:nodeKind {kind}")
            yield SH.nodeKind, f"!({_NODE_KIND[kind]})".replace("?v", v)  # type: ignore[index]
        for lst in g.objects(shape, SH["in"]):
            members = [f"sameTerm({v}, {term(m)})" for m in self.items(lst)]
            yield SH["in"], f"!({' || '.join(members) or 'false'})"
        patterns = list(g.objects(shape, SH.pattern))
        flags = self.one(shape, SH.flags)
        for pat in patterns:
            flag = f", {_string(str(flags))}" if flags is not None else ""
            yield (
                SH.pattern,
                f"isBlank({v}) || !COALESCE(REGEX(STR({v}), {_string(str(pat))}{flag}), false)",
            )
        for lst in g.objects(shape, SH.languageIn):
            # pyshacl's rule: the tag, or its first subtag, is one of the list, without
            # case. Oxigraph lowercases every tag it stores (its parsers, its Literal,
            # STRLANG; test_oxigraph_lowercases_language_tags), so no LCASE here (0.33 →
            # 0.29 s over the labels of scale 200)
            langs = ", ".join(_string(str(x).lower()) for x in self.items(lst))
            first = f'STRBEFORE(CONCAT(LANG({v}), "-"), "-")'
            yield (
                SH.languageIn,
                f"!(isLiteral({v}) && (LANG({v}) IN ({langs}) || {first} IN ({langs})))",
            )
        for pred, op in (
            (SH.minInclusive, ">="),
            (SH.maxInclusive, "<="),
            (SH.minExclusive, ">"),
            (SH.maxExclusive, "<"),
        ):
            for bound in g.objects(shape, pred):
                yield pred, f"!COALESCE(isLiteral({v}) && {v} {op} {term(bound)}, false)"
        for pred, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for n in g.objects(shape, pred):
                yield pred, f"isBlank({v}) || !COALESCE(STRLEN(STR({v})) {op} {_int(n)}, false)"
        for lst in g.objects(shape, SH["or"]):
            if as_joins and self.or_of_classes(lst):
                continue
            inner = [self.conforms(s, v) for s in self.items(lst)]
            yield SH["or"], f"!({' || '.join(inner) or 'false'})"
        for lst in g.objects(shape, SH["and"]):
            inner = [self.conforms(s, v) for s in self.items(lst)]
            yield SH["and"], f"!({' && '.join(inner) or 'true'})"
        for lst in g.objects(shape, SH.xone):
            inner = [f"IF({self.conforms(s, v)}, 1, 0)" for s in self.items(lst)]
            yield SH.xone, f"({' + '.join(inner) or '0'}) != 1"
        for other in g.objects(shape, SH["not"]):
            if not (as_joins and self.only_class(other) is not None):
                yield SH["not"], self.conforms(other, v)
        for other in g.objects(shape, SH.node):
            yield SH.node, f"!{self.conforms(other, v)}"

    # --- a targeted shape → checks --------------------------------------------------------

    def plan(self) -> Plan:
        plan = Plan()
        target_preds = (
            SH.targetClass,
            SH.targetNode,
            SH.targetSubjectsOf,
            SH.targetObjectsOf,
            SH.target,
        )
        roots = {s for p in target_preds for s in self.g.subjects(p, None)}
        for cls in (RDFS.Class, URIRef(f"{OWL}Class")):
            roots |= {
                s for s in self.g.subjects(RDF.type, cls) if (s, RDF.type, SH.NodeShape) in self.g
            }
        plan.roots = sorted(roots, key=str)
        for root in plan.roots:
            if not self.active(root):
                continue
            try:
                plan.checks.extend(self.root_checks(root))
            except Unsupported as exc:
                plan.fallback[root] = str(exc)
        return plan

    def root_checks(self, root: Node) -> list[Check]:
        prefixes: dict[str, str] = {}
        targets = self.targets(root, prefixes)
        if targets is None:
            return []
        checks = self.shape_checks(root, root, targets, prefixes)
        for prop in self.g.objects(root, SH.property):
            if self.active(prop):
                checks.extend(self.shape_checks(prop, root, targets, prefixes))
        return checks

    def shape_checks(
        self, shape: Node, root: Node, targets: Targets, prefixes: dict[str, str]
    ) -> list[Check]:
        self.check_known(shape)
        severity = self.one(shape, SH.severity) or SH.Violation
        path_node = self.one(shape, SH.path)
        out: list[Check] = []

        def add(
            component: URIRef | str,
            body: str,
            *,
            has_value: bool = True,
            constraint: Node | None = None,
            extra_prefixes: dict[str, str] | None = None,
            finds_values: bool = False,
        ) -> None:
            """``finds_values``: ``body`` alone binds ``?this`` to the offending nodes."""
            header = "".join(
                f"PREFIX {k}: <{v}>\n"
                for k, v in sorted({**prefixes, **(extra_prefixes or {})}.items())
            )
            if finds_values and targets.member is not None:
                # the sub-query finds the offending values first: a FILTER EXISTS beside
                # the body's own patterns was tested on every value, offending or not
                where = f"{{ SELECT * WHERE {{ {body} }} }} {targets.member}"
            else:
                where = f"{targets.group} {body}"
            out.append(
                Check(
                    shape=shape,
                    component=component if isinstance(component, URIRef) else SH[component],
                    severity=severity,
                    path=path_node,
                    query=f"{header}{_SELECT} {{ {where} }}",
                    constraint=constraint,
                    has_value=has_value,
                    root=root,
                )
            )

        # sh:not [ sh:class C ]: a violation is a value that is a C, found by one join
        not_classes = [
            cls
            for other in self.g.objects(shape, SH["not"])
            if (cls := self.only_class(other)) is not None
        ]
        if path_node is None:
            if self.has(shape, _COUNTS | _QUALIFIED | _PAIRS | {SH.uniqueLang}):
                raise Unsupported(
                    "counts, qualified, pair or unique-language constraints on a node shape"
                )
            for pred, bad in self.value_checks(shape, "?this", as_joins=True):
                add(_COMPONENT[pred], f"BIND (?this AS ?value) FILTER ({bad})")
            for pred, minus in self.class_joins(shape):
                add(_COMPONENT[pred], f"BIND (?this AS ?value) {minus}")
            for cls in not_classes:
                add(
                    _COMPONENT[SH["not"]],
                    f"{{ SELECT DISTINCT ?this WHERE {{ ?this {_INSTANCE_OF} {term(cls)} }} }} "
                    "BIND (?this AS ?value)",
                    finds_values=True,
                )
        else:
            values = self.pattern("?this", path_node, "?value")
            for pred, bad in self.value_checks(shape, "?value", as_joins=True):
                add(_COMPONENT[pred], f"{values} FILTER ({bad})", finds_values=True)
            for pred, minus in self.class_joins(shape):
                add(_COMPONENT[pred], f"{values} {minus}", finds_values=True)
            for cls in not_classes:
                add(
                    _COMPONENT[SH["not"]],
                    f"{values} "
                    f"{{ SELECT DISTINCT ?value WHERE {{ ?value {_INSTANCE_OF} {term(cls)} }} }}",
                    finds_values=True,
                )
            low = self.one(shape, SH.minCount)
            if low is not None and _int(low) > 0:
                add(
                    _COMPONENT[SH.minCount],
                    _too_few(self.pattern("?this", path_node, "?_c"), _int(low)),
                    has_value=False,
                )
            high = self.one(shape, SH.maxCount)
            if high is not None:
                add(
                    _COMPONENT[SH.maxCount],
                    f"{_counted(self.pattern('?this', path_node, '?_c'))} "
                    f"FILTER (?_n > {_int(high)})",
                    has_value=False,
                    finds_values=True,  # a node without values has none too many
                )
            if self.unique_lang(shape):
                # SHACL: one result per language tag (compared without case: Oxigraph's
                # are lowercase) that two or more values carry, with no sh:value; ?value
                # keeps the rows apart. A predicate's values are distinct triples, so
                # COUNT(*) does (0.60 → 0.45 s over the labels of scale 200); a path
                # may reach one value twice.
                counted = "*" if isinstance(path_node, URIRef) else "DISTINCT ?_u"
                add(
                    _COMPONENT[SH.uniqueLang],
                    f"{{ SELECT ?this ?value WHERE {{ {self.pattern('?this', path_node, '?_u')} "
                    "BIND (LANG(?_u) AS ?value) "
                    f'FILTER (?value != "") }} GROUP BY ?this ?value '
                    f"HAVING (COUNT({counted}) > 1) }}",
                    has_value=False,
                    finds_values=True,
                )
            for pred in _PAIRS:
                for other in self.g.objects(shape, pred):
                    add(_COMPONENT[pred], self._pair(pred, values, term(other)), finds_values=True)
            qualified = self.one(shape, SH.qualifiedValueShape)
            if qualified is not None:
                if any(_true(v) for v in self.g.objects(shape, SH.qualifiedValueShapesDisjoint)):
                    raise Unsupported("sh:qualifiedValueShapesDisjoint")
                ok = self.conforms(qualified, "?_q")
                qualifying = f"{self.pattern('?this', path_node, '?_q')} FILTER ({ok})"
                counted = (
                    f"OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?_q) AS ?_n) WHERE "
                    f"{{ {qualifying} }} GROUP BY ?this }}"
                )
                for pred, op, name in (
                    (SH.qualifiedMinCount, "<", "QualifiedMinCountConstraintComponent"),
                    (SH.qualifiedMaxCount, ">", "QualifiedMaxCountConstraintComponent"),
                ):
                    n = self.one(shape, pred)
                    if n is None:
                        continue
                    if op == "<" and _int(n) == 1:  # the common case, without counting
                        body = f"FILTER NOT EXISTS {{ {qualifying} }}"
                    else:
                        body = f"{counted} FILTER (COALESCE(?_n, 0) {op} {_int(n)})"
                    add(name, body, has_value=False)
        # sh:hasValue is about the set of values, not each one
        for value in self.g.objects(shape, SH.hasValue):
            if path_node is None:
                add(
                    "HasValueConstraintComponent",
                    f"FILTER (!sameTerm(?this, {term(value)}))",
                    has_value=False,
                )
            else:
                add(
                    "HasValueConstraintComponent",
                    f"FILTER NOT EXISTS {{ ?this {self.path(path_node)} {term(value)} }}",
                    has_value=False,
                )
        for sparql in self.g.objects(shape, SH.sparql):
            body, extra = self.sparql_constraint(sparql, path_node is not None)
            add(
                "SPARQLConstraintComponent",
                body,
                constraint=sparql,
                extra_prefixes=extra,
                finds_values=True,
            )
        return out

    def _pair(self, pred: Node, values: str, other: str) -> str:
        """``values``: the pattern from ``?this`` along the shape's path to ``?value``."""
        if pred == SH.lessThanOrEquals:
            return f"{values} ?this {other} ?_o . FILTER (!COALESCE(?value <= ?_o, false))"
        if pred == SH.lessThan:
            return f"{values} ?this {other} ?_o . FILTER (!COALESCE(?value < ?_o, false))"
        if pred == SH.disjoint:
            return f"{values} ?this {other} ?value ."
        raise Unsupported("sh:equals")  # values on either side; left to pyshacl

    def sparql_constraint(self, node: Node, on_property: bool) -> tuple[str, dict[str, str]]:
        if on_property:
            raise Unsupported("a SPARQL constraint on a property shape ($PATH)")
        extra = set(self.g.predicates(node)) - {
            RDF.type,
            SH.select,
            SH.prefixes,
            SH.message,
            SH.deactivated,
        }
        if extra:
            raise Unsupported(f"a SPARQL constraint with {sorted(map(str, extra))}")
        select = self.one(node, SH.select)
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select (sh:ask?)")
        text = str(select)
        if re.search(r"\$(?!this\b)\w+", text):
            raise Unsupported("a SPARQL constraint with pre-bound variables other than $this")
        code = code_only(text)  # a keyword in a comment or a string is no clause
        if re.search(r"\b(ORDER\s+BY|LIMIT|OFFSET|MINUS|SERVICE)\b", code, re.IGNORECASE):
            raise Unsupported("a SPARQL constraint whose result depends on $this being pre-bound")
        if re.search(r"(?<![\w?$:-])VALUES(?![\w:.-])", code, re.IGNORECASE):
            # SHACL forbids it (5.3.1): the reference refuses the shapes, and so must this
            raise Unsupported("a SPARQL constraint with VALUES, which SHACL does not allow")
        return _subquery(text.replace("$this", "?this")), self.prefixes(node)


OWL = "http://www.w3.org/2002/07/owl#"
_SELECT = "SELECT DISTINCT ?this ?value ?path WHERE"

_NODE_KIND = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "!isLiteral(?v)",
    SH.BlankNodeOrLiteral: "!isIRI(?v)",
    SH.IRIOrLiteral: "!isBlank(?v)",
}


def _datatype_ok(dt: str, v: str) -> str:
    """True when ``v`` is a well-formed literal of datatype ``dt`` (as pyshacl decides)."""
    base = f"isLiteral({v}) && DATATYPE({v}) = <{dt}>"
    if dt in _CASTABLE:
        return f"{base} && isLiteral(<{dt}>(STR({v})))"
    if dt in _NAME_ONLY or dt == _RDF_LANGSTRING or not dt.startswith(_XSD):
        return base
    if dt == str(RDFS.Literal):
        return f"isLiteral({v})"
    raise Unsupported(f"sh:datatype {dt} (its lexical rules are not compiled)")


def _int(node: Node) -> int:
    try:
        return int(str(node))
    except ValueError:
        raise Unsupported(f"{node} where an integer is expected") from None


def _true(node: Node) -> bool:
    return isinstance(node, Literal) and node.toPython() is True


def _too_few(values: str, low: int) -> str:
    """A focus node with fewer than ``low`` values (``values``: the pattern from ``?this``
    along the path to ``?_c``; a node without any has no count at all)."""
    if low == 1:
        return f"FILTER NOT EXISTS {{ {values} }}"
    return f"OPTIONAL {_counted(values)} FILTER (COALESCE(?_n, 0) < {low})"


def _counted(values: str) -> str:
    """A sub-query binding each node with values (``values``: the pattern from ``?this``
    along the path to ``?_c``) to their number ``?_n`` (distinct terms, as SHACL counts)."""
    return f"{{ SELECT ?this (COUNT(DISTINCT ?_c) AS ?_n) WHERE {{ {values} }} GROUP BY ?this }}"


def _subquery(select: str) -> str:
    """A SELECT text (prefix declarations removed) as a sub-query group."""
    body = re.sub(r"^\s*PREFIX\s+\S*\s*<[^>]*>\s*", "", select, flags=re.IGNORECASE | re.MULTILINE)
    return f"{{ {body.strip()} }}"


def compile_shapes(shapes: Graph) -> Plan:
    """The checks for every targeted shape of ``shapes`` (and the shapes left to pyshacl)."""
    return Compiler(shapes).plan()
