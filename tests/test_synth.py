"""Synthetic organisations: deterministic, valid against the shapes, usable by every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import FOAF, ORG, RDF

from ipo_graph.cli import main
from ipo_graph.synth import write

IPO_IRI = "https://w3id.org/ipo-graph/id/ipo"


@pytest.fixture(scope="module")
def scale2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "scale2"
    write(2, out, seed=7)
    return out


def read_all(folder: Path) -> Graph:
    g = Graph()
    for f in sorted(folder.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def test_same_seed_gives_byte_identical_files(scale2: Path, tmp_path: Path) -> None:
    write(2, tmp_path / "again", seed=7)
    names = sorted(p.name for p in scale2.iterdir())
    assert names == ["association-0001.ttl", "association-0002.ttl", "core.ttl"]
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == (scale2 / name).read_bytes()


def test_another_seed_gives_other_histories(scale2: Path, tmp_path: Path) -> None:
    write(1, tmp_path / "other", seed=8)
    assert (tmp_path / "other" / "association-0001.ttl").read_bytes() != (
        scale2 / "association-0001.ttl"
    ).read_bytes()


def test_a_larger_scale_only_adds_files(scale2: Path, tmp_path: Path) -> None:
    write(1, tmp_path / "one", seed=7)
    for name in ("core.ttl", "association-0001.ttl"):
        assert (tmp_path / "one" / name).read_bytes() == (scale2 / name).read_bytes()


def test_size_grows_linearly_with_scale(scale2: Path, tmp_path: Path) -> None:
    write(1, tmp_path / "one", seed=7)
    one, two = len(read_all(tmp_path / "one")), len(read_all(scale2))
    core = len(Graph().parse(scale2 / "core.ttl"))
    per_association = two - one
    assert 3000 < per_association < 8000  # about the shipped graph's size
    assert abs((one - core) - per_association) < 0.1 * per_association


def test_people_have_obviously_synthetic_names(scale2: Path) -> None:
    g = read_all(scale2)
    names = [str(n) for n in g.objects(None, FOAF.name)]
    assert len(names) > 100
    assert all(re.fullmatch(r"Persoon \d{4}-\d{3}", n) for n in names), names[:5]


def test_every_association_has_the_twelve_provinces_as_members(scale2: Path) -> None:
    g = read_all(scale2)
    provinces = set(g.subjects(ORG.memberOf, None))
    assert len(provinces) == 12
    associations = {
        o for m in g.subjects(RDF.type, ORG.Membership) for o in g.objects(m, ORG.organization)
    }
    assert {str(a) for a in associations} >= {
        IPO_IRI,
        "https://w3id.org/ipo-graph/id/vereniging-s0001",
        "https://w3id.org/ipo-graph/id/vereniging-s0002",
    }


def test_synthetic_data_conforms_to_the_shapes(scale2: Path) -> None:
    from ipo_graph.validate import validate

    outcome = validate([scale2])
    assert outcome.conforms, [str(v.focus) for v in outcome.violations[:10]]


def test_commands_accept_it_as_data(
    scale2: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IPO_GRAPH_CACHE", str(tmp_path / "cache"))
    assert main(["query", "members-of-ipo", "--data", str(scale2), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 1 + 12  # header and the twelve provinces
    out = tmp_path / "synth.ttl"
    assert main(["export", "--format", "ttl", "--output", str(out), "--data", str(scale2)]) == 0
    assert len(Graph().parse(out)) > len(read_all(scale2))  # plus ontology and entailments


def test_synth_command_writes_and_rejects_bad_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "--scale", "1", "--output", str(tmp_path / "s")]) == 0
    assert "wrote 2 files" in capsys.readouterr().out
    assert main(["synth", "--scale", "0", "--output", str(tmp_path / "t")]) == 2
    assert not (tmp_path / "t").exists()


def test_a_smaller_scale_in_the_same_folder_removes_the_extra_associations(tmp_path: Path) -> None:
    write(3, tmp_path / "s")
    (tmp_path / "s" / "notes.ttl").write_text("# mine\n", encoding="utf-8")
    write(1, tmp_path / "s")
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert names == ["association-0001.ttl", "core.ttl", "notes.ttl"]


def test_a_folder_of_other_data_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``synth --output data`` (meant: ``--data``) wrote ``core.ttl`` and the
    associations among the shipped data, and every command read them as part of it."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "association.ttl").write_text("# the real data\n", encoding="utf-8")
    assert main(["synth", "--scale", "1", "--output", str(data)]) == 2
    assert f"{data} holds other data ({data / 'association.ttl'})" in capsys.readouterr().err
    assert [p.name for p in data.iterdir()] == ["association.ttl"]
    # a synthetic folder with a file of one's own beside it is written again
    write(1, tmp_path / "s")
    (tmp_path / "s" / "notes.ttl").write_text("# mine\n", encoding="utf-8")
    assert main(["synth", "--scale", "2", "--output", str(tmp_path / "s")]) == 0
