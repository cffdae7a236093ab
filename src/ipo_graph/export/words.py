"""The Dutch words every picture of the org chart shares: dates, titles, status notes.

Graphviz, Mermaid and the HTML explorer title and annotate the same chart alike; the
wording lives here rather than in one of those format modules.
"""

from __future__ import annotations

import datetime as dt
import re

from .options import ExportOptions

_MONTHS = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)


def dutch_date(iso: str) -> str:
    """``2025-12-19`` → ``19 december 2025`` (other text is returned as it is)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def status_note(status: str, last: str | None) -> str:
    """The words after a planned thing; muted things are grey, their date said once per
    card (``chart.attestation_notes``)."""
    return "(gepland)" if status == "planned" else ""


def dutch_dates(text: str) -> str:
    """Every ISO date in ``text`` in Dutch words."""
    return re.sub(r"\d{4}-\d{2}-\d{2}", lambda m: dutch_date(m.group(0)), text)


_VIEW_WORDS = {"governance": "bestuur en organen", "management": "organogram"}


def chart_title(options: ExportOptions | None = None) -> str:
    """``Interprovinciaal Overleg — stand op 19 december 2025`` (plus view and root)."""
    options = options or ExportOptions()
    title = "Interprovinciaal Overleg"
    as_of = options.as_of
    if options.view in _VIEW_WORDS:
        title += f" — {_VIEW_WORDS[options.view]}"
    root = options.root
    if root:
        title += f" (vanaf {root})"
    if as_of:
        title += f" — stand op {dutch_date(str(as_of))}"
    return title
