"""What the report adds to a shape's message from the data: the nearest IRIs the data
defines for a link to nowhere, and what a property takes for a value of the wrong
datatype."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipo_graph.hints import MAX_HINTED, RANGE_SHAPE, SHAPE
from ipo_graph.violations import Outcome, Violation
from support import validate_text

PREFIXES = (
    "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n@prefix org: <http://www.w3.org/ns/org#> .\n"
)


def _links(tmp_path: Path, engine: str, *targets: str) -> dict[str, Violation]:
    """``ipod:ipo org:hasUnit`` each of ``targets``, validated with the shipped data."""
    text = PREFIXES + "".join(f"ipod:ipo org:hasUnit ipod:{t} .\n" for t in targets)
    outcome: Outcome = validate_text(tmp_path / "links.ttl", text, engine=engine, data=True)
    found = {v.focus_name: v for v in outcome.violations if v.shape == SHAPE}
    assert set(found) == {f"ipod:{t}" for t in targets}
    return found


@pytest.mark.parametrize("engine", ["sparql", "oxigraph"])
def test_a_misspelt_link_names_the_nearest_defined_iri(tmp_path: Path, engine: str) -> None:
    found = _links(tmp_path, engine, "bureua", "bij12-faunazakne", "bij12-fauna", "qqq-nonsense")
    assert (
        found["ipod:bureua"]
        .messages["en"]
        .endswith("check the spelling of the IRI or add its definition. Did you mean ipod:bureau?")
    )
    assert found["ipod:bureua"].messages["nl"].endswith(" Bedoelde u ipod:bureau?")
    assert (
        found["ipod:bij12-faunazakne"]
        .messages["en"]
        .endswith("Did you mean ipod:bij12-faunazaken?")
    )
    # a name that the defined one contains counts, however much longer it is
    assert found["ipod:bij12-fauna"].messages["en"].endswith("Did you mean ipod:bij12-faunazaken?")
    # several close: up to three, nearest first (names.nearest: those containing it, shortest
    # first)
    (several,) = _links(tmp_path, engine, "excerpt-000-077-management").values()
    assert several.messages["en"].endswith(
        "Did you mean ipod:excerpt-000-077-management-samen, "
        "ipod:excerpt-000-077-management-overleg or "
        "ipod:excerpt-000-077-management-portefeuilles?"
    )
    assert several.messages["nl"].endswith(
        "management-overleg of ipod:excerpt-000-077-management-portefeuilles?"
    )
    # nothing close: the shape's own message, unchanged
    assert found["ipod:qqq-nonsense"].messages["en"].endswith("or add its definition.")


def test_many_links_to_nowhere_get_no_hints(tmp_path: Path) -> None:
    """More than MAX_HINTED of them is a missing file, not typos: no hint, no cost."""
    targets = ["bureua", *(f"bureau-{i}-x" for i in range(MAX_HINTED))]
    many = _links(tmp_path, "sparql", *targets)
    assert all(v.messages["en"].endswith("or add its definition.") for v in many.values())
    few = _links(tmp_path, "sparql", *targets[:MAX_HINTED])
    assert few["ipod:bureua"].messages["en"].endswith("Did you mean ipod:bureau?")


def test_a_described_resource_without_a_type_gets_no_hint(tmp_path: Path) -> None:
    """It is defined (the data says something about it): the fix is its type, not its name."""
    text = (
        PREFIXES + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ipod:ipo org:hasUnit ipod:bureua .\n"
        'ipod:bureua rdfs:label "Bureua"@nl .\n'
    )
    outcome = validate_text(tmp_path / "untyped.ttl", text, data=True)
    (v,) = [v for v in outcome.violations if v.shape == SHAPE]
    assert v.defined and "Did you mean" not in v.messages["en"]


@pytest.mark.parametrize("engine", ["sparql", "oxigraph"])
def test_a_value_of_the_wrong_datatype_names_what_its_property_takes(
    tmp_path: Path, engine: str
) -> None:
    text = (
        PREFIXES + "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        'ipod:bestuur ipo:seatCount "negen" .\n'
        'ipod:provincie-limburg ipo:approximate "nee"@nl .\n'
    )
    outcome = validate_text(tmp_path / "ranges.ttl", text, engine=engine, data=True)
    found = {v.path: v for v in outcome.violations if v.shape == RANGE_SHAPE}
    assert set(found) == {"ipo:seatCount", "ipo:approximate"}
    assert (
        found["ipo:seatCount"]
        .messages["en"]
        .endswith('"..."@nl or @en. ipo:seatCount takes xsd:integer.')
    )
    assert found["ipo:seatCount"].messages["nl"].endswith(" ipo:seatCount neemt xsd:integer.")
    assert found["ipo:approximate"].messages["en"].endswith(" ipo:approximate takes xsd:boolean.")
