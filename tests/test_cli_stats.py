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
