"""Benchmark ipo-graph on the shipped data and on synthetic organisations of several scales.

Every figure is a whole process (start-up, imports, parsing and all), run several times in
a fresh child; the table shows the median wall time and the peak memory (``ru_maxrss``) of
that child. Usage::

    python benchmarks/run.py [--scales 1,10,100] [--runs 5] [--smoke]

``--smoke`` (run by CI) only proves the script works: the smallest scale, one run each, no
naive pipelines, results under ``build/bench-smoke/`` and no target ever fails the run.
Otherwise the results go to ``benchmarks/results/latest.json`` and ``latest.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from measure import Run, run_once  # noqa: E402

from ipo_graph import __version__, paths  # noqa: E402

#: The query the headline targets use: every province that is a member of IPO.
HEADLINE_QUERY = "members-of-ipo"
#: ``why`` asks about a post every synthetic scale has; ``changes`` spans ten years of it.
WHY_SYNTHETIC = "ipod:post-s0001-algemeen-directeur"
CHANGES = ("2015-01-01", "2025-12-19")
#: A run slower than this is not repeated (the table says so); keeps scale 100 affordable.
SLOW_SECONDS = 120.0
#: Runs slower than this are repeated at most three times.
MEDIUM_SECONDS = 20.0


@dataclass
class Measurement:
    dataset: str
    task: str
    cmd: list[str]
    runs: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    returncodes: list[int] = field(default_factory=list)
    timed_out: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs and not self.timed_out else None


@dataclass
class Dataset:
    name: str
    data: list[str]  # --data arguments; empty = the shipped data
    triples: int = 0
    files: int = 0
    megabytes: float = 0.0


def ipo(*args: str) -> list[str]:
    return [sys.executable, "-m", "ipo_graph", *args]


def helper(script: str, *args: str) -> list[str]:
    return [sys.executable, str(HERE / script), *args]


def data_args(ds: Dataset) -> list[str]:
    return [a for d in ds.data for a in ("--data", d)]


def measure(
    ds: Dataset,
    task: str,
    cmd: list[str],
    runs: int,
    *,
    env: dict[str, str],
    fresh_cache: bool = False,
    warm_up: bool = False,
    timeout: float | None = None,
) -> Measurement:
    """Median of up to ``runs`` runs (fewer for slow tasks, see SLOW_SECONDS)."""
    m = Measurement(ds.name, task, cmd)
    if warm_up:
        first = run_once(cmd, env=env, timeout=timeout)
        if first.timed_out:  # not worth repeating: record the one run that was stopped
            m.runs, m.peak_mb, m.timed_out = [first.seconds], first.peak_mb, True
            print(f"  {ds.name:<10} {task:<36} {'timeout':>10}", flush=True)
            return m
    wanted = runs
    while len(m.runs) < wanted:
        run_env = dict(env)
        if fresh_cache:
            run_env["IPO_GRAPH_CACHE"] = tempfile.mkdtemp(prefix="ipo-bench-cold-")
        r: Run = run_once(cmd, env=run_env, timeout=timeout)
        m.runs.append(round(r.seconds, 4))
        m.peak_mb = max(m.peak_mb, round(r.peak_mb, 1))
        m.returncodes.append(r.returncode)
        if r.timed_out:
            m.timed_out = True
            break
        if len(m.runs) == 1:
            if r.seconds > SLOW_SECONDS:
                wanted = 1
            elif r.seconds > MEDIUM_SECONDS:
                wanted = min(runs, 3)
    status = "timeout" if m.timed_out else f"{m.median:.3f}s"
    print(f"  {ds.name:<10} {task:<36} {status:>10}  {m.peak_mb:8.1f} MB", flush=True)
    return m


def describe(ds: Dataset, env: dict[str, str]) -> None:
    """Files, size and triples, counted in a child so this process stays small.

    A child forked from a big parent reports the parent's memory as its own peak
    (``ru_maxrss`` survives ``fork``), so the parent never loads the data itself.
    """
    out = subprocess.run(
        helper("tasks.py", "describe", *ds.data),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(out.stdout)
    ds.files, ds.megabytes, ds.triples = info["files"], info["megabytes"], info["triples"]


def query_names() -> list[str]:
    return sorted(p.stem for p in paths.queries_dir().glob("*.rq"))


def bench_dataset(
    ds: Dataset,
    runs: int,
    env: dict[str, str],
    *,
    naive: bool,
    out_dir: Path,
    timeout: float,
    query_timeout: float,
) -> list[Measurement]:
    d = data_args(ds)
    paths_only = list(ds.data)
    ms = [
        measure(
            ds,
            "load (rdflib + RDFS)",
            helper("tasks.py", "load-rdflib", *paths_only),
            runs,
            env=env,
        ),
        measure(
            ds,
            "load (oxigraph store, no cache)",
            helper("tasks.py", "load-store", *paths_only),
            runs,
            env=env,
        ),
        measure(ds, "validate", ipo("validate", *paths_only), runs, env=env, timeout=timeout),
    ]
    if naive:
        ms.append(
            measure(
                ds,
                "validate (naive: rdflib+owlrl+pyshacl)",
                helper("naive.py", "validate", *paths_only),
                runs,
                env=env,
                timeout=timeout,
            )
        )
    q = HEADLINE_QUERY
    ms.append(
        measure(ds, f"query {q} (cold cache)", ipo("query", q, *d), runs, env=env, fresh_cache=True)
    )
    ms.append(measure(ds, f"query {q} (cached)", ipo("query", q, *d), runs, env=env, warm_up=True))
    ms.append(
        measure(
            ds,
            f"query {q} (naive rdflib)",
            helper("naive.py", "query", q, *paths_only),
            runs,
            env=env,
            timeout=timeout,
        )
    )
    for name in query_names():
        if name != q:
            ms.append(
                measure(
                    ds,
                    f"query {name} (cached)",
                    ipo("query", name, *d),
                    runs,
                    env=env,
                    warm_up=True,
                    timeout=query_timeout,
                )
            )
    # why and changes read the query cache's store (IpoGraph.open): warm it up first
    subject = "ipod:bestuur" if ds.name == "shipped" else WHY_SYNTHETIC
    ms.append(
        measure(ds, "why (from the cache)", ipo("why", subject, *d), runs, env=env, warm_up=True)
    )
    ms.append(
        measure(
            ds,
            "changes (from the cache)",
            ipo("changes", "--from", CHANGES[0], "--to", CHANGES[1], *d),
            runs,
            env=env,
            warm_up=True,
            timeout=timeout,
        )
    )
    export = out_dir / f"export-{ds.name}.ttl"
    ms.append(
        measure(
            ds,
            "export ttl",
            ipo("export", "--format", "ttl", "--output", str(export), *d),
            runs,
            env=env,
            timeout=timeout,
        )
    )
    return ms


def find(ms: list[Measurement], dataset: str, task: str) -> Measurement | None:
    return next((m for m in ms if m.dataset == dataset and m.task == task), None)


def targets(ms: list[Measurement], scales: list[int]) -> list[dict[str, object]]:
    """The four targets of the performance issue, each met, not met or not measured."""
    out: list[dict[str, object]] = []

    def add(name: str, value: float | None, limit: float, detail: str) -> None:
        out.append(
            {
                "target": name,
                "value": None if value is None else round(value, 3),
                "limit": limit,
                "met": None if value is None else value <= limit,
                "detail": detail,
            }
        )

    ours, naive = (
        find(ms, "shipped", "validate"),
        find(ms, "shipped", "validate (naive: rdflib+owlrl+pyshacl)"),
    )
    ratio = ours.median / naive.median if ours and naive and ours.median and naive.median else None
    add(
        "validate on the shipped data / naive pipeline",
        ratio,
        0.5,
        f"{_fmt(ours)} vs {_fmt(naive)}",
    )
    big = max(scales) if scales else None
    small = big // 10 if big and big // 10 in scales else None
    if big and small:
        v_big, v_small = (
            find(ms, f"scale-{big}", "validate"),
            find(ms, f"scale-{small}", "validate"),
        )
        growth = (
            v_big.median / v_small.median
            if v_big and v_small and v_big.median and v_small.median
            else None
        )
        add(
            f"validate scale {big} / scale {small}",
            growth,
            12.0,
            f"{_fmt(v_big)} vs {_fmt(v_small)}",
        )
        add(
            f"validate scale {big}: peak memory (MB)",
            v_big.peak_mb if v_big else None,
            1536.0,
            f"{v_big.peak_mb if v_big else '?'} MB",
        )
    else:
        add("validate scale 100 / scale 10", None, 12.0, "needs two scales a factor 10 apart")
    if big:
        q = HEADLINE_QUERY
        cold = find(ms, f"scale-{big}", f"query {q} (cold cache)")
        naive_q = find(ms, f"scale-{big}", f"query {q} (naive rdflib)")
        r = (
            cold.median / naive_q.median
            if cold and naive_q and cold.median and naive_q.median
            else None
        )
        add(
            f"query {q} on scale {big}, CLI, cold cache / naive rdflib",
            r,
            0.1,
            f"{_fmt(cold)} vs {_fmt(naive_q)}",
        )
    cached = find(ms, "shipped", f"query {HEADLINE_QUERY} (cached)")
    add(
        "repeated query on the shipped data from the cache (s)",
        cached.median if cached else None,
        0.3,
        _fmt(cached),
    )
    return out


def _fmt(m: Measurement | None) -> str:
    if m is None:
        return "not measured"
    if m.timed_out:
        return "timed out"
    assert m.median is not None
    return f"{m.median:.2f} s"


def _cell(m: Measurement | None) -> str:
    if m is None:
        return "–"
    if m.timed_out:
        return f"> {m.runs[-1]:.0f} s (timeout)"
    assert m.median is not None
    n = f" ×{len(m.runs)}" if len(m.runs) < 3 else ""
    return f"{m.median:.2f} s / {m.peak_mb:.0f} MB{n}"


def markdown(result: dict[str, object], ms: list[Measurement], datasets: list[Dataset]) -> str:
    q = HEADLINE_QUERY
    columns = [
        ("load rdflib", "load (rdflib + RDFS)"),
        ("load oxigraph", "load (oxigraph store, no cache)"),
        ("validate", "validate"),
        ("validate naive", "validate (naive: rdflib+owlrl+pyshacl)"),
        ("query cold", f"query {q} (cold cache)"),
        ("query cached", f"query {q} (cached)"),
        ("query naive", f"query {q} (naive rdflib)"),
        ("export ttl", "export ttl"),
        ("why", "why (from the cache)"),
        ("changes", "changes (from the cache)"),
    ]
    lines = [
        f"Median wall time / peak memory of whole-process runs ({result['runs']} runs each; "
        "×1 or ×2 marks slow tasks run fewer times). Query = `" + q + "`.",
        "",
        "| data | triples | "
        + " | ".join(c for c, _ in columns)
        + " | all queries cached (median / max) |",
        "|---|---:|" + "---:|" * len(columns) + "---:|",
    ]
    for ds in datasets:
        cells = [_cell(find(ms, ds.name, task)) for _, task in columns]
        cached = [
            m.median
            for m in ms
            if m.dataset == ds.name and m.task.endswith("(cached)") and m.median
        ]
        spread = f"{statistics.median(cached):.2f} s / {max(cached):.2f} s" if cached else "–"
        stopped = [
            m for m in ms if m.dataset == ds.name and m.task.endswith("(cached)") and m.timed_out
        ]
        if stopped:
            spread += f"; {len(stopped)} stopped at {stopped[0].runs[-1]:.0f} s"
        lines.append(f"| {ds.name} | {ds.triples:,} | " + " | ".join(cells) + f" | {spread} |")
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for t in result["targets"]:  # type: ignore[attr-defined]
        met = {True: "**met**", False: "**not met**", None: "not measured"}[t["met"]]
        value = "–" if t["value"] is None else t["value"]
        lines.append(f"| {t['target']} ({t['detail']}) | {value} | {t['limit']} | {met} |")
    return "\n".join(lines) + "\n"


def write_results(
    out: Path,
    args: argparse.Namespace,
    runs: int,
    started: float,
    datasets: list[Dataset],
    ms: list[Measurement],
    scales: list[int],
) -> None:
    """Write the JSON and Markdown results (after every dataset, so a stopped run keeps them)."""
    done = {m.dataset for m in ms}
    measured = [d for d in datasets if d.name in done]
    result: dict[str, object] = {
        "version": __version__,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": runs,
        "smoke": args.smoke,
        "seconds": round(time.time() - started, 1),
        "datasets": [asdict(d) for d in measured],
        "measurements": [asdict(m) | {"median": m.median} for m in ms],
    }
    result["targets"] = targets(ms, scales) if not args.smoke else []
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    (out / "latest.json").write_text(text, encoding="utf-8")
    (out / "latest.md").write_text(markdown(result, ms, measured), encoding="utf-8")


def report(out: Path, ms: list[Measurement]) -> int:
    """Print the table; fail only on commands that failed, never on timings."""
    print()
    print((out / "latest.md").read_text(encoding="utf-8"))
    failed = [m for m in ms if any(rc not in (0, 1) for rc in m.returncodes)]
    for m in failed:
        print(f"error: {m.dataset} {m.task}: exit codes {m.returncodes}", file=sys.stderr)
    for m in ms:
        if m.timed_out:
            print(f"note: {m.dataset} {m.task}: stopped after {m.runs[-1]:.0f} s", file=sys.stderr)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated synthetic scales")
    parser.add_argument("--runs", type=int, default=5, help="runs per task (median reported)")
    parser.add_argument(
        "--smoke", action="store_true", help="smallest scale, one run: proves it runs"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds before a run is stopped"
    )
    parser.add_argument(
        "--query-timeout", type=float, default=60.0, help="seconds before one query run stops"
    )
    parser.add_argument(
        "--naive-max-scale", type=int, default=1, help="largest scale for the naive validate"
    )
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)

    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    runs = args.runs
    if args.smoke:
        scales, runs = scales[:1] or [1], 1
    out = args.out or (ROOT / "build" / "bench-smoke" if args.smoke else HERE / "results")
    work = ROOT / "build" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["IPO_GRAPH_CACHE"] = str(work / "cache")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )

    datasets = [] if args.smoke else [Dataset("shipped", [])]
    for n in scales:
        folder = work / f"scale-{n}"
        subprocess.run(
            ipo("synth", "--scale", str(n), "--output", str(folder)), env=env, check=True
        )
        datasets.append(Dataset(f"scale-{n}", [str(folder)]))
    for ds in datasets:
        describe(ds, env)

    started = time.time()
    ms: list[Measurement] = []
    for ds in datasets:
        print(
            f"{ds.name}: {ds.triples:,} triples in {ds.files} files ({ds.megabytes} MB)", flush=True
        )
        scale = int(ds.name.split("-")[1]) if ds.name.startswith("scale-") else 0
        naive = not args.smoke and scale <= args.naive_max_scale
        ms += bench_dataset(
            ds,
            runs,
            env,
            naive=naive,
            out_dir=work,
            timeout=args.timeout,
            query_timeout=args.query_timeout,
        )
        write_results(out, args, runs, started, datasets, ms, scales)
    return report(out, ms)


if __name__ == "__main__":
    sys.exit(main())
