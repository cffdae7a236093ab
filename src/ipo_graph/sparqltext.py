"""What a SPARQL text is, read before any engine sees it: updates, prefixes, the WHERE
group where a VALUES block of parameters goes; and, once those are put in, where an
engine's error position stands in the text as written.

Oxigraph's own errors for these cases are a list of expected Unicode ranges or "expected
CONSTRUCT"; a person needs "unknown prefix foo:" and "updates are not supported here".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from .errors import UsageError
from .textlines import LineStarts

_COMMENT_OR_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w.:?$-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[;,.)\]}]|$)")
_UPDATE = re.compile(
    r"^\s*(?:PREFIX\s+[\w.-]*:\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_KEYWORDS_WITH_COLON = frozenset({"bnode", "iri", "uri", "http", "https", "urn", "mailto"})
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Tokens of SPARQL text, enough to find the WHERE group: comments, strings and IRIs are
# skipped whole so that braces or keywords inside them are not mistaken for syntax.
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'
               |"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$]\w+)
    | (?P<word>[A-Za-z_][\w.-]*(?::[^\s{}();,]*)?|:[^\s{}();,]*)
    | (?P<punct>[{}()])
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


def code_only(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked (same length, same lines)."""

    def blank(m: re.Match[str]) -> str:
        s = m.group(0)
        if s.startswith("<"):
            return "<" + " " * (len(s) - 2) + ">"
        return "".join("\n" if c == "\n" else " " for c in s)

    return _COMMENT_OR_STRING.sub(blank, text)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...)."""
    return _UPDATE.match(code_only(text)) is not None


# Not after "?", "$" (a variable), ":" or "-" (inside a name), but after ".": a dot ends
# a triple pattern (``?o .SERVICE <x> {}``, ``?s ?p true.SERVICE …``). A local name with
# ".service" inside it (``ex:a.service``) is refused too: a rare name, a safe mistake.
_SERVICE = re.compile(r"(?<![\w?$:-])SERVICE(?![\w:.-])", re.IGNORECASE)


def calls_service(text: str) -> bool:
    """Whether ``text`` has a ``SERVICE`` clause: a federated call to another endpoint
    (not a variable ``?service``, a name ``ex:service`` or the word in a string)."""
    return "service" in text.lower() and _SERVICE.search(code_only(text)) is not None


def refuse_update(text: str) -> None:
    if is_update(text):
        raise UsageError(
            "updates are not supported here: ipo-graph query only reads the graph "
            "(SELECT, ASK, CONSTRUCT or DESCRIBE); change the data in data/*.ttl instead"
        )


def declared_prefixes(text: str) -> set[str]:
    return {m.group(1) or "" for m in _PREFIX_DECL.finditer(code_only(text))}


def used_prefixes(text: str) -> dict[str, tuple[int, int]]:
    """Prefixes used in prefixed names → (line, column) of their first use."""
    code = code_only(text)
    declarations = {m.start(1) if m.group(1) else m.end() - 1 for m in _PREFIX_DECL.finditer(code)}
    lines = LineStarts(code)  # `serve` reads every query here: keep it linear
    out: dict[str, tuple[int, int]] = {}
    for m in _PREFIXED.finditer(code):
        start = m.start()
        prefix = m.group(1) or ""
        if prefix in out or start in declarations or prefix.casefold() in _KEYWORDS_WITH_COLON:
            continue
        out[prefix] = (lines.line(start), lines.column(start))
    return out


def unknown_prefix(text: str, known: Mapping[str, str]) -> tuple[str, int, int] | None:
    """The first prefix used but neither declared in ``text`` nor in ``known``."""
    declared = declared_prefixes(text) | set(known)
    for prefix, (line, column) in sorted(used_prefixes(text).items(), key=lambda kv: kv[1]):
        if prefix not in declared:
            return prefix, line, column
    return None


def prefix_declarations(text: str, prefixes: Mapping[str, str]) -> str:
    """The declarations of the ``prefixes`` that ``text`` uses but does not declare, for
    the start of its first line (not lines of their own, so that line numbers stay)."""
    declared = declared_prefixes(text)
    used = used_prefixes(text)
    return "".join(
        f"PREFIX {p}: <{ns}> "
        for p, ns in sorted(prefixes.items())
        if p in used and p not in declared
    )


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """``text`` with the ``prefixes`` it uses but does not declare, on its first line."""
    return prepare(text, prefixes).text


#: Oxigraph's syntax errors: ``error at LINE:COLUMN: reason`` (the column counts characters).
ERROR_AT = re.compile(r"\berror at (\d+):(\d+):\s*(.*)", re.DOTALL)

# Oxigraph's parser lists what it expected: tokens, character classes over several lines
# (['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}' …], [_] for any character) and, among them, its
# own sentences ("The SELECT contains a variable that is unbound").
_CHAR_CLASS = re.compile(r"\[(?:'(?:\\.|[^'\\])*'|[^\]'])*\]")
_EXPECTED_ITEM = re.compile(r'"(?:\\.|[^"\\])*"|[^,]+')


def plain_reason(reason: str) -> str:
    """Oxigraph's reason on one line, as a person reads it: its own sentence if it gave
    one, else the tokens it expected, without character classes."""
    if not reason.startswith("expected"):
        return " ".join(reason.split())
    listed = re.sub(r"^expected\b( one of)?", "", " ".join(_CHAR_CLASS.sub("", reason).split()))
    items = [i.strip() for i in _EXPECTED_ITEM.findall(listed) if i.strip()]
    said = [i for i in items if " " in i and not i.startswith('"')]
    if said:
        return "; ".join(said)
    if not items:
        return "unexpected text here"
    return ("expected one of " if len(items) > 1 else "expected ") + ", ".join(items)


@dataclass(frozen=True)
class Prepared:
    """A query as an engine gets it: the text as written, with text put in at offsets of
    it (prefix declarations, a VALUES block). The insertions are kept so that an error
    position in what the engine got can be given in the text the user wrote."""

    written: str
    #: (offset in ``written``, text put in there), in the order of the offsets
    inserted: tuple[tuple[int, str], ...] = ()

    @cached_property
    def text(self) -> str:
        """What the engine gets."""
        parts: list[str] = []
        last = 0
        for at, insert in self.inserted:
            parts += [self.written[last:at], insert]
            last = at
        return "".join([*parts, self.written[last:]])

    def position(self, line: int, column: int) -> tuple[int, int]:
        """The (line, column) in the text as written of one in :attr:`text`; a place in
        text put in stands for the place it was put in."""
        sent = LineStarts(self.text)
        offset = sent.starts[min(max(line, 1), len(sent)) - 1] + max(column, 1) - 1
        shift = 0
        for at, insert in self.inserted:
            if offset < at + shift:
                break
            shift += len(insert)
            offset = max(offset, at + shift)
        written = LineStarts(self.written)
        offset = min(offset - shift, len(self.written))
        return written.line(offset), written.column(offset)

    def as_written(self, message: str) -> str:
        """An engine's error ``message`` with Oxigraph's ``error at LINE:COLUMN`` moved to
        the text as written and its reason in plain words (:func:`plain_reason`); other
        messages are left as they are."""
        found = ERROR_AT.search(message)
        if found is None:
            return message
        line, column = self.position(int(found[1]), int(found[2]))
        return f"{message[: found.start(1)]}{line}:{column}: {plain_reason(found[3].strip())}"


def prepare(
    text: str, prefixes: Mapping[str, str], bindings: Mapping[str, Node] | None = None
) -> Prepared:
    """``text`` for an engine that knows no project prefixes: the ``prefixes`` it uses but
    does not declare on its first line, and ``bindings`` as a VALUES block opening its
    WHERE group."""
    inserted: list[tuple[int, str]] = []
    declarations = prefix_declarations(text, prefixes)
    if declarations:
        inserted.append((0, declarations))
    if bindings:
        inserted.append(_values_insertion(text, bindings))
    return Prepared(text, tuple(inserted))


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` from RDF terms, each serialised by rdflib."""
    names: list[str] = []
    terms: list[str] = []
    for name, term in bindings.items():
        if not _VARNAME.match(name):
            raise UsageError(f"{name!r} is not a SPARQL variable name")
        if isinstance(term, BNode) or not isinstance(term, URIRef | RdfLiteral):
            raise UsageError(f"parameter {name}: only IRIs and literals can be sent to an endpoint")
        try:
            text = term.n3()
        except Exception:  # rdflib refuses IRIs that cannot be written safely
            raise UsageError(f"parameter {name}: {str(term)!r} is not a valid IRI") from None
        names.append(f"?{name}")
        terms.append(text)
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def where_group_start(query: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group."""
    form: str | None = None
    parens = 0
    saw_where = False
    template_depth = 0
    for m in _TOKENS.finditer(query):
        kind, text = m.lastgroup, m.group()
        if kind == "word":
            upper = text.upper()
            if upper in _FORMS and form is None and parens == 0:
                form = upper
            elif upper == "WHERE" and parens == 0 and template_depth == 0:
                saw_where = True
        elif kind == "punct":
            if text == "(":
                parens += 1
            elif text == ")":
                parens -= 1
            elif parens == 0 and form is not None:
                if template_depth:  # inside a CONSTRUCT template
                    template_depth += 1 if text == "{" else -1
                elif text == "{" and form == "CONSTRUCT" and not saw_where:
                    template_depth = 1
                elif text == "{":
                    if form == "CONSTRUCT" and _is_short_construct(query, m.start()):
                        raise UsageError(
                            "parameters cannot be sent with the short CONSTRUCT WHERE form; "
                            "write CONSTRUCT { … } WHERE { … }"
                        )
                    return m.end()
    raise UsageError("cannot find the WHERE clause of the query")


def _is_short_construct(query: str, brace: int) -> bool:
    """True for ``CONSTRUCT WHERE {`` (no template): the pattern is the template too."""
    before = [
        m.group().upper()
        for m in _TOKENS.finditer(query, 0, brace)
        if m.lastgroup in ("word", "punct")
    ]
    return len(before) >= 2 and before[-1] == "WHERE" and before[-2] == "CONSTRUCT"


def _values_insertion(query: str, bindings: Mapping[str, Node]) -> tuple[int, str]:
    """Where a VALUES block of ``bindings`` goes in ``query``, and the text put in."""
    return where_group_start(query), f" {values_block(bindings)}\n"


def with_values(query: str, bindings: Mapping[str, Node]) -> str:
    """``query`` with ``bindings`` as a VALUES block opening its WHERE group."""
    if not bindings:
        return query
    return Prepared(query, (_values_insertion(query, bindings),)).text
