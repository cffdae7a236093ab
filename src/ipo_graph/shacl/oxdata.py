"""The files to validate, parsed by Oxigraph into one in-memory store.

Validation never builds an rdflib graph of the data: Oxigraph parses the files (two at a
time; the gain is small because the store takes one writer at a time) and one SPARQL
update adds the ``rdfs:domain`` types the shapes expect (``sparql/domain-types.ru``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..store import SourceFile, _format, _syntax_error, read_files

if TYPE_CHECKING:
    from pyoxigraph import Store

_DOMAIN_UPDATE = Path(__file__).resolve().parent.parent / "sparql" / "domain-types.ru"


def load_store(
    files: Sequence[Path], progress: Callable[[str], None] | None = None
) -> tuple[Store, list[SourceFile]]:
    """An in-memory store of ``files`` plus domain types; a syntax error is a ParseError."""
    from pyoxigraph import Store

    sources = read_files(files)
    store = Store()

    def parse(src: SourceFile) -> None:
        try:
            store.load(
                input=src.data, format=_format(src.path), base_iri=src.base_iri, lenient=True
            )
        except SyntaxError as exc:
            raise _syntax_error(src, exc) from None

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(parse, sources))
    if progress:
        progress(f"parsed {len(sources)} files: {len(store)} triples")
    store.update(_DOMAIN_UPDATE.read_text(encoding="utf-8"))
    if progress:
        progress(f"added domain types: {len(store)} triples")
    return store, sources
