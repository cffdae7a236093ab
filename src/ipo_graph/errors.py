"""Exceptions the CLI turns into exit codes, so no user ever sees a traceback for bad input."""

from __future__ import annotations


class IpoGraphError(Exception):
    """Base class; ``exit_code`` is what the CLI returns."""

    exit_code = 2


class UsageError(IpoGraphError):
    """Bad arguments, unknown names, unreadable paths: exit 2."""

    exit_code = 2


class ParseError(IpoGraphError):
    """A file that cannot be parsed: exit 2, with file and line."""

    exit_code = 2

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class DataProblem(IpoGraphError):
    """The data was read but is not right (e.g. validation failed): exit 1."""

    exit_code = 1
