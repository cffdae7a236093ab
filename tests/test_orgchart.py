"""The org chart of one day: what it says (hand-built views) and whether people can read it.

Legibility is measured on the SVG Graphviz draws, from its own coordinates: fitted to
1400 px wide no text is smaller than 8 px, no two boxes overlap, the levels run top-down
(Bestuur above the algemeen directeur above the managers), and no line carries a label
(lines are explained by their style in the legend). A screenshot of every view, fitted to
1400 px in headless Chromium, is kept in ``test-artifacts/`` for people to look at.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ipo_graph import cli
from ipo_graph.api import IpoGraph
from ipo_graph.export import ExportOptions
from ipo_graph.export.chart import build_chart, status_of, worst
from ipo_graph.export.dotprogram import render
from ipo_graph.export.graphviz import to_dot
from ipo_graph.export.words import chart_title, dutch_date
from support import CHROMIUM, CHROMIUM_ARGS

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
SVG = "{http://www.w3.org/2000/svg}"
FIT = 1400  # px: the width the chart must stay legible at
VIEWS = ("combined", "governance", "management")
DAYS = ("2020-12-01", "2025-12-19")
IPOD = "https://w3id.org/ipo-graph/id/"


def _node(net: nx.MultiDiGraph, slug: str, label: str, kind: str, type_: str, **extra: object):
    attrs = {"label": label, "kind": kind, "type": type_, "planned": False, "role": ""}
    attrs |= {"province": "", "ad_interim": False, "vacancy": ""}
    net.add_node(IPOD + slug, **(attrs | extra))


def _edge(net: nx.MultiDiGraph, s: str, t: str, kind: str, **extra: object) -> None:
    attrs = {"kind": kind, "label": extra.pop("label", kind), "planned": False, "begin": ""}
    net.add_edge(IPOD + s, IPOD + t, key=f"{kind}:{s}:{t}", **(attrs | extra))


@pytest.fixture
def hand_built() -> nx.MultiDiGraph:
    """A small day's view with every status the time model gives (issue 12's attributes)."""
    net = nx.MultiDiGraph()
    _node(net, "ipo", "Interprovinciaal Overleg", "organisation", "ipo:Association")
    _node(net, "bestuur", "Bestuur", "organisation", "ipo:GoverningBody")
    _node(net, "bureau", "IPO-bureau", "organisation", "ipo:Office")
    _node(
        net,
        "ad",
        "Algemeen directeur IPO",
        "post",
        "org:Post",
        role="algemeen directeur",
        ad_interim=True,
    )
    _node(
        net,
        "tm",
        "Teammanager IPO",
        "post",
        "org:Post",
        role="teammanager",
        status="presumed",
        last_attested="2020-12-01",
    )
    _node(
        net,
        "pad",
        "Plaatsvervangend algemeen directeur IPO",
        "post",
        "org:Post",
        role="plaatsvervangend algemeen directeur",
        planned=True,
        vacancy="dinsdag 6 januari 2026",
    )
    for i in (1, 2):
        _node(net, f"seat-{i}", f"Bestuurslid {i}", "post", "ipo:Seat", role="lid")
        _edge(net, "bestuur", f"seat-{i}", "post-in")
    _node(net, "voorzitter", "Voorzitter", "post", "ipo:Seat", role="voorzitter")
    _node(net, "bovens", "Theo Bovens", "person", "foaf:Person")
    _edge(net, "bestuur", "voorzitter", "post-in")
    _edge(
        net,
        "voorzitter",
        "bovens",
        "held-by",
        status="presumed",
        last_attested="2020-12-01",
    )
    _edge(net, "ipo", "bestuur", "sub-organisation")
    _edge(net, "ipo", "bureau", "sub-organisation")
    _edge(net, "ipo", "ad", "post-in")
    _edge(net, "ipo", "pad", "post-in", planned=True)
    _edge(net, "bureau", "tm", "post-in", status="presumed", last_attested="2020-12-01")
    _edge(net, "tm", "ad", "reports-to", status="presumed", last_attested="2020-12-01")
    _edge(net, "pad", "ad", "substitute", planned=True)
    return net


def test_statuses_default_from_the_view_and_aggregate_to_the_worst() -> None:
    assert status_of({}) == ("holds", None)
    assert status_of({"planned": True}) == ("planned", None)
    assert status_of({"status": "presumed", "last_attested": "2020-12-01"}) == (
        "presumed",
        "2020-12-01",
    )
    assert worst([("holds", None), ("presumed", "2021-01-01"), ("presumed", "2020-12-01")]) == (
        "presumed",
        "2020-12-01",
    )


def test_hand_built_view_is_drawn_with_status_marks(hand_built: nx.MultiDiGraph) -> None:
    chart = build_chart(hand_built)
    ad = chart.cards[IPOD + "ad"]
    assert ad.title == "Algemeen directeur IPO a.i." and ad.tier == 3
    pad = chart.cards[IPOD + "pad"]
    assert pad.status == "planned"
    assert [r.text for r in pad.rows if r.kind == "vacancy"] == [
        "vacature, sluit dinsdag 6 januari 2026"
    ]
    tm = chart.cards[IPOD + "tm"]
    assert (tm.status, tm.last_attested, tm.office) == ("presumed", "2020-12-01", IPOD + "bureau")
    assert any(lk.source == ad.id and lk.target == tm.id for lk in chart.links)
    bestuur = chart.cards[IPOD + "bestuur"]
    rows = {r.text: r for r in bestuur.rows}
    assert "2 × lid" in rows  # seats aggregated by role
    assert rows["Voorzitter: Theo Bovens"].status == "presumed"  # the holder is presumed
    dot = re.sub(r"<BR[^>]*/>", " ", to_dot(chart, "test"))  # lines wrapped for the box
    # a muted card says its last attestation once; muted rows get one footnote per card
    assert "vermoedelijk, laatst vermeld 1 december 2020" in dot  # the teammanager card
    assert "grijs: vermoedelijk, laatst vermeld 1 december 2020" in dot  # the chair's holder
    assert dot.count("laatst vermeld") == 2
    assert "(gepland)" in dot and "dashed" in dot
    assert 'COLOR="#7f7f7f"' in dot  # presumed text is muted
    assert "Legenda" in dot and "ad interim ingevuld" in dot and "openstaande vacature" in dot


def test_legend_explains_a_i_on_a_presumed_card() -> None:
    """Regression: ``--root ipod:post-algemeen-directeur --as-of 2030-01-01`` drew the
    presumed card "Algemeen directeur IPO a.i." under a legend without "a.i."."""
    from ipo_graph.export.chart import Card, Chart

    card = Card("ad", "Algemeen directeur IPO a.i.", "post", "org:Post", 3, "presumed")
    card.last_attested, card.members = "2025-12-19", ["ad"]
    assert "ad interim ingevuld" in to_dot(Chart({"ad": card}, [], {}), "t")


def test_legend_explains_the_grey_lines() -> None:
    """Regression: a presumed line is drawn light grey (a structure line dotted), but the
    legend showed only the black and the mid-grey solid lines."""
    from ipo_graph.export.chart import Card, Chart, Link

    cards = {c: Card(c, c, "post", "org:Post", 3, "presumed") for c in ("a", "b", "c")}
    links = [Link("a", "b", "structure", "presumed"), Link("a", "c", "reports-to", "presumed")]
    dot = to_dot(Chart(cards, links, {}), "t")
    assert "onderdeel van, vermoedelijk" in dot and "leidinggevende lijn, vermoedelijk" in dot
    held = to_dot(Chart(cards, [Link("a", "b", "structure")], {}), "t")
    assert "onderdeel van, vermoedelijk" not in held and "lijn, vermoedelijk" not in held


def test_a_chart_of_a_day_before_a_later_source_says_what_it_leaves_out() -> None:
    """Regression: the chart of 1 December 2020 silently left out the things only the
    2025 source mentions with no beginning (BIJ12's units, say), so it looked complete;
    the time rule calls them not stated on that day, and the chart now says so."""
    from ipo_graph.api import IpoGraph
    from ipo_graph.export.chart import chart_of
    from ipo_graph.export.options import ExportOptions
    from ipo_graph.history import as_of_graph

    whole = IpoGraph.load()
    for day, left_out in (("2020-12-01", True), ("2025-12-19", False)):
        kg = as_of_graph(whole, day)
        chart = chart_of(kg.graph, kg, ExportOptions(as_of=day))
        on = dt.date.fromisoformat(day)
        unstated = {  # unknown that day, first mentioned by a later source
            str(t)
            for t, s in whole.timeline.statuses(on).items()
            if s.name == "unknown" and (s.fact.first_attested or on) > on
        }
        assert chart.unstated == len(unstated) and bool(unstated) == left_out
        assert (IPOD + "bij12-faunazaken" in unstated) == left_out
        assert ("niet getoond: " in to_dot(chart, "t")) == left_out


def test_a_planned_membership_stays_planned_when_its_member_is_presumed() -> None:
    """Regression: on 2030-01-01 the planned Directieteam listed "lid: Algemeen directeur
    IPO a.i." grey, "vermoedelijk, laatst vermeld 19 december 2025", without "(gepland)":
    the presumed post outranked the planned membership, which was never in force."""
    net = nx.MultiDiGraph()
    _node(net, "dt", "Directieteam", "organisation", "ipo:ManagementTeam", planned=True)
    presumed = {"status": "presumed", "last_attested": "2025-12-19"}
    _node(net, "ad", "Algemeen directeur IPO", "post", "org:Post", role="ad", **presumed)
    _edge(net, "ad", "dt", "membership", label="lid", planned=True, status="planned")
    [row] = build_chart(net, "management").cards[IPOD + "dt"].rows
    assert (row.text, row.status) == ("lid: Algemeen directeur IPO", "planned")


def test_views_split_governance_from_management(hand_built: nx.MultiDiGraph) -> None:
    governance = build_chart(hand_built, "governance")
    management = build_chart(hand_built, "management")
    assert IPOD + "bestuur" in governance.cards and IPOD + "ad" not in governance.cards
    assert IPOD + "ad" in management.cards and IPOD + "bestuur" not in management.cards
    assert "cluster:" + IPOD + "bureau" in management.offices


def test_title_names_the_day_in_dutch() -> None:
    options = ExportOptions(as_of="2025-12-19")
    assert chart_title(options) == "Interprovinciaal Overleg — stand op 19 december 2025"
    assert dutch_date("2020-12-01") == "1 december 2020"


def _export(tmp_path: Path, fmt: str, *argv: str) -> Path:
    out = tmp_path / f"chart.{fmt}"
    assert cli.main(["export", "--format", fmt, "--output", str(out), *argv]) == 0
    return out


def _flat(dot: Path) -> str:
    return re.sub(r"<BR[^>]*/>", " ", dot.read_text(encoding="utf-8"))


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Card title → (x0, y0, x1, y1) of its box, in the SVG's own coordinates."""
    boxes = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") != "node":
            continue
        shape = next(g.iter(f"{SVG}path"), None)
        if shape is None:  # plain boxes are polygons, rounded ones paths
            shape = next(g.iter(f"{SVG}polygon"), None)
        if shape is None:
            continue
        nums = _numbers(shape.get("d") or shape.get("points") or "")
        xs, ys = nums[0::2], nums[1::2]
        title = next((t.text for t in g.iter(f"{SVG}text") if t.text), "")
        boxes[title or str(len(boxes))] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def _top(boxes: dict[str, tuple[float, float, float, float]], start: str) -> float:
    found = [b[1] for name, b in boxes.items() if name.startswith(start)]
    assert found, f"no box starting with {start!r} in {sorted(boxes)}"
    return min(found)


@needs_dot
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("day", DAYS)
def test_chart_is_legible_at_1400_px(tmp_path: Path, view: str, day: str) -> None:
    svg = _export(tmp_path, "svg", "--view", view, "--as-of", day)
    root = ET.parse(svg).getroot()
    width = float(root.get("width", "0pt").removesuffix("pt"))
    scale = min(1.0, FIT / (width * 96 / 72))  # pt → px, shrunk to fit 1400 px
    sizes = [float(t.get("font-size", "14")) * 96 / 72 for t in root.iter(f"{SVG}text")]
    assert min(sizes) * scale >= 8, f"{min(sizes) * scale:.1f} px text at {width} pt wide"
    boxes = _boxes(root)
    items = list(boxes.items())
    overlaps = [
        (a, b)
        for i, (a, p) in enumerate(items)
        for b, q in items[i + 1 :]
        if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]
    ]
    assert overlaps == []
    edge_texts = [
        t.text
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "edge"
        for t in g.iter(f"{SVG}text")
    ]
    assert edge_texts == []  # no floating line labels: the legend explains line styles
    if view != "governance":  # levels top-down (y grows downwards in the SVG)
        assert _top(boxes, "Interprovinciaal Overleg") < _top(boxes, "Algemeen directeur IPO")
        managers = "3 × teammanager" if day == DAYS[0] else "Domeinmanagers IPO"
        assert _top(boxes, "Algemeen directeur IPO") < _top(boxes, managers)
    if view != "management":
        assert _top(boxes, "Interprovinciaal Overleg") < _top(boxes, "Bestuur")
    if view == "combined":
        assert _top(boxes, "Bestuur") < _top(boxes, "Algemeen directeur IPO")


