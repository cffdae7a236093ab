"""Line and column numbers of offsets in a text, for messages that say file:line:column.

The starts of the lines are found once. Counting the newlines before each offset instead
made a report with many positions quadratic in the text's length: a query with 60,000
prefixed names took 30 s to read, a file with 20,000 ill-typed literals 7 s to locate them.
"""

from __future__ import annotations

import bisect
import re
from array import array

_NEWLINE = re.compile(r"\n")


class LineStarts:
    """Where each line of a text starts: line 1 at offset 0, then after every newline."""

    __slots__ = ("length", "starts")

    def __init__(self, text: str) -> None:
        # machine integers, 8 bytes a line: a list of Python ints takes about five times that
        self.starts = array("q", [0])
        self.starts.extend(m.end() for m in _NEWLINE.finditer(text))
        self.length = len(text)

    def __len__(self) -> int:
        """The number of lines (text after the last newline, even none, is a line)."""
        return len(self.starts)

    def line(self, offset: int) -> int:
        """The 1-based line on which ``offset`` stands."""
        return bisect.bisect_right(self.starts, offset)

    def column(self, offset: int) -> int:
        """The 1-based column of ``offset`` on its line."""
        return offset - self.starts[self.line(offset) - 1] + 1

    def end(self, line: int) -> int:
        """The offset just after ``line`` (its newline included): where the next starts."""
        return self.starts[line] if line < len(self.starts) else self.length


def numbered_lines(text: str) -> list[str]:
    """The lines of ``text`` as an editor numbers them, split at LF only (a carriage return
    stays in its line): a final newline ends the last line and starts no empty one, as
    ``wc -l`` counts, and a last line without one still counts. The line numbers editors
    give (an excerpt's) are checked against these; :class:`LineStarts` has a line more after
    a final newline, as an offset at the very end of the text must stand on some line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines
