"""A subject described in two blocks, in one Turtle file or in two: most often a copied
block whose subject was not renamed.

RDF merges the two blocks into one resource without a word, so the copy's facts land on
the original (a second ``org:reportsTo``, a second label, another post's role), and
``ipo-graph fmt`` would then write them as one block, where nobody sees the copy any more.
A file in canonical form has one block per subject (``fmt``), so two blocks that both give
the subject's type (``a``, the first line of every block ``fmt`` writes) are a slip, even
when the copy's statements are all allowed; statements written one per line about one
subject, as hand-written Turtle often has them, are not blocks of that kind. The same holds
across the files validated together: a resource is described in the file of its subject,
and the ontology's terms in ``ontology/`` (the data refers to them, and never types them
again), so a typed block of a subject already typed in another file is a block pasted into
the wrong file. Both engines run this check on the files themselves (the store no longer
knows which statements stood together) and report it as results of
``ipos:RepeatedSubjectShape``.

Only Turtle is read: an N-Triples file states one subject on many lines by design, and a
TriG file may describe one subject in several graphs. A subject is found by its spelling
(``ipod:x``, as a copied block keeps it): the same IRI spelt two ways is not looked for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from . import strict
from .errors import ParseError
from .labels import short_name
from .load import Location
from .locations import opens_statement
from .namespaces import IPOS
from .paths import display_path
from .turtletext import SUBJECT_RE, PrefixesAt, declarations, resolve_token

if TYPE_CHECKING:
    from .violations import Violation
    from .vocabulary import NodeContext

SHAPE = IPOS.RepeatedSubjectShape
_LINE_END = re.compile(r"\r\n?")
#: a block that opens with the subject's type (``a``, as the canonical layout writes it
#: first): a copy of a resource's block carries it, while statements written one per line
#: (``ex:p rdfs:label "…" .`` below ``ex:p rdfs:subPropertyOf ex:q .``) need not
_TYPED = (
    r"(?=[ \t]*\n?[ \t]*(?:a|rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>)[ \t\n])"
)
#: the subject of a typed block at the start of a line after the first: the line feed
#: before it is the pattern's literal first character, which the regex engine looks for
#: fast (``^`` with ``re.MULTILINE`` is tried at every character: 0.26 s against 0.11 s
#: over the 36 MB of scale 200)
_TYPED_LINE = re.compile(r"\n(?>" + SUBJECT_RE.pattern.removeprefix("^") + ")" + _TYPED)
#: the same on the first line (the token is an atomic group: where no type follows it,
#: backtracking into its nested repetition would take exponential time)
_TYPED_FIRST = re.compile("(?>" + SUBJECT_RE.pattern + ")" + _TYPED)


def typed_tokens(text: str) -> Counter[str]:
    """How often each subject token, as written, opens a typed block at a line's start
    (a token inside a multi-line string may be counted too: :func:`typed_blocks` decides)."""
    found = Counter(_TYPED_LINE.findall(text))
    first = _TYPED_FIRST.match(text)
    if first:
        found[first.group(1)] += 1
    return found


def typed_blocks(text: str, path: Path, tokens: set[str]) -> Iterator[tuple[str, int]]:
    """The IRI and line of each typed block that one of ``tokens`` opens in ``text``: only
    a line that begins a statement, with the prefixes in force there."""
    scope = PrefixesAt(declarations(text), path)
    line_no, counted = 1, 0
    for m in _starts(text):
        if m.group(1) not in tokens or not opens_statement(text, m.start(1)):
            continue  # a line that goes on with a subject already named, or a string's
        iri = resolve_token(m.group(1), scope.before(m.start(1)), scope.base)
        if iri is None:
            continue
        line_no += text.count("\n", counted, m.start(1))
        counted = m.start(1)
        yield iri, line_no


def _starts(text: str) -> Iterator[re.Match[str]]:
    first = _TYPED_FIRST.match(text)
    if first:
        yield first
    yield from _TYPED_LINE.finditer(text)


def read(path: Path) -> str | None:
    """The file's text as the parser reads it (no byte-order mark: a first ``@prefix`` line
    is a declaration), its lines ending in LF (:func:`normalised`); None if it cannot be
    read or decoded: validation has said why."""
    try:
        return normalised(strict.read_text(path))
    except ParseError:
        return None


def normalised(text: str) -> str:
    """``text`` with each line ending at a LF: the parser ends a line at a CR, LF or CRLF,
    and the scan counts LFs."""
    return _LINE_END.sub("\n", text) if "\r" in text else text


def repeated_in_file(
    text: str, path: Path, tokens: Counter[str] | None = None
) -> Iterator[tuple[str, list[int]]]:
    """Each IRI that opens two or more typed blocks of the Turtle ``text``, with the
    lines that open them (``tokens``: its :func:`typed_tokens`, if counted already)."""
    # the common case first, cheaply: no token opens two typed blocks (a subject spelt
    # two ways, ipod:x and <https://…/id/x>, is not looked for)
    counted = typed_tokens(text) if tokens is None else tokens
    twice = {token for token, n in counted.items() if n > 1}
    if not twice:
        return
    opened: dict[str, list[int]] = {}
    for iri, line in typed_blocks(text, path, twice):
        opened.setdefault(iri, []).append(line)
    for iri, lines in opened.items():
        if len(lines) > 1:
            yield iri, lines


def repeated_subjects(path: Path, text: str | None = None) -> Iterator[tuple[str, list[int]]]:
    """Each IRI that opens two or more statements of the Turtle file ``path`` that each
    begin with its type, with the lines that open them; none for a file that cannot be
    read (validation said so). ``text``: the file as :func:`.strict.read_text` gives it,
    when the caller has read it (``fmt`` reads each file once)."""
    text = read(path) if text is None else normalised(text)
    if text is not None:
        yield from repeated_in_file(text, path)


@dataclass
class Blocks:
    """The typed blocks of the Turtle files validated together, read one file at a time
    (:meth:`add`, with the text the caller has read): blocks repeated within a file, and
    subject tokens typed in more than one file, which :meth:`violations` places."""

    in_file: list[tuple[Path, str, list[int]]] = field(default_factory=list)
    #: each token that opens a typed block, and the first file (its index) it does so in
    first_file: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    #: tokens typed in two or more files, with those files' indexes
    across: dict[str, set[int]] = field(default_factory=dict)

    def add(self, path: Path, text: str) -> None:
        """``text``: the file as :func:`read` gives it (its lines already end in LF)."""
        index = len(self.files)
        self.files.append(path)
        tokens = typed_tokens(text)
        for iri, lines in repeated_in_file(text, path, tokens):
            self.in_file.append((path, iri, lines))
        first_file = self.first_file
        for token in tokens:
            earlier = first_file.setdefault(token, index)
            if earlier != index:
                self.across.setdefault(token, {earlier}).add(index)

    def across_files(self) -> list[tuple[str, list[Location]]]:
        """Each IRI that opens typed blocks in two or more files, with the first block of
        each file in the order the files were added. Only the files that share a token
        with another are read again, to resolve it with their prefixes and place it: with
        none, the common case, no file is."""
        wanted: dict[int, set[str]] = {}
        for token, indexes in self.across.items():
            for index in indexes:
                wanted.setdefault(index, set()).add(token)
        places: dict[str, list[Location]] = {}
        for index in sorted(wanted):
            path = self.files[index]
            text = read(path)
            if text is None:
                continue
            seen: set[str] = set()
            for iri, line in typed_blocks(text, path, wanted[index]):
                if iri not in seen:
                    seen.add(iri)
                    places.setdefault(iri, []).append(Location(path, line))
        return [(iri, where) for iri, where in places.items() if len(where) > 1]

    def violations(self, ctx: NodeContext) -> list[Violation]:
        """One violation per block after a subject's first in the same file, at the line
        that opens it, and one per file after the first that types the subject again."""
        from .vocabulary import place, violation_at

        out: list[Violation] = []
        for path, iri, lines in self.in_file:
            node = URIRef(iri)
            en, nl = _in_file_messages(short_name(node), lines[0])
            for line in lines[1:]:
                where = place(ctx, node, Location(path, line))
                out.append(violation_at(where, None, None, SHAPE, nl, en))
        for iri, blocks in self.across_files():
            node = URIRef(iri)
            for at in blocks[1:]:
                en, nl = _across_messages(short_name(node), blocks[0], at)
                out.append(violation_at(place(ctx, node, at), None, None, SHAPE, nl, en))
        return out


def _in_file_messages(name: str, first: int) -> tuple[str, str]:
    en = (
        f"{name} is described a second time in this file (its first block is on line "
        f"{first}): RDF merges the two blocks into one resource, so a copied block whose "
        "subject was not renamed adds its statements to the original. Give the copy its "
        "own IRI, or merge the blocks by hand."
    )
    nl = (
        f"{name} wordt in dit bestand een tweede keer beschreven (het eerste blok staat op "
        f"regel {first}): RDF voegt de twee blokken samen tot één resource, dus een "
        "gekopieerd blok waarvan het onderwerp niet is hernoemd, voegt zijn uitspraken toe "
        "aan het origineel. Geef de kopie een eigen IRI, of voeg de blokken met de hand samen."
    )
    return en, nl


def _across_messages(name: str, first: Location, second: Location) -> tuple[str, str]:
    was, now = _at(first), _at(second)
    en = (
        f"{name} is described in two files: at {was} and again at {now}. RDF merges the "
        "blocks into one resource, so a block copied into another file whose subject was "
        "not renamed adds its statements to the original. Give the copy its own IRI, or "
        "describe the resource in one file only (the file of its subject)."
    )
    nl = (
        f"{name} wordt in twee bestanden beschreven: in {was} en opnieuw in {now}. RDF "
        "voegt de blokken samen tot één resource, dus een blok dat naar een ander bestand "
        "is gekopieerd en waarvan het onderwerp niet is hernoemd, voegt zijn uitspraken toe "
        "aan het origineel. Geef de kopie een eigen IRI, of beschrijf de resource in één "
        "bestand (het bestand van haar onderwerp)."
    )
    return en, nl


def _at(where: Location) -> str:
    return f"{display_path(where.path)}:{where.line}"
