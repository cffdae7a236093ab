"""How sure a query's answer about one day is: presumed rows, ``--strict``, empty days.

A query about one day (a ``date`` parameter) marks a row that rests on a thing only
presumed to continue in its ``presumed`` column, with the last day a source stated it
(the shared time pattern of docs/modelling.md). ``--strict`` answers from what holds
only; an empty answer for a day says when the sources first give one, so that "no source
says" is never read as "nobody".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from rdflib.term import Node

from ..paths import sparql_file
from ..results import Result

_ANSWER_DAYS = sparql_file("answer-days.rq")

#: The column of a dated query that holds the last-attested date of a presumed row.
PRESUMED = "presumed"


def strict(result: Result) -> Result:
    """Only the rows that hold: rows with a ``presumed`` date are left out."""
    if result.kind != "select" or PRESUMED not in result.vars:
        return result
    at = result.vars.index(PRESUMED)
    rows = [row for row in result.rows if row[at] is None or str(row[at]) == ""]
    return Result("select", vars=list(result.vars), rows=rows)


def presumed_count(result: Result) -> int:
    if result.kind != "select" or PRESUMED not in result.vars:
        return 0
    return len(result.rows) - len(strict(result).rows)


def answer_days(target: Any) -> list[dt.date]:
    """The days on which the answer of a query about one day may change, sorted.

    Read from the time rule's materialised bounds (``ipo:heldFrom``, ``ipo:heldUntil``,
    ``ipo:lastAttested``) as :data:`~.timeline.HOLDS_PATTERN` reads them: a query that
    filters with that pattern gives the same answer on every day from one of these days
    to the day before the next (tested on every dated query). One small query on the
    store the answer came from, instead of running the time rule again.
    """
    from ..execution import execute

    found: set[dt.date] = set()
    for start, after in execute(_ANSWER_DAYS.read_text(encoding="utf-8"), {}, target).rows:
        if (day := _day(start)) is not None:
            found.add(day)
        if (day := _day(after)) is not None and day < dt.date.max:
            found.add(day + dt.timedelta(days=1))
    return sorted(found)


def _day(value: Node | None) -> dt.date | None:
    """The rule writes every bound as an ``xsd:date``; anything else (a bound stated by
    hand in the data, say) is no day to try."""
    try:
        return dt.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def empty_day_note(
    day: dt.date,
    ask: Callable[[dt.date], Result],
    days: Iterable[dt.date],
    label: Callable[[Node], str],
) -> str:
    """For an empty answer on ``day``: the first later day with an answer, and that answer.

    ``ask`` runs the same query for another day. The days tried are those on which the
    answer may change (:func:`answer_days`), so the first answer is found exactly.
    """
    for later in sorted(days):
        if later <= day:
            continue
        answer = ask(later)
        if answer.kind == "select" and answer.rows:
            first = answer.rows[0]
            shown = ", ".join(label(t) for t in first if t is not None and str(t) != "")
            more = f" (+{len(answer.rows) - 1})" if len(answer.rows) > 1 else ""
            return (
                f"geen bron noemt een antwoord op {day}; eerst genoemd op {later}: {shown}{more} / "
                f"no source states an answer on {day}; first stated on {later}: {shown}{more}"
            )
    return (
        f"geen bron noemt een antwoord op {day}, ook niet later / "
        f"no source states an answer on {day}, nor later"
    )
