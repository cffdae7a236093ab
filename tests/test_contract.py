"""The contract's example competency questions, answered by SPARQL on the shipped graph.

Each expected answer is written from the source documents (line numbers in comments) and,
where it quotes them, the test also checks that the words are in the source.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ipo_graph.api import IpoGraph

CONTRACT = Path(__file__).parent / "fixtures" / "contract"


def ask(kg: IpoGraph, name: str) -> list[tuple[object, ...]]:
    query = (CONTRACT / f"{name}.rq").read_text(encoding="utf-8")
    return [
        tuple(v.toPython() if v is not None else None for v in row) for row in kg.graph.query(query)
    ]  # type: ignore[union-attr]


def test_q1_the_twelve_provinces_are_the_members(kg: IpoGraph, sources: dict[str, str]) -> None:
    # 000 l.11 / 001 l.12: "De provincies zijn de leden van de vereniging"; the twelve
    # provinces of the Netherlands by their official names.
    expected = sorted(
        [
            "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
            "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
        ]
    )  # fmt: skip
    assert sorted(r[0] for r in ask(kg, "q1_members")) == expected
    assert "De provincies zijn de leden van de vereniging" in sources["000_446a8e16cc534121.txt"]


def test_q2_theo_bovens_chairs_the_bestuur_since_spring_2018(kg: IpoGraph) -> None:
    # The contract's own example query, verbatim; 000 l.25.
    assert {r[0] for r in ask(kg, "q2_chair")} == {"Theo Bovens"}
    rows = ask(kg, "q2_since")
    assert len(rows) == 1
    name, since, year = rows[0]
    assert name == "Theo Bovens"
    assert since == "voorjaar 2018"
    assert str(year).startswith("2018")


def test_q3_bodies_and_offices_are_part_of_ipo(kg: IpoGraph) -> None:
    # 000 l.11: algemene vergadering, bestuur, adviescommissies, bureau; HNP and BIJ12.
    parts = {r[0] for r in ask(kg, "q3_parts")}
    for required in (
        "Algemene Vergadering",
        "Bestuur",
        "Bestuurlijke adviescommissies",
        "IPO-bureau",
        "Huis van de Nederlandse Provincies",
        "BIJ12",
    ):
        assert required in parts
    # BIJ12's six units (001 l.46-51) are sub-organisations of BIJ12.
    assert "Faunazaken" in parts and "Stikstof en Natura 2000" in parts


def test_q4_posts_reporting_to_the_algemeen_directeur_in_late_2020(kg: IpoGraph) -> None:
    # 000 l.37: "de coördinator van het HNP, 3 teammanagers IPO en 1 (gedelegeerd) directeur BIJ12".
    rows = [r[0] for r in ask(kg, "q4_reports_2020")]
    assert rows == [
        "Coördinator HNP",
        "Directeur BIJ12",
        "Teammanager IPO (1 van 3)",
        "Teammanager IPO (2 van 3)",
        "Teammanager IPO (3 van 3)",
    ]


def test_q5_where_each_office_is_based(kg: IpoGraph) -> None:
    # 000 l.37 and 001 l.56.
    assert ask(kg, "q5_sites") == [
        ("BIJ12", "Utrecht"),
        ("Huis van de Nederlandse Provincies", "Brussel"),
        ("IPO-bureau", "Den Haag"),
    ]


def test_q6_the_document_and_words_that_state_the_chair(
    kg: IpoGraph, sources: dict[str, str]
) -> None:
    rows = ask(kg, "q6_source")
    assert len(rows) == 1
    file, line, words = rows[0]
    assert file == "000_446a8e16cc534121.txt"
    assert line == 25
    assert str(words).startswith("Sinds het voorjaar 2018 is Theo Bovens")
    assert str(words) in sources[file].splitlines()[24]


def test_q7_vacant_posts_and_deadlines_with_the_contradiction(kg: IpoGraph) -> None:
    # 000 l.125: "tot en met zondag 3 januari 2021"; 001 l.185/186 "dinsdag é januari 2026"
    # (OCR of 6), contradicted by the planning's "t/m 9 januari 2026" (001 l.218-219).
    rows = ask(kg, "q7_vacancies")
    by_post = {r[0]: (r[1], r[2]) for r in rows}
    assert by_post["Algemeen directeur IPO"] == (datetime.date(2021, 1, 3), None)
    assert by_post["Plaatsvervangend algemeen directeur IPO, tevens directeur BIJ12"] == (
        datetime.date(2026, 1, 6),
        datetime.date(2026, 1, 9),
    )
    assert by_post["Directeur BIJ12"] == (datetime.date(2026, 1, 6), datetime.date(2026, 1, 9))


@pytest.mark.parametrize("name", sorted(p.stem for p in CONTRACT.glob("*.rq")))
def test_every_contract_query_answers(kg: IpoGraph, name: str) -> None:
    assert ask(kg, name), f"{name} returned nothing"
