"""Each export format: it opens in its own library, its counts match the view, it is
written atomically, it respects --include-personal, and the chart embedded in docs/pictures.md
is current."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from ipo_graph import cli
from ipo_graph.api import IpoGraph
from ipo_graph.commands import export as export_command
from ipo_graph.errors import UsageError
from ipo_graph.export import ExportOptions, formats, writer
from ipo_graph.export.chart import Chart, build_chart
from ipo_graph.export.mermaid import fenced

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "export"
MINI = FIXTURES / "mini.ttl"
PICTURES = ["svg", "png", "dot", "html", "graphml", "cytoscape", "mermaid"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def mini(export_mini: IpoGraph) -> IpoGraph:
    return export_mini


@pytest.fixture(scope="module")
def net(export_net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return export_net


@pytest.fixture(scope="module")
def chart(net: nx.MultiDiGraph) -> Chart:
    return build_chart(net)


def write(fmt: str, kg: IpoGraph, out: Path, **opts: Any) -> Path:
    writer(fmt)(kg.graph, out, kg=kg, options=ExportOptions(**opts))
    return out


def test_every_format_is_registered() -> None:
    assert set(PICTURES) | {"ttl", "nt", "jsonld"} <= set(formats())


def test_graphml_opens_in_networkx(mini: IpoGraph, net: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = write("graphml", mini, tmp_path / "ipo.graphml")
    back = nx.read_graphml(out, force_multigraph=True)
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    bij12 = back.nodes["https://w3id.org/ipo-graph/id/bij12"]
    assert bij12["label"] == "BIJ12" and bij12["type"] == "ipo:Office"
    assert "BIJ12isin 2014 opgericht" in bij12["evidence"]  # excerpts flattened to text


def test_graphml_stays_xml_when_a_text_holds_a_control_character(
    mini: IpoGraph, tmp_path: Path
) -> None:
    """Regression: a form feed (OCR text may carry one) went into GraphML as is, and XML
    1.0 cannot hold it: no reader opened the file (found by fuzzing labels)."""
    from rdflib import Literal, URIRef

    from ipo_graph.namespaces import RDFS

    graph = Graph()
    for triple in mini.graph:
        graph.add(triple)
    bij12 = URIRef("https://w3id.org/ipo-graph/id/bij12")
    graph.remove((bij12, RDFS.label, None))
    graph.add((bij12, RDFS.label, Literal("BIJ\x0c12", lang="nl")))
    out = tmp_path / "ipo.graphml"
    writer("graphml")(graph, out, options=ExportOptions())
    ET.parse(out)  # well-formed
    back = nx.read_graphml(out, force_multigraph=True)
    assert back.nodes[str(bij12)]["label"] == "BIJ\ufffd12"


def test_cytoscape_json(mini: IpoGraph, net: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = write("cytoscape", mini, tmp_path / "ipo.cyjs")
    doc = json.loads(out.read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert len(nodes) == net.number_of_nodes() and len(edges) == net.number_of_edges()
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)


def _svg_items(root: ET.Element, cls: str) -> list[str]:
    ns = {"svg": "http://www.w3.org/2000/svg"}
    titles = []
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if g.get("class") == cls:
            title = g.find("svg:title", ns)
            text = title.text if title is not None and title.text else ""
            if "legend_" not in text:
                titles.append(text)
    return titles


@needs_dot
def test_svg_parses_and_draws_every_chart_card_and_line(
    mini: IpoGraph, chart: Chart, tmp_path: Path
) -> None:
    out = write("svg", mini, tmp_path / "ipo.svg")
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(_svg_items(root, "node")) == len(chart.cards)  # the legend is left out
    assert len(_svg_items(root, "edge")) >= len(chart.links)
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Legenda", "4 × lid, 2 per provincie"} <= texts


@needs_dot
def test_png_is_a_png(mini: IpoGraph, tmp_path: Path) -> None:
    data = write("png", mini, tmp_path / "ipo.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 300 and height > 200


def test_dot_source_is_graphviz_syntax(mini: IpoGraph, chart: Chart, tmp_path: Path) -> None:
    text = write("dot", mini, tmp_path / "ipo.dot").read_text(encoding="utf-8")
    assert text.startswith("digraph ipo {") and text.rstrip().endswith("}")
    arrows = [ln for ln in text.splitlines() if "->" in ln and "invis" not in ln]
    assert len(arrows) == len(chart.links)
    assert 'style="dashed"' in text  # the planned line and the planned post


def test_mermaid_flowchart(mini: IpoGraph, chart: Chart, tmp_path: Path) -> None:
    text = write("mermaid", mini, tmp_path / "ipo.mmd").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    assert body.startswith("flowchart TD\n")
    node_lines = [ln for ln in body.splitlines() if re.match(r"^ +n\d+\[", ln)]
    edge_lines = [ln for ln in body.splitlines() if re.match(r"^  \w+ [-=.]+ \w+$", ln)]
    assert len(node_lines) == len(chart.cards) and len(edge_lines) == len(chart.links)
    assert len(re.findall(r"^  subgraph office\d+", body, re.M)) == len(chart.offices) > 0
    assert any("===" in ln for ln in edge_lines)  # a reporting line
    md = write("mermaid", mini, tmp_path / "ipo.md").read_text(encoding="utf-8")
    assert md == fenced(text)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def test_html_is_self_contained(mini: IpoGraph, net: nx.MultiDiGraph, tmp_path: Path) -> None:
    text = write("html", mini, tmp_path / "ipo.html").read_text(encoding="utf-8")
    parser = _Scripts()
    parser.feed(text)
    # data, Cytoscape.js, dagre, the app: all inline
    assert len(parser.scripts) == 4 and not any("src" in a for a, _ in parser.scripts)
    data = json.loads(next(t for a, t in parser.scripts if a.get("id") == "ipo-data"))
    assert len(data["elements"]["nodes"]) == net.number_of_nodes()
    assert len(data["elements"]["edges"]) == net.number_of_edges()
    assert {"2020-12-01", "2025-12-19"} <= set(data["dates"]) and data["dates"] == sorted(
        data["dates"]
    )
    assert data["root"] == "https://w3id.org/ipo-graph/id/ipo" and data["start"] == "2025-12-19"
    assert "cytoscape" in parser.scripts[1][1][:2000].lower()
    assert not re.search(r"""(src|href)=["']https?://""", text)  # nothing fetched from a CDN


