"""Graphviz's ``dot`` program, which draws DOT source as SVG or PNG.

The org chart export, the diff picture and the generated docs all draw with it.
"""

from __future__ import annotations

import shutil
import subprocess

from ..errors import UsageError

_INSTALL_HINT = (
    "Graphviz is not installed: the svg and png formats need its 'dot' program. "
    "Install the Debian package 'graphviz' (apt-get install graphviz, or run 'make setup'), "
    "or export --format dot and render it elsewhere."
)


def render(dot_source: str, fmt: str) -> bytes:
    """Run Graphviz ``dot`` on the source; a missing Graphviz is a :class:`UsageError`."""
    exe = shutil.which("dot")
    if exe is None:
        raise UsageError(_INSTALL_HINT)
    proc = subprocess.run(
        [exe, f"-T{fmt}"], input=dot_source.encode("utf-8"), capture_output=True, check=False
    )
    if proc.returncode != 0:
        raise UsageError(f"Graphviz dot failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout
