"""`ipo-graph export` to RDF: re-import gives the same graph; writes are atomic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.namespaces import IPO
from ipo_graph.privacy import without_personal_data
from support import canonical_graph

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_then_reimport_is_isomorphic(kg: IpoGraph, tmp_path: Path, fmt: str) -> None:
    """The graph the queries run on: written from their store, whose numbers are in
    canonical form (8.0 is written 8), so the graphs are compared by value."""
    out = tmp_path / f"graph.{fmt}"
    assert main(["export", "--format", fmt, "--output", str(out), "--include-personal"]) == 0
    again = Graph().parse(out, format=FORMATS[fmt])
    assert isomorphic(canonical_graph(again), canonical_graph(kg.graph))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_gives_the_same_bytes_whatever_the_blank_node_ids(
    kg: IpoGraph, tmp_path: Path, fmt: str
) -> None:
    # Regression: Turtle and N-Triples carried the ids a run gave its blank nodes, and
    # Turtle (inlined blank nodes, sorted by id) and JSON-LD (set order) their order, so
    # every `make run` wrote a different file for the same graph.
    from ipo_graph.export import writer

    renamed = Graph()
    fresh: dict[BNode, BNode] = {}
    for triple in sorted(kg.graph, reverse=True):  # new ids, handed out in another order
        renamed.add(
            tuple(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple)
        )
    assert isomorphic(renamed, kg.graph) and set(renamed) != set(kg.graph)
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    writer(fmt)(kg.graph, one)
    writer(fmt)(renamed, two)
    assert one.read_bytes() == two.read_bytes()


def test_json_ld_export_writes_classes_as_type(kg: IpoGraph, tmp_path: Path) -> None:
    # as JSON-LD's conversion from RDF does by default, and as rdflib's writer did
    import json

    out = tmp_path / "graph.jsonld"
    assert main(["export", "--format", "jsonld", "--output", str(out)]) == 0
    nodes = {n["@id"]: n for n in json.loads(out.read_text(encoding="utf-8"))}
    bij12 = nodes["https://w3id.org/ipo-graph/id/bij12"]
    assert list(bij12)[:2] == ["@id", "@type"]
    assert "https://w3id.org/ipo-graph/def#Office" in bij12["@type"]
    assert not any("http://www.w3.org/1999/02/22-rdf-syntax-ns#type" in n for n in nodes.values())


def test_n_triples_export_is_the_rdfc_canonical_form(kg: IpoGraph, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    assert main(["export", "--format", "nt", "--output", str(out), "--include-personal"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    blanks = {t for line in lines for t in line.split() if t.startswith("_:")}
    assert blanks and all(re.fullmatch(r"_:c14n[0-9]+", b) for b in blanks)


def test_export_leaves_out_personal_data_by_default(kg: IpoGraph, tmp_path: Path) -> None:
    out = tmp_path / "public.nt"
    assert main(["export", "--format", "nt", "--output", str(out)]) == 0
    public = Graph().parse(out, format="nt")
    assert isomorphic(canonical_graph(public), canonical_graph(without_personal_data(kg.graph)))
    assert not list(public.triples((None, IPO.workEmail, None)))
    assert "hmenniga@ipo.nl" not in out.read_text(encoding="utf-8")


def test_export_includes_materialised_inference(tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    assert main(["export", "--format", "nt", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    # provinces are typed ipo:Province only in data/; org:Organization comes from RDFS
    assert (
        "<https://w3id.org/ipo-graph/id/provincie-groningen> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.w3.org/ns/org#Organization> ."
    ) in text


def test_failed_export_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ipo_graph import canonical

    out = tmp_path / "graph.ttl"
    out.write_text("old", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(canonical._Writer, "write", broken)
    with pytest.raises(RuntimeError):
        main(["export", "--format", "ttl", "--output", str(out)])
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_atomic_write_removes_its_temporary_file_on_error(tmp_path: Path) -> None:
    from ipo_graph.atomic import atomic_open

    target = tmp_path / "x.txt"
    with pytest.raises(ValueError), atomic_open(target) as handle:
        handle.write("half")
        raise ValueError("stop")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_exported_files_are_readable_like_any_other_file(tmp_path: Path) -> None:
    # Regression: mkstemp's private 0600 mode used to leak into every export.
    import os

    from ipo_graph.atomic import atomic_write_text

    target = tmp_path / "out.txt"
    atomic_write_text(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_an_output_that_is_a_folder_is_a_plain_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--output DIR`` (or ``--output ''``) ended in a traceback from the
    rename; nothing may be written beside or over the folder either."""
    assert main(["export", "--format", "ttl", "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"ipo-graph export: {tmp_path}: a folder, not a file to write" in err
    assert list(tmp_path.iterdir()) == []


def test_a_path_the_system_refuses_is_a_plain_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a name longer than the file system allows was an OSError traceback,
    for ``export --output`` and for ``query NAME`` alike (found by fuzzing arguments)."""
    long = "a" * 300
    assert main(["export", "--format", "ttl", "--output", str(tmp_path / long)]) == 2
    assert f"{long}: File name too long" in capsys.readouterr().err
    assert main(["query", long]) == 2
    err = capsys.readouterr().err
    assert f"ipo-graph query: {long}: File name too long" in err
    assert "Traceback" not in err


def test_a_number_that_is_not_one_is_exported_as_written_without_rdflibs_warning(
    tmp_path: Path,
) -> None:
    """Regression: rdflib's 'Serializing weird numerical' warning, with its own file and
    line, reached the screen on export; validate is where an ill-typed literal is reported."""
    import subprocess
    import sys

    fixtures = Path(__file__).resolve().parent / "fixtures"
    out = tmp_path / "graph.ttl"
    done = subprocess.run(  # a real process: warnings go to the real stderr
        [
            sys.executable, "-m", "ipo_graph", "export", "--format", "ttl",
            "--output", str(out),
            "--data", str(fixtures / "shapes" / "base.ttl"),
            "--data", str(fixtures / "export" / "ill-typed-number.ttl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "rdflib" not in done.stderr
    assert '"acht"^^xsd:decimal' in out.read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_made_is_named_as_asked(tmp_path: Path) -> None:
    """Regression: the error named the hidden temporary file (``.x.ttl.abc123.tmp``), a
    name the user never gave."""
    from ipo_graph.atomic import atomic_write_text
    from ipo_graph.errors import UsageError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "deeper" / "x.ttl"
    with pytest.raises(OSError) as caught:
        atomic_write_text(target, "x")
    assert caught.value.filename == str(target)
    # a file where the folder should be: named, in words ("File exists" was mkdir's)
    with pytest.raises(UsageError, match="file, not a folder") as refused:
        atomic_write_text(blocker / "x.ttl", "x")
    assert str(blocker) in str(refused.value)
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("personal", [False, True])
def test_the_store_writes_what_the_rdflib_route_wrote(
    kg: IpoGraph, tmp_path: Path, fmt: str, personal: bool
) -> None:
    """export_data writes the graph itself from the query cache's store (the public variant
    unless personal data is asked for) instead of loading, entailing and copying it in
    rdflib (70 s and 1.5 GB at synthetic scale 100). Same bytes, but for the one number
    the shipped data writes in another form than the canonical one Oxigraph keeps."""
    from ipo_graph.export import ExportOptions, export, export_data

    options = ExportOptions(include_personal=personal)
    stored, loaded = tmp_path / f"stored.{fmt}", tmp_path / f"loaded.{fmt}"
    export_data(None, fmt, stored, options)
    export(kg, fmt, loaded, options)
    one = stored.read_text(encoding="utf-8").splitlines()
    two = loaded.read_text(encoding="utf-8").splitlines()
    differ = [(a, b) for a, b in zip(one, two, strict=True) if a != b]
    assert differ  # the holiday allowance of data/vacancies.ttl, and nothing else
    for mine, theirs in differ:
        assert mine in (theirs.replace("8.0", "8"), theirs.replace("8.0", '"8"^^xsd:decimal'))
    assert ("hmenniga@ipo.nl" in "\n".join(one)) is personal


def test_the_store_writes_synthetic_data_byte_for_byte_as_rdflib_did(tmp_path: Path) -> None:
    from ipo_graph.export import ExportOptions, export, export_data
    from ipo_graph.synth import write

    write(1, tmp_path / "synth")
    data = [tmp_path / "synth"]
    kg = IpoGraph.load(data)
    for fmt in sorted(FORMATS):
        export_data(data, fmt, tmp_path / f"stored.{fmt}", ExportOptions())
        export(kg, fmt, tmp_path / f"loaded.{fmt}", ExportOptions())
        stored, loaded = tmp_path / f"stored.{fmt}", tmp_path / f"loaded.{fmt}"
        assert stored.read_bytes() == loaded.read_bytes(), fmt


def test_the_graph_formats_do_not_build_the_rdflib_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> IpoGraph:
        raise AssertionError("IpoGraph.load called")

    monkeypatch.setattr(IpoGraph, "load", classmethod(refuse))
    for fmt in sorted(FORMATS):
        assert main(["export", "--format", fmt, "--output", str(tmp_path / f"g.{fmt}")]) == 0
    day = ["--as-of", "2025-12-19", "--output", str(tmp_path / "d.ttl")]
    with pytest.raises(AssertionError, match=r"IpoGraph\.load"):  # a day's view needs it
        main(["export", "--format", "ttl", *day])


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_strict_without_a_day_is_refused(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--strict`` without ``--as-of`` wrote the whole graph, the same bytes
    as without it, exit 0: only a day's view has presumed facts to leave out."""
    out = tmp_path / f"graph.{fmt}"
    assert main(["export", "--format", fmt, "--strict", "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--strict applies to a day's view and the org chart; --format {fmt} without" in err
    assert not out.exists()


@pytest.mark.parametrize("as_of", [[], ["--as-of", "2020-12-01"]], ids=["latest", "as-of"])
def test_a_root_is_refused_by_the_rdf_formats(
    as_of: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--root nobody`` with ttl wrote the whole graph, exit 0: the RDF
    formats draw no subtree, so neither a bad nor a good root changed anything."""
    out = tmp_path / "graph.ttl"
    for root in ("nobody", "BIJ12"):
        argv = ["export", "--format", "ttl", "--root", root, *as_of, "--output", str(out)]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "--root applies to the pictures and graph formats; --format ttl writes" in err
        assert not out.exists()
