"""The built wheel carries the ontology, data and queries, and works outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ipo_graph import __version__


@pytest.mark.integration
def test_wheel_works_outside_the_repository(repo_root: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(repo_root),
        ],
        check=True,
    )
    (wheel,) = dist.glob("ipo_graph-*.whl")
    assert f"-{__version__}-" in wheel.name
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "ipo_graph/_shipped/ontology/ipo.ttl" in names
        assert any(n.startswith("ipo_graph/_shipped/data/") and n.endswith(".ttl") for n in names)
        assert any(n.startswith("ipo_graph/_shipped/queries/") for n in names)
        # the source documents travel with the data, so excerpts can be checked anywhere
        for doc in ("000_446a8e16cc534121.txt", "001_706ab6f4b2994d12.txt"):
            shipped = zf.read(f"ipo_graph/_shipped/sources/{doc}")
            assert shipped == (repo_root / "sources" / doc).read_bytes()
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import ipo_graph.paths as p; print(p.shipped_root())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.strip() == str(site / "ipo_graph" / "_shipped")
    out = subprocess.run(
        [sys.executable, "-m", "ipo_graph", "stats", "--format", "json"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout)["classes"]["ipo:Province"] == 12
