"""The files to validate, parsed by Oxigraph into one in-memory store.

Validation never builds an rdflib graph of the data: Oxigraph parses the files (two at a
time; the gain is small because the store takes one writer at a time) and one SPARQL
update adds the ``rdfs:domain`` types the shapes expect (``sparql/domain-types.ru``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import strict
from ..paths import sparql_file
from ..store import SourceFile, load_source, read_files

if TYPE_CHECKING:
    from pyoxigraph import Store

_DOMAIN_UPDATE = sparql_file("domain-types.ru")


class LoadedStore(NamedTuple):
    """The store with the counts the report shows (counting a large store costs a scan).

    The files' bytes are not kept: validation reads the store only, and the report reads
    the files again for the lines it names.
    """

    store: Store
    parsed: int
    """Triples in the files."""
    triples: int
    """Triples with the domain types added."""


def load_store(files: Sequence[Path], progress: Callable[[str], None] | None = None) -> LoadedStore:
    """An in-memory store of ``files`` plus domain types; a syntax error is a ParseError."""
    from pyoxigraph import Quad, Store

    sources = read_files(files)
    store = Store()

    def parse(src: SourceFile) -> None:
        """Oxigraph's strict parser straight into the store; on any failure, the loader's
        strict parse says where and why (``file:line:column``, the line and a caret), or,
        for what it accepts and Oxigraph's loader does not (a byte-order mark), gives the
        triples."""
        try:
            load_source(store, src)
        except (SyntaxError, ValueError):
            parsed = strict.parse_file(src.path, text=strict.decode(src.path, src.data))
            store.extend(Quad(t.subject, t.predicate, t.object) for t in parsed.triples)

    # One file after the other: two threads loading into one store took more time, not
    # less (the store serialises writes; figures in docs/performance.md, "Linearity").
    for src in sources:
        parse(src)
    parsed = len(store)
    if progress:
        progress(f"parsed {len(sources)} files: {parsed} triples")
    store.update(_DOMAIN_UPDATE.read_text(encoding="utf-8"))
    triples = len(store)
    if progress:
        progress(f"added domain types: {triples} triples")
    return LoadedStore(store, parsed, triples)
