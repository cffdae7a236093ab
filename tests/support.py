"""Constants several test modules share."""

from __future__ import annotations

import shutil

from rdflib import BNode

from ipo_graph.results import Result

# The twelve members of IPO (000 l.11, 001 l.12), as the slugs of their IRIs.
PROVINCE_SLUGS = (
    "groningen",
    "fryslan",
    "drenthe",
    "overijssel",
    "flevoland",
    "gelderland",
    "utrecht",
    "noord-holland",
    "zuid-holland",
    "zeeland",
    "noord-brabant",
    "limburg",
)

# Debian's Chromium, headless, with nothing that reaches out to the network on its own.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def normalised(result: Result) -> list[tuple[str, ...]]:
    """Rows as sorted text, blank nodes made alike (their labels differ between stores)."""
    return sorted(
        tuple("_:b" if isinstance(t, BNode) else (t.n3() if t is not None else "") for t in row)
        for row in result.rows
    )
