"""Excerpts against their source documents: an excerpt's words stand in the document it is
quoted from, byte for byte (spacing, line breaks and OCR errors included), starting on its
line.

SHACL cannot state this (the texts are files, not triples), and the shapes can only check
that an excerpt has words and a line. Without this check an excerpt edited to say what the
source does not, or moved to the wrong line, passed ``validate`` and the commit hook. Both
engines run it on their own store through the same two queries
(``sparql/quoted-documents.rq``, ``sparql/excerpt-words.rq``) and report what it finds as
results of ``ipos:VerbatimExcerptShape``, whose messages are in the shapes file.

Only documents in ``sources/`` can be read. A document of the project's own ``data/``
whose file is not there is a violation (``ipos:SourceTextShape``): deleting or forgetting
the copy would otherwise switch the check off in silence. Excerpts of any other document
(synthetic data, a test's fixture) are not checked, and the run says so with ``--verbose``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from . import paths
from .execution import Target, execute
from .namespaces import DCTERMS, IPOS, RDF, SH
from .paths import sparql_file
from .shacl.engine import Result
from .textlines import LineStarts
from .vocabulary import COMPONENT

SHAPE = IPOS.VerbatimExcerptShape
FILE_SHAPE = IPOS.SourceFileShape
TEXT_SHAPE = IPOS.SourceTextShape
#: A name this close to a file in ``sources/`` (edits) is a typo for it, not another
#: document: synthetic documents' names (``001_eb0d4d47e0ebc159.txt``) differ in a dozen
#: characters from the shipped ones.
TYPO_DISTANCE = 2


@dataclass(frozen=True)
class Checked:
    """What one run found: the misquoted excerpts, and the documents it could not read."""

    results: list[Result]
    excerpts: int
    unread: list[str]


def stands_at(text: str, starts: LineStarts, line: int, words: str) -> bool:
    """Whether ``words`` occur in ``text`` starting on 1-based ``line``."""
    if not 1 <= line <= len(starts):
        return False
    begin = starts.starts[line - 1]
    at = text.find(words, begin)
    return at != -1 and at < starts.end(line)


def quote(
    text: str, starts: LineStarts, first: int, last: int, words: str | None = None
) -> tuple[int, str] | None:
    """The words of lines ``first``–``last`` as the source has them, and the line on which
    they start; None when they are not there (or the lines are blank).

    ``words`` must lie within those lines; without them, the lines' whole text is quoted,
    line breaks and all, less the whitespace around it (blank lines, indentation, a CRLF's
    return). The line is the one :func:`stands_at` checks, so ``excerpt`` never prints a
    quotation that ``validate`` would reject.
    """
    if not 1 <= first <= last <= len(starts):
        return None
    begin, end = starts.starts[first - 1], starts.end(last)
    wanted = text[begin:end].strip() if words is None else words
    at = text.find(wanted, begin) if wanted else -1
    if at == -1 or at + len(wanted) > end:
        return None
    line = starts.line(at)
    return (line, wanted) if stands_at(text, starts, line, wanted) else None


def misnamed(unread: list[str], texts: Mapping[str, str], target: Target) -> list[Result]:
    """The documents quoted from whose file name (``dcterms:identifier``) is a typo for a
    file in ``sources/``: their excerpts would go unchecked, without a word."""
    if not unread:
        return []  # each commit's check: no RapidFuzz import (about 10 ms) for nothing
    from rapidfuzz.distance import Levenshtein

    typos = {
        name
        for name in unread
        if any(
            Levenshtein.distance(name, f, score_cutoff=TYPO_DISTANCE) <= TYPO_DISTANCE
            for f in texts
        )
    }
    return _documents_named(typos, FILE_SHAPE, target)


def textless(unread: Iterable[str], files: Sequence[Path], target: Target) -> list[Result]:
    """The documents quoted from whose file name is written in a file of the project's
    ``data/`` but names no file in ``sources/``: the project keeps a copy of each of its
    sources, and without it none of the document's excerpts is checked. Documents named
    only elsewhere (synthetic data, a test's fixture) are no sources of the project."""
    unread = sorted(unread)
    if not unread:
        return []
    data = paths.data_dir().resolve()
    shipped = [f.read_bytes() for f in files if f.resolve().is_relative_to(data)]
    named = {n for n in unread if any(n.encode("utf-8") in text for text in shipped)}
    return _documents_named(named, TEXT_SHAPE, target)


def _documents_named(names: Iterable[str], shape: URIRef, target: Target) -> list[Result]:
    """A result of ``shape`` for each document whose ``dcterms:identifier`` is one of
    ``names``."""
    out: list[Result] = []
    query = sparql_file("documents-named.rq").read_text(encoding="utf-8")
    for name in sorted(names):
        for document, *_ in execute(query, {"identifier": Literal(name)}, target).rows:
            if document is not None:
                value = Literal(name)
                out.append(
                    Result(document, DCTERMS.identifier, value, shape, COMPONENT, SH.Violation)
                )
    return out


def check(
    target: Target,
    texts: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    files: Sequence[Path] = (),
) -> Checked:
    """Every excerpt in ``target`` (an rdflib graph or an Oxigraph store) whose words do
    not stand at its line of a document in ``texts`` (default: ``sources/``), and the
    documents whose file is not there: a typo for one that is, or, named in a file of
    ``files`` under the project's ``data/``, a copy missing."""
    if texts is None:
        from .traceability import read_sources

        texts = read_sources()
    quoted = execute(sparql_file("quoted-documents.rq").read_text(encoding="utf-8"), {}, target)
    names = sorted({str(row[0]) for row in quoted.rows if row[0] is not None})
    unread = [n for n in names if n not in texts]
    results: list[Result] = misnamed(unread, texts, target)
    typos = {str(r.value) for r in results}
    results += textless((n for n in unread if n not in typos), files, target)
    words_query = sparql_file("excerpt-words.rq").read_text(encoding="utf-8")
    count = 0
    for name in names:
        text = texts.get(name)
        if text is None:
            continue  # in unread
        starts = LineStarts(text)
        answer = execute(words_query, {"identifier": Literal(name)}, target)
        for row in answer.rows:
            found = dict(zip(answer.vars, row, strict=False))
            excerpt, line, words = found["excerpt"], found["line"], found["words"]
            if excerpt is None or not isinstance(words, Literal):
                continue  # words that are no text are Excerpt-value's to report
            number = line.toPython() if isinstance(line, Literal) else None
            if not isinstance(number, int) or isinstance(number, bool):
                continue  # a line that is no number is Excerpt-line's to report
            count += 1
            if not stands_at(text, starts, number, str(words)):
                results.append(Result(excerpt, RDF.value, words, SHAPE, COMPONENT, SH.Violation))
    if progress:
        note = f"; {len(unread)} documents not in sources/, not checked" if unread else ""
        progress(f"checked {count} excerpts against their sources: {len(results)} misquoted{note}")
    return Checked(results, count, unread)
