"""Canonical Turtle: one layout for every file, so a diff shows what changed and nothing else.

rdflib's ``longturtle`` serializer comes close but does not keep comments, declares
prefixes the file never uses, and orders subjects by type rather than by IRI; this module
writes the layout itself and uses rdflib only to parse and to prove the round trip.

The layout: the file's leading comment block; the used prefixes, sorted; then one block
per subject — ``owl:Ontology`` headers first, then IRIs in code-point order, then blank
nodes that cannot be inlined — with ``a`` first, ``rdfs:label`` second, the other
predicates sorted by prefixed name, one predicate per line, objects sorted, blank nodes
used once inlined as ``[ ... ]`` and well-formed RDF lists as ``( ... )``. Comments
elsewhere in the file are kept and move with the subject they stood in (or before).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import paths, strict
from .errors import ParseError, TooDeep, UsageError
from .load import expand_paths, quiet_literal_warnings
from .namespaces import OWL, PREFIXES, RDF, RDFS, XSD
from .oxterms import same_graph
from .turtletext import Declaration, PrefixesAt, declarations, resolve_token

WIDTH = 100
INDENT = "    "
_LOCAL_RE = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$")
# the form str(int(lex)) gives, read without int(): past 4,300 digits int() refuses
_CANONICAL_INTEGER_RE = re.compile(r"0|-?[1-9][0-9]*")
_DECIMAL_RE = re.compile(r"^-?[0-9]+\.[0-9]+$")
# a statement's first word when it is no IRI (:func:`_word`)
_WORD_RE = re.compile(r"(?:\\.|[^\s;,()\[\]#\\])+")
# where a statement may start: the first character that is not blank
_CODE_RE = re.compile(r"\S")
# a blank line: a line feed right after another
_BLANK_LINE_RE = re.compile(r"(?<=\n)\n")
# looked up once: rdflib resolves ``RDF.type`` anew on every access
_TYPE, _LABEL = RDF.type, RDFS.label


def turtle_files(items: Sequence[str | Path] | None = None) -> list[Path]:
    """The files to format: the Turtle among those given (folders expanded as the loader
    expands them), else all shipped Turtle.

    Only Turtle: written back as Turtle, an N-Triples or JSON-LD file would no longer be
    read by the parser its suffix picks. A file in another format named on the command
    line is a usage error rather than skipped, so nobody thinks it was checked.
    """
    if not items:
        roots = [paths.ontology_dir(), paths.data_dir()]
        return [p for root in roots for p in paths.rdf_files(root) if _is_turtle(p)]
    for item in items:
        p = Path(item)
        if p.is_file() and not _is_turtle(p):
            raise UsageError(f"{p}: not a Turtle file; fmt formats Turtle (.ttl) files only")
    # each file once, as first named: ``f ../t/f`` is one file, reported and written once
    once: dict[Path, Path] = {}
    for p in expand_paths(items, keep=_is_turtle):
        once.setdefault(p.resolve(), p)
    files = list(once.values())
    if not files:  # as validate says of a folder without RDF: nothing checked is no success
        raise UsageError(f"no Turtle files in {', '.join(map(str, items))}")
    return files


def _is_turtle(path: Path) -> bool:
    """Whether the parser reads ``path`` as Turtle (by its suffix, as every reader does)."""
    return strict.format_name(path) == "TURTLE"


def reformatted(path: Path, text: str, *, bom: bool = False) -> str | None:
    """The canonical text of ``path``, whose ``text`` (as :func:`.strict.decode` gives it)
    the caller has read, if it differs from the file, else None (nothing to write). A
    ``bom`` (byte-order mark, which ``decode`` drops) is a difference: the canonical form
    has none."""
    new = canonical_turtle(text, source=path)
    return new if new != text or bom else None


def canonical_turtle(text: str, *, source: Path | None = None) -> str:
    """``text`` (Turtle) in canonical layout; the graph is unchanged (checked).

    Relative IRIs resolve against ``source``'s own ``file:`` IRI (or a declared ``@base``)
    and are written as the file wrote them; without ``source`` a relative IRI is a parse
    error.
    """
    where = source or Path("<text>")
    base = strict.base_iri_of(source) if source is not None else None
    with _literals_as_written(), quiet_literal_warnings(), _not_too_deep(str(where)):
        return _canonical(text, where, base)


def graph_turtle(graph: Graph) -> str:
    """``graph`` as Turtle in the canonical layout, with the project's prefixes.

    For the Turtle the project writes itself (the SHACL report, the graph export): one
    layout everywhere, and the same bytes from every run, since blank nodes are ordered
    and named by their content rather than by the ids a parser or a run gave them.
    """
    with _not_too_deep("the graph"):
        return _Writer(graph, {}).write(_Comments(), {})


@contextmanager
def _not_too_deep(what: str) -> Iterator[None]:
    """The writer nests a blank node used once inside the statement that uses it, by
    recursion: a few hundred levels are written (150 tested), a thousand exhaust Python's
    stack. Said in plain words, not as a traceback."""
    try:
        yield
    except RecursionError:
        raise TooDeep(
            f"{what}: blank nodes or lists nested too deep to write as Turtle (more than a "
            "few hundred levels, each inside the one before)"
        ) from None


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """Keep lexical forms as written ("007", "1e3"); rdflib would normalise them."""
    import rdflib

    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def _strict_graph(parsed: strict.Parsed) -> Graph:
    """The strict parser's triples as an rdflib graph, every lexical form as written."""
    from .oxterms import from_oxigraph

    graph = Graph()
    for t in parsed.triples:
        graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
    return graph


