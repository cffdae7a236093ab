"""Files → one rdflib graph, remembering where every subject is defined.

Turtle is parsed by :mod:`ipo_graph.strict` (Oxigraph) and only here turned into a graph;
everything else reads the graph (or a store built from it). Validation reports and ``why``
use the recorded locations.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths, strict
from .errors import UsageError
from .textlines import LineStarts
from .turtletext import line_subjects

if TYPE_CHECKING:  # rdflib is imported where it is used: listing files must stay fast
    from rdflib import Graph
    from rdflib.term import Node


@contextmanager
def quiet_literal_warnings() -> Iterator[None]:
    """Silence rdflib's noise about an ill-typed literal: the traceback it logs on reading
    one, and the warnings it gives on reading a boolean or writing a number that is not
    one (all from ``rdflib.term``). validate reports the literal; everything else keeps it
    as written."""
    logger = logging.getLogger("rdflib.term")
    before = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib\.term")
            yield
    finally:
        logger.setLevel(before)


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line, or None where the format has no lines to name
    (JSON-LD, RDF/XML: see :func:`ipo_graph.strict.has_lines`)."""

    path: Path
    line: int | None

    def __str__(self) -> str:
        return str(self.path) if self.line is None else f"{self.path}:{self.line}"

    @property
    def order(self) -> tuple[str, int]:
        """Where it sorts: by file, then by line (a whole file before its lines)."""
        return str(self.path), self.line or 0


@dataclass(frozen=True)
class IllTyped:
    """A literal whose lexical form is not valid for its datatype (``"2025-13-01"^^xsd:date``)."""

    subject: Node
    predicate: Node
    literal: Node
    location: Location


@dataclass
class FileTerms:
    """The vocabulary one file uses: its predicates and the classes it types things with."""

    predicates: dict[Node, Node] = field(default_factory=dict)  # term → first subject using it
    classes: dict[Node, Node] = field(default_factory=dict)
    subjects: set[Node] = field(default_factory=set)
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadedGraph:
    """The merged graph plus where each IRI subject was first defined."""

    graph: Graph
    files: list[Path] = field(default_factory=list)
    locations: dict[Node, Location] = field(default_factory=dict)
    ill_typed: list[IllTyped] = field(default_factory=list)
    terms: dict[Path, FileTerms] = field(default_factory=dict)

    def location(self, term: Node) -> Location | None:
        return self.locations.get(term)


def expand_paths(
    items: Iterable[str | Path], keep: Callable[[Path], bool] = strict.is_rdf_file
) -> list[Path]:
    """Files as given, folders expanded to the files below them that ``keep`` takes (by
    default the RDF files), sorted. An empty path is refused: ``Path("")`` is the working
    folder, and an unset shell variable (``ipo-graph fmt "$F"``) would rewrite all of it."""
    out: list[Path] = []
    for item in items:
        if not str(item):
            raise UsageError("empty path given")
        p = Path(item)
        if p.is_dir():
            out.extend(f for f in paths.rdf_files(p) if keep(f))
        elif p.is_file():
            out.append(p)
        elif p.exists():  # a device or a pipe (/dev/stdin): there, but no file to read
            raise UsageError(f"{p}: not a regular file or folder")
        else:
            raise UsageError(f"{p}: no such file or folder")
    return out


def default_files(
    data: Sequence[str | Path] | None = None, *, with_shapes: bool = False
) -> list[Path]:
    """The shipped ontology plus ``data`` (default: the shipped data), each file once.

    A file named twice (``data/ data/association.ttl``, or an ontology file given again)
    would be read twice, and its blank nodes, a new node at each reading, counted twice:
    25 more triples, and every membership written as a blank node twice in the answers.
    ``data`` that holds no RDF file (an empty folder, a typo'd one of notes) is a usage
    error, as for validate: else the commands answered on the ontology alone, exit 0."""
    files = list(paths.ontology_files())
    if with_shapes:
        files.append(paths.shapes_file())
    given = expand_paths(data) if data else paths.data_files()
    if data and not given:
        raise UsageError(f"no RDF files in {', '.join(map(str, data))}")
    files.extend(given)
    once: dict[Path, Path] = {}
    for path in files:
        once.setdefault(path.resolve(), path)
    return list(once.values())


def _locate_subjects(path: Path, text: str, into: dict[Node, Location]) -> None:
    """Each subject's first line opening a statement with it (:func:`turtletext.line_subjects`)."""
    from rdflib import URIRef

    for iri, line in line_subjects(text, path):
        into.setdefault(URIRef(iri), Location(path, line))


def load_files(files: Sequence[Path], *, graph: Graph | None = None) -> LoadedGraph:
    """Parse ``files`` into one graph; a syntax error becomes a :class:`ParseError`.

    Every file goes through the strict parser (:mod:`ipo_graph.strict`), as on the
    compiled engine, and its triples are taken from it as written.
    """
    from rdflib import Graph

    from .namespaces import PREFIXES

    g = graph if graph is not None else Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    loaded = LoadedGraph(graph=g, files=list(files))
    for path in files:
        add_parsed(loaded, strict.parse_file(path))
    return loaded


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def add_parsed(loaded: LoadedGraph, parsed: strict.Parsed) -> None:
    """The strict parser's triples into the graph, noting ill-typed literals and the terms used."""
    from rdflib import URIRef

    from .namespaces import PREFIXES

    g = loaded.graph
    add = g.add
    cache: dict[object, Node] = {}
    terms, ill = scan(parsed, cache)
    for triple in parsed.triples:
        add((cache[triple.subject], cache[triple.predicate], cache[triple.object]))
    loaded.terms[parsed.path] = terms
    for prefix, ns in parsed.prefixes.items():
        if prefix and prefix not in PREFIXES:
            g.bind(prefix, ns, override=False)
    if strict.has_lines(parsed.path):
        _locate_subjects(parsed.path, parsed.text, loaded.locations)
    else:
        for subject in terms.subjects:
            if isinstance(subject, URIRef):
                loaded.locations.setdefault(subject, Location(parsed.path, None))
    loaded.ill_typed.extend(ill)


