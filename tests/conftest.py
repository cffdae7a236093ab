"""Shared fixtures: the shipped graph (loaded once per session) and the source texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from ipo_graph import paths
from ipo_graph.api import IpoGraph

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def kg() -> IpoGraph:
    """The shipped ontology and data with RDFS entailments. Do not mutate it."""
    return IpoGraph.load()


@pytest.fixture(scope="session")
def sources() -> dict[str, str]:
    """File name → text of each source document in sources/ (shipped with the repository)."""
    files = paths.source_files()
    assert files, f"source documents missing from {paths.sources_dir()}"
    return {p.name: p.read_bytes().decode("utf-8") for p in files}


@pytest.fixture(scope="session")
def shipped_data() -> Graph:
    """The shipped data files as written (no ontology, no entailments); do not mutate it."""
    graph = Graph()
    for f in paths.data_files():
        graph.parse(f, format="turtle")
    return graph


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A query cache of the test's own (``$IPO_GRAPH_CACHE``), empty at first."""
    root = tmp_path / "cache"
    monkeypatch.setenv("IPO_GRAPH_CACHE", str(root))
    return root


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="module")
def export_mini() -> IpoGraph:
    """The small export fixture graph (tests/fixtures/export/mini.ttl)."""
    return IpoGraph.load([FIXTURES / "export" / "mini.ttl"])


@pytest.fixture(scope="module")
def export_net(export_mini: IpoGraph):  # type: ignore[no-untyped-def]
    """The network view of the export fixture graph."""
    from ipo_graph.export.network import build_network

    return build_network(export_mini.graph)
