"""Closed vocabulary and ill-typed literals: checks in Python, reported like the shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ipo_graph import cli, paths
from ipo_graph.namespaces import IPO, IPOD, IPOS, ORG, XSD
from ipo_graph.validate import validate
from ipo_graph.vocabulary import Suggestions
from support import validate_text

PSOT = URIRef(str(ORG) + "Psot")  # closed namespaces refuse misspelt names; the data may not
REPORT_TO = URIRef(str(ORG) + "reportTo")
SEET = URIRef(str(IPO) + "Seet")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "shapes" / "base.ttl"
CASE = FIXTURES / "vocabulary"


def _run(path: Path):  # type: ignore[no-untyped-def]
    return validate(files=[*paths.ontology_files(), BASE, path])


def test_valid_fixture_conforms() -> None:
    outcome = _run(CASE / "valid.ttl")
    assert outcome.conforms, [(v.shape, v.focus) for v in outcome.violations]


def test_invalid_fixture_names_each_unknown_term_and_the_ill_typed_value() -> None:
    outcome = _run(CASE / "invalid.ttl")
    fired = {(v.shape, v.focus, v.value) for v in outcome.violations}
    assert fired == {
        (IPOS["ClosedVocabulary-class"], IPOD["post-teammanager"], PSOT),
        (IPOS["ClosedVocabulary-property"], IPOD["post-teammanager"], REPORT_TO),
        (IPOS["ClosedVocabulary-class"], IPOD["seat-1"], SEET),
        (IPOS.WellTypedLiteral, IPOD["instant-2025"], Literal("2025-13-01", datatype=XSD.date)),
        # the compiled engine compares the ill-typed bound and reports it; pyshacl cannot,
        # leaves it out and reports it missing (value None)
        (IPOS["Instant-earliest"], IPOD["instant-2025"], Literal("2025-13-01", datatype=XSD.date)),
    }
    by_value = {str(v.value): v for v in outcome.violations if v.value is not None}
    psot = by_value[str(PSOT)]
    assert psot.messages["en"].endswith("did you mean org:Post?")
    assert psot.messages["nl"].endswith("bedoelde u org:Post?")
    assert "did you mean org:reportsTo?" in by_value[str(REPORT_TO)].messages["en"]
    assert "did you mean ipo:Seat?" in by_value[str(SEET)].messages["en"]
    # each at the line that spells it (the fixture's lines 15, 15, 16 and 17)
    lines = {str(v.value): v.location.line for v in outcome.violations if v.location and v.value}
    assert lines[str(PSOT)] == 15 and lines[str(REPORT_TO)] == 15
    assert lines[str(SEET)] == 16 and lines["2025-13-01"] == 17


def test_cli_reports_ill_typed_date_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["validate", str(BASE), str(CASE / "invalid.ttl")]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert '"2025-13-01" is not a valid xsd:date' in out.out
    assert "invalid.ttl:17:" in out.out


def test_turtle_report_carries_the_python_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "--format", "turtle", str(BASE), str(CASE / "invalid.ttl")]) == 1
    out = capsys.readouterr().out
    assert "ClosedVocabulary-class" in out and "sh:conforms false" in out


def test_ill_typed_issue_date_is_reported(tmp_path: Path) -> None:
    """dcterms:issued has no datatype constraint of its own: the Python check still sees it."""
    bad = tmp_path / "issued.ttl"
    bad.write_text(
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        'ipod:source-000 dcterms:issued "2025-02-30"^^xsd:date .\n',
        encoding="utf-8",
    )
    outcome = _run(bad)
    (v,) = [v for v in outcome.violations if v.shape == IPOS.WellTypedLiteral]
    assert v.focus == IPOD["source-000"] and v.location is not None and v.location.line == 4


_BAD_DATE = '"2025-02-30"^^<http://www.w3.org/2001/XMLSchema#date>'
_SAME_BAD_DATE = {
    # two instants state the same ill-typed date, each on a line of its own
    "nt": (
        f'<{IPOD["instant-a"]}> <{IPO.latest}> "2025-03-01"^^<{XSD.date}> .\n'
        f"<{IPOD['instant-b']}> <{IPO.earliest}> {_BAD_DATE} .\n"
        f"<{IPOD['instant-a']}> <{IPO.earliest}> {_BAD_DATE} .\n",
        {"instant-a": 3, "instant-b": 2},
    ),
    "ttl": (
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ipod:instant-b ipo:earliest "2025-02-30"^^xsd:date .\n'
        'ipod:instant-a ipo:latest "2025-03-01"^^xsd:date ;\n'
        '    ipo:earliest "2025-02-30"^^xsd:date .\n',
        {"instant-a": 6, "instant-b": 4},
    ),
}


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("suffix", sorted(_SAME_BAD_DATE))
def test_the_same_ill_typed_text_is_placed_on_each_subjects_own_line(
    tmp_path: Path, engine: str, suffix: str
) -> None:
    """Regression: an ill-typed literal was placed on the first line quoting its text, so
    two subjects with the same bad date both pointed at one of them (in N-Triples, where a
    subject's statements are not together, at whichever came first); and the compiled
    engine placed the shape results about it on the subject's first line instead."""
    text, lines = _SAME_BAD_DATE[suffix]
    outcome = validate_text(tmp_path / f"dates.{suffix}", text, engine=engine)
    placed = {
        (str(v.focus).rsplit("/", 1)[-1], v.location.line if v.location else None)
        for v in outcome.violations
        if v.value == Literal("2025-02-30", datatype=XSD.date)
    }
    assert placed == set(lines.items())


def test_many_subjects_with_one_ill_typed_text_are_placed_in_one_reading(tmp_path: Path) -> None:
    """Regression: each subject walked every line quoting its value, so 20,000 subjects
    sharing one bad date took about half a minute to place. The bound is generous: one
    reading takes well under a second."""
    import time

    from ipo_graph import strict
    from ipo_graph.load import scan

    path = tmp_path / "dates.ttl"
    text = "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n" + "".join(
        f'<https://w3id.org/ipo-graph/id/i{n}> ipo:earliest "2025-02-30"^^'
        "<http://www.w3.org/2001/XMLSchema#date> .\n"
        for n in range(20_000)
    )
    parsed = strict.parse_text(path, text)
    started = time.perf_counter()
    _, ill = scan(parsed)
    assert time.perf_counter() - started < 10
    assert sorted(bad.location.line for bad in ill) == list(range(2, 20_002))


def test_nearest_prefers_the_same_kind() -> None:
    suggestions = Suggestions([ORG.Post, ORG.postIn, ORG.reportsTo, IPO.Seat])
    assert suggestions.nearest(PSOT, classes=True) == "org:Post"
    assert suggestions.nearest(REPORT_TO, classes=False) == "org:reportsTo"
    assert suggestions.nearest(URIRef("https://example.org/Zzz"), classes=True) is None


def test_shipped_data_uses_only_defined_terms() -> None:
    outcome = validate()
    assert not [v for v in outcome.violations if "ClosedVocabulary" in str(v.shape)]


def test_many_unknown_terms_are_placed_in_one_reading(tmp_path: Path) -> None:
    """Regression: the file was read once per unknown term, so 5,000 of them took 29 s
    to report and 20,000 six and a half minutes. The bound is generous: one reading
    places 5,000 in a fraction of a second."""
    import time

    from ipo_graph.locations import LocationIndex

    ns = str(IPO)
    lines = [f"@prefix ipo: <{ns}> ."]
    lines += [f"ipod:t{i} a ipo:NoSuchClass{i} ." for i in range(5000)]
    path = tmp_path / "many.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    terms = [f"{ns}NoSuchClass{i}" for i in range(5000)]
    started = time.perf_counter()
    index = LocationIndex([path], terms)
    assert time.perf_counter() - started < 10
    assert [index.location(t).line for t in terms] == list(range(2, 5002))  # type: ignore[union-attr]


def test_an_unknown_term_is_placed_by_the_prefix_in_force(tmp_path: Path) -> None:
    """Regression: the closed-vocabulary check spelled a term with the prefixes the file
    declared last, so ``x:Onbekend`` on line 4 (another namespace there) stood as the first
    mention of ipo:Onbekend, declared with ``x:`` only on line 5. It now places terms by the
    rule that places every node of the report (``locations.LocationIndex``)."""
    text = (
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix x: <https://example.org/> .\n"
        "ipod:post-algemeen-directeur org:hasMember x:Onbekend .\n"
        f"@prefix x: <{IPO}> .\n"
        "ipod:post-algemeen-directeur a x:Onbekend .\n"
    )
    for engine in ("sparql", "pyshacl"):
        outcome = validate_text(tmp_path / "redeclared.ttl", text, engine=engine, data=True)
        (found,) = [v for v in outcome.violations if v.value == IPO.Onbekend]
        assert found.location is not None and found.location.line == 6, engine
