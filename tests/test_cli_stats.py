"""`ipo-graph stats` and the CLI's exit codes for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipo_graph.cli import main


def test_stats_counts_classes_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["classes"]["ipo:Province"] == 12
    assert data["classes"]["foaf:Person"] == 6
    assert data["classes"]["ipo:Seat"] == 24 + 12 + 12 + 12 + 4 + 1
    assert set(data["sources"]) == {"000_446a8e16cc534121.txt", "001_706ab6f4b2994d12.txt"}
    assert all(n > 0 for n in data["sources"].values())


def test_stats_text_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "triples" in out and "ipo:Province" in out and "000_446a8e16cc534121.txt" in out


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
def test_the_cached_store_counts_what_the_rdflib_graph_counts(data: str, tmp_path: Path) -> None:
    """stats without --as-of counts on the query cache's store, with --as-of on an rdflib
    view: the same queries (counts.py), and on the graph as it is the same numbers as the
    rdflib graph the command used to load (triples, entailed, per class, per source)."""
    from ipo_graph import counts
    from ipo_graph.api import IpoGraph
    from ipo_graph.store import asserted_count, build_store, store_files
    from ipo_graph.synth import write

    paths: list[Path] | None = None
    if data == "synthetic":
        write(1, tmp_path / "synth")
        paths = [tmp_path / "synth"]
    kg = IpoGraph.load(paths)
    files = store_files(paths)
    store = build_store(files)
    assert (len(store), len(store) - asserted_count(files)) == (len(kg.graph), kg.inferred)
    assert kg.inferred > 0
    assert counts.per_class(store) == counts.per_class(kg.graph) != {}
    assert counts.per_source(store) == counts.per_source(kg.graph) != {}


def test_stats_from_the_cache_and_as_of_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    """The text and JSON of stats, from the cache (twice: a miss, then a hit) and as of a
    day, agree with the API's counts."""
    from ipo_graph.api import IpoGraph

    kg = IpoGraph.load()
    runs = []
    for _ in range(2):
        assert main(["stats", "--format", "json"]) == 0
        runs.append(json.loads(capsys.readouterr().out))
    assert runs[0] == runs[1]
    assert runs[0]["triples"] == len(kg.graph) and runs[0]["inferred"] == kg.inferred
    assert runs[0]["classes"] == dict(sorted(kg.counts_per_class().items()))
    assert main(["stats", "--as-of", "2010-06-01", "--format", "json"]) == 0
    day = json.loads(capsys.readouterr().out)
    assert day["triples"] < runs[0]["triples"]


