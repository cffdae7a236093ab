"""Source documents for editors: the excerpt node for some lines, and registering a document.

Every fact points to the exact words that state it (an ``ipo:Excerpt``); writing those
nodes by hand invites typos in the words, the line or the name. ``excerpt`` prints the
node for given lines of a registered document, ready to paste into ``data/sources.ttl``;
``add`` registers a new document there (any sensible file name).

``excerpt`` finds its words with the validator's own rule
(:func:`ipo_graph.verbatim.quote`): what it prints validates when pasted.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from . import paths, strict
from .atomic import atomic_write_bytes, atomic_write_text
from .errors import ParseError, UsageError
from .names import did_you_mean
from .namespaces import DCTERMS, FOAF, IPO, IPOD, RDF, RDFS, XSD
from .textlines import numbered_lines

LABEL_WIDTH = 66  # characters of an excerpt's words shown in its label before the ellipsis
_FILE_NAME_RE = re.compile(r"^[^/\\\s]([^/\\]*[^/\\\s])?$")
_LINES_RE = re.compile(r"^(\d+)(?:-(\d+))?$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Source:
    """A registered source document: its node, key (``000``), file name and language."""

    node: URIRef
    key: str
    identifier: str
    language: str


def sources_file() -> Path:
    return paths.data_dir() / "sources.ttl"


def registered(also: Path | None = None) -> list[Source]:
    """The documents registered anywhere in the data (every RDF file under ``data/``) and
    in ``also``, a file that may lie elsewhere: a document is registered once, in any
    file, and is quoted wherever it is registered."""
    from .load import load_files

    files = paths.data_files()
    if also is not None and also.resolve() not in {f.resolve() for f in files}:
        files.append(also)
    graph = load_files(files).graph
    out: list[Source] = []
    for node in sorted(graph.subjects(RDF.type, IPO.SourceDocument), key=str):
        if not isinstance(node, URIRef):
            continue
        identifier = str(graph.value(node, DCTERMS.identifier) or "")
        language = str(graph.value(node, DCTERMS.language) or "nl")
        key = str(node)[len(str(IPOD)) :].removeprefix("source-")
        out.append(Source(node, key, identifier, language))
    return out


def find_source(text: str, sources: list[Source]) -> Source:
    """A document by key (``000``), node (``ipod:source-000``) or file name."""
    wanted = text.strip()
    for s in sources:
        names = {s.key, s.identifier, f"source-{s.key}", f"ipod:source-{s.key}", str(s.node)}
        if wanted in names or Path(wanted).name == s.identifier:
            return s
    choices = [s.key for s in sources] + [s.identifier for s in sources]
    raise UsageError(
        f"no registered source document {text!r}{did_you_mean(text, choices)} "
        f"(registered: {', '.join(s.key for s in sources) or 'none'}; "
        "register one with: ipo-graph source add FILE --date D)"
    )


def document_path(source: Source) -> Path:
    """The document's copy in the sources folder: the one ``validate`` reads the words in,
    never a file elsewhere that happens to bear its key or name."""
    path = paths.sources_dir() / source.identifier
    if not path.is_file():
        raise UsageError(f"{path}: the document {source.identifier} is not there")
    return path


def parse_lines(text: str) -> tuple[int, int]:
    m = _LINES_RE.match(text.strip())
    if not m:
        raise UsageError(f"{text!r} is not a line or a range of lines (such as 25 or 25-27)")
    first = int(m.group(1))
    last = int(m.group(2) or first)
    if first < 1 or last < first:
        raise UsageError(f"{text!r}: lines are counted from 1, and a range goes forward")
    return first, last


def slug(text: str, words: int = 3) -> str:
    """``Sinds het voorjaar 2018`` → ``sinds-het-voorjaar``: lower case, ASCII, hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(parts[:words]) or "fragment"