def _canonical(text: str, where: Path, base: str | None) -> str:
    parsed = strict.parse_text(where, text, base_iri=base)
    graph = _strict_graph(parsed)
    declared_at = declarations(text)
    # each prefix as the text declares it last (as written, not resolved)
    written = {prefix: iri for _, prefix, iri in declared_at if prefix is not None}
    declared = {p: parsed.prefixes.get(p, ns) for p, ns in written.items()}
    bases = [(at, iri) for at, prefix, iri in declared_at if prefix is None]
    if len(bases) > 1:
        # one @base heads the canonical file; IRIs read against a later one would need
        # writing in full, which is no longer the file as written
        raise ParseError(
            str(where),
            text.count("\n", 0, bases[1][0]) + 1,
            "a second @base: fmt supports one @base per file (write the IRIs after it in "
            "full, or move them to a file of their own)",
        )
    base_line = f"@base <{bases[0][1]}> ." if bases else None
    comments = _scan_comments(text)
    if bases and comments.statements and comments.statements[0].start < bases[0][0]:
        # statements before it read their IRIs against the file's own place on disk: in
        # canonical form they would be written as this machine's file: paths
        raise ParseError(
            str(where),
            text.count("\n", 0, bases[0][0]) + 1,
            "an @base after statements: fmt supports one @base, before every statement "
            "(move it to the top, or write the IRIs before it in full)",
        )
    attached: dict[Node, list[str]] = defaultdict(list)
    unplaced: list[str] = []
    scope = PrefixesAt(declared_at, where)
    counter = _TripleCounter(text, declared_at, where, base)
    for statement in comments.statements:
        if not statement.comments:
            continue
        term = _statement_subject(statement, scope, parsed, counter)
        if term is not None and (term, None, None) in graph:
            attached[term].extend(statement.comments)
        else:
            unplaced.extend(statement.comments)
    comments.footer[:0] = unplaced
    relative = _relative_forms(comments.relative, base_line, base)
    writer = _Writer(graph, declared, relative=relative, written=written)
    out = writer.write(comments, attached, base_line=base_line)
    try:
        check = _strict_graph(strict.parse_text(where, out, base_iri=base))
    except ParseError as exc:  # pragma: no cover - a bug here must never lose data
        raise ParseError(
            str(where), None, f"canonical form would not parse ({exc.reason}); file left as it was"
        ) from None
    if not same_graph(graph, check):
        raise ParseError(
            str(where), None, "canonical form would change the graph; file left as it was"
        )
    return out


_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# what an IRI reference may hold between its angle brackets (escapes included)
_IRIREF_RE = re.compile(r'^[^\x00-\x20<>"{}|^`]*$')


