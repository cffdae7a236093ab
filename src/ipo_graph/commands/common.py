"""Arguments several commands share, defined once."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ..api import IpoGraph

Number = TypeVar("Number", int, float)


def positive(
    kind: Callable[[str], Number], maximum: Number | None = None
) -> Callable[[str], Number]:
    """An argument type: a finite number of ``kind`` (``int`` or ``float``) above 0 and at
    most ``maximum``, else a usage error naming the value. ``float`` reads ``inf`` too,
    and limits are made whole numbers or passed to programs that take only so much."""
    noun = "a whole number" if kind is int else "a number"

    def parse(text: str) -> Number:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError("must be more than 0")
        if isinstance(value, float) and not math.isfinite(value):
            raise argparse.ArgumentTypeError("must be a finite number")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum:g}")
        return value

    return parse


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        metavar="PATH",
        help="data file or folder to use instead of the shipped data (repeatable)",
    )


def add_include_personal_argument(parser: argparse.ArgumentParser, verb: str) -> None:
    """The one switch that lets staff contact details (personal data) into an output."""
    parser.add_argument(
        "--include-personal",
        action="store_true",
        help=f"also {verb} staff contact details (personal data), left out by default",
    )


def not_empty(text: str) -> str:
    """An argument type for a value with no empty form (a day, a node, a URL). The
    commands take an empty value for none given, so an unset shell variable (``--as-of
    "$DAY"``, ``--endpoint "$URL"``) silently gave the latest day, the whole chart or the
    local graph instead of what was asked for. The value is shown: a blank one (``' '``)
    looks like nothing at all in the message otherwise."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"empty value given ({text!r})")
    return text


def add_as_of_argument(parser: argparse.ArgumentParser, *, strict: bool = True) -> None:
    parser.add_argument(
        "--as-of",
        type=not_empty,
        metavar="DATE",
        help="the organisation as it stood on this date (YYYY-MM-DD)",
    )
    if strict:
        parser.add_argument(
            "--strict",
            action="store_true",
            help="only what holds: leave out what is only presumed to continue (stated "
            "earlier, no end stated)",
        )


def as_of_view(kg: IpoGraph, args: argparse.Namespace) -> IpoGraph:
    """``kg`` as of ``--as-of`` (noting on stderr what is only presumed), or as it is."""
    if not getattr(args, "as_of", None):
        return kg
    from ..history import as_of_reported

    return as_of_reported(kg, args.as_of, strict=getattr(args, "strict", False))


def input_path(text: str) -> Path:
    """An argument type for a path that is read or named (a file to register, ``--into``,
    ``--repo``): never empty. ``Path("")`` is the working folder, so an unset shell
    variable silently meant the repository here, or was reported as ``.``."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"empty path given ({text!r})")
    return Path(text)


def output_path(text: str) -> Path:
    """An argument type for ``--output``: a path, never empty. ``Path("")`` is the working
    folder, so an unset shell variable (``--output "$OUT"``) would write pages or a
    synthetic organisation into it, or print instead of writing."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty path given")
    return Path(text)
