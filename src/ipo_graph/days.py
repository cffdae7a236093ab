"""What counts as a day given on the command line: ``YYYY-MM-DD``, a day that exists.

One rule for ``--as-of``, ``changes --from/--to``, date parameters of queries and a new
source's ``--date``. Python's ``date.fromisoformat`` alone also takes ``20201201`` and
week dates (``2020-W49-2``), so one command accepted what another refused.
"""

from __future__ import annotations

import datetime as dt
import re

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class NotADay(ValueError):
    """``text`` is not a day: ``form_ok`` False when it is not ``YYYY-MM-DD`` at all,
    True when the form is right but no such day exists (2021-02-29)."""

    def __init__(self, text: str, form_ok: bool) -> None:
        super().__init__(text)
        self.form_ok = form_ok


def read_day(text: str) -> dt.date:
    """``YYYY-MM-DD`` (surrounding spaces ignored) → the day; :class:`NotADay` otherwise."""
    value = text.strip()
    if not _DAY.fullmatch(value):
        raise NotADay(text, form_ok=False)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise NotADay(text, form_ok=True) from None