@needs_dot
def test_default_chart_keeps_its_rows_narrow(tmp_path: Path) -> None:
    """What made the 2025 chart too wide: sub-committees on the directie's row and the
    directie's teams side by side. Sub-committees sit above the directie; the teams no line
    touches stand in one column (their titles start within a card's width of each other,
    one beneath the other)."""
    root = ET.parse(_export(tmp_path, "svg")).getroot()
    boxes = _boxes(root)
    committees = [b[3] for name, b in boxes.items() if "adviescommissie" in name]
    assert len(committees) >= 4 and max(committees) < _top(boxes, "Algemeen directeur IPO")
    teams = ("Directieteam (gepland)", "Managementteam IPO", "Selectiecommissie werving")
    at = {t.text: (float(t.get("x", "0")), float(t.get("y", "0"))) for t in root.iter(f"{SVG}text")}
    xs, ys = [at[name][0] for name in teams], sorted(at[name][1] for name in teams)
    assert max(xs) - min(xs) < 60  # side by side they would be a card's width (150 pt) apart
    assert all(lower - upper > 20 for upper, lower in itertools.pairwise(ys))


@needs_dot
def test_shipped_chart_says_what_the_sources_say(tmp_path: Path) -> None:
    dot = _flat(_export(tmp_path, "dot"))  # default: the latest day
    assert "stand op 19 december 2025" in dot
    assert "Algemeen directeur IPO a.i." in dot and "Directeur BIJ12 a.i." in dot
    assert "vacature, sluit dinsdag 6 januari 2026" in dot
    assert "(gepland)" in dot
    dot2020 = _flat(_export(tmp_path, "dot", "--as-of", "2020-12-01"))
    assert "24 × lid, 2 per provincie" in dot2020 and "12 × lid, 1 per provincie" in dot2020
    assert "3 × teammanager" in dot2020
    assert "Theo Bovens (sinds voorjaar 2018)" in dot2020


