"""Exceptions the CLI turns into exit codes, so no user ever sees a traceback for bad input."""

from __future__ import annotations


class IpoGraphError(Exception):
    """Base class; ``exit_code`` is what the CLI returns."""

    exit_code = 2


class UsageError(IpoGraphError):
    """Bad arguments, unknown names, unreadable paths: exit 2."""

    exit_code = 2


class ParseError(IpoGraphError):
    """A file that cannot be parsed: exit 2, with file, line, column and the line itself.

    The message is ``file:line:column: reason`` followed by the line's text and a caret
    under the offending term, so an editor sees the place without opening the file.
    """

    exit_code = 2

    def __init__(
        self,
        path: str,
        line: int | None,
        reason: str,
        *,
        column: int | None = None,
        text: str | None = None,
        width: int = 1,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
        self.text = text
        where = path
        if line:
            where += f":{line}"
            if column:
                where += f":{column}"
        message = f"{where}: {reason}"
        if text is not None:
            shown, at, width = _window(text.rstrip("\r").replace("\t", " "), column, width)
            message += f"\n    {shown}"
            if at:
                message += "\n    " + " " * (at - 1) + "^" * max(1, width)
        super().__init__(message)


#: The longest line a parse error shows whole; of a longer one (a 200,000-character line
#: printed 400 kB of error) it shows the stretch around the column.
_SHOWN_WIDTH = 160
_CONTEXT = 60


def _window(line: str, column: int | None, width: int) -> tuple[str, int | None, int]:
    """``line`` cut to the part around ``column``, the column in it, the caret's width."""
    if len(line) <= _SHOWN_WIDTH:
        return line, column, width
    at = min(column or 1, len(line) + 1)
    start = max(0, at - 1 - _CONTEXT)
    end = min(len(line), start + _SHOWN_WIDTH - 2 * _CONTEXT // 3)
    head, tail = ("…" if start else ""), ("…" if end < len(line) else "")
    shown = head + line[start:end] + tail
    caret = at - start + len(head) if column else None
    return shown, caret, min(width, max(1, end - (at - 1)))


class EngineError(IpoGraphError):
    """A validation engine stopped on data it cannot judge, so no report exists: exit 2.

    pyshacl, the reference, raises instead of reporting when ``sh:lessThan`` or
    ``sh:lessThanOrEquals`` meets a blank node (SHACL counts it as a violation).
    """

    exit_code = 2


class TooDeep(IpoGraphError):
    """Valid RDF nested deeper (blank nodes in blank nodes, lists in lists) than the
    Turtle writer can follow: exit 2, rather than Python's RecursionError traceback."""

    exit_code = 2


class DataProblem(IpoGraphError):
    """The data was read but is not right (e.g. validation failed): exit 1."""

    exit_code = 1