def _relative_forms(written: list[str], base_line: str | None, base: str | None) -> dict[str, str]:
    """Each IRI the file wrote relative (``<post-x>``, ``<?q=1>``, ``<.>``) → that form, if
    it means the same IRI under the canonical file's one base: an IRI written relative stays
    relative as written, and one written in full stays in full (no machine path appears,
    and none is made relative). The strict parser resolves them, as it will read them."""
    forms = [w for w in dict.fromkeys(written) if _IRIREF_RE.match(w)]
    if not forms:
        return {}
    lines = [base_line] if base_line else []
    lines.extend(f"<{w}> <urn:x> <urn:x> ." for w in forms)
    try:
        parsed = strict.parse_text("<relative IRIs>", "\n".join(lines), base_iri=base)
    except ParseError:  # written in full, then; the round trip proves either way
        return {}
    from .oxterms import from_oxigraph

    out: dict[str, str] = {}
    for form, triple in zip(forms, parsed.triples, strict=True):
        out.setdefault(str(from_oxigraph(triple.subject)), form)
    return out


# --- comments ------------------------------------------------------------------------------


@dataclass
class _Statement:
    """A statement (not a directive): where it starts and ends in the text, its first
    token, and the comments in it or just before it."""

    start: int
    token: str
    end: int | None = None
    comments: list[str] = field(default_factory=list)


@dataclass
class _Comments:
    header: list[str] = field(default_factory=list)
    statements: list[_Statement] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    #: the IRIs written relative, as written (between the angle brackets), in text order
    relative: list[str] = field(default_factory=list)


def _scan_comments(text: str) -> _Comments:
    """Comments with the statement they belong to (the one they are in or precede).

    Read by the project's Turtle lexer (:data:`.strict.STATEMENT_TOKENS`), so a ``#``
    inside a string, an IRI or a name's escape is not taken for a comment, nor a dot
    inside one for the end of a statement. Only its tokens are visited one by one; the
    text between them (names, keywords, punctuation, blanks) is searched where a
    statement may start.
    """
    result = _Comments()
    pending: list[str] = []
    seen_statement = False
    in_statement = False
    current: _Statement | None = None
    at_statement_start = True
    sparql_directive = False  # PREFIX / BASE end with their IRI, not with a dot
    done = 0  # the text is read up to here
    # the end of the text closes the reading as a token would: a statement may start
    # in the text after the last one
    for m in chain(strict.STATEMENT_TOKENS.finditer(text), (None,)):
        stop, token = (m.start(), m.group()) if m is not None else (len(text), "")
        first = token[:1]
        if at_statement_start:
            # the first character that is not blank starts a statement, before the token
            # or as its first (not a comment: the statement starts after it)
            code = _CODE_RE.search(text, done, stop)
            at = code.start() if code else stop if first not in ("", "#") else -1
            if not seen_statement:
                blank = _BLANK_LINE_RE.findall(text, done, stop if at < 0 else at)
                result.header.extend([""] * len(blank))
            if at >= 0:
                # a statement's first word: the lexer's IRI, else a name or a keyword
                word = token if at == stop and first == "<" else _word(text, at)
                seen_statement = True
                in_statement = True
                at_statement_start = False
                sparql_directive = word.lower() in ("prefix", "base")
                current = None
                if word.lower() not in ("@prefix", "prefix", "@base", "base"):
                    if not result.statements and not pending:
                        # comments right before the first statement, no blank line
                        # between, stand before it as before any other (a header is set
                        # off by a blank line or the declarations): so the output, which
                        # puts a block's comments right above it, reads back the same
                        while result.header and result.header[-1]:
                            pending.insert(0, result.header.pop())
                    current = _Statement(at, word, comments=pending)
                    result.statements.append(current)
                    pending = []
        if first == "#":
            # the grammar ends a comment at a carriage return too: a statement after a
            # lone CR (or in a file with classic-Mac line ends) is a statement
            comment = token.rstrip()
            if not seen_statement:
                result.header.append(comment)
            elif in_statement and current is not None:
                current.comments.append(comment)
            else:
                pending.append(comment)
        elif first == "<":
            if not _SCHEME_RE.match(iri := token[1:-1]):
                result.relative.append(iri)
            if sparql_directive:
                sparql_directive = False
                in_statement = False
                at_statement_start = True
        elif first == ".":
            in_statement = False
            at_statement_start = True
            if current is not None:
                current.end = stop + 1
        done = stop + len(token)
    result.footer = pending
    while result.header and not result.header[-1]:
        result.header.pop()
    while result.header and not result.header[0]:
        result.header.pop(0)
    return result


