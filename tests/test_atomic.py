"""The atomic writer (fmt, export, docs, …) replaces a file as a plain write would: the
file keeps its permissions, a symbolic link stays a link, and an error names the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ipo_graph import cli
from ipo_graph.atomic import atomic_write_bytes, atomic_write_text
from ipo_graph.errors import UsageError

UNFORMATTED = (
    "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
    "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
    'ipod:b ipo:x "2" . ipod:a ipo:x "1" .\n'
)


@pytest.mark.parametrize("mode", [0o600, 0o664, 0o640], ids=oct)
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    """Regression: the mode came from the umask, so a private (0600) file was made
    readable by everyone and a group-writable one lost the group's write."""
    target = tmp_path / "m.ttl"
    target.write_text(UNFORMATTED, encoding="utf-8")
    target.chmod(mode)
    assert cli.main(["fmt", str(target)]) == 0
    assert target.read_text(encoding="utf-8") != UNFORMATTED
    assert target.stat().st_mode & 0o7777 == mode


def test_writing_through_a_symbolic_link_replaces_what_it_points_at(tmp_path: Path) -> None:
    """Regression: the link was replaced by a formatted copy and its target left as it was."""
    target = tmp_path / "target.ttl"
    target.write_text(UNFORMATTED, encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(target.name)
    assert cli.main(["fmt", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8") != UNFORMATTED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttl", "target.ttl"]


def test_a_link_to_a_file_in_another_folder_is_written_there(tmp_path: Path) -> None:
    """The temporary file goes beside the target: a rename cannot cross file systems."""
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "real" / "x.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "links" / "x.ttl"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in (tmp_path / "links").iterdir()] == ["x.ttl"]


def test_a_failed_rename_names_the_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the message named the hidden temporary file (``.x.ttl.ctke5_f1.tmp``),
    as for a file made immutable with ``chattr +i``."""
    target = tmp_path / "x.ttl"
    target.write_text(UNFORMATTED, encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted", str(src), None, str(dst))

    monkeypatch.setattr("ipo_graph.atomic.os.replace", refuse)
    assert cli.main(["fmt", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"ipo-graph fmt: {target}: Operation not permitted" in err
    assert ".tmp" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["x.ttl"]
    assert target.read_text(encoding="utf-8") == UNFORMATTED


def test_a_device_is_refused_not_replaced(tmp_path: Path) -> None:
    """Regression: ``export --output /dev/full`` renamed a plain file over the device (as
    root, /dev/null could go the same way). A named pipe stands in for a device here."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        atomic_write_bytes(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert cli.main(["export", "--format", "ttl", "--output", str(fifo)]) == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left
