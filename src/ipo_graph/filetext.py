"""The checks that read the validated files as text, in one pass: each file is read once
for all of them.

A subject typed in two blocks, of one Turtle file or of two (:mod:`ipo_graph.blocks`):
the store keeps no blocks. Both engines call :func:`text_violations`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .blocks import Blocks, read

if TYPE_CHECKING:
    from .violations import Violation
    from .vocabulary import NodeContext


def text_violations(files: Sequence[Path], ctx: NodeContext) -> list[Violation]:
    """Repeated typed blocks in the Turtle ``files``, in one reading of each."""
    blocks = Blocks()
    for path in files:
        if path.suffix.lower() != ".ttl":
            continue
        text = read(path)
        if text is not None:
            blocks.add(path, text)
    return blocks.violations(ctx)