def _word(text: str, at: int) -> str:
    """The first word of the statement starting at ``at`` that is no IRI: a name (escapes
    kept, a glued ``#`` left out), a keyword, a blank node's label, else the character."""
    word = _WORD_RE.match(text, at)
    return word.group(0) if word else text[at]


def _statement_subject(
    statement: _Statement, scope: PrefixesAt, parsed: strict.Parsed, counter: _TripleCounter
) -> Node | None:
    """The subject of ``statement``, where its comments go: an IRI read with the prefixes
    and base in force there (:mod:`turtletext`'s rule); a blank node (``[ … ]``, ``_:b``,
    ``( … )``) found among the triples the parser gave for the statement, since its label
    in the text is not the parser's. None when not found (the comments go last)."""
    token = statement.token
    if token[0] not in "[(_":
        iri = resolve_token(token, scope.before(statement.start), scope.base)
        return None if iri is None else URIRef(iri)
    from .oxterms import from_oxigraph

    span = counter.triples_of(statement)
    if span is None:
        return None
    triples = parsed.triples[span[0] : span[1]]
    objects = {t.object for t in triples}
    # the statement's subject is the one no other of its triples points to (a nested
    # blank node's triples come first)
    root = next((t.subject for t in triples if t.subject not in objects), None)
    return None if root is None else from_oxigraph(root)


class _TripleCounter:
    """Which of the parser's triples (by index) each statement gave, for statements asked
    in text order: the text is counted piece by piece, each piece parsed once after the
    declarations made before it, so a file of many commented blank-node statements is
    read once in all (parsing every prefix of the file anew made the work grow with their
    number times the file's length)."""

    def __init__(
        self, text: str, declared: list[Declaration], where: Path, base: str | None
    ) -> None:
        self.text, self.declared, self.where, self.base = text, declared, where, base
        self.offset = 0  # counted up to here (a statement's start or end) ...
        self.count = 0  # ... where this many triples had been given
        self.broken = False

    def triples_of(self, statement: _Statement) -> tuple[int, int] | None:
        """The first and past-the-last index of ``statement``'s triples; None when a piece
        does not parse on its own (the comments then go last)."""
        stop = statement.end if statement.end is not None else len(self.text)
        if self.broken or statement.start < self.offset:
            return None
        first = self._count_to(statement.start)
        last = None if first is None else self._count_to(stop)
        return None if first is None or last is None else (first, last)

    def _count_to(self, offset: int) -> int | None:
        piece = self.text[self.offset : offset]
        try:
            parsed = strict.parse_text(self.where, self._prelude() + piece, base_iri=self.base)
        except ParseError:
            self.broken = True
            return None
        self.offset, self.count = offset, self.count + len(parsed.triples)
        return self.count

    def _prelude(self) -> str:
        """The declarations in force at the counted offset, as written: the one @base
        (fmt refuses a second) first, then each prefix's last declaration."""
        last: dict[str | None, str] = {}
        for at, prefix, iri in self.declared:
            if at >= self.offset:
                break
            last[prefix] = iri
        base = last.pop(None, None)
        lines = [] if base is None else [f"@base <{base}> ."]
        lines.extend(f"@prefix {p}: <{iri}> ." for p, iri in last.items())
        return "".join(line + "\n" for line in lines)


# --- writing ---------------------------------------------------------------------------------


