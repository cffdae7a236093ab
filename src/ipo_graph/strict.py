"""Strict parsing: every file goes through Oxigraph's parser (Turtle, N-Triples, JSON-LD…).

Oxigraph follows the W3C grammar to the letter (IRIs, language tags, escapes, where a
literal may stand) and reports the exact line and column of an error, so a data editor is
sent to the real place, not to where a lenient parser happened to give up. Files are read
as bytes: a carriage return inside a long string stays a carriage return.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ParseError

if TYPE_CHECKING:
    import pyoxigraph as ox

#: Oxigraph's format for each file suffix (any other suffix is read as Turtle): every
#: reader of the files (validation on either engine, the query store) parses alike.
SUFFIX_FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".trig": "TRIG",
    ".jsonld": "JSON_LD",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
}
#: The formats whose lines the report reads to say where a node stands. JSON-LD and
#: RDF/XML spread a statement over lines in no fixed way: a node is placed in the file.
LINE_SUFFIXES = frozenset({".ttl", ".nt", ".nq", ".trig"})


def format_name(path: Path) -> str:
    """The name of Oxigraph's format for ``path`` (an ``RdfFormat`` attribute), by suffix."""
    return SUFFIX_FORMATS.get(path.suffix.lower(), "TURTLE")


def is_rdf_file(path: Path) -> bool:
    """Whether a folder's file is read as RDF: the same suffixes (any case) wherever a
    folder is expanded, so no file of the graph is left out by one command only."""
    return path.suffix.lower() in SUFFIX_FORMATS


def has_lines(path: Path) -> bool:
    """Whether the report names lines in ``path`` (Turtle and the N-Triples family)."""
    return path.suffix.lower() in LINE_SUFFIXES or path.suffix.lower() not in SUFFIX_FORMATS


@dataclass
class Parsed:
    """One file as the strict parser read it."""

    path: Path
    text: str
    triples: list[ox.Triple]
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None


def base_iri_of(path: Path) -> str:
    """The IRI relative IRIs in ``path`` resolve against: the file's own ``file:`` IRI."""
    return path.resolve().as_uri()


def language_tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not a well-formed BCP 47 language tag, or None if it is: Oxigraph's
    own judgement, so a tag written into a file is one the parser reads back."""
    import pyoxigraph as ox

    try:
        ox.Literal("", language=tag)
    except ValueError as exc:
        reason = str(exc) or "not well-formed"
        return reason[0].lower() + reason[1:]
    return None


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 without newline translation."""
    return decode(path, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a file that cannot be read is a parse error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc.strerror or exc}") from None


def decode(path: Path | str, data: bytes) -> str:
    """UTF-8 bytes → text; an invalid byte is a parse error at its line and column.

    A byte-order mark (some Windows editors write one) is dropped: it is invisible, and
    the parser would call it an invalid subject at 1:1.
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        text = data.split(b"\n")[line - 1].decode("utf-8", "replace")
        reason = f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (save the file as UTF-8)"
        raise ParseError(str(path), line, reason, column=column, text=text) from None


def parse_text(
    path: Path | str, text: str, *, base_iri: str | None = None, format: str = "TURTLE"
) -> Parsed:
    """Parse ``text`` strictly; a syntax or term error is a :class:`ParseError`."""
    import pyoxigraph as ox

    rdf_format = getattr(ox.RdfFormat, format)
    data = text.encode("utf-8")
    # a blank node's label names it within its file only: ``_:m`` in two files is two
    # nodes (as Oxigraph's store loads them), never one node holding what both say
    parser = ox.parse(data, format=rdf_format, base_iri=base_iri, rename_blank_nodes=True)
    try:
        triples = [q.triple for q in parser]
    except SyntaxError as exc:
        raise syntax_error(path, text, exc) from None
    jsonld = rdf_format == ox.RdfFormat.JSON_LD
    if problem := refused(path, data, triples, jsonld=jsonld, base_iri=base_iri, text=lambda: text):
        raise problem
    prefixes: dict[str, str] = {}
    found = getattr(parser, "prefixes", None)
    if isinstance(found, dict):
        prefixes = {str(k): str(v) for k, v in found.items()}
    return Parsed(Path(path), text, triples, prefixes, getattr(parser, "base_iri", None))


def parse_file(path: Path, *, text: str | None = None) -> Parsed:
    """``path`` read (unless ``text`` is given) and parsed strictly, against its own IRI."""
    body = read_text(path) if text is None else text
    return parse_text(path, body, base_iri=base_iri_of(path), format=format_name(path))


def refused(
    path: Path | str,
    data: bytes,
    statements: Sequence[Any],
    *,
    jsonld: bool,
    base_iri: str | None,
    text: Callable[[], str],
) -> ParseError | None:
    """The error for what the graph cannot hold among ``statements`` (Oxigraph triples or
    quads), parsed strictly from ``data``: a triple term or a base direction
    (:func:`rdf12_error`), or, in JSON-LD, a statement the parser left out
    (:func:`jsonld_dropped`). One rule for the loader and the store (``store.load_source``),
    so that no command reads what validate refuses. ``text`` gives the file's text, read
    only for an error's place."""
    if may_hold_rdf12(data) and (
        problem := rdf12_error(path, (s.object for s in statements), text)
    ):
        return problem
    if may_hold_version(data) and (problem := version_error(path, text())):
        return problem
    return jsonld_dropped(path, data, base_iri, len(statements)) if jsonld else None


