"""``ipo-graph docs``: a page for every class, property and shape, with examples and a diagram."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

from ipo_graph import cli, paths
from ipo_graph.api import IpoGraph
from ipo_graph.docs import Docs, Term
from ipo_graph.load import load_files
from ipo_graph.namespaces import IPO, IPOS, OWL, RDF, SH


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_files([paths.shapes_file()]).graph


@pytest.fixture(scope="module")
def site(kg: IpoGraph, shapes: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    Docs(kg, shapes).write(out)
    return out


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_a_page_for_every_class_property_and_shape(kg: IpoGraph, shapes: Graph, site: Path) -> None:
    classes = {s for s in kg.graph.subjects(RDF.type, OWL.Class) if str(s).startswith(str(IPO))}
    props = {
        s
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
        for s in kg.graph.subjects(RDF.type, t)
        if str(s).startswith(str(IPO))
    }
    node_shapes = {
        s
        for t in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, t)
        if str(s).startswith(str(IPOS))
    }
    assert classes and props and node_shapes
    for kind, terms in (("class", classes), ("property", props), ("shape", node_shapes)):
        for term in terms:
            assert isinstance(term, URIRef)
            assert (site / Term(term, kind).page).is_file(), term
    index = read(site / "index.html")
    assert len([h for h in index.links if h != "index.html"]) == len(classes | props | node_shapes)


def test_class_page_has_labels_definition_examples_and_diagram(site: Path) -> None:
    page = read(site / "class-Office.html")
    text = " ".join(page.text)
    assert "bureau" in text and "office" in text  # nl and en labels
    assert "Definitie (nl):" in text and "Definitie (en):" in text
    # the three offices the sources name: IPO-bureau (Den Haag), BIJ12 (Utrecht), HNP (Brussel)
    assert {"ipod:bureau", "ipod:bij12", "ipod:hnp"} <= set(page.text)
    assert "Het IPO is gevestigd in Den Haag" in text  # an excerpt from the source
    raw = (site / "class-Office.html").read_text(encoding="utf-8")
    if shutil.which("dot"):
        svg = raw[raw.index("<svg") : raw.index("</svg>") + len("</svg>")]
        root = ET.fromstring(svg)
        labels = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
        assert {"ipo:Office", "org:OrganizationalUnit"} <= labels


def test_shape_page_lists_rules_and_focus_nodes(site: Path) -> None:
    page = read(site / "shape-MembershipShape.html")
    text = " ".join(page.text)
    assert "org:Membership" in page.text
    assert "ipos:Membership-member" in page.text
    assert "Zetel: Algemene Vergadering" in text  # one of the 24 AV seats' memberships


def test_no_page_shows_a_blank_node_id(kg: IpoGraph, shapes: Graph, site: Path) -> None:
    # Regression: a property shape with a path such as [ sh:alternativePath (...) ] was
    # drawn as "a415b6…f5791 [0..*]", and an example whose value is a blank node (the
    # interval of ipo:during) showed its id: words that meant nothing and changed each run.
    ids = {str(n) for g in (kg.graph, shapes) for t in g for n in t if isinstance(n, BNode)}
    assert ids
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not [i for i in ids if i in text], page.name
    tooi = " ".join(read(site / "shape-Province-tooi.html").text)
    assert "skos:exactMatch|owl:sameAs [0..*]" in tooi  # the path, as SPARQL writes it
    during = " ".join(read(site / "property-during.html").text)
    # data/association.ttl: the Bestuursprogramma 2023-2027 runs from 2023 to 2027
    assert (
        "Bestuursprogramma 2023-2027 → [ a time:Interval, time:TemporalEntity ; "
        "time:hasBeginning 2023 ; time:hasEnd 2027 ]"
    ) in during


def test_a_blank_node_that_contains_itself_is_described_without_end(
    kg: IpoGraph, shapes: Graph
) -> None:
    from ipo_graph.namespaces import TIME

    g = Graph()
    a, b = BNode(), BNode()
    g.add((a, TIME.after, b))
    g.add((b, TIME.after, a))
    docs = Docs(kg, shapes, diagrams=False)
    docs.g = g
    assert docs.shown(a) == "[ time:after [ time:after […] ] ]"


def test_pages_are_the_same_from_every_build(shapes: Graph, tmp_path: Path) -> None:
    # a fresh load gives every blank node a fresh id; the pages must not notice
    one, two = tmp_path / "one", tmp_path / "two"
    Docs(IpoGraph.load(), shapes, diagrams=False).write(one)
    Docs(IpoGraph.load(), shapes, diagrams=False).write(two)
    pages = sorted(p.name for p in one.iterdir())
    assert pages == sorted(p.name for p in two.iterdir())
    assert [p for p in pages if (one / p).read_bytes() != (two / p).read_bytes()] == []


def test_docs_command_and_no_graphviz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ipo_graph.docs.shutil.which", lambda _: None)
    assert cli.main(["docs", "--output", str(tmp_path / "site")]) == 0
    page = (tmp_path / "site" / "class-Office.html").read_text(encoding="utf-8")
    assert "Graphviz (dot) is not installed" in page and "<svg" not in page


def test_the_html_lives_in_templates_not_in_python() -> None:
    """Layout is the templates' job (templates/docs/), autoescaped by Jinja2."""
    import inspect

    from ipo_graph import docs

    source = inspect.getsource(docs)
    for tag in ("<h1", "<h2", "<table", "<ul", "<li", "<blockquote", "<html", "<style"):
        assert tag not in source, tag


def test_page_text_is_escaped(kg: IpoGraph, shapes: Graph) -> None:
    page = Docs(kg, shapes, diagrams=False).page(Docs(kg, shapes).terms[IPO.stateDate])
    assert "document&#39;s present-tense" in page and "<style>" in page
    assert '"DejaVu Sans"' in page  # the stylesheet itself is not escaped


def test_the_pages_leave_out_staff_contact_details_unless_asked(
    kg: IpoGraph, shapes: Graph, site: Path, tmp_path: Path
) -> None:
    """Regression: the pages of ipo:workEmail and ipo:workPhone showed the staff's e-mail
    addresses and phone numbers as examples, though every other output leaves them out."""
    from ipo_graph.privacy import personal_properties

    marked = personal_properties(kg.graph)
    values = {str(o) for p in marked for o in kg.graph.objects(None, p)}
    # the source's own words (000:127), so the check does not rest on the rule it tests
    assert {"hmenniga@ipo.nl", "06 2890 1236"} <= {v.removeprefix("mailto:") for v in values}
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted(site.glob("*.html")))
    assert "ipo.nl" in pages  # the check can see text at all
    assert [v for v in values if v in pages or v.removeprefix("mailto:") in pages] == []
    asked = tmp_path / "personal"
    Docs(kg, shapes, diagrams=False, include_personal=True).write(asked)
    assert "06 2890 1236" in (asked / "property-workPhone.html").read_text(encoding="utf-8")