class _Writer:
    def __init__(
        self,
        graph: Graph,
        declared: dict[str, str],
        *,
        relative: dict[str, str] | None = None,
        written: dict[str, str] | None = None,
    ) -> None:
        self.graph = graph
        self.relative = relative or {}
        self.written = written or {}
        self.namespaces: dict[str, str] = dict(declared)
        taken = set(declared.values())
        for prefix, ns in PREFIXES.items():
            if str(ns) not in taken and prefix not in self.namespaces:
                self.namespaces[prefix] = str(ns)
        self.used: set[str] = set()
        # each subject's statements and what refers to each blank node, read in one pass:
        # a report of many results asks for them hundreds of thousands of times
        self.statements: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self.referrers: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in graph:
            self.statements[s].append((p, o))
            if isinstance(o, BNode):
                self.referrers[o].append((s, p))
        # how often each blank node is referred to, and its (last) parent, from the above
        self.refs: dict[Node, int] = {o: len(r) for o, r in self.referrers.items()}
        self.parent: dict[Node, Node] = {o: r[-1][0] for o, r in self.referrers.items()}
        self.lists = self._well_formed_lists()
        cycles = self._in_cycles()
        self.inline = {
            b for b, k in self.refs.items() if k == 1 and isinstance(b, BNode) and b not in cycles
        }
        self.labels: dict[Node, str] = {}
        self._iris: dict[URIRef, tuple[str, str | None]] = {}
        self._predicate_keys: dict[URIRef, tuple[bool, bool, str]] = {}
        self.placeholders = False  # render labelled blank nodes as "_:?" (for sorting)
        self._sort_renderings: dict[tuple[Node, str, int], list[str]] = {}

    # terms

    def iri(self, term: URIRef, *, predicate: bool = False) -> str:
        if predicate and term == _TYPE:
            return "a"
        known = self._iris.get(term)
        if known is None:
            known = self._iris[term] = self._shortest(term)
        name, prefix = known
        if prefix is not None:
            self.used.add(prefix)
        return name

    def _shortest(self, term: URIRef) -> tuple[str, str | None]:
        """The IRI as the file wrote it relative, else the prefixed name with the longest
        namespace (and the prefix), else ``<IRI>``; asked once per IRI, since a large graph
        names the same IRIs many times."""
        text = str(term)
        relative = self.relative.get(text)
        if relative is not None:
            return f"<{relative}>", None
        best: tuple[str, str] | None = None
        for prefix, ns in self.namespaces.items():
            if not (ns and text.startswith(ns) and _LOCAL_RE.match(text[len(ns) :])):
                continue
            if best is None or (-len(ns), prefix) < (-len(best[1]), best[0]):
                best = (prefix, ns)
        if best is None:
            return f"<{text}>", None
        return f"{best[0]}:{text[len(best[1]) :]}", best[0]

    def literal(self, lit: Literal) -> str:
        lex = str(lit)
        dt = lit.datatype
        if lit.language is None:
            # bare only when the parser reads the token back to the same lexical form
            if dt == XSD.integer and _CANONICAL_INTEGER_RE.fullmatch(lex):
                return lex
            if dt == XSD.decimal and _DECIMAL_RE.match(lex) and str(Decimal(lex)) == lex:
                return lex
            if dt == XSD.boolean and lex in ("true", "false"):
                return lex
        quoted = _quote(lex)
        if lit.language:
            return f"{quoted}@{language_tag(lit.language)}"
        if dt is not None and dt != XSD.string:
            return f"{quoted}^^{self.iri(dt)}"
        return quoted

    # structure

    def _well_formed_lists(self) -> dict[Node, list[Node]]:
        """Blank list heads → items, for lists whose cells are used once and hold nothing
        else; a cell inside another list is not a head of its own.

        Each cell is looked at once: whether the cells after it end the list well is
        remembered, where walking the list from each of its cells took time with the
        square of its length (a list of 300 items: 4.3 s of a 4.9 s ``fmt``)."""
        first_of: dict[Node, Node] = {}
        rest_of: dict[Node, Node] = {}
        for cell in {s for s, p, _o in self.graph.triples((None, RDF.first, None))}:
            if not isinstance(cell, BNode):
                continue
            said = self.statements.get(cell, [])
            firsts = [o for p, o in said if p == RDF.first]
            rests = [o for p, o in said if p == RDF.rest]
            if len(said) == 2 and len(firsts) == 1 and len(rests) == 1:
                first_of[cell], rest_of[cell] = firsts[0], rests[0]
        # whether a cell, as a later cell of a list (used once), leads well to rdf:nil
        ends: dict[Node, bool] = {RDF.nil: True}

        def ends_well(node: Node) -> bool:
            path: list[Node] = []
            on_path: set[Node] = set()
            cell = node
            while cell not in ends:
                if cell in on_path or cell not in rest_of or self.refs.get(cell, 0) != 1:
                    break  # a cycle, a cell that is more than a cell, or one used twice
                path.append(cell)
                on_path.add(cell)
                cell = rest_of[cell]
            result = ends.get(cell, False)
            for visited in path:
                ends[visited] = result
            return result

        heads = {cell for cell, rest in rest_of.items() if ends_well(rest)}
        # the later cells of these lists are heads too; each has the one cell before it
        inner = {rest_of[cell] for cell in heads}
        out: dict[Node, list[Node]] = {}
        for head in heads - inner:
            items: list[Node] = []
            cell = head
            while cell != RDF.nil:
                items.append(first_of[cell])
                cell = rest_of[cell]
            out[head] = items
        return out

    def _cells(self, head: Node) -> Iterable[Node]:
        cell: Node | None = head
        while cell is not None and cell != RDF.nil:
            yield cell
            cell = self.graph.value(cell, RDF.rest)

    def _in_cycles(self) -> set[Node]:
        """The blank nodes that following single parents leads back to. A node below a
        cycle is not in it: written inside its parent, as any other (a list under
        '_:a ex:p _:a' lost its cells when it was counted in the cycle).

        Each node is walked from once: whether its chain of parents was settled is
        remembered, where walking up from every node took time with the square of the
        chain's length (the cells of a list of 20,000 items: 36 s of ``export``)."""
        settled: set[Node] = set()
        cycles: set[Node] = set()
        for start in self.refs:
            path: list[Node] = []
            on_path: dict[Node, int] = {}
            current: Node | None = start
            while (
                isinstance(current, BNode)
                and self.refs.get(current, 0) == 1
                and current not in settled
            ):
                if current in on_path:  # the walk came back: from here on, a cycle
                    cycles.update(path[on_path[current] :])
                    break
                on_path[current] = len(path)
                path.append(current)
                current = self.parent.get(current)
            settled.update(path)
        return cycles

    def _list_cells_inside(self) -> set[Node]:
        return {c for h in self.lists for c in self._cells(h) if c != h}

    # rendering

    def term_key(self, term: Node) -> tuple[int, str, str, str]:
        """Objects sort IRIs first, then literals by language, datatype and text, then blanks."""
        if isinstance(term, URIRef):
            return (0, str(term), "", "")
        if isinstance(term, Literal):
            return (1, term.language or "", str(term.datatype or ""), str(term))
        # by its label if it has one (labels go out in a fixed order), else by content with
        # labelled nodes as "_:?" (a label handed out while sorting went to whichever node
        # the sort met first, so two runs could swap _:b1 and _:b2), and then by who refers
        # to it (ex:s ex:p _:x, _:y: _:x is ex:t's, _:y ex:u's)
        if term in self.labels:
            return (2, self.labels[term], "", "")
        before, self.placeholders = self.placeholders, True
        try:
            return (2, "\n".join(self.node(term, INDENT)), self._referred_by(term), "")
        finally:
            self.placeholders = before

    def _referred_by(self, term: Node) -> str:
        """The statements that point at a blank node, its blank referrers as "_"."""
        return "\n".join(
            sorted(
                f"{s if isinstance(s, URIRef) else '_'} {p}"
                for s, p in self.referrers.get(term, ())
            )
        )

    def node(self, term: Node, indent: str) -> list[str]:
        """A term as lines; the first line has no indentation, the others are absolute.

        A blank node's rendering as a sort key (``placeholders``) is kept: sorting the
        objects of each level rendered the levels below again, 2^depth renderings for
        blank nodes nested with a sibling each. It stays the same until a label is handed
        out (labels only grow), hence the number of labels in the key."""
        if not (self.placeholders and isinstance(term, BNode)):
            return self._node(term, indent)
        key = (term, indent, len(self.labels))
        kept = self._sort_renderings.get(key)
        if kept is None:
            kept = self._sort_renderings[key] = self._node(term, indent)
        return list(kept)

    def _node(self, term: Node, indent: str) -> list[str]:
        if isinstance(term, Literal):
            return [self.literal(term)]
        if isinstance(term, URIRef):
            return [self.iri(term)]
        if term in self.lists and term in self.inline:
            items = [self.node(x, indent + INDENT) for x in self.lists[term]]
            flat = "( " + " ".join(x[0] for x in items) + " )" if items else "()"
            if (
                all(len(x) == 1 and "\n" not in x[0] for x in items)
                and len(indent) + len(flat) <= WIDTH
            ):
                return [flat]
            lines = ["("]
            for item in items:
                lines.append(indent + INDENT + item[0])
                lines.extend(item[1:])
            lines.append(indent + ")")
            return lines
        if term in self.inline:
            body = self.predicates(term, indent + INDENT)
            if not body:
                return ["[]"]
            if len(body) == 1 and "\n" not in body[0] and len(body[0].strip()) <= 60:
                return [f"[ {body[0].strip()} ]"]
            return ["[", *body, indent + "]"]
        if self.placeholders:
            return ["_:?"]
        return [self.labels.setdefault(term, f"_:b{len(self.labels) + 1}")]

    def _predicate_key(self, p: URIRef) -> tuple[bool, bool, str]:
        """``a`` first, ``rdfs:label`` second, then by prefixed name (computed once each)."""
        key = self._predicate_keys.get(p)
        if key is None:
            key = self._predicate_keys[p] = (p != _TYPE, p != _LABEL, self.iri(p, predicate=True))
        return key

    def predicates(self, subject: Node, indent: str) -> list[str]:
        groups: dict[URIRef, list[Node]] = defaultdict(list)
        for p, o in self.statements.get(subject, ()):
            assert isinstance(p, URIRef)
            groups[p].append(o)
        order = sorted(groups, key=self._predicate_key)
        lines: list[str] = []
        for k, pred in enumerate(order):
            verb = self.iri(pred, predicate=True)
            if len(groups[pred]) == 1:
                # one object, rendered once: rendering it twice (and a third time for a
                # sort key) at each level cost 3^depth, and 50 nested blank nodes ran
                # for minutes. On one line its text does not depend on the indent.
                obj = self.node(groups[pred][0], indent)
                block = [f"{indent}{verb} {obj[0]}", *obj[1:]]
            else:
                block = self._objects(verb, sorted(groups[pred], key=self.term_key), indent)
            if k < len(order) - 1:
                block[-1] += " ;"
            lines.extend(block)
        return lines

    def _objects(self, verb: str, objects: list[Node], indent: str) -> list[str]:
        """A predicate's two or more objects: on one line if they fit, else one a line."""
        rendered = [self.node(o, indent + INDENT) for o in objects]
        one_line = all(len(r) == 1 and "\n" not in r[0] for r in rendered)
        flat = f"{indent}{verb} {', '.join(r[0] for r in rendered)}"
        if one_line and len(flat) <= WIDTH:
            return [flat]
        block = [f"{indent}{verb}"]
        for j, obj in enumerate(rendered):
            part = [indent + INDENT + obj[0], *obj[1:]]
            if j < len(rendered) - 1:
                part[-1] += ","
            block.extend(part)
        return block

    def subject_order(self) -> list[Node]:
        inside = self._list_cells_inside()
        subjects = {s for s in self.statements if s not in inside}
        ontologies = sorted(
            (
                s
                for s in subjects
                if isinstance(s, URIRef) and (s, RDF.type, OWL.Ontology) in self.graph
            ),
            key=str,
        )
        iris = sorted(
            (s for s in subjects if isinstance(s, URIRef) and s not in ontologies), key=str
        )
        blanks = [s for s in subjects if isinstance(s, BNode) and s not in self.inline]
        # labels follow the order of the blank nodes' content, not of their parser ids
        # (rendered only when there is an order to find: a SHACL report is one blank
        # node holding every result, and rendering it for nothing cost a third of its time)
        if len(blanks) > 1:
            self.placeholders = True
            blanks.sort(key=lambda b: "\n".join(self.predicates(b, INDENT)))
            self.placeholders = False
        for b in blanks:
            if self.refs.get(b, 0) > 1:
                self.labels.setdefault(b, f"_:b{len(self.labels) + 1}")
        return [*ontologies, *iris, *blanks]

    def prefix_iri(self, prefix: str) -> str:
        """A prefix's IRI: relative again when the file wrote it relative."""
        ns = self.namespaces[prefix]
        if prefix in self.written and not _SCHEME_RE.match(self.written[prefix]):
            return self.relative.get(ns, ns)
        return ns

    def _homes(
        self, attached: dict[Node, list[str]], blocks: set[Node]
    ) -> tuple[dict[Node, list[str]], list[str]]:
        """Each term's comments on the block it is written in: a blank node written inline
        (or a list cell) has no block of its own, so its comments go with the block that
        holds it; the comments of none go last. Never dropped."""
        notes: dict[Node, list[str]] = defaultdict(list)
        unplaced: list[str] = []
        for term, lines in attached.items():
            home: Node | None = term
            seen: set[Node] = set()
            while home is not None and home not in blocks and home not in seen:
                seen.add(home)
                home = self.parent.get(home)
            if home in blocks:
                notes[home].extend(lines)
            else:
                unplaced.extend(lines)
        return notes, unplaced

    def write(
        self,
        comments: _Comments,
        attached: dict[Node, list[str]],
        *,
        base_line: str | None = None,
    ) -> str:
        blocks: list[str] = []
        order = self.subject_order()
        notes, unplaced = self._homes(attached, set(order))
        for subject in order:
            lines = notes.get(subject, [])
            body = self.predicates(subject, INDENT)
            if isinstance(subject, BNode) and self.refs.get(subject, 0) == 0:
                head = "[]"
            else:
                head = self.node(subject, "")[0]
            lines.append(head)
            lines.extend(body)
            lines[-1] += " ."
            blocks.append("\n".join(lines))
        prefix_lines = [f"@prefix {p}: <{self.prefix_iri(p)}> ." for p in sorted(self.used)]
        if base_line is not None:
            prefix_lines.insert(0, base_line)
        parts: list[str] = []
        if comments.header:
            parts.append("\n".join(comments.header))
        if prefix_lines:
            parts.append("\n".join(prefix_lines))
        parts.extend(blocks)
        if unplaced or comments.footer:
            parts.append("\n".join([*unplaced, *comments.footer]))
        # nothing to say is an empty file, not one blank line: an empty file is canonical
        return "\n\n".join(parts) + "\n" if parts else ""


