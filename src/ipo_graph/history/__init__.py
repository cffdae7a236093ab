"""Time: the graph as of a date, how sure an answer is, changes between dates.

``timeline`` is the one implementation of the time rule in docs/modelling.md; ``as_of``
builds a day's view from it for ``--as-of`` in ``stats``, ``export`` and ``query``.
"""

from __future__ import annotations

from .asof import AsOfView, as_of, as_of_graph, as_of_reported
from .timeline import Source, Status, Timeline, parse_day

__all__ = [
    "AsOfView",
    "Source",
    "Status",
    "Timeline",
    "as_of",
    "as_of_graph",
    "as_of_reported",
    "parse_day",
]