def scan(
    parsed: strict.Parsed, cache: dict[object, Node] | None = None
) -> tuple[FileTerms, list[IllTyped]]:
    """The classes and properties one parsed file uses (each with the first subject using
    it) and its ill-typed literals with their lines: what the closed-vocabulary and
    literal checks read, whichever engine validates. ``cache`` collects the rdflib form of
    every term seen."""
    import pyoxigraph as ox
    from rdflib import Literal

    from .oxterms import from_oxigraph

    cache = {} if cache is None else cache
    terms = FileTerms(prefixes=dict(parsed.prefixes))
    ill: list[tuple[Node, Node, Node]] = []
    for triple in parsed.triples:
        s, p, o = triple.subject, triple.predicate, triple.object
        rs = cache.get(s) or cache.setdefault(s, from_oxigraph(s))
        rp = cache.get(p) or cache.setdefault(p, from_oxigraph(p))
        ro = cache.get(o) or cache.setdefault(o, from_oxigraph(o))
        terms.predicates.setdefault(rp, rs)
        terms.subjects.add(rs)
        if p.value == _RDF_TYPE and isinstance(o, ox.NamedNode):
            terms.classes.setdefault(ro, rs)
        if isinstance(ro, Literal) and ro.ill_typed:
            ill.append((rs, rp, ro))
    found: list[IllTyped] = []
    if ill and not strict.has_lines(parsed.path):
        found = [IllTyped(s, p, lit, Location(parsed.path, None)) for s, p, lit in ill]
    elif ill:
        statements = _Statements(parsed.path, parsed.text)
        quoted = {
            lexical: (lines, statements.first_about(lines))
            for lexical, lines in quoted_lines(parsed.text, {str(lit) for _, _, lit in ill}).items()
        }
        for subject, predicate, lit in ill:
            lines, about = quoted.get(str(lit), ([], {}))
            line = about.get(str(subject)) or statements.after_first(str(subject), lines)
            found.append(IllTyped(subject, predicate, lit, Location(parsed.path, line)))
    return terms, found


def quoted_lines(text: str, lexicals: Iterable[str]) -> dict[str, list[int]]:
    """Every line on which each of ``lexicals`` is written as a quoted string ("…" or
    '…'), in order; a lexical written nowhere is left out.

    One reading for them all: every stretch between two successive quote marks of one kind
    is compared with the wanted strings (a string without that quote mark in it can only
    be such a stretch), and only those found are kept. Searching the text from its start
    for each literal made 20,000 ill-typed literals take 7 s to locate."""
    wanted = set(lexicals)
    places: dict[str, list[int]] = {}
    for quote in ('"', "'"):
        plain = {w for w in wanted if quote not in w}
        if plain:
            marks = (m.start() for m in re.finditer(quote, text))
            for a, b in itertools.pairwise(marks):
                piece = text[a + 1 : b]
                if piece in plain:
                    places.setdefault(piece, []).append(a)
        for lexical in wanted - plain:  # the quote mark inside: searched for itself
            written = f"{quote}{lexical}{quote}"
            pos = text.find(written)
            while pos >= 0:
                places.setdefault(lexical, []).append(pos)
                pos = text.find(written, pos + 1)
    lines = LineStarts(text)
    return {
        lexical: sorted({lines.line(pos) for pos in found}) for lexical, found in places.items()
    }


class _Statements:
    """Which subject each line's statement is about: the subject opening it, or the last
    one opened before it (a Turtle block goes on over the lines after its subject)."""

    def __init__(self, path: Path, text: str) -> None:
        opened = list(line_subjects(text, path))
        self._lines = [line for _, line in opened]
        self._subjects = [iri for iri, _ in opened]
        self._first: dict[str, int] = {}
        for iri, line in opened:
            self._first.setdefault(iri, line)

    def first_about(self, lines: list[int]) -> dict[str, int]:
        """For the lines that quote a value: the first in a statement about each subject.
        That line is the value's (the same text may be another subject's value, and an
        N-Triples file states one subject on lines far apart); read once for all the
        subjects with that value, which may be thousands."""
        out: dict[str, int] = {}
        for n in lines:
            at = bisect.bisect_right(self._lines, n) - 1
            if at >= 0:
                out.setdefault(self._subjects[at], n)
        return out

    def after_first(self, subject: str, lines: list[int]) -> int:
        """When no quoting line is about the subject (it opens no line of its own): the
        first quoting line after the subject's first line, else the first; with none,
        the subject's first line."""
        start = self._first.get(subject, 1)
        at = bisect.bisect_left(lines, start)
        return lines[at] if at < len(lines) else lines[0] if lines else start


def load(data: Sequence[str | Path] | None = None, *, with_shapes: bool = False) -> LoadedGraph:
    """The shipped ontology plus ``data`` (default: the shipped data)."""
    return load_files(default_files(data, with_shapes=with_shapes))