def excerpt_turtle(
    source: Source, document: Path, lines: str, *, words: str | None = None, name: str | None = None
) -> str:
    """The excerpt node for ``lines`` of ``document``, in the canonical layout: the words
    as the source has them (line breaks kept), at the line on which they start."""
    from .canonical import _quote, canonical_turtle
    from .textlines import LineStarts
    from .verbatim import quote

    if words is not None and not words.strip():
        # '' stands everywhere and ' ' nearly so: neither is a quotation of anything
        raise UsageError(f"--words is {'blank' if words else 'empty'}: give the words to quote")
    first, last = parse_lines(lines)
    text = strict.read_text(document)
    starts = LineStarts(text)
    count = len(numbered_lines(text))  # as an editor counts: no line after a final newline
    if last > count:
        raise UsageError(f"{document}: has {count} lines, not {last}")
    found = quote(text, starts, first, last, words)
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    if found is None and words is not None:
        raise UsageError(f"{document}:{first}: these words are not on {where} verbatim: {words!r}")
    if found is None:
        raise UsageError(f"{document}:{first}: {where} {'is' if first == last else 'are'} blank")
    line, quoted = found
    flat = " ".join(quoted.split())  # a label is one line
    short = flat if len(flat) <= LABEL_WIDTH + 3 else flat[:LABEL_WIDTH].rstrip() + "…"
    local = f"excerpt-{source.key}-{line:03d}-{slug(name, words=12) if name else slug(quoted)}"
    block = "\n".join(
        [
            f"ipod:{local}",
            "    a ipo:Excerpt ;",
            f"    rdfs:label {_quote(f'Excerpt {source.key}, line {line}: {short}')}@en,",
            f"        {_quote(f'Uittreksel {source.key}, regel {line}: {short}')}@nl ;",
            f"    ipo:line {line} ;",
            f"    prov:wasQuotedFrom ipod:source-{source.key} ;",
            f"    rdf:value {_quote(quoted)}@{source.language} .",
        ]
    )
    return _without_prefixes(canonical_turtle(_EXCERPT_PREFIXES + block + "\n"))


_EXCERPT_PREFIXES = "".join(
    f"@prefix {p}: <{ns}> .\n"
    for p, ns in (
        ("ipo", str(IPO)),
        ("ipod", str(IPOD)),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    )
)


