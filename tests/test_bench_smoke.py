"""The benchmark's own machinery: per-child peak memory, timeouts and the target verdicts.

No timings are asserted (the machine's speed is not under test); CI runs
``benchmarks/run.py --smoke`` to prove the whole script runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import measure  # noqa: E402
import run as bench  # noqa: E402


def test_peak_memory_is_the_childs_own() -> None:
    big = measure.run_once(
        [
            sys.executable,
            "-c",
            "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])",
        ]
    )
    small = measure.run_once([sys.executable, "-c", "pass"])
    assert big.returncode == 0 and small.returncode == 0
    assert big.peak_mb >= 200
    assert small.peak_mb < 150  # not the previous child's peak


def test_exit_code_and_timeout_are_reported() -> None:
    failed = measure.run_once([sys.executable, "-c", "raise SystemExit(3)"])
    assert failed.returncode == 3 and not failed.timed_out
    slow = measure.run_once([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert slow.timed_out
    assert slow.seconds < 10


def test_cpu_time_is_the_childs_own() -> None:
    """CPU is the command's user + system time: a busy child counts, a sleeping one not."""
    spin = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"
    busy = measure.run_once([sys.executable, "-c", spin])
    idle = measure.run_once([sys.executable, "-c", "import time; time.sleep(0.6)"])
    assert busy.cpu >= 0.4
    assert idle.cpu < 0.3 < idle.seconds


def _m(dataset: str, task: str, seconds: float, mb: float = 100.0) -> bench.Measurement:
    return bench.Measurement(dataset, task, ["x"], runs=[seconds], peak_mb=mb, returncodes=[0])


@pytest.mark.parametrize(
    ("validate_100", "memory", "met"),
    [(110.0, 700.0, True), (130.0, 700.0, False), (110.0, 1600.0, False)],
)
def test_target_verdicts(validate_100: float, memory: float, met: bool) -> None:
    q = bench.HEADLINE_QUERY
    ms = [
        _m("shipped", "validate", 1.0),
        _m("shipped", "validate (naive: rdflib+owlrl+pyshacl)", 4.0),
        _m("scale-10", "validate", 10.0),
        _m("scale-100", "validate", validate_100, memory),
        _m("scale-100", f"query {q} (cold cache)", 5.0),
        _m("scale-100", f"query {q} (naive rdflib)", 100.0),
        _m("shipped", f"query {q} (cached)", 0.2),
    ]
    verdicts = {str(t["target"]): t["met"] for t in bench.targets(ms, [1, 10, 100])}
    assert verdicts["validate on the shipped data / naive pipeline"] is True
    assert verdicts[f"query {q} on scale 100, CLI, cold cache / naive rdflib"] is True
    assert verdicts["repeated query on the shipped data from the cache (s)"] is True
    scale_ok = (
        verdicts["validate scale 100 / scale 10"]
        and verdicts["validate scale 100: peak memory (MB)"]
    )
    assert scale_ok is met


def test_missing_measurements_are_not_measured_rather_than_met() -> None:
    verdicts = bench.targets([], [1])
    assert all(t["met"] is None for t in verdicts)
