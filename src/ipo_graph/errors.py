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
            shown = text.rstrip("\r").replace("\t", " ")
            message += f"\n    {shown}"
            if column:
                message += "\n    " + " " * (column - 1) + "^" * max(1, width)
        super().__init__(message)


class EngineError(IpoGraphError):
    """A validation engine stopped on data it cannot judge, so no report exists: exit 2.

    pyshacl, the reference, raises instead of reporting when ``sh:lessThan`` or
    ``sh:lessThanOrEquals`` meets a blank node (SHACL counts it as a violation).
    """

    exit_code = 2


class DataProblem(IpoGraphError):
    """The data was read but is not right (e.g. validation failed): exit 1."""

    exit_code = 1
