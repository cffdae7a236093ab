"""Path arguments, as every command that reads files takes them (``PATH``, ``--data``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipo_graph import cli

UNFORMATTED = (
    "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
    "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
    'ipod:b ipo:x "2" . ipod:a ipo:x "1" .\n'
)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", ""],
        ["fmt", ""],
        ["fmt", "--check", ""],
        ["fmt", "--diff", ""],
        ["stats", "--data", ""],
        ["query", "--all", "--data", ""],
        ["why", "ipod:a", "--data", ""],
    ],
    ids=" ".join,
)
def test_an_empty_path_is_a_usage_error_not_the_working_folder(
    args: list[str],
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: ``Path("")`` is ``.``, so an unset shell variable (``fmt "$F"``) read,
    or rewrote, every file below the working folder."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.ttl").write_text(UNFORMATTED, encoding="utf-8")
    monkeypatch.chdir(work)
    assert cli.main(args) == 2
    assert f"ipo-graph {args[0]}: empty path given" in capsys.readouterr().err
    assert (work / "a.ttl").read_text(encoding="utf-8") == UNFORMATTED


@pytest.mark.parametrize(
    "args",
    [
        ["docs", "--output", ""],
        ["synth", "--scale", "1", "--output", ""],
        ["changes", "--from", "2020-12-01", "--to", "2025-12-19", "--output", ""],
        ["export", "--format", "ttl", "--output", " "],
        ["diff", "HEAD", "--format", "svg", "--output", ""],
    ],
    ids=" ".join,
)
def test_an_empty_output_is_a_usage_error_not_the_working_folder(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: ``docs --output ''`` wrote 208 pages into the working folder, ``synth``
    an organisation, and ``changes --output ''`` printed instead of writing."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(SystemExit) as stop:
        cli.main(args)
    assert stop.value.code == 2
    assert "empty path given" in capsys.readouterr().err
    assert list(work.iterdir()) == []
