"""Where the shipped ontology, shapes, data and queries live, and how a path is shown.

An installed wheel carries them under ``ipo_graph/_shipped``; an editable install or a
source checkout reads them from the repository root, so edits show up without reinstalling.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE_DIR / "_shipped"
_REPO_ROOT = _PACKAGE_DIR.parent.parent


def shipped_root() -> Path:
    """The folder that holds ``ontology/``, ``data/``, ``queries/`` and ``sources/``."""
    if (_SHIPPED / "ontology").is_dir():
        return _SHIPPED
    return _REPO_ROOT


def ontology_dir() -> Path:
    return shipped_root() / "ontology"


def data_dir() -> Path:
    return shipped_root() / "data"


def queries_dir() -> Path:
    return shipped_root() / "queries"


def ontology_file() -> Path:
    return ontology_dir() / "ipo.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def sparql_file(name: str) -> Path:
    """One of the package's own SPARQL files (``src/ipo_graph/sparql/``): the entailment
    rules, the privacy filter, the time rule's facts, the publish counts."""
    return _PACKAGE_DIR / "sparql" / name


# Not part of the graph: the shapes describe data, not the world; the standard-terms list
# is what the closed-vocabulary check (ipo_graph.vocabulary) accepts besides the ontology.
_NOT_IN_GRAPH = frozenset({"shapes.ttl", "standard-terms.ttl"})


def rdf_files(folder: Path) -> list[Path]:
    """The RDF files below ``folder``, sorted: files (a folder or a dangling link named
    ``x.ttl`` is none) with an RDF suffix in any case (``extra.TTL``). The one rule for
    which files a folder holds, so that fmt, validate, stats and the store never disagree
    on what the data is."""
    from .strict import is_rdf_file

    return sorted(p for p in folder.rglob("*") if is_rdf_file(p) and p.is_file())


def ontology_files() -> list[Path]:
    """Ontology files except the shapes and the list of allowed standard terms."""
    return [p for p in rdf_files(ontology_dir()) if p.name not in _NOT_IN_GRAPH]


def data_files() -> list[Path]:
    """Every RDF file under ``data/`` (Turtle by convention; a file in another format is
    read too, never silently left out)."""
    return rdf_files(data_dir())


def sources_dir() -> Path:
    """The two source documents, copied byte for byte into the repository (``sources/``).

    Excerpts, the traceability check and ``why`` read them from here, so a clone works
    anywhere; ``IPO_GRAPH_SOURCES`` points elsewhere (e.g. to check a new copy).
    """
    env = os.environ.get("IPO_GRAPH_SOURCES")
    if env:
        return Path(env)
    return shipped_root() / "sources"


def source_files() -> list[Path]:
    return sorted(sources_dir().glob("*.txt"))


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it."""
    return _display_path(str(path), os.getcwd())


@lru_cache(maxsize=4096)
def _display_path(path: str, cwd: str) -> str:
    """Cached: a report names the same few files once per violation (relpath is slow)."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
