"""Files → one rdflib graph, remembering where every subject is defined.

This is the only place that parses the project's Turtle; everything else reads the graph
(or a store built from it). Validation reports and ``why`` use the recorded locations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .errors import ParseError, UsageError

if TYPE_CHECKING:  # rdflib is imported where it is used: listing files must stay fast
    from rdflib import Graph
    from rdflib.term import Node

_PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"^(<[^>\s]+>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class LoadedGraph:
    """The merged graph plus where each IRI subject was first defined."""

    graph: Graph
    files: list[Path] = field(default_factory=list)
    locations: dict[Node, Location] = field(default_factory=dict)

    def location(self, term: Node) -> Location | None:
        return self.locations.get(term)


def expand_paths(items: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded to the RDF files below them (sorted)."""
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in FORMATS and f.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return out


def default_files(
    data: Sequence[str | Path] | None = None, *, with_shapes: bool = False
) -> list[Path]:
    """The shipped ontology plus ``data`` (default: the shipped data)."""
    files = list(paths.ontology_files())
    if with_shapes:
        files.append(paths.shapes_file())
    files.extend(expand_paths(data) if data else paths.data_files())
    return files


def _locate_subjects(path: Path, text: str, into: dict[Node, Location]) -> None:
    from rdflib import URIRef

    from .namespaces import PREFIXES

    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    for number, line in enumerate(text.splitlines(), start=1):
        m = _PREFIX_RE.match(line)
        if m:
            prefixes[m.group(1) or ""] = m.group(2)
            continue
        if not line or line[0] in " \t#@[]().;,":
            continue
        s = _SUBJECT_RE.match(line)
        if not s:
            continue
        token = s.group(1)
        if token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local.replace("\\", "")
        into.setdefault(URIRef(iri), Location(path, number))


def parse_error(path: Path, exc: Exception) -> ParseError:
    """A parser exception → file, line and the parser's reason in plain words."""
    line = getattr(exc, "lines", None)
    why = getattr(exc, "_why", None) or str(exc).strip().splitlines()[-1]
    near = ""
    text = getattr(exc, "_str", None)
    pos = getattr(exc, "_i", None)
    if isinstance(text, bytes | str) and isinstance(pos, int):
        raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        snippet = raw[pos : pos + 40].split("\n", 1)[0].strip()
        if snippet:
            near = f" (near {snippet!r})"
    return ParseError(str(path), (line + 1) if isinstance(line, int) else None, f"{why}{near}")


def load_files(files: Sequence[Path], *, graph: Graph | None = None) -> LoadedGraph:
    """Parse ``files`` into one graph; a syntax error becomes a :class:`ParseError`."""
    from rdflib import Graph

    from .namespaces import PREFIXES

    g = graph if graph is not None else Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    loaded = LoadedGraph(graph=g, files=list(files))
    for path in files:
        fmt = FORMATS.get(path.suffix, "turtle")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ParseError(str(path), None, f"cannot read file: {exc}") from None
        try:
            g.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
        except Exception as exc:  # rdflib raises many kinds; all mean "bad input"
            raise parse_error(path, exc) from None
        if fmt == "turtle":
            _locate_subjects(path, text, loaded.locations)
    return loaded


def load(data: Sequence[str | Path] | None = None, *, with_shapes: bool = False) -> LoadedGraph:
    """The shipped ontology plus ``data`` (default: the shipped data)."""
    return load_files(default_files(data, with_shapes=with_shapes))
