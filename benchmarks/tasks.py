"""Whole-process load measurements: the rdflib graph, and the Oxigraph store without cache.

``load-rdflib DIR...`` parses with rdflib and adds the RDFS entailments (what validate,
stats and export start with); ``load-store DIR...`` builds the Oxigraph store with its
entailments (what a query does on a cache miss), in memory so no cache is involved;
``describe DIR...`` prints the number of files, megabytes and triples (with entailments).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    what, *data = argv
    if what == "load-rdflib":
        from ipo_graph.api import IpoGraph

        kg = IpoGraph.load(data or None)
        print(f"{len(kg.graph)} triples")
        return 0
    if what == "load-store":
        from ipo_graph.store import open_store, store_files

        store = open_store(store_files(data or None), use_cache=False)
        print(f"{len(store)} quads")
        return 0
    if what == "describe":
        import json

        from ipo_graph.store import build_store, store_files

        files = store_files(data or None)
        size = sum(f.stat().st_size for f in files)
        triples = len(build_store(files))
        print(
            json.dumps({"files": len(files), "megabytes": round(size / 1e6, 2), "triples": triples})
        )
        return 0
    raise SystemExit("usage: tasks.py load-rdflib|load-store|describe [DIR...]")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