def test_broken_turtle_is_exit_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n',
        encoding="utf-8",
    )
    assert main(["stats", "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:" in err
    assert "Traceback" not in err


def test_missing_path_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--data", "/no/such/folder"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_no_command_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_an_ill_typed_literal_leaves_no_library_traceback_outside_validate() -> None:
    """Regression: rdflib logs a traceback for each ill-typed literal it reads; validate
    hid it, but stats, export, why and changes printed it, which looked like a crash."""
    import subprocess
    import sys

    shapes = Path(__file__).resolve().parent / "fixtures" / "shapes"
    done = subprocess.run(  # a real process: rdflib logs to the real stderr
        [
            sys.executable, "-m", "ipo_graph", "stats",
            "--data", str(shapes / "base.ttl"),
            "--data", str(shapes / "instant" / "invalid.ttl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    assert "Resources derived from each source document" in done.stdout


def test_ctrl_c_while_the_cache_is_written_is_exit_130_without_traceback(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the cache is written in ``main``'s ``finally``, after the answer, out
    of reach of its ``except KeyboardInterrupt``: Ctrl-C there printed a traceback."""
    from ipo_graph import store

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_build_entry", interrupted)
    assert main(["stats", "--format", "json"]) == 130
    assert json.loads(capsys.readouterr().out)["triples"] > 0  # the answer was out
    assert not store._PENDING


def test_ctrl_c_while_the_commands_are_imported_is_exit_130(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ipo_graph import cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert main(["stats"]) == 130


#: Loaded by the interpreter at start-up (``site``), before the console script runs: it
#: sends the process SIGINT when the module named by IPO_TEST_INTERRUPT_AT is imported.
_INTERRUPTER = """
import os, signal, sys

class _Interrupter:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["IPO_TEST_INTERRUPT_AT"]:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started ignoring it
sys.meta_path.insert(0, _Interrupter())
"""


@pytest.mark.parametrize("module", ["argparse", "ipo_graph.errors", "ipo_graph.commands.fmt"])
def test_ctrl_c_while_python_starts_the_command_is_exit_130_without_traceback(
    module: str, tmp_path: Path
) -> None:
    """Regression: the console script imports ``ipo_graph.cli`` before ``main`` runs, and
    that module imported argparse, signal, threading and the errors at its top: Ctrl-C
    while they loaded printed a KeyboardInterrupt traceback. The interrupt arrives here at
    a fixed moment of start-up: while ``module`` is imported."""
    import os
    import subprocess
    import sys

    (tmp_path / "sitecustomize.py").write_text(_INTERRUPTER)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "IPO_TEST_INTERRUPT_AT": module}
    # what the console script runs
    script = "import sys\nfrom ipo_graph.cli import main\nsys.exit(main())\n"
    done = subprocess.run(
        [sys.executable, "-c", script, "--version"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 130, done.stderr
    assert done.stdout == ""  # interrupted before the version was printed


def test_sigterm_while_a_file_is_written_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: SIGTERM (``timeout``, a cancelled CI job) killed the process at once,
    leaving the atomic write's ``.orgchart.dot.*.tmp`` beside the file it was to replace.
    It now ends the command as an exception does: exit 143, the temporary file removed,
    the handler before it put back."""
    import os
    import signal

    def before(signum: int, frame: object) -> None:  # what the old code would have met
        raise RuntimeError("SIGTERM reached the handler outside main")

    previous = signal.signal(signal.SIGTERM, before)
    real_fsync = os.fsync

    def terminated(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", terminated)
    out = tmp_path / "orgchart.dot"
    try:
        with pytest.raises(SystemExit) as stopped:
            main(["export", "--format", "dot", "--output", str(out)])
        assert signal.getsignal(signal.SIGTERM) is before
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.code == 143
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--as-of", ""],
        ["query", "members-of-ipo", "--as-of", " "],
        ["export", "--format", "svg", "--output", "{out}", "--as-of", ""],
        ["export", "--format", "svg", "--output", "{out}", "--root", ""],
        ["diff", "HEAD", "--format", "svg", "--output", "{out}", "--as-of", ""],
        ["query", "members-of-ipo", "--endpoint", ""],
        ["query", ""],
        ["query", "-e", " "],
        ["publish", "http://127.0.0.1:1/store", "--query-endpoint", ""],
        ["source", "add", "{out}", "--date", "2025-01-01", "--issued", ""],
        ["excerpt", "000", "3", "--name", " "],
    ],
    ids=" ".join,
)
def test_an_empty_option_value_is_a_usage_error_not_the_default(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: an empty value was taken for none given, so an unset shell variable
    (``--as-of "$DAY"``, ``--endpoint "$URL"``) gave the latest day, the whole chart or
    the local graph, exit 0, instead of what the caller meant to ask for."""
    out = tmp_path / "out.svg"
    with pytest.raises(SystemExit) as stop:
        main([a.replace("{out}", str(out)) for a in args])
    assert stop.value.code == 2
    assert "empty value given" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["diff", "HEAD", "--repo", ""], "argument --repo: empty path given ('')"),
        (["diff", "HEAD", "--path", " "], "argument --path: empty value given (' ')"),
        (["source", "add", "", "--date", "2025-01-01"], "argument FILE: empty path given ('')"),
        (
            ["source", "add", "{doc}", "--date", "2025-01-01", "--into", ""],
            "argument --into: empty path given ('')",
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_empty_path_is_named_not_taken_for_the_working_folder(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``Path("")`` is the working folder: ``diff --repo ""`` compared the
    repository here, exit 0, and ``source add "" …`` or ``--into ""`` said ``.: no such
    file`` or ``.: --into takes a Turtle file``, hiding that the value was empty; an empty
    ``diff --path`` came back as git's own 'fatal: empty string is not a valid pathspec'."""
    doc = tmp_path / "doc.txt"
    doc.write_text("Een bron\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main([a.replace("{doc}", str(doc)) for a in args])
    assert stop.value.code == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["query", "members-of-ipo"],
        ["export", "--format", "ttl", "--output", "{out}"],
        ["export", "--format", "svg", "--output", "{out}"],
        ["changes", "--from", "2020-12-01", "--to", "2025-12-19"],
        ["why", "ipod:ipo"],
    ],
    ids=" ".join,
)
def test_data_that_holds_no_rdf_file_is_a_usage_error(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--data`` naming a folder with no RDF file in it (empty, or notes
    only) answered on the ontology alone, exit 0, where validate says so and exits 2."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("not RDF\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([*(a.replace("{out}", str(out)) for a in args), "--data", str(notes)]) == 2
    assert f"no RDF files in {notes}" in capsys.readouterr().err
    assert not out.exists()


def test_a_byte_order_mark_is_read_as_validate_reads_it(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the store the commands query was given the file's bytes as they are,
    and Oxigraph called a byte-order mark an invalid subject at 1:1: a file validate
    read was refused by stats, query, export, why and changes (exit 2)."""
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(
        b"\xef\xbb\xbf@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        b'@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\nipod:x rdfs:label "X"@nl .\n'
    )
    query = "SELECT ?l { <https://w3id.org/ipo-graph/id/x> rdfs:label ?l }"
    assert main(["query", "-e", query, "--format", "csv", "--data", str(bom)]) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "X"]


def test_a_byte_that_is_not_utf8_is_named_as_validate_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the commands that query the store passed on Oxigraph's 'Invalid UTF-8
    character encoding', which names neither the byte nor the way out."""
    latin1 = tmp_path / "latin1.ttl"
    latin1.write_bytes(b'@prefix ex: <http://example.org/> .\nex:a ex:b "caf\xe9" .\n')
    assert main(["validate", str(latin1)]) == 2
    said = capsys.readouterr().err.removeprefix("ipo-graph validate: ")
    assert f"{latin1}:2:15: byte 0xe9 is not valid UTF-8 (save the file as UTF-8)" in said
    assert main(["query", "members-of-ipo", "--data", str(latin1)]) == 2
    assert capsys.readouterr().err.removeprefix("ipo-graph query: ") == said


def test_a_path_that_is_no_file_is_not_called_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a pipe or a device (``--data /dev/null``) was reported as 'no such file
    or folder', which sends the reader looking for a typo in a path that exists."""
    import os

    pipe = tmp_path / "pipe.ttl"
    os.mkfifo(pipe)
    assert main(["stats", "--data", str(pipe)]) == 2
    assert f"{pipe}: not a regular file or folder" in capsys.readouterr().err


def test_strict_without_a_day_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``stats --strict`` without ``--as-of`` counted the whole graph, exit 0,
    as if --strict had not been given; it only leaves out what a day's view presumes."""
    assert main(["stats", "--strict"]) == 2
    err = capsys.readouterr().err
    assert "--strict applies to a day's view: give --as-of DATE" in err
    assert main(["stats", "--strict", "--as-of", "2025-12-19", "--format", "json"]) == 0
