"""A third source brought in by the editing recipe (docs/editing.md): the answers stay true.

``tests/fixtures/timeline/news-2027.ttl`` is an IPO news item of 1 March 2027 edited into
the graph: it ends Theo Bovens' chairmanship, ends the ad-interim filling of the director
of BIJ12 when a named holder takes over, and restates the domeinmanagers' line. Each edit
adds the new document to the fact's ``prov:wasDerivedFrom``, as the recipe asks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipo_graph.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "timeline"
NEWS = FIXTURES / "news-2027.ttl"
DATA = Path(__file__).resolve().parent.parent / "data"
DATA_ARGS = ["--data", str(DATA), "--data", str(NEWS)]


def _csv(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["query", *args, *DATA_ARGS, "--format", "csv"]) == 0
    return capsys.readouterr().out.strip().splitlines()[1:]


def test_the_edit_validates(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ending the ad-interim tenure with prov:invalidatedAtTime the day before
    the named holder's tenure begins was reported as a post held and filled ad interim at
    once (HeldAndAdInterimShape read only time:hasEnd, and org:heldBy as periodless)."""
    assert main(["validate", str(DATA), str(NEWS)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_fact_two_sources_state_is_one_row(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    """Regression: a fact stated by 000 and ended by 002 was answered twice, once per
    document, as if 002 stated a second chairmanship."""
    rows = _csv(capsys, "chair-of-body", "--param", "date=2026-06-01", "--engine", engine)
    assert rows == [
        'Theo Bovens,voorjaar 2018,"000_446a8e16cc534121.txt, 002_nieuws_ipo_2027.txt",'
    ]
    rows = _csv(capsys, "ad-interim", "--engine", engine)
    assert [r for r in rows if r.startswith("Directeur BIJ12")] == [
        'Directeur BIJ12,(niet genoemd),"001_706ab6f4b2994d12.txt, 002_nieuws_ipo_2027.txt"'
    ]


def test_the_old_chair_ends_on_the_stated_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(_csv(capsys, "chair-of-body", "--param", "date=2027-01-31")) == 1
    assert _csv(capsys, "chair-of-body", "--param", "date=2027-02-01") == []


def test_a_restated_line_is_one_row_presumed_from_the_new_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _csv(capsys, "reporting-lines-on", "--param", "date=2027-06-01")
    assert [r for r in rows if r.startswith("Domeinmanagers")] == [
        "Domeinmanagers IPO Den Haag,Algemeen directeur IPO,2027-03-01"
    ]
