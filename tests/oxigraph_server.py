"""A real Oxigraph server for integration tests, on a free loopback port.

The ``oxigraph`` PyPI package ships the server binary. :func:`running_oxigraph` starts
it on a store in a temporary folder, polls until it answers a query (never sleeping
blindly), yields its base URL and stops it again, also when the test fails.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx


def oxigraph_binary() -> str:
    """The ``oxigraph`` command beside this Python (the .venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answers(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Poll ``url`` until it answers with any HTTP status; fail if the process dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before answering")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)  # a short pause between polls, not a guess at readiness
    raise RuntimeError(f"no answer from {url} within {timeout} s")


@dataclass(frozen=True)
class OxigraphServer:
    """URLs of a running Oxigraph server."""

    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint."""
        return f"{self.base}/store"


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def running_oxigraph(location: Path) -> Iterator[OxigraphServer]:
    """A read-write Oxigraph server on ``location`` (a folder), on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        server = OxigraphServer(f"http://127.0.0.1:{port}")
        wait_until_answers(f"{server.query}?query=ASK%7B%7D", process)
        yield server
    finally:
        stop(process)
