"""Shared fixtures: the shipped graph (loaded once per session) and the source texts."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    """File name → text of each source document in ../shared/sources."""
    folder = paths.sources_dir()
    if not folder.is_dir():
        pytest.skip(f"source documents not found at {folder}")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
