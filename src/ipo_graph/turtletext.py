"""Turtle as written: its declarations, the prefixes and base in force at a place, and the
subject that opens each line.

Everything that says where a name stands in a file reads the text by these rules: the
loader's subject lines, the report's location index, the canonical formatter's
prefixes. One rule, so that they cannot disagree on what ``x:`` means on a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

from . import strict

#: Where a line starts: after a line feed (``re.MULTILINE``) or, as the grammar ends a
#: line there too, after a carriage return (a file with classic-Mac line ends).
_LINE_START = r"(?:^|(?<=\r))"
#: A prefix declaration starting a line: the prefix (group 1) and its IRI (group 2). Blanks
#: never cross a line, so the pattern finds the same declarations in a line by itself and
#: in a whole text (``re.MULTILINE``).
PREFIX_DECLARATION = (
    _LINE_START + r"[^\S\n]*(?:@prefix|PREFIX)[^\S\n]+([A-Za-z][\w.-]*)?:[^\S\n]*<([^>\n]*)>"
)
PREFIX_RE = re.compile(PREFIX_DECLARATION, re.IGNORECASE)
#: A base declaration starting a line: its IRI (group 1), by the same rule.
BASE_DECLARATION = _LINE_START + r"[^\S\n]*(?:@base|BASE)[^\S\n]+<([^>\n]*)>"
BASE_RE = re.compile(BASE_DECLARATION, re.IGNORECASE)
#: A prefixed name's local part as written: escapes (``a\;b``, ``a\#b``) and the characters
#: that neither end a term nor open a comment; a ``#`` right after a name starts a comment.
LOCAL_PART = r"(?:[^\s;,()\[\]\"'<>#\\]+|\\.)*"  # runs of plain characters: 1.5× faster
#: The subject opening a statement: an IRI in angle brackets or a prefixed name.
SUBJECT_RE = re.compile(rf"^(<[^>\s]+>|(?:[A-Za-z][\w.-]*)?:{LOCAL_PART})")

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# a prefix or base declaration, tried at the start of a line
_DECLARATIONS = re.compile(f"{PREFIX_DECLARATION}|{BASE_DECLARATION}", re.IGNORECASE | re.MULTILINE)
#: The word of every declaration, in any case. Searched for first: the declaration
#: pattern, which begins with no fixed character, was tried at every place of the text
#: (0.36 s over the 5.5 MB of scale 30, where this search and a try at each line it finds
#: take 0.05 s).
_DECLARATION_WORD = re.compile(r"[PpBb](?i:refix|ase)")
# a subject at the very start of a line (an indented line goes on with a statement)
_LINE_SUBJECT = re.compile(SUBJECT_RE.pattern, re.MULTILINE)

Declaration = tuple[int, str | None, str]
"""Where a declaration stands, its prefix (None for a base) and its IRI as written."""


def resolve_token(token: str, prefixes: Mapping[str, str], base: str | None) -> str | None:
    """The IRI a token of the text spells, as the parser reads it: ``<…>`` against the
    base in force (a relative IRI such as ``<post-x>`` or ``<../a>``), ``prefix:local``
    with its prefix's IRI, escapes removed; None for a prefix not declared."""
    if token.startswith("<"):
        iri = token[1:-1]
        return iri if base is None or _SCHEME_RE.match(iri) else urljoin(base, iri)
    prefix, _, local = token.partition(":")
    ns = prefixes.get(prefix)
    return None if ns is None else ns + local.replace("\\", "")


def declarations(text: str) -> list[Declaration]:
    """Each prefix and base declaration of ``text``, in the order they stand; not the
    words of one inside a multi-line string (the only text that can hold a line that
    looks like a declaration and is none)."""
    found: list[Declaration] = []
    tried = -1
    for word in _DECLARATION_WORD.finditer(text):
        at = word.start()
        line = text.rfind("\n", 0, at) + 1
        line = text.rfind("\r", line, at) + 1 or line  # a line a carriage return ends
        if line == tried:
            continue
        tried = line
        m = _DECLARATIONS.match(text, line)
        if m is not None:
            found.append(
                (m.start(), None, m.group(3))
                if m.group(2) is None
                else (m.start(), m.group(1) or "", m.group(2))
            )
    if found and ('"""' in text or "'''" in text):
        inside = _long_strings(text)
        found = [d for d in found if not _within(d[0], inside)]
    return found


def _long_strings(text: str) -> list[tuple[int, int]]:
    """Where the multi-line (triple-quoted) strings of ``text`` stand, in order: read by
    the lexer that finds where a line's comment starts (:data:`.strict.TOKENS`), so that a
    quote or ``#`` in a name's escape, an IRI or a comment is passed over alike."""
    return [m.span() for m in strict.TOKENS.finditer(text) if m.group().startswith(('"""', "'''"))]


