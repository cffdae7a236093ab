"""History and explanation: the graph as of a date, changes between dates, git diffs, why.

``as_of_graph`` is the one implementation of the as-of semantics in docs/modelling.md;
``commands/stats.py``, ``export.py`` and ``query.py`` call it for ``--as-of``.
"""

from __future__ import annotations

from .asof import AsOfView, as_of, as_of_graph, as_of_reported, validities
from .timeline import Source, Timeline, Validity, parse_day

__all__ = [
    "AsOfView",
    "Source",
    "Timeline",
    "Validity",
    "as_of",
    "as_of_graph",
    "as_of_reported",
    "parse_day",
    "validities",
]