def jsonld_dropped(
    path: Path | str, data: bytes, base_iri: str | None, kept: int
) -> ParseError | None:
    """The error for a JSON-LD statement the strict parser left out, or None.

    JSON-LD's rules drop a statement whose IRI is not one (``"http://exa mple/o"``) or
    whose language tag is not well-formed (``"@language": "-en"``) without a word, so
    validate passed a file whose statement had vanished. The lenient parser keeps them:
    when it reads more than the ``kept`` statements, the first term it alone took is named.
    """
    import pyoxigraph as ox

    lenient = list(ox.parse(data, format=ox.RdfFormat.JSON_LD, base_iri=base_iri, lenient=True))
    if len(lenient) <= kept:
        return None
    for quad in lenient:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode) and not _is_iri(term.value):
                why = f"{term.value!r} is not a valid IRI"
            elif isinstance(term, ox.Literal) and term.language:
                problem = language_tag_problem(term.language)
                if problem is None:
                    continue
                why = f"the language tag {term.language!r} is not well-formed ({problem})"
            else:
                continue
            return ParseError(
                str(path), None, f"{why}: JSON-LD leaves out the statement that uses it"
            )
    return ParseError(
        str(path), None, f"JSON-LD leaves out {len(lenient) - kept} statement(s) of this file"
    )


