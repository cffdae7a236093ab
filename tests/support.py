"""Constants several test modules share."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import BNode, Graph

from ipo_graph import paths
from ipo_graph.results import Result
from ipo_graph.validate import validate
from ipo_graph.violations import Outcome

# The twelve members of IPO (000 l.11, 001 l.12), as the slugs of their IRIs.
PROVINCE_SLUGS = (
    "groningen",
    "fryslan",
    "drenthe",
    "overijssel",
    "flevoland",
    "gelderland",
    "utrecht",
    "noord-holland",
    "zuid-holland",
    "zeeland",
    "noord-brabant",
    "limburg",
)

# Debian's Chromium, headless, with nothing that reaches out to the network on its own.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # shared memory in /tmp, not /dev/shm, which containers often keep at 64 MB: a full
    # /dev/shm crashes the page's renderer ("Target crashed")
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def normalised(result: Result) -> list[tuple[str, ...]]:
    """Rows as sorted text, blank nodes made alike (their labels differ between stores)."""
    return sorted(
        tuple("_:b" if isinstance(t, BNode) else (t.n3() if t is not None else "") for t in row)
        for row in result.rows
    )


def assert_every_query_answers_as_locally(url: str, graph: Graph, *, same_order: bool) -> None:
    """Every named query asked of the endpoint at ``url`` answers as it does on a local
    Oxigraph store of ``graph``: the same kind, columns and rows (in the same order too,
    with ``same_order``, unless the answer has ties)."""
    from ipo_graph import remote
    from ipo_graph.execution import execute
    from ipo_graph.queryfiles import named_queries
    from ipo_graph.queryparams import bind_params
    from ipo_graph.results import without_columns
    from ipo_graph.store import store_of_graph as build_store

    local_store = build_store(graph)
    for name, query in named_queries().items():
        bindings = bind_params(query, {}, target=local_store)
        local = execute(query.text, bindings, local_store)
        answer = without_columns(remote.execute(query.text, bindings, url), set(bindings))
        assert (answer.kind, answer.vars, answer.boolean) == (
            local.kind,
            local.vars,
            local.boolean,
        ), name
        assert normalised(answer) == normalised(local), name
        if same_order:
            ties = len({str(r) for r in local.rows}) < len(local.rows)
            assert answer.rows == local.rows or ties, name


def validate_text(path: Path, text: str, *, engine: str = "sparql", data: bool = False) -> Outcome:
    """``text`` written to ``path`` and validated with the shipped ontology (and, with
    ``data``, the shipped data): the small broken files of the report's tests."""
    path.write_text(text, encoding="utf-8")
    files = [*paths.ontology_files(), *(paths.data_files() if data else []), path]
    return validate(files=files, engine=engine)  # type: ignore[arg-type]


def cache_entries(root: Path) -> list[Path]:
    """The entries of the query cache at ``root`` (named by their 64-digit keys)."""
    return sorted(p for p in root.iterdir() if len(p.name) == 64) if root.is_dir() else []


def canonical_graph(graph: Graph) -> Graph:
    """Literals in one form per value (``results.canonical``): Oxigraph stores numbers in
    canonical form, so the ``8.0`` of data/vacancies.ttl comes back as ``8``."""
    from ipo_graph.results import canonical

    out = Graph()
    for s, p, o in graph:
        out.add((s, p, canonical(o)))
    return out


# cli.main in a fresh interpreter, its output captured, and what it imported reported
_FRESH_MAIN = """
import contextlib, io, json, sys
from ipo_graph.cli import main
argv, module = json.loads(sys.argv[1])
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
print(json.dumps([code, module in sys.modules, out.getvalue()]))
"""


def main_in_fresh_process(
    argv: list[str], module: str, env: dict[str, str] | None = None
) -> tuple[object, bool, str]:
    """(exit code, whether ``module`` was imported, what was printed) of ``cli.main(argv)``
    in a new interpreter: what a command imports is only seen from a clean start."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _FRESH_MAIN, json.dumps([argv, module])],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    code, loaded, out = json.loads(done.stdout.strip().splitlines()[-1])
    return code, loaded, out
