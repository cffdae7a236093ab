"""Progress lines on stderr for the runs a person waits for.

A line per stage, with the seconds since the start; shown when asked for (``--verbose``)
or by itself when a person is watching (stderr is a terminal) and the input is large.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Progress = Callable[[str], None]

#: Inputs larger than this (bytes) take long enough to deserve progress by themselves.
LONG_RUN_BYTES = 20_000_000


def printer(enabled: bool) -> Progress | None:
    """A stderr line per stage with the time since the start, or None when not wanted."""
    if not enabled:
        return None
    start = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - start:6.2f} s] {message}", file=sys.stderr, flush=True)

    return say


def long_run(files: Sequence[Path]) -> bool:
    """True when a person waits (stderr is a terminal) for more than a few megabytes."""
    if not sys.stderr.isatty():
        return False
    return sum(p.stat().st_size for p in files) > LONG_RUN_BYTES
