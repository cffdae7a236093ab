"""Run a command as a fresh process and measure its wall time, CPU time and peak memory.

``os.wait4`` gives the resource usage of exactly one child. Linux, however, counts the
memory of the process image a child was forked from in that child's ``ru_maxrss``, so a
child of a large process (a test runner that loaded the graph) would report the parent's
size. The command is therefore started by a small intermediate Python process (this file,
run as a script), which times it, waits for it and reports its figures as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    timed_out: bool = False
    cpu: float = 0.0
    """User plus system seconds of the command (both cores count)."""


def run_once(
    cmd: Sequence[str], *, env: Mapping[str, str] | None = None, timeout: float | None = None
) -> Run:
    """One whole-process run of ``cmd`` (output discarded), measured by an intermediate."""
    launcher = [sys.executable, __file__, str(timeout or 0), "--", *cmd]
    out = subprocess.run(
        launcher, env=dict(env) if env is not None else None, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(f"measuring {cmd!r} failed: {out.stderr.strip()}")
    return Run(**json.loads(out.stdout))


def _measure(cmd: Sequence[str], timeout: float) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = start + timeout if timeout > 0 else None
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            timed_out = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux
    return Run(
        round(seconds, 4),
        round(usage.ru_maxrss / 1024, 1),
        proc.returncode,
        timed_out,
        round(usage.ru_utime + usage.ru_stime, 4),
    )


if __name__ == "__main__":
    limit, sep, *command = sys.argv[1:]
    if sep != "--" or not command:
        raise SystemExit("usage: measure.py TIMEOUT -- COMMAND...")
    print(json.dumps(asdict(_measure(command, float(limit)))))
