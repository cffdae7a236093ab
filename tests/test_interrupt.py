"""Ctrl-C and SIGTERM end a command within about a second, also while it waits on a call
into Oxigraph, with no half-written file left (src/ipo_graph/interrupt.py).

Regression: Python runs a signal handler only when the main thread runs Python, so
``ipo-graph query`` on a heavy query ignored Ctrl-C and ``timeout`` (SIGTERM) for as long
as Oxigraph worked on it: a cross product on the shipped data ran on for over ten minutes
after SIGTERM, until it was killed.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ipo_graph import cli
from ipo_graph.interrupt import GRACE

HERE = Path(__file__).resolve().parent
CROSS_PRODUCT = HERE / "fixtures" / "interrupt" / "cross-product.rq"
SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143)]


def _ended_within(process: subprocess.Popen[str], seconds: float) -> float:
    """Seconds the process took to end; fails (and kills it) past ``seconds``."""
    started = time.monotonic()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"still running {seconds} s after the signal")
    return time.monotonic() - started


def _wait_for_cpu(process: subprocess.Popen[str], seconds: float) -> None:
    """Wait until ``process`` has used ``seconds`` of CPU time (Linux's /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= seconds:  # utime + stime
            return
        time.sleep(0.1)
    pytest.fail(f"the query did not use {seconds} s of CPU within 120 s")


def _inside_a_long_query(ignore_sigint: bool = False) -> subprocess.Popen[str]:
    """``ipo-graph query`` on the cross product, once it is inside Oxigraph's evaluation
    (the cache entry built first by a short query, so that start-up is brief)."""
    command = [sys.executable, "-m", "ipo_graph", "query"]
    warm = subprocess.run([*command, "ad-interim"], capture_output=True, text=True, timeout=300)
    assert warm.returncode == 0, warm.stderr
    process = subprocess.Popen(
        [*command, str(CROSS_PRODUCT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as bash's `&` in a script does
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        if ignore_sigint
        else None,
    )
    # a warm query starts in under half a second of CPU; past 2.5 s it is in the product
    _wait_for_cpu(process, 2.5)
    return process


@pytest.mark.parametrize("signum, code", SIGNALS)
def test_a_long_query_ends_on_ctrl_c_and_sigterm(signum: int, code: int, cache: Path) -> None:
    process = _inside_a_long_query()
    process.send_signal(signum)
    took = _ended_within(process, 15)
    _, stderr = process.communicate()
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr
    # ended by the watchdog: the handler could not run while Oxigraph held the thread
    assert took >= GRACE * 0.9


def test_a_signal_ignored_on_purpose_stays_ignored(cache: Path) -> None:
    """A job a script starts in the background (or ``nohup``) has SIGINT ignored, so that
    Ctrl-C in the terminal leaves it running; Python keeps that, and so must ``main``.
    Regression: the first version set its own handler in its place, and ``serve`` started
    that way then stopped on a SIGINT (exit 130) where it had run on."""
    process = _inside_a_long_query(ignore_sigint=True)
    process.send_signal(signal.SIGINT)
    time.sleep(GRACE * 2.5)
    assert process.poll() is None, "ended by a signal it was told to ignore"
    process.send_signal(signal.SIGTERM)  # not ignored: ends it as ever
    _ended_within(process, 15)
    _, stderr = process.communicate()
    assert process.returncode == 143, stderr


@pytest.mark.parametrize("signum, code", SIGNALS)
def test_a_forced_end_removes_the_half_written_file(signum: int, code: int, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    target.write_text("the old chart", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(HERE / "interrupt_child.py"), str(target), str(CROSS_PRODUCT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n", process.communicate()
    # the file, the half-written one beside it and the folder being built
    assert len(list(tmp_path.iterdir())) == 3
    time.sleep(0.5)
    process.send_signal(signum)
    _ended_within(process, 15)
    _, stderr = process.communicate()
    assert process.returncode == code, stderr
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]
    assert target.read_text(encoding="utf-8") == "the old chart"


def test_main_called_in_process_puts_everything_back(capsys: pytest.CaptureFixture[str]) -> None:
    """A program (or this test run) that calls ``cli.main`` keeps its own handlers, its
    wakeup descriptor and no watchdog thread once ``main`` returns."""
    before = {s: signal.getsignal(s) for s, _ in SIGNALS}
    assert cli.main(["query", "--list"]) == 0
    assert {s: signal.getsignal(s) for s, _ in SIGNALS} == before
    previous = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(previous)
    assert previous == -1
    assert not [t for t in threading.enumerate() if t.name == "ipo-graph-interrupt"]
    assert capsys.readouterr().out


def test_ctrl_c_leaves_the_cache_entry_unwritten(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command stopped after it built its store in memory does not go on to write the
    cache entry (seconds at scale): stopping means stopping; the next run builds it. The
    entry's lock is released: the first version of this rule kept it, and the next
    ``main`` in the same process waited on it for ever."""
    from ipo_graph import resultformats

    def entries() -> list[str]:
        return [p.name for p in cache.iterdir() if len(p.name) == 64] if cache.is_dir() else []

    def interrupted(*_: object, **__: object) -> str:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(resultformats, "render", interrupted)
        assert cli.main(["query", "ad-interim"]) == 130
    assert entries() == []
    locks = list(cache.glob(".lock-*"))
    assert locks
    for path in locks:  # free, or the next main below would wait on it for ever
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert cli.main(["query", "ad-interim"]) == 0  # the same run, not stopped, writes one
    assert len(entries()) == 1
    assert capsys.readouterr().out