@needs_dot
def test_screenshot_of_every_view_fitted_to_1400_px(tmp_path: Path, repo_root: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    artefacts = repo_root / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": FIT, "height": 1000})
            for view in VIEWS:
                svg = _export(tmp_path, "svg", "--view", view)
                page = tmp_path / f"{view}.html"
                page.write_text(
                    '<!doctype html><body style="margin:0">'
                    f'<img src="{svg.name}" style="width:{FIT}px;max-width:100%"></body>',
                    encoding="utf-8",
                )
                tab.goto(page.as_uri())
                tab.wait_for_function("document.images[0].complete")
                assert tab.evaluate("document.images[0].naturalWidth") > 0
                shot = artefacts / f"orgchart-{view}.png"
                tab.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
        finally:
            browser.close()


@needs_dot
def test_synthetic_chart_at_scale_10_renders_within_10_s(tmp_path: Path) -> None:
    """From the day's graph to the SVG: network view, chart, Graphviz (loading the data
    and computing the day's view are measured by the benchmarks, not here)."""

    from ipo_graph.api import IpoGraph
    from ipo_graph.export.chart import chart_of
    from ipo_graph.history import as_of

    data = tmp_path / "synth"
    assert cli.main(["synth", "--scale", "10", "--output", str(data)]) == 0
    kg = as_of(IpoGraph.load([data]), "2025-12-19").kg
    options = ExportOptions(as_of="2025-12-19")
    start = time.perf_counter()
    chart = chart_of(kg.graph, kg, options)
    svg = render(to_dot(chart, chart_title(options)), "svg")
    assert time.perf_counter() - start < 10
    assert len(chart.cards) > 100 and ET.fromstring(svg).tag == f"{SVG}svg"


def test_render_reports_a_graphviz_failure() -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    from ipo_graph.errors import UsageError

    with pytest.raises(UsageError, match="Graphviz dot failed"):
        render("digraph {", "svg")


@needs_dot
def test_chart_with_presumed_things_stays_legible(kg: IpoGraph, tmp_path: Path) -> None:
    """What issue 12's view will give on 2025-12-19: what was last stated in 2020 comes
    back as presumed. Simulated here from the per-day validity of the whole network."""
    from ipo_graph.export.network import build_network
    from ipo_graph.privacy import without_personal_data

    net = build_network(without_personal_data(kg.graph))
    day, before = "2025-12-19", "2020-12-01"

    def shown(d: dict[str, Any]) -> bool:
        if before in d["holds_on"] and day not in d["holds_on"] and not d["planned"]:
            d["status"], d["last_attested"] = "presumed", before
        return bool(d["planned"] or day in d["holds_on"] or before in d["holds_on"])

    view = net.subgraph([n for n, d in net.nodes(data=True) if shown(d)]).copy()
    for s, t, k, d in list(view.edges(keys=True, data=True)):
        if not shown(d):
            view.remove_edge(s, t, k)
    chart = build_chart(view)
    assert chart.cards[IPOD + "bestuur"].rows[0].status == "presumed"
    svg = tmp_path / "presumed.svg"
    svg.write_bytes(render(to_dot(chart, "test"), "svg"))
    root = ET.parse(svg).getroot()
    width = float(root.get("width", "0pt").removesuffix("pt"))
    scale = min(1.0, FIT / (width * 96 / 72))
    sizes = [float(t.get("font-size", "14")) * 96 / 72 for t in root.iter(f"{SVG}text")]
    assert min(sizes) * scale >= 8
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert texts.count("laatst vermeld 1 december 2020") < 20  # said once per card
