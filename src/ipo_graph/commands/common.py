"""Arguments several commands share, defined once."""

from __future__ import annotations

import argparse


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


def add_as_of_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the organisation as it stood on this date (YYYY-MM-DD)",
    )