def _without_prefixes(text: str) -> str:
    """A canonical block without its ``@prefix`` lines: the file it is pasted into has them."""
    lines = text.split("\n")
    while lines and (lines[0].startswith("@prefix") or not lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def _valid_date(text: str, what: str, *, day: bool) -> str:
    value = text.strip()
    if not _DATE_RE.match(value) or (day and len(value) != 10):
        form = "YYYY-MM-DD" if day else "YYYY, YYYY-MM or YYYY-MM-DD"
        raise UsageError(f"{what} {text!r} is not a date ({form})")
    try:
        date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a day that exists") from None
    return value


def _valid_language(tag: str) -> str:
    """``--language`` in its recommended case, if the strict parser would read it back:
    refused here, a bad tag was a traceback or a parse error in a file not yet written."""
    from .canonical import language_tag

    problem = strict.language_tag_problem(tag)
    if problem:
        raise UsageError(
            f"--language {tag!r} is not a language tag (BCP 47, such as nl, en or nl-BE): {problem}"
        )
    return language_tag(tag)


def source_key(file_name: str, taken: set[str]) -> str:
    """``000_446a….txt`` → ``000``; ``Jaarverslag 2024.pdf`` → ``jaarverslag-2024``."""
    m = re.match(r"^(\d{3})[_.\- ]", file_name)
    key = m.group(1) if m else slug(Path(file_name).stem, words=6)
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    return candidate


def source_labels(key: str, title: str, language: str) -> list[Literal]:
    """A new document's Dutch and English labels: the title only in the label of its own
    language (``nl-BE`` is Dutch). In the other it would pass for a translation that nobody
    wrote; there the key names the document, until an editor writes a description (as the
    shipped documents have)."""
    primary = language.split("-")[0].lower()
    return [
        Literal(f"{kind} {key}: {title}" if primary == lang else f"{kind} {key}", lang=lang)
        for lang, kind in (("nl", "Brondocument"), ("en", "Source document"))
    ]


def add_source(
    document: Path,
    *,
    state_date: str,
    issued: str | None = None,
    title: str | None = None,
    language: str = "nl",
    into: Path | None = None,
    copy: bool = True,
) -> tuple[Source, str]:
    """Register ``document`` in ``data/sources.ttl`` (or ``into``); returns it and a note."""
    from .canonical import canonical_turtle

    if document.is_dir():
        raise UsageError(f"{document}: is a folder; give the document's file")
    if not document.is_file():
        raise UsageError(f"{document}: no such file")
    if document.stat().st_size == 0:
        # nothing could ever be quoted from it, and the excerpt check would read nothing
        raise UsageError(f"{document}: the file is empty; give the document with its text")
    name = document.name
    if not _FILE_NAME_RE.match(name):
        raise UsageError(f"{name!r}: a source's file name may not start or end with a space")
    state = _valid_date(state_date, "--date", day=True)
    issue = _valid_date(issued or state, "--issued", day=False)
    language = _valid_language(language)
    if title is not None and not title.strip():
        raise UsageError(f"--title is {'blank' if title else 'empty'}: give the document's title")
    if title is not None:
        title = title.strip()  # the labels quote it: a name does not begin or end with a space
    target = into or sources_file()
    if target.suffix.lower() != ".ttl":
        # it is rewritten as canonical Turtle: an N-Triples file got @prefix lines, which
        # its parser refuses, and JSON-LD was read as Turtle ("{ is not a valid subject")
        raise UsageError(f"{target}: --into takes a Turtle file (.ttl)")
    existing = registered(target)
    for s in existing:
        if s.identifier == name:
            raise UsageError(f"{name} is already registered, as ipod:source-{s.key}")
    key = source_key(name, {s.key for s in existing})
    if title is None:
        try:
            first = next(
                (
                    t.strip(" #*\r")
                    for t in strict.read_text(document).split("\n")
                    if t.strip(" #*\r")
                ),
                name,
            )
        except ParseError:
            first = name  # not UTF-8 text (a PDF, say): the file name will do
        title = first[:200]
    graph = Graph()
    node = IPOD[f"source-{key}"]
    issue_type = {4: "gYear", 7: "gYearMonth"}.get(len(issue), "date")
    graph.add((node, RDF.type, IPO.SourceDocument))
    graph.add((node, RDF.type, FOAF.Document))
    for label in source_labels(key, title, language):
        graph.add((node, RDFS.label, label))
    graph.add((node, DCTERMS.identifier, Literal(name)))
    graph.add((node, DCTERMS.issued, Literal(issue, datatype=XSD[issue_type])))
    graph.add((node, DCTERMS.language, Literal(language)))
    graph.add((node, DCTERMS.title, Literal(title, lang=language)))
    graph.add((node, IPO.stateDate, Literal(state, datatype=XSD.date)))
    graph.add(
        (
            node,
            RDFS.comment,
            Literal(
                f"Registered with `ipo-graph source add`; its statements hold on {state}.",
                lang="en",
            ),
        )
    )
    graph.add(
        (
            node,
            RDFS.comment,
            Literal(
                f"Geregistreerd met `ipo-graph source add`; zijn uitspraken gelden op {state}.",
                lang="nl",
            ),
        )
    )
    old = strict.read_text(target)
    block = graph.serialize(format="nt")
    new = canonical_turtle(old.rstrip("\n") + "\n\n" + block, source=target)
    note = ""
    made: list[Path] = []  # what this call created, undone if the Turtle is not written
    if copy:
        folder = paths.sources_dir()
        destination = folder / name
        if destination.exists() and destination.resolve() != document.resolve():
            if destination.read_bytes() != document.read_bytes():
                raise UsageError(f"{destination} exists with other content; rename the file")
        elif not destination.exists():
            made = [p for p in (folder, destination) if not p.exists()]
            atomic_write_bytes(destination, document.read_bytes())
            note = f"copied {document} to {destination}"
    try:
        atomic_write_text(target, new)
    except BaseException:
        # all or nothing: a copy without its registration is a document nothing cites and
        # a later `source add` of it would trip over
        for path in reversed(made):
            with contextlib.suppress(OSError):
                if path.is_dir():
                    path.rmdir()
                else:
                    path.unlink()
        raise
    return Source(node, key, name, language), note
