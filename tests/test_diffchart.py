"""``diff REV_A REV_B --format svg|png``: REV_B's org chart with the changes since REV_A.

A temporary git repository gets two commits of ``data/``: tests/fixtures/export/mini.ttl,
then tests/fixtures/diffchart/after.ttl, which adds a unit, removes one, ends one and
renames a post (see its header). The picture must mark each as such, with a legend.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ipo_graph.cli import main
from ipo_graph.export.chart import Chart, Row
from ipo_graph.export.diffchart import diff_chart
from test_diff import two_commits

FIXTURES = Path(__file__).resolve().parent / "fixtures"
pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("dot") is None,
    reason="git and Graphviz are needed",
)
IPOD = "https://w3id.org/ipo-graph/id/"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return two_commits(
        tmp_path, FIXTURES / "export" / "mini.ttl", FIXTURES / "diffchart" / "after.ttl"
    )


def test_changes_are_marked_on_the_newer_chart(repo: Path) -> None:
    chart, title = diff_chart(repo, "HEAD~1", "HEAD")
    assert title == (
        "Interprovinciaal Overleg — wijzigingen HEAD~1 → HEAD — stand op 19 december 2025"
    )
    units = chart.cards[f"units:{IPOD}bij12"]
    marks = {row.text: row.mark for row in units.rows}
    assert marks["Stikstof en Natura 2000"] == "added"
    assert marks["Bedrijfsvoering"] == "removed"  # no statement about it any more
    assert marks["Faunazaken"] == "ended"  # still known, but ended in 2024
    renamed = chart.cards[f"{IPOD}post-unitmanager-bij12"]
    assert renamed.title == "Unitmanagers van BIJ12" and renamed.mark == "changed"
    assert chart.cards[f"{IPOD}ipo"].mark == ""  # untouched things stay unmarked


def test_cli_draws_svg_and_png_with_a_legend(repo: Path, tmp_path: Path) -> None:
    svg = tmp_path / "diff.svg"
    base = ["diff", "HEAD~1", "HEAD", "--repo", str(repo)]
    assert main([*base, "--format", "svg", "--output", str(svg)]) == 0
    root = ET.parse(svg).getroot()
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Legenda" in texts
    for word in ("toegevoegd", "gewijzigd", "beëindigd", "verwijderd"):
        assert f"[{word}]" in texts
    dot = tmp_path / "diff.dot"
    assert main([*base, "--format", "dot", "--output", str(dot)]) == 0
    assert re.search(r"<S>Bedrijfsvoering", dot.read_text(encoding="utf-8"))  # struck through
    png = tmp_path / "diff.png"
    assert main([*base, "--format", "png", "--output", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_picture_needs_an_output_and_good_revisions(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["diff", "HEAD~1", "HEAD", "--repo", str(repo), "--format", "svg"]
    assert main(base) == 2
    assert "needs --output" in capsys.readouterr().err
    assert (
        main(
            [
                "diff",
                "nope",
                "HEAD",
                "--repo",
                str(repo),
                "--format",
                "svg",
                "--output",
                str(repo / "x.svg"),
            ]
        )
        == 2
    )
    assert "Traceback" not in capsys.readouterr().err
    assert not (repo / "x.svg").exists()


def test_picture_of_an_earlier_day_judges_statuses_on_that_day(repo: Path) -> None:
    """``--as-of 2020-12-01``: what a source states on that day holds on it; the network
    view used to judge the day's graph on the data's latest state date, greying out the
    whole 2020 chart as "vermoedelijk, laatst vermeld 1 december 2020"."""
    chart, title = diff_chart(repo, "HEAD~1", "HEAD", day="2020-12-01")
    assert title.endswith("stand op 1 december 2020")
    muted = [c.title for c in chart.cards.values() if c.status != "holds"]
    muted += [r.text for c in chart.cards.values() for r in c.rows if r.status != "holds"]
    assert muted == []


def test_a_row_whose_membership_was_deleted_is_removed_not_ended() -> None:
    """Regression: 79bc789 → HEAD struck "lid: Hester Menninga" out of the MT-IPO card as
    "[beëindigd]" because she is still known, though the membership itself was deleted
    from the data; a membership REV_B still states, but not on the day, has ended."""
    import networkx as nx

    from ipo_graph.export.chart import Card
    from ipo_graph.export.diffchart import Changes, mark_changes

    def chart(rows: list[Row]) -> Chart:
        card = Card("b", "MT", "team", "ipo:ManagementTeam", 3, rows=rows, members=["b"])
        return Chart({"b": card}, [], {})

    old_net = nx.MultiDiGraph()
    old_net.add_edge(f"{IPOD}p", "b", kind="membership", iri=f"{IPOD}membership-p")
    row = Row("lid: P", members=[f"{IPOD}p", f"{IPOD}p|b|membership"], kind="member")
    for known, mark in ((set(), "removed"), ({f"{IPOD}membership-p"}, "ended")):
        changes = Changes(set(), {"b"}, {"b", f"{IPOD}p", *known})
        new = mark_changes(chart([]), chart([row]), nx.MultiDiGraph(), old_net, changes)
        assert [(r.text, r.mark) for r in new.cards["b"].rows] == [("lid: P", mark)]