def language_tag(tag: str) -> str:
    """``tag`` in the case BCP 47 recommends (``nl-BE``, ``zh-Hant-TW``, ``en-x-ipo``).

    Oxigraph's parser lowercases language tags, which RDF allows (they compare without
    case); written back lowercased, ``"Limburg"@nl-BE`` would become ``@nl-be``: a diff
    without meaning, and a literal that rdflib, which compares tags with case, reads as
    another one. The recommended case is one fixed form for each tag however it is
    written, so the formatter stays idempotent."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    private = False
    for part in parts[1:]:
        private = private or len(part) == 1  # after a singleton (x-, u-, ...) all lower
        if private:
            out.append(part.lower())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())  # region
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        else:
            out.append(part.lower())
    return "-".join(out)


def _quote(lex: str) -> str:
    """A string literal the strict parser reads back as exactly ``lex``."""
    if "\n" in lex:
        body = lex.replace("\\", "\\\\").replace("\r", "\\r")
        # a quote followed by another, or the last one, escaped: no run of quotes inside can
        # close the string, and none can run into its closing three ('a\\n"""' ends so)
        body = _LONG_QUOTE_RE.sub(r'\\"', body)
        body = _control_escaped(body, keep="\n")
        return f'"""{body}"""'
    body = lex.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\t", "\\t")
    return f'"{_control_escaped(body)}"'


_LONG_QUOTE_RE = re.compile(r'"(?="|$)')

_CONTROL = {
    "": re.compile(r"[\x00-\x08\x0a-\x1f]"),
    "\n": re.compile(r"[\x00-\x08\x0b-\x1f]"),
}


def _control_escaped(text: str, keep: str = "") -> str:
    """Other control characters as ``\\uXXXX``: invisible in an editor, easy to lose."""
    return _CONTROL[keep].sub(lambda m: f"\\u{ord(m.group()):04X}", text)