def _within(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of the ordered ``spans``."""
    from bisect import bisect_right

    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


class PrefixesAt:
    """The prefixes and base of a file as declared before a place in it, for places read
    in order (each declaration is applied once, as the reading passes it); the base starts
    as the file's own IRI, as the parser's does."""

    def __init__(self, declared: list[Declaration], path: Path) -> None:
        from .namespaces import PREFIX_IRIS  # imports rdflib: not for listing files

        self._declarations = declared
        self._applied = 0
        self._prefixes = dict(PREFIX_IRIS)
        self.base: str | None = strict.base_iri_of(path)

    @property
    def applied(self) -> int:
        """How many declarations are in force so far: the prefixes change with it."""
        return self._applied

    def before(self, offset: int) -> dict[str, str]:
        declared, prefixes = self._declarations, self._prefixes
        while self._applied < len(declared) and declared[self._applied][0] < offset:
            _, prefix, iri = declared[self._applied]
            resolved = resolve_token(f"<{iri}>", prefixes, self.base) or iri
            if prefix is None:
                self.base = resolved
            else:
                prefixes[prefix] = resolved
            self._applied += 1
        return prefixes


def line_subjects(
    text: str, path: Path, declared: list[Declaration] | None = None
) -> Iterator[tuple[str, int]]:
    """The IRI of the subject at the start of each line, with the line's number, read with
    the prefixes and base in force there (``declared``: the text's declarations, if
    already found)."""
    for iri, line_no, _ in subject_lines(text, path, declared):
        yield iri, line_no


def subject_lines(
    text: str, path: Path, declared: list[Declaration] | None = None
) -> Iterator[tuple[str, int, int]]:
    """:func:`line_subjects` with the offset each subject starts at."""
    scope = PrefixesAt(declarations(text) if declared is None else declared, path)
    line_no, counted = 1, 0
    for m in _LINE_SUBJECT.finditer(text):
        iri = resolve_token(m.group(1), scope.before(m.start()), scope.base)
        if iri is not None:
            line_no += text.count("\n", counted, m.start())
            counted = m.start()
            yield iri, line_no, m.start()


#: The tokens of a statement, for :func:`objects_written`: its punctuation (the dot that ends
#: it, a TriG graph's brace), a literal's language tag or datatype, and a term: a name's
#: escape, an IRI, a string or a comment (:data:`.strict.TOKENS`), or any other term (a
#: name, a number, a keyword); blanks between them are passed over.
_STATEMENT_LEX = re.compile(
    r"(?P<mark>[{}\[\]();,]|\.(?=[\s#]|\Z))"
    r"|(?P<tag>\^\^(?:<[^>]*>|(?:[^\s;,()\[\]\\.]|\\.|\.(?![\s#]|\Z))*)|@[A-Za-z0-9-]+)"
    rf"|(?P<term>{strict.TOKENS.pattern}"
    r"|(?:[^\s;,()\[\]{}\"'<#\\.]|\\.|\.(?![\s#]|\Z))+)",
    re.DOTALL,
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def statement_end(text: str, start: int) -> int:
    """Where the statement going on at ``start`` ends: after its dot (outside strings,
    IRIs and comments), else at the end of ``text``."""
    for m in strict.STATEMENT_TOKENS.finditer(text, start):
        if m.group() == ".":
            return m.end()
    return len(text)


class WrittenBlank(NamedTuple):
    """A blank node (``[ … ]``, ``( … )`` or ``_:x``) a statement writes as the object of
    one of its subject's properties."""

    predicate: str
    """The property leading to it, as an IRI."""
    offset: int
    """Where that property is written."""
    says: frozenset[tuple[str, str | None]]
    """What its ``[ … ]`` writes at its own level: each property with its object's IRI
    (None for a literal, a blank node or a list); empty for a label or a list."""
    values: tuple[WrittenValue, ...] = ()
    """The IRIs and literals its ``[ … ]`` writes at its own level, each where it stands."""


class WrittenValue(NamedTuple):
    """An IRI or a literal a statement writes as the object of one of its subject's
    properties."""

    predicate: str
    """The property leading to it, as an IRI."""
    offset: int
    """Where the value is written (on a line of its own in a list after ``,``)."""
    value: str
    """The IRI, or the literal's lexical form (a string's text without its quotes and
    escapes, a number or boolean as written)."""
    literal: bool


class _Level:
    """Where the reading is within a statement, or within one ``[ … ]`` or ``( … )`` of it."""

    __slots__ = ("at", "expect", "predicate", "reads", "says", "values", "written")

    def __init__(self, expect: str, reads: bool, written: WrittenBlank | None = None) -> None:
        self.expect = expect  # "s"ubject, "p"redicate, "o"bject, "-" after one, "l"ist item
        self.reads = reads  # whether its properties are wanted: the statement's, a written's
        self.predicate: str | None = None
        self.at = 0  # where the predicate is written
        self.written = written  # the blank node this level writes, when it is wanted
        self.says: set[tuple[str, str | None]] = set()
        self.values: list[WrittenValue] = []


class Terms:
    """The IRIs the terms of a text name with one set of prefixes and base, each term
    resolved once (the statements of many owners repeat their properties and values)."""

    def __init__(self, prefixes: Mapping[str, str], base: str | None) -> None:
        self._prefixes = dict(prefixes)
        self._base = base
        self._known: dict[str, str | None] = {}

    def __call__(self, token: str) -> str | None:
        """The IRI ``token`` names; None for a literal, a blank node or a keyword."""
        known = self._known.get(token, self)
        if known is not self:
            return known  # type: ignore[return-value]
        iri = None
        if token == "a":
            iri = RDF_TYPE
        elif token[0] == "<" or (":" in token and token[0] not in "\"'_"):
            iri = resolve_token(token, self._prefixes, self._base)
        self._known[token] = iri
        return iri


def objects_written(
    text: str, start: int, term: Callable[[str], str | None], wanted: set[str]
) -> Iterator[WrittenBlank | WrittenValue]:
    """The objects the statement starting at ``start`` (with its subject) writes for its
    subject's properties in ``wanted`` (IRIs), in the order written: each blank node, IRI
    and literal; read token by token to the dot that ends it, strings and comments passed
    over; ``term`` resolves a term (:class:`Terms`)."""
    levels = [_Level("s", True)]
    top = levels[0]
    for m in _STATEMENT_LEX.finditer(text, start):
        kind = m.lastgroup
        if kind == "term":
            token = m.group()
            expect = top.expect
            if token[0] == "#":
                continue  # a comment
            if expect == "p":
                top.predicate = term(token) if top.reads else None
                top.at, top.expect = m.start(), "o"
            elif expect == "o":
                if top.predicate is not None:
                    if top.written is not None:
                        top.says.add((top.predicate, term(token)))
                        if token[:2] != "_:":
                            top.values.append(_value(top.predicate, m.start(), token, term))
                    elif top.predicate in wanted and len(levels) == 1:
                        if token[:2] == "_:":
                            yield WrittenBlank(top.predicate, top.at, frozenset())
                        else:
                            yield _value(top.predicate, m.start(), token, term)
                top.expect = "-"
            elif expect == "s":
                top.expect = "p"
            continue
        if kind == "tag":
            continue  # a literal's language tag or datatype
        token = m.group()
        if token == ";":
            top.expect = "p"
        elif token == ",":
            top.expect = "o"
        elif token in "[(":
            found = None
            if top.expect == "o" and top.predicate is not None:
                if top.written is not None:
                    top.says.add((top.predicate, None))
                elif len(levels) == 1 and top.predicate in wanted:
                    found = WrittenBlank(top.predicate, top.at, frozenset())
            top = _Level("p" if token == "[" else "l", found is not None, found)
            levels.append(top)
        elif token in "])":
            if len(levels) > 1:
                levels.pop()
                if top.written is not None:
                    yield top.written._replace(says=frozenset(top.says), values=tuple(top.values))
                top = levels[-1]
                if top.expect != "l":
                    top.expect = "-"
        elif len(levels) == 1:
            return  # the dot that ends the statement (or a TriG graph's brace)


def _value(
    predicate: str, offset: int, token: str, term: Callable[[str], str | None]
) -> WrittenValue:
    """The object ``token`` writes: a string by its text, an IRI, else a number or a
    boolean as written."""
    if token[0] in "\"'":
        quotes = 3 if token[:3] in ('"""', "'''") else 1
        return WrittenValue(predicate, offset, _unescape(token[quotes:-quotes]), True)
    iri = term(token)
    return WrittenValue(predicate, offset, token if iri is None else iri, iri is None)


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}


def _unescape(text: str) -> str:
    """A string's text as the parser reads it: ``\\n``, ``\\"``, ``\\u00E9`` and the like
    replaced by the characters they stand for."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(
        lambda m: (
            chr(int(m.group(1) or m.group(2), 16))
            if m.group(3) is None
            else _ECHARS.get(m.group(3), m.group(3))
        ),
        text,
    )
