"""The checks that read the files as text: a subject typed in blocks of two files
(ipos:RepeatedSubjectShape). Each fixture is added to tests/fixtures/shapes/base.ttl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from ipo_graph import paths
from ipo_graph.filetext import text_violations
from ipo_graph.load import Location
from ipo_graph.namespaces import IPO, IPOD, IPOS
from ipo_graph.validate import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "shapes" / "base.ttl"
BLOCKS = FIXTURES / "blocks"
ENGINES = ["sparql", "pyshacl"]


def _run(path: Path, engine: str) -> Any:
    return validate(files=[*paths.ontology_files(), BASE, path], engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_valid_fixture_conforms(engine: str) -> None:
    outcome = _run(BLOCKS / "valid.ttl", engine)
    assert outcome.conforms, [(str(v.shape), str(v.focus)) for v in outcome.violations]


# --- a subject typed in two files --------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_block_pasted_into_another_file_is_reported_with_both_places(engine: str) -> None:
    """Regression: a typed block of a subject another file describes passed (RDF merged it
    into the original without a word); only a second block in the same file was found."""
    invalid = BLOCKS / "invalid.ttl"
    outcome = _run(invalid, engine)
    found = {(v.shape, v.focus, v.location) for v in outcome.violations}
    assert found == {
        (IPOS.RepeatedSubjectShape, IPOD["post-algemeen-directeur"], Location(invalid, 17)),
        (IPOS.RepeatedSubjectShape, IPO.Province, Location(invalid, 26)),
    }
    messages = {str(v.focus): v.messages for v in outcome.violations}
    post = messages[str(IPOD["post-algemeen-directeur"])]
    assert f"base.ttl:77 and again at {paths.display_path(invalid)}:17" in post["en"]
    assert "base.ttl:77 en opnieuw in" in post["nl"]
    ontology = paths.ontology_dir() / "ipo.ttl"
    line = ontology.read_text(encoding="utf-8").split("\n").index("ipo:Province") + 1
    assert f"{paths.display_path(ontology)}:{line} and again" in messages[str(IPO.Province)]["en"]


def test_no_subject_is_typed_in_two_shipped_files() -> None:
    """The rule holds for the shipped ontology and data: a term is described in
    ontology/, a resource in the file of its subject."""
    files = [*paths.ontology_files(), *paths.data_files()]
    assert text_violations(files, _NoContext()) == []


def test_each_file_is_read_once_and_only_suspects_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pass over the files: each is read once; a file that shares a typed subject's
    spelling with another is read again, to resolve and place it."""
    files = [*paths.ontology_files(), *paths.data_files()]
    reads: list[Path] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    text_violations(files, _NoContext())
    assert sorted(reads) == sorted(files)

    reads.clear()
    text_violations([*paths.ontology_files(), BASE, BLOCKS / "invalid.ttl"], _NoContext())
    again = sorted({p for p in reads if reads.count(p) > 1})
    assert again == sorted([paths.ontology_dir() / "ipo.ttl", BASE, BLOCKS / "invalid.ttl"])


class _NoContext:
    """No store: a finding's owner is itself, with no label."""

    def owner_path(self, node: Any) -> tuple[Any, tuple[URIRef, ...]]:
        return None, ()

    def label(self, node: Any) -> str | None:
        return None

    def is_described(self, node: Any) -> bool:
        return True