def _is_iri(text: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


#: What a file must hold to state what RDF 1.2 adds and the graph has no use for: a
#: triple term (RDF-star's quoted triple), in Turtle, TriG and the N-Triples family
#: ``<< >>``, ``<<( )>>``, an annotation ``{| |}`` or a reifier ``~``, in RDF/XML
#: ``rdf:parseType="Triple"`` or ``rdf:annotation``; a base direction, ``"x"@en--ltr``
#: or JSON-LD's ``@direction``. Only a file holding one of them is searched for them.
_RDF12_MARKS = ("<<", "{|", "~", "Triple", "annotation", "--", "@direction")


def may_hold_rdf12(data: str | bytes) -> bool:
    """Whether ``data`` may state a triple term or a base direction (:data:`_RDF12_MARKS`)."""
    if isinstance(data, bytes):
        return any(mark.encode() in data for mark in _RDF12_MARKS)
    return any(mark in data for mark in _RDF12_MARKS)


def rdf12_error(
    path: Path | str, objects: Iterable[Any], text: Callable[[], str]
) -> ParseError | None:
    """The error for the first object among ``objects`` (Oxigraph terms) that is a triple
    term or a literal with a base direction, or None: the rdflib graph that validate, fmt
    and the exporters read holds neither (a direction would be dropped without a word),
    and the data has no use for them. ``text`` gives the file's text, read only then."""
    import pyoxigraph as ox

    for term in objects:
        if isinstance(term, ox.Triple):
            return _rdf12_error(path, text(), quoted=True)
        if isinstance(term, ox.Literal) and term.direction is not None:
            return _rdf12_error(path, text(), quoted=False)
    return None


def _rdf12_error(path: Path | str, text: str, *, quoted: bool) -> ParseError:
    """Placed at the first mark of the kind outside strings, IRIs and comments (in a
    format with lines), else at the file."""
    lines = has_lines(Path(path))
    if quoted:
        written = (
            "<< >>, <<( )>>, {| |} or ~" if lines else 'rdf:parseType="Triple", rdf:annotation'
        )
        reason = (
            f"quoted triples (RDF-star / RDF 1.2: {written}) are not supported: the graph "
            "holds plain statements only; write the statement itself"
        )
    else:
        reason = (
            'a base direction (RDF 1.2: "…"@en--ltr, JSON-LD @direction) is not supported: '
            "the graph would lose it; write the language tag alone, without --ltr or --rtl"
        )
    if lines:
        for found in _RDF12.finditer(text):
            kind = found.lastgroup
            if kind == ("quoted" if quoted else "direction"):  # not a string, an IRI, a comment
                return _placed(path, text, found.start(kind), len(found.group(kind)), reason)
    return ParseError(str(path), None, reason)


_LINE_BREAK = re.compile(r"\r\n?|\n")


def syntax_error(path: Path | str, text: str, exc: SyntaxError) -> ParseError:
    """Oxigraph's error → ``file:line:column: reason`` with the line's text and a caret."""
    reason = str(exc.msg or exc).strip()
    # "Parser error at line 3 between columns 13 and 15: ^^ is not a valid subject"
    if reason.startswith("Parser error") and ": " in reason:
        reason = reason.split(": ", 1)[1]
    reason = _visible(_PLAIN.get(reason, reason))
    lines = _LINE_BREAK.split(text)  # Oxigraph's lines: a CR, LF or CRLF ends one
    line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
    column = exc.offset if isinstance(exc.offset, int) and exc.offset > 0 else None
    if line is not None and line > len(lines):  # an error at the very end of the file
        line = len(lines)
    width = 1
    end_line: Any = getattr(exc, "end_lineno", None)
    end_offset: Any = getattr(exc, "end_offset", None)
    if column is not None and end_line == line and isinstance(end_offset, int):
        width = max(1, end_offset - column)
    if line is not None and column is not None and reason in _NOT_ENDED:
        moved = _end_of_statement(lines, line, column)
        if moved is not None:
            line, column = moved
            width = 1
            reason = _NOT_ENDED[reason]
    if line is not None and may_hold_version(text):
        # N-Triples and N-Quads have no VERSION in Oxigraph's grammar: it calls the word
        # an invalid subject; the file is told what the line is, as in Turtle
        announced = version_error(path, text)
        if announced is not None and announced.line == line:
            return announced
    line_text = lines[line - 1] if line is not None else None
    return ParseError(str(path), line, reason, column=column, text=line_text, width=width)


#: A character Oxigraph quotes as it is: ``Invalid IRI code point ' '``.
_QUOTED_CHARACTER = re.compile(r"code point '(.)'", re.DOTALL)


def _visible(reason: str) -> str:
    """``reason`` with a quoted blank or control character named by its code point: the
    message for ``<http://x/a\\u0001>`` quoted the control character itself, which a
    terminal shows as nothing (``''``), and a tab or a space looked alike."""

    def name(m: re.Match[str]) -> str:
        char = m.group(1)
        if char.isprintable() and not char.isspace():
            return m.group()
        return f"code point U+{ord(char):04X}" + (" (a space)" if char == " " else "")

    return _QUOTED_CHARACTER.sub(name, reason)


#: Oxigraph's words that speak of its own programming interface, not of the file.
_PLAIN = {
    "No LoadDocumentCallback has been set to load remote contexts": (
        "the JSON-LD @context is a URL, and remote contexts are not fetched: put the "
        "context itself in the file"
    ),
}

_ADD_DOT = "the statement is not ended: add ' .' (or ' ;' / ' ,' to continue it) here"
#: Oxigraph's words for a statement left without its terminator, which it notices only at
#: what follows: the next statement, or the end of the file. Ours say what to add where.
_NOT_ENDED = {
    "A dot is expected at the end of statements": _ADD_DOT,
    "Triples should be followed by a dot": _ADD_DOT,  # a literal, then the end of the file
    # the end of the file: after a whole triple, or inside a [ ], ( ) or TriG { }
    "Unexpected end": (
        "the file ends inside this statement: add ' .' here (after closing any [, ( or { "
        "still open)"
    ),
    # N-Triples and N-Quads, one statement a line: no ; or , to continue it
    "Triples must be followed by a dot": "the statement is not ended: add ' .' here",
    "Quads must be followed by a dot": "the statement is not ended: add ' .' here",
}


def _end_of_statement(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where a missing terminator belongs: the end of the last line before the parser's
    place that holds more than a comment.

    Oxigraph reports the first token it cannot fit, which for a forgotten terminator is the
    next statement, often after a blank line, or the end of the file, after any blank
    lines and comments (past the last line when the file ends in a newline). Only a token
    with something before it on its own line is itself where the mistake is.
    """
    before = code_of_line(lines[line - 1][: column - 1])
    if before:
        at_end = line == len(lines) and column > len(lines[-1])
        return (line, len(before) + 1) if at_end else None
    for number in range(line - 1, 0, -1):
        code = code_of_line(lines[number - 1])
        if code:
            return number, len(code) + 1
    return None


#: The tokens that may hold a ``#`` or a quotation mark that opens neither a comment nor a
#: string: a name's escape (``ex:a\#b``, ``ex:a\'b``), an IRI (escapes too), a string (a
#: long one first; one left open runs to the end of what is read: a line, read alone),
#: and a comment. Read in order from the start of a line or a text, each match is a token
#: as the grammar reads it there: one lexer for where a line's comment starts
#: (:func:`code_of_line`), where a file's long strings stand (:mod:`.turtletext`), and,
#: with :data:`STATEMENT_TOKENS`, where the formatter's comments and statements stand.
_TOKEN_PATTERN = (
    r'\\.|<(?:[^<>"{}|^`\\\s]|\\.)*>'
    r'|"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*(?:\'\'\'|\Z)'
    r'|"(?:[^"\\\r\n]|\\.)*"|\'(?:[^\'\\\r\n]|\\.)*\'|#[^\r\n]*'
)
TOKENS = re.compile(_TOKEN_PATTERN, re.DOTALL)
#: :data:`TOKENS` and the dot that ends a statement: one followed by a blank, a comment or
#: the end of the text (in a name or a number more of it follows a dot), outside every
#: token, since the same reading passes over the dots inside them. Which token a match is
#: tells its first character: ``#`` a comment, ``<`` an IRI, a quote a string, ``\`` a
#: name's escape, ``.`` the end of a statement.
STATEMENT_TOKENS = re.compile(rf"{_TOKEN_PATTERN}|\.(?=[\s#]|\Z)", re.DOTALL)
#: :data:`TOKENS`, what opens a quoted triple in Turtle and its family and a language
#: tag's base direction (:func:`rdf12_error`): only a match that is not a token is one.
_RDF12 = re.compile(
    rf"{_TOKEN_PATTERN}|(?P<quoted><<|\{{\||~)|@[A-Za-z0-9-]*?(?P<direction>--[A-Za-z]+)",
    re.DOTALL,
)


def code_of_line(text: str) -> str:
    """``text`` without trailing blanks or the comment after it (from the first ``#`` that
    no escape, IRI or string on the line holds): empty for a blank or comment line."""
    if "#" in text:
        for m in TOKENS.finditer(text):
            if m.group().startswith("#"):
                return text[: m.start()].rstrip()
    return text.rstrip()


#: What a file must hold to announce its RDF version: Turtle 1.2's ``VERSION "1.2"``
#: (any case) or ``@version "1.2" .``, RDF/XML's ``rdf:version="1.2"``.
_VERSION_MARK = re.compile(rb"version\s*=?\s*[\"']")  # in lower case
#: :data:`TOKENS`, and a version directive where a statement may stand: not a name's
#: part (``ex:version``, ``version:x``), nor a language tag (``"x"@version``).
_VERSION = re.compile(
    rf"{_TOKEN_PATTERN}"
    r"|(?P<version>(?<![\w:.%\\@\"'-])(?:@version|(?i:version))(?=\s*[\"']))",
    re.DOTALL,
)
#: RDF/XML's version attribute, on any prefix bound to the RDF namespace.
_XML_RDF_PREFIX = re.compile(
    r"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"']http://www\.w3\.org/1999/02/22-rdf-syntax-ns#[\"']"
)
_VERSION_REASON = (
    "a version announcement ({written}, RDF 1.2) is not supported: the data is RDF 1.1, "
    "and RDF 1.2's additions are refused; delete it"
)


def may_hold_version(data: str | bytes) -> bool:
    """Whether ``data`` may announce an RDF version (:data:`_VERSION_MARK`)."""
    raw = (data.encode() if isinstance(data, str) else data).lower()
    # the word first: the search by the pattern, in any case, took 0.25 s over 50 MB
    return b"version" in raw and _VERSION_MARK.search(raw) is not None


def version_error(path: Path | str, text: str) -> ParseError | None:
    """The error for a version announcement in ``text``, or None.

    The parser reads ``VERSION "1.2"`` and says nothing, and the graph has no place for
    it: ``fmt`` dropped the line without a word, and a Turtle 1.1 tool cannot read a file
    that keeps it. Refused as RDF 1.2's other additions are (:func:`rdf12_error`), by
    every reader, at the directive."""
    if format_name(Path(path)) == "RDF_XML":
        prefixes = "|".join(re.escape(m.group(1)) for m in _XML_RDF_PREFIX.finditer(text))
        found = re.search(rf"(?<![\w.:-])(?:{prefixes}):version\s*=", text) if prefixes else None
        if found is None:
            return None
        reason = _VERSION_REASON.format(written='rdf:version="1.2"')
        return _placed(path, text, found.start(), len(found.group()) - 1, reason)
    for found in _VERSION.finditer(text):
        if found.lastgroup == "version":
            written = "@version" if found.group("version").startswith("@") else "VERSION"
            reason = _VERSION_REASON.format(written=f'{written} "1.2"')
            return _placed(path, text, found.start("version"), len(written), reason)
    return None


def _placed(path: Path | str, text: str, at: int, width: int, reason: str) -> ParseError:
    """The error ``reason`` at offset ``at`` of ``text``, ``width`` characters wide."""
    before = _LINE_BREAK.split(text[:at])
    line, column = len(before), len(before[-1]) + 1
    shown = _LINE_BREAK.split(text)[line - 1]
    return ParseError(str(path), line, reason, column=column, text=shown, width=width)