def test_explorer_of_a_day_opens_on_that_day(tmp_path: Path) -> None:
    """Regression: ``--format html --as-of 2023-06-01`` was titled "stand op 1 juni 2023"
    but opened on the last stop of its date control (2027-12-31): the day was no stop."""
    out = tmp_path / "2023.html"
    argv = ["export", "--format", "html", "--as-of", "2023-06-01", "--output", str(out)]
    assert cli.main(argv) == 0
    parser = _Scripts()
    parser.feed(out.read_text(encoding="utf-8"))
    data = json.loads(next(t for a, t in parser.scripts if a.get("id") == "ipo-data"))
    assert data["start"] == "2023-06-01" and "2023-06-01" in data["dates"]
    assert data["dates"] == sorted(data["dates"])
    ipo = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["label"] == "BIJ12")
    day = data["dates"].index("2023-06-01")
    assert max(c for c in ipo["holds_changes"] if c[0] <= day)[1] is True


def test_explorer_carries_each_days_status_as_its_changes(net: nx.MultiDiGraph) -> None:
    # Regression: the page listed every element's status for every day the data knows,
    # nodes × days (613 MB for the synthetic scale 30). It now lists the days a status
    # changes; read back the way explorer.js reads them, they give the same statuses.
    from ipo_graph.export.html import page

    text = page(net, "t")
    parser = _Scripts()
    parser.feed(text)
    data = json.loads(next(t for a, t in parser.scripts if a.get("id") == "ipo-data"))
    dates = data["dates"]

    def on(changes: list[list[Any]], i: int) -> Any:
        return max((c for c in changes if c[0] <= i), default=[0, None])[1]

    elements = [*data["elements"]["nodes"], *data["elements"]["edges"]]
    ends = {(s, t, d["iri"], d["kind"]): d for s, t, d in net.edges(data=True)}
    for element in elements:
        shown = element["data"]
        if "source" in shown:
            key = (shown["source"], shown["target"], shown["iri"], shown["kind"])
            truth = ends[key]
        else:
            truth = net.nodes[shown["id"]]
        assert "status_on" not in shown and "holds_on" not in shown
        for i, day in enumerate(dates):
            assert on(shown["holds_changes"], i) is (day in truth["holds_on"])
            assert on(shown["status_changes"], i) == truth["status_on"].get(day)
        for series in (shown["status_changes"], shown["holds_changes"]):
            # only real changes: each entry a later day and another value
            assert all(a[0] < b[0] and a[1] != b[1] for a, b in pairwise(series))


