"""What the report adds to a shape's message from the data: the nearest IRIs the data
defines for a link to nowhere, what a property takes for a value of the wrong datatype,
and the values that repeat a language."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipo_graph.hints import CLASS_RANGE_SHAPE, LINK_SHAPE, MAX_HINTED, MAX_REPEATS, RANGE_SHAPE
from ipo_graph.namespaces import IPOD, SH
from ipo_graph.violations import Outcome, Violation
from support import validate_text

PREFIXES = (
    "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n@prefix org: <http://www.w3.org/ns/org#> .\n"
)


def _links(tmp_path: Path, engine: str, *targets: str) -> dict[str, Violation]:
    """``ipod:ipo org:hasUnit`` each of ``targets``, validated with the shipped data."""
    text = PREFIXES + "".join(f"ipod:ipo org:hasUnit ipod:{t} .\n" for t in targets)
    outcome: Outcome = validate_text(tmp_path / "links.ttl", text, engine=engine, data=True)
    found = {v.focus_name: v for v in outcome.violations if v.shape == LINK_SHAPE}
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
    (v,) = [v for v in outcome.violations if v.shape == LINK_SHAPE]
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


@pytest.mark.parametrize("engine", ["sparql", "oxigraph"])
def test_a_link_to_the_wrong_class_names_what_its_property_takes(
    tmp_path: Path, engine: str
) -> None:
    """A task linked to a body, a person as IPO's sub-organisation: each reported
    once, by ipos:ClassRangeShape, naming its property's range."""
    text = (
        PREFIXES + "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "ipod:post-algemeen-directeur ipo:responsibility ipod:bestuur .\n"
        "ipod:ipo org:hasSubOrganization ipod:person-ferdi-de-lange .\n"
    )
    outcome = validate_text(tmp_path / "classes.ttl", text, engine=engine, data=True)
    found = {(v.path, v.value): v for v in outcome.violations if v.shape == CLASS_RANGE_SHAPE}
    assert set(found) == {
        ("ipo:responsibility", IPOD.bestuur),
        ("org:hasSubOrganization", IPOD["person-ferdi-de-lange"]),
    }
    en = found["ipo:responsibility", IPOD.bestuur].messages["en"]
    assert en.endswith(" ipo:responsibility takes skos:Concept.")
    nl = found["org:hasSubOrganization", IPOD["person-ferdi-de-lange"]].messages["nl"]
    assert nl.endswith(" org:hasSubOrganization neemt org:Organization.")
    assert len(outcome.violations) == 2  # no other shape reports the same slips


REPEATS = (
    PREFIXES + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    'ipod:bestuur rdfs:label "Het bestuur"@nl, "The board"@en, "Board"@EN .\n'
    'ipod:bureau skos:definition "Het bureau."@nl, "Het IPO-bureau."@nl .\n'
)


@pytest.mark.parametrize("engine", ["sparql", "oxigraph"])
def test_a_repeated_language_lists_the_values_that_share_it(tmp_path: Path, engine: str) -> None:
    """sh:uniqueLang gives one result per repeated language and no value (SHACL); the
    message lists the values, languages compared without case."""
    outcome = validate_text(tmp_path / "repeats.ttl", REPEATS, engine=engine, data=True)
    found = [v for v in outcome.violations if v.component == SH.UniqueLangConstraintComponent]
    by_focus = {(v.focus_name, v.path): v.messages for v in found}
    assert len(found) == 3  # the Bestuur repeats nl and en, the bureau nl
    bestuur = by_focus["ipod:bestuur", "rdfs:label"]
    both = '"Board"@en, "The board"@en; "Bestuur"@nl, "Het bestuur"@nl.'  # by language
    assert bestuur["en"].endswith(f"Repeated: {both}")
    assert bestuur["nl"].endswith(f"Herhaald: {both}")
    # with the definition the shipped data gives the bureau, sorted by text
    bureau = by_focus["ipod:bureau", "skos:definition"]["en"]
    assert 'Repeated: "Het IPO-bureau."@nl, "Het bureau ' in bureau
    assert bureau.endswith('"@nl, "Het bureau."@nl.')


def test_many_repeated_languages_get_no_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipo_graph import hints

    monkeypatch.setattr(hints, "MAX_REPEATS", 2)
    outcome = validate_text(tmp_path / "repeats.ttl", REPEATS, data=True)
    found = [v for v in outcome.violations if v.component == SH.UniqueLangConstraintComponent]
    assert len(found) == 3 > hints.MAX_REPEATS
    assert not any("Repeated" in v.messages["en"] for v in found)
    assert MAX_REPEATS == 200
