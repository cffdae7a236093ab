"""How long `ipo-graph validate` takes on the shipped data, against the naive pipeline.

Both are timed as whole processes (Python start-up and imports included), alternately,
after a warm-up; the figures are medians, and the ratio is the median of the run-by-run
ratios so that a machine getting slower or faster during the runs does not skew it.

    python benchmarks/validate_bench.py [--runs N] [--output FILE]

The naive pipeline is what one would write first: rdflib parses every file, owlrl
computes the full RDFS closure, pyshacl validates. Run this file with ``--naive`` to run
just that pipeline once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "validate.json"


def naive() -> int:
    """rdflib parse + owlrl RDFS closure + pyshacl (SPARQL constraints on) over the same files."""
    import owlrl
    from pyshacl import validate
    from rdflib import Graph

    from ipo_graph import paths
    from ipo_graph.load import default_files

    graph = Graph()
    for path in default_files():
        graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(graph)
    shapes = Graph().parse(paths.shapes_file(), format="turtle")
    conforms, _report, _text = validate(graph, shacl_graph=shapes, advanced=True)
    print(f"{len(graph)} triples after the RDFS closure; conforms: {conforms}")
    return 0 if conforms else 1


def _timed(command: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system of the child) and the exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def measure(runs: int) -> dict[str, object]:
    bindir = Path(sys.executable).parent
    fast = [str(bindir / "ipo-graph"), "validate"]
    slow = [sys.executable, str(Path(__file__).resolve()), "--naive"]
    _timed(fast), _timed(slow)  # warm-up: file cache, .pyc files
    rows: dict[str, list[tuple[float, float, int]]] = {"fast": [], "naive": []}
    for _ in range(runs):
        rows["fast"].append(_timed(fast))
        rows["naive"].append(_timed(slow))

    def summary(key: str) -> dict[str, float | int]:
        walls = [r[0] for r in rows[key]]
        cpus = [r[1] for r in rows[key]]
        return {
            "wall_median_s": round(statistics.median(walls), 3),
            "wall_min_s": round(min(walls), 3),
            "wall_max_s": round(max(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3),
            "exit_code": rows[key][-1][2],
        }

    ratios_wall = [f[0] / n[0] for f, n in zip(rows["fast"], rows["naive"], strict=True)]
    ratios_cpu = [f[1] / n[1] for f, n in zip(rows["fast"], rows["naive"], strict=True)]
    return {
        "what": "ipo-graph validate on the shipped data, whole process, vs the naive pipeline",
        "naive": "rdflib parse + owlrl RDFS closure + pyshacl (advanced)",
        "runs": runs,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cpus",
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "validate": summary("fast"),
        "naive_pipeline": summary("naive"),
        "ratio_wall_median": round(statistics.median(ratios_wall), 3),
        "ratio_cpu_median": round(statistics.median(ratios_cpu), 3),
        "targets": {"wall_s": 1.0, "ratio": 0.5},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--naive", action="store_true", help="run the naive pipeline once")
    args = parser.parse_args(argv)
    if args.naive:
        return naive()
    result = measure(args.runs)
    fast, slow = result["validate"], result["naive_pipeline"]
    assert isinstance(fast, dict) and isinstance(slow, dict)
    print(f"validate:        wall {fast['wall_median_s']:.3f} s  cpu {fast['cpu_median_s']:.3f} s")
    print(f"naive pipeline:  wall {slow['wall_median_s']:.3f} s  cpu {slow['cpu_median_s']:.3f} s")
    print(
        f"ratio (median of pairs): wall {result['ratio_wall_median']:.3f}  "
        f"cpu {result['ratio_cpu_median']:.3f}"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
