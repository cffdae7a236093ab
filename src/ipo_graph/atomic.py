"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import UsageError
from .interrupt import temporary


@contextlib.contextmanager
def atomic_open(
    path: str | Path, mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any exception the temporary file is removed and ``path`` is left as it was. The
    new file keeps the permissions of the one it replaces, and a symbolic link stays a
    link: what it points at is replaced.
    """
    target = Path(path)
    if target.is_dir():  # Path("") is "." too
        raise UsageError(f"{str(path) or '(empty)'}: a folder, not a file to write")
    if target.is_symlink():  # renaming onto the link would replace the link itself
        target = Path(os.path.realpath(target))
    if target.exists() and not target.is_file():
        # a device or a pipe (/dev/null, /dev/full): the rename would put a plain file in
        # its place, and as root even replace the system's device
        raise UsageError(f"{path}: not a regular file; give a file to write")
    try:
        permissions = _permissions(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except FileExistsError:  # mkdir's answer when the folder's name is taken by a file
        raise UsageError(f"{target.parent}: a file, not a folder to write into") from None
    except OSError as exc:
        raise _as_asked(exc, path) from None
    with temporary(tmp):  # removed as well if the process is ended at once (interrupt.py)
        try:
            os.chmod(tmp, permissions)
            kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
            with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _as_asked(exc, path) from None
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


def _as_asked(exc: OSError, path: str | Path) -> OSError:
    """``exc`` naming the file asked for, not the temporary one beside it (an error with
    no errno, as some file systems and tests raise, keeps its own words)."""
    if exc.strerror is None:
        return OSError(f"{path}: {exc}")
    return OSError(exc.errno, exc.strerror, str(path))


def _permissions(target: Path) -> int:
    """The mode of the file being replaced, so that a private file stays private and a
    shared one shared; a new file gets the mode a plain open() would give (mkstemp's is
    0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except (FileNotFoundError, NotADirectoryError):  # no such file (yet)
        return 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb", encoding=None) as handle:
        handle.write(data)  # type: ignore[arg-type]


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(text)
