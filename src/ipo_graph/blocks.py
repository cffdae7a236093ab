"""A subject described in two blocks of one Turtle file: most often a copied block whose
subject was not renamed.

RDF merges the two blocks into one resource without a word, so the copy's facts land on
the original (a second ``org:reportsTo``, a second label, another post's role), and
``ipo-graph fmt`` would then write them as one block, where nobody sees the copy any more.
A file in canonical form has one block per subject (``fmt``), so two blocks that both give
the subject's type (``a``, the first line of every block ``fmt`` writes) are a slip, even
when the copy's statements are all allowed; statements written one per line about one
subject, as hand-written Turtle often has them, are not blocks of that kind. Both engines
run this check on the files themselves (the store no longer knows which statements stood
together) and report it as results of ``ipos:RepeatedSubjectShape``.

Only Turtle is read: an N-Triples file states one subject on many lines by design, and a
TriG file may describe one subject in several graphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from . import strict
from .errors import ParseError
from .labels import short_name
from .load import Location
from .locations import opens_statement
from .namespaces import IPOS
from .turtletext import SUBJECT_RE, PrefixesAt, declarations, resolve_token

if TYPE_CHECKING:
    from .violations import Violation
    from .vocabulary import NodeContext

SHAPE = IPOS.RepeatedSubjectShape
_LINE_END = re.compile(r"\r\n?")
_LINE_START_SUBJECT = re.compile(SUBJECT_RE.pattern, re.MULTILINE)
#: a block that opens with the subject's type (``a``, as the canonical layout writes it
#: first): a copy of a resource's block carries it, while statements written one per line
#: (``ex:p rdfs:label "…" .`` below ``ex:p rdfs:subPropertyOf ex:q .``) need not
_TYPED_BLOCK = re.compile(
    r"[ \t]*\n?[ \t]*(a|rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>)[ \t\n]"
)


def repeated_subjects(path: Path, text: str | None = None) -> Iterator[tuple[str, list[int]]]:
    """Each IRI that opens two or more statements of the Turtle file ``path`` that each
    begin with its type, with the lines that open them; none for a file that cannot be
    read (validation said so). ``text``: the file as :func:`.strict.read_text` gives it,
    when the caller has read it (``fmt`` reads each file once)."""
    if text is None:
        try:
            text = strict.read_text(path)
        except ParseError:
            return
    # a line ends at a CR, LF or CRLF, as the parser counts lines; the scan counts LFs.
    # The text is the parser's too (no byte-order mark: a first @prefix line is one)
    if "\r" in text:
        text = _LINE_END.sub("\n", text)
    # the common case first, cheaply: no token starts two lines, so no subject opens two
    # blocks (a subject spelt two ways, ipod:x and <https://…/id/x>, is not looked for)
    starts = Counter(_LINE_START_SUBJECT.findall(text))
    twice = {token for token, n in starts.items() if n > 1}
    if not twice:
        return
    scope = PrefixesAt(declarations(text), path)
    opened: dict[str, list[int]] = {}
    line_no, counted = 1, 0
    for m in _LINE_START_SUBJECT.finditer(text):
        if m.group(1) not in twice or not _TYPED_BLOCK.match(text, m.end()):
            continue  # only blocks that give the type: one-line statements are a style
        if not opens_statement(text, m.start()):
            continue  # a line that goes on with a subject already named, or a string's
        iri = resolve_token(m.group(1), scope.before(m.start()), scope.base)
        if iri is None:
            continue
        line_no += text.count("\n", counted, m.start())
        counted = m.start()
        opened.setdefault(iri, []).append(line_no)
    for iri, lines in opened.items():
        if len(lines) > 1:
            yield iri, lines


def repeated_subject_violations(files: Sequence[Path], ctx: NodeContext) -> list[Violation]:
    """One violation per block after a subject's first in the same Turtle file, at the
    line that opens it."""
    from .vocabulary import place, violation_at

    out: list[Violation] = []
    for path in files:
        if path.suffix.lower() != ".ttl":
            continue
        for iri, lines in repeated_subjects(path):
            node = URIRef(iri)
            name = short_name(node)
            first = lines[0]
            for line in lines[1:]:
                where = place(ctx, node, Location(path, line))
                en = (
                    f"{name} is described a second time in this file (its first block is on "
                    f"line {first}): RDF merges the two blocks into one resource, so a copied "
                    "block whose subject was not renamed adds its statements to the original. "
                    "Give the copy its own IRI, or merge the blocks by hand."
                )
                nl = (
                    f"{name} wordt in dit bestand een tweede keer beschreven (het eerste blok "
                    f"staat op regel {first}): RDF voegt de twee blokken samen tot één resource, "
                    "dus een gekopieerd blok waarvan het onderwerp niet is hernoemd, voegt zijn "
                    "uitspraken toe aan het origineel. Geef de kopie een eigen IRI, of voeg de "
                    "blokken met de hand samen."
                )
                out.append(violation_at(where, None, None, SHAPE, nl, en))
    return out
