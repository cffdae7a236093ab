"""What an export is asked for, as one typed value (the CLI fills it from its arguments)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportOptions:
    """The day, the subtree and the view of an export.

    ``as_of``: the day (``YYYY-MM-DD``) the picture shows, None for the whole graph (a chart
    defaults to the latest state date, :func:`ipo_graph.export.export`); ``root``: draw only
    this node and what lies below it (IRI, prefixed name or label); ``view``: the org chart's
    view (``combined``, ``governance``, ``management``); ``strict``: the day's view without
    what is only presumed; ``include_personal``: keep staff contact details.
    """

    as_of: str | None = None
    root: str | None = None
    view: str = "combined"
    strict: bool = False
    include_personal: bool = False