def test_rdf_export_opens_in_rdflib(mini: IpoGraph, tmp_path: Path) -> None:
    out = write("ttl", mini, tmp_path / "ipo.ttl")
    assert len(Graph().parse(out, format="turtle")) == len(mini.graph)


@pytest.mark.parametrize("fmt", PICTURES)
def test_exports_are_atomic(
    fmt: str, mini: IpoGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fmt in ("svg", "png") and shutil.which("dot") is None:
        pytest.skip("Graphviz not installed")
    out = tmp_path / f"ipo.{fmt}"
    out.write_text("the old export", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError("disk full while renaming")

    monkeypatch.setattr("ipo_graph.atomic.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write(fmt, mini, out)
    assert out.read_text(encoding="utf-8") == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_missing_graphviz_is_a_usage_error(
    mini: IpoGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ipo_graph.export.dotprogram.shutil.which", lambda _: None)
    with pytest.raises(UsageError, match="apt-get install graphviz"):
        write("svg", mini, tmp_path / "ipo.svg")
    assert not (tmp_path / "ipo.svg").exists()
    write("dot", mini, tmp_path / "ipo.dot")  # DOT source needs no Graphviz


def _run_export(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    export_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", *argv])
    return int(args.func(args))


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("html", "html"), ("graphml", "graphml"), ("cytoscape", "cyjs")]
)
def test_personal_data_left_out_unless_asked(fmt: str, suffix: str, tmp_path: Path) -> None:
    """The explorer and both graph formats (a node's ``contact``) carry contact details
    only with --include-personal."""
    plain, full = tmp_path / f"plain.{suffix}", tmp_path / f"full.{suffix}"
    base = ["--format", fmt, "--data", str(MINI)]
    assert _run_export(*base, "--output", str(plain)) == 0
    assert _run_export(*base, "--output", str(full), "--include-personal") == 0
    assert "hmenniga@ipo.nl" not in plain.read_text(encoding="utf-8")
    assert "hmenniga@ipo.nl" in full.read_text(encoding="utf-8")
    assert "Hester Menninga" in plain.read_text(encoding="utf-8")  # the name is no contact detail


def test_root_option_draws_a_subtree(tmp_path: Path) -> None:
    out = tmp_path / "bij12.cyjs"
    assert (
        _run_export(
            "--format", "cytoscape", "--data", str(MINI), "--root", "BIJ12", "--output", str(out)
        )
        == 0
    )
    labels = {n["data"]["label"] for n in json.loads(out.read_text("utf-8"))["elements"]["nodes"]}
    assert "Faunazaken" in labels and "Bestuur" not in labels
    with pytest.raises(UsageError):
        _run_export(
            "--format", "mermaid", "--data", str(MINI), "--root", "Nergens", "--output", str(out)
        )


def test_cli_export_as_of_on_the_shipped_data(tmp_path: Path) -> None:
    out = tmp_path / "2020.cyjs"
    assert (
        cli.main(["export", "--format", "cytoscape", "--as-of", "2020-12-01", "--output", str(out)])
        == 0
    )
    labels = {n["data"]["label"] for n in json.loads(out.read_text("utf-8"))["elements"]["nodes"]}
    assert "Theo Bovens" in labels  # chair "sinds het voorjaar 2018" (source 000)
    assert "Faunazaken" not in labels  # BIJ12's units are listed only in December 2025


def test_a_root_that_does_not_hold_on_the_day_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--root ipod:bij12 --as-of 2000-01-01`` said no organisation had that
    name (and suggested ipod:ipo), though BIJ12 exists; it only began in 2014."""
    out = tmp_path / "x.svg"
    argv = ["export", "--format", "mermaid", "--as-of", "2000-01-01", "--output", str(out)]
    assert cli.main([*argv, "--root", "ipod:bij12"]) == 2
    err = capsys.readouterr().err
    assert "not in the picture of 2000-01-01" in err and "not-yet (begins 2014)" in err
    assert len(err.splitlines()) == 1, err  # regression: a "note: as of" line came first
    assert cli.main([*argv, "--root", "ipod:bijtwaalf"]) == 2
    assert "no organisation, post or person has that name" in capsys.readouterr().err
    assert not out.exists()


def test_a_root_named_by_a_label_that_does_not_hold_on_the_day_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--root BIJ12 --as-of 2000-01-01`` said no organisation had that name
    (and suggested "Vergadercentrum BIJ12"): the day's graph leaves BIJ12 out with its
    labels, so only its IRI was recognised."""
    out = tmp_path / "x.svg"
    argv = ["export", "--format", "mermaid", "--as-of", "2000-01-01", "--output", str(out)]
    assert cli.main([*argv, "--root", "BIJ12"]) == 2
    err = capsys.readouterr().err
    assert "--root 'BIJ12' is not in the picture of 2000-01-01" in err
    assert "not-yet (begins 2014)" in err and "did you mean" not in err
    assert cli.main([*argv, "--root", "Faunazaken"]) == 2
    assert "not in the picture of 2000-01-01" in capsys.readouterr().err
    assert not out.exists()


def test_a_root_the_chart_draws_nothing_of_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--root "Theo Bovens"`` (a person) wrote a picture of only its title,
    and exited 0: people are rows of cards, not cards, and nothing lies below them."""
    out = tmp_path / "x.svg"
    for fmt in ("mermaid", "dot"):
        argv = ["export", "--format", fmt, "--root", "Theo Bovens", "--output", str(out)]
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "--root 'Theo Bovens': the org chart (combined) draws no card for it" in err
        assert not out.exists()
    graphml = tmp_path / "x.graphml"
    argv = ["export", "--format", "graphml", "--root", "Theo Bovens", "--output", str(graphml)]
    assert cli.main(argv) == 0 and "Theo Bovens" in graphml.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["ttl", "html", "graphml", "cytoscape"])
def test_a_view_outside_the_org_chart_is_refused(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--view governance`` with a format that has no views wrote the same
    file as without it, exit 0; ``--view combined``, the default, is refused alike."""
    out = tmp_path / f"x.{fmt}"
    for view in ("governance", "combined"):
        argv = ["export", "--format", fmt, "--view", view, "--output", str(out)]
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert f"--view applies to the org chart (svg, png, dot, mermaid); --format {fmt} " in err
        assert not out.exists()


@pytest.mark.parametrize("fmt", ["svg", "png", "dot", "mermaid"])
def test_include_personal_with_the_org_chart_is_refused(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the org chart shows no contact details, so --include-personal drew the
    same picture as without it, exit 0, as if it had been honoured."""
    out = tmp_path / f"x.{fmt}"
    argv = ["export", "--format", fmt, "--include-personal", "--output", str(out)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "--include-personal applies to the formats that carry contact details" in err
    assert f"--format {fmt} draws the org chart, which shows none" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_org_chart_shows_no_contact_details(tmp_path: Path) -> None:
    """Why the org chart refuses --include-personal: the contact details are in the graph
    it is drawn from, and not in the chart."""
    out = tmp_path / "x.dot"
    assert _run_export("--format", "dot", "--data", str(MINI), "--output", str(out)) == 0
    assert "Hester Menninga" in out.read_text(encoding="utf-8")
    assert "hmenniga@ipo.nl" not in out.read_text(encoding="utf-8")


def test_mermaid_greys_a_presumed_office_as_graphviz_does() -> None:
    """Regression: on 2030-01-01 the offices are only presumed; the SVG greys their frames,
    the Mermaid chart drew them as holding (only ``class officeN office``)."""
    from ipo_graph.export.chart import Card
    from ipo_graph.export.mermaid import to_mermaid

    office = Card("cluster:o", "BIJ12", "office", "ipo:Office", 3, "presumed", "2025-12-19")
    office.members = ["o"]
    post = Card("p", "Directeur BIJ12", "post", "org:Post", 4, "presumed", "2025-12-19")
    post.members, post.office = ["p"], "o"
    text = to_mermaid(Chart({"p": post}, [], {"cluster:o": office}), "t")
    assert "  class n0,office0 presumed\n" in text


def test_a_root_body_still_counts_its_seats_per_province(tmp_path: Path) -> None:
    """Regression: ``--root Bestuur`` said "12 × lid, uit 12 provincies" and ``--root
    "Algemene Vergadering"`` "24 × lid, uit 12 provincies" (the whole chart: "1 per
    provincie", "2 per provincie"): the subtree holds no provinces to count."""
    out = tmp_path / "x.mmd"
    for root, seats in (
        ("Bestuur", "12 × lid, 1 per provincie"),
        ("Algemene Vergadering", "24 × lid, 2 per provincie"),
    ):
        assert (
            cli.main(["export", "--format", "mermaid", "--root", root, "--output", str(out)]) == 0
        )
        assert seats in out.read_text(encoding="utf-8")


README_BLOCK = re.compile(r"<!-- orgchart:begin -->\n(.*?)<!-- orgchart:end -->", re.DOTALL)


def test_docs_embed_the_current_org_chart(repo_root: Path) -> None:
    from ipo_graph.export.mermaid import CHART_PAGE, readme_chart

    page = (repo_root / CHART_PAGE).read_text(encoding="utf-8")
    found = README_BLOCK.search(page)
    assert found, f"{CHART_PAGE} lacks the <!-- orgchart:begin/end --> block"
    assert "stand op 19 december 2025" in found.group(1)  # one day's chart
    assert found.group(1) == fenced(readme_chart()), (
        f"the org chart in {CHART_PAGE} is stale: run `python -m ipo_graph.export.mermaid`"
    )


def _label_boxes(svg: Path) -> list[tuple[str, float, float, float, float]]:
    """(owner, x0, y0, x1, y1) of every text in the SVG, from its position and font size
    (an average glyph is taken as 0.55 em wide); legend texts are left out."""
    ns = "{http://www.w3.org/2000/svg}"
    boxes = []
    for g in ET.parse(svg).getroot().iter(f"{ns}g"):
        title = g.find(f"{ns}title")
        owner = title.text if title is not None and title.text else ""
        if g.get("class") not in ("node", "edge") or "legend_" in owner:
            continue
        for t in g.iter(f"{ns}text"):
            x, y, size = float(t.get("x", 0)), float(t.get("y", 0)), float(t.get("font-size", 10))
            width = len(t.text or "") * size * 0.55
            x0 = {"middle": x - width / 2, "end": x - width}.get(t.get("text-anchor", ""), x)
            boxes.append((owner, x0, y - size * 0.8, x0 + width, y + size * 0.2))
    return boxes


@needs_dot
@pytest.mark.parametrize("as_of", [None, "2020-12-01", "2025-12-19"])
def test_shipped_org_chart_has_no_overlapping_labels(
    kg: IpoGraph, tmp_path: Path, as_of: str | None
) -> None:
    out = tmp_path / "orgchart.svg"
    argv = ["export", "--format", "svg", "--output", str(out)]
    assert cli.main(argv + (["--as-of", as_of] if as_of else [])) == 0
    boxes = _label_boxes(out)
    assert len(boxes) > 20
    clashes = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] != b[0] and a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert clashes == []


@pytest.mark.parametrize("fmt", ["html", "graphml", "cytoscape"])
def test_shipped_exports_hold_no_contact_details_by_default(
    kg: IpoGraph, tmp_path: Path, fmt: str
) -> None:
    from ipo_graph.privacy import personal_properties

    values = {str(o) for p in personal_properties(kg.graph) for o in kg.graph.objects(None, p)}
    assert values, "the shipped data names staff contact details (source 000)"
    out = tmp_path / f"ipo.{fmt}"
    assert cli.main(["export", "--format", fmt, "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert [v for v in values if v in text] == []
