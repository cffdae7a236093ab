"""The SHACL shapes: each fires exactly where it should, on fixtures and on the real data.

Every case under tests/fixtures/shapes/ adds a valid.ttl and an invalid.ttl to base.ttl (a
small world that conforms). The invalid file must raise exactly the (shape, node) pairs
listed here — the ones the fixture was written to break — and the valid file none.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from ipo_graph import cli, paths
from ipo_graph.canonical import canonical_turtle
from ipo_graph.load import Location
from ipo_graph.namespaces import FOAF, IPO, IPOD, IPOS, ORG, OWL, PROV, RDF, RDFS, SH, TIME, XSD
from ipo_graph.store import build_store
from ipo_graph.synth import dangling_links
from ipo_graph.validate import load_shapes, validate
from ipo_graph.violations import Outcome
from support import validate_text

SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"

# case → the (source shape, focus node or, for a blank node, the IRI that owns it) expected
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "dutch-label": {("LabelledResource-dutchLabel", "site-den-haag")},
    "role-english-label": {("Role-englishLabel", "role-secretaris")},
    "defined-reference": {("DefinedReference-type", "bureua")},
    # links no shape listed before: every project IRI any property names is checked
    "defined-reference-any-link": {
        ("DefinedReference-type", "site-den-haga"),
        ("DefinedReference-type", "Planed"),
    },
    "provenance-source": {("Provenance-source", "vng"), ("EvidenceSourceShape", "vng")},
    "provenance-evidence": {
        ("Provenance-evidence", "vng"),
        # dated by their own evidence, they would otherwise hold on no day
        ("Provenance-evidence", "concept-taak-zonder-bewijs"),
        ("Provenance-evidence", "statement-bestuur-zonder-bewijs"),
    },
    # blank nodes are reported at the IRI that leads to them
    "named-resource": {
        ("NamedResourceShape", "bestuur"),
        ("NamedResourceShape", "ipo"),
    },
    "source-document": {
        ("SourceDocument-identifier", "source-001"),
        ("SourceDocument-issued", "source-001"),
        ("SourceDocument-stateDate", "source-001"),
        ("DatatypeRangeShape", "source-001"),  # ipo:stateDate's range is xsd:date
    },
    "excerpt": {
        ("Excerpt-value", "excerpt-000-001-titel"),
        ("Excerpt-quotedFrom", "excerpt-000-001-titel"),
        ("Excerpt-line", "excerpt-000-001-titel"),
        ("Excerpt-value", "excerpt-000-025-twee"),  # two quotations
    },
    # words without their document's language: a slip the Dutch sources do not allow
    "excerpt-language": {
        ("ExcerptLanguageShape", "excerpt-000-025-zonder-taal"),
        ("ExcerptLanguageShape", "excerpt-000-025-engels"),
        ("ExcerptLanguageShape", "excerpt-rapport-003-maison"),
    },
    "excerpt-name": {
        ("ExcerptNameShape", "excerpt-001-012-vereniging"),
        ("ExcerptNameShape", "excerpt-000-014-bestuur"),
    },
    "membership": {
        ("Membership-role", "membership-zonder-rol"),
        ("Membership-member", "membership-zonder-lid"),
        ("Membership-organization", "membership-in-functie"),
    },
    "post": {
        ("Post-postIn", "post-zonder-organisatie"),
        ("Post-role", "post-zonder-rol"),
        ("Post-heldBy", "post-bekleed-door-organisatie"),
    },
    "not-organization": {("NotOrganizationShape", "membership-fixture")},
    "post-not-organization": {("PostNotOrganizationShape", "post-teammanager-1")},
    "reports-to-post": {("ReportsTo-post", "post-algemeen-directeur")},
    "reporting-cycle": {
        ("ReportingCycleShape", "post-algemeen-directeur"),
        ("ReportingCycleShape", "post-teammanager-1"),
    },
    "reporting-line": {
        ("ReportingLine-toPost", "reportingline-teammanager-1"),
        ("ReportingLine-fromPost", "reportingline-bestuur"),
        ("ReportingLineStatedShape", "reportingline-bestuur"),  # no org:reportsTo states it
    },
    "tenure": {
        ("Tenure-post", "tenure-ad-2020"),
        ("Tenure-holder", "tenure-ad-2020"),
        ("Tenure-type", "tenure-ad-2020"),
        ("Tenure-type", "tenure-no-type"),
        ("DefinedReference-type", "Permanent"),  # ipo:Permanent is defined nowhere
    },
    "reporting-line-stated": {
        ("ReportingLineStatedShape", "reportingline-teammanager-1"),
        ("ReportingLineStatedShape", "reportingline-teammanager-2"),
        ("ReportingLineCycleShape", "reportingline-teammanager-2"),  # to itself
    },
    "statement-stated": {
        # a value whose language tag the triple lacks, two objects, no predicate, a misspelt one
        ("StatementStatedShape", "statement-bestuur-meeting-frequency"),
        ("StatementStatedShape", "statement-bestuur-seat-count"),
        ("StatementStatedShape", "statement-bestuur-zonder-predicaat"),
        ("StatementStatedShape", "statement-bestuur-verkeerd-predicaat"),
        ("DefinedReference-type", str(IPO.meetingFrequncy)),  # the misspelt predicate
    },
    "reporting-line-cycle": {
        ("ReportingLineCycleShape", "reportingline-teammanager-1"),
        ("ReportingLineCycleShape", "reportingline-teammanager-2"),
    },
    "single-chair": {("SingleChairShape", "bestuur")},
    "period": {("PeriodShape", "tenure-ad")},
    # Regression: a second period with another beginning passed, and every query then
    # answered twice, the chair of the Bestuur "since 3 January 2021" on a day in 2019
    # among them; so did an end, in a period of its own, before the beginning
    "fact-period": {
        ("FactPeriodShape", "tenure-ad"),
        ("FactPeriodShape", "membership-ipo-lid-limburg"),
        ("FactPeriodShape", "membership-bestuur-voorzitter"),
    },
    # Regression: a second status, founding date or event date passed: a planned post
    # marked actual as well was listed as planned and as in force
    "one-value": {
        ("OneValue-foundingDate", "ipo"),
        ("OneValue-status", "post-adjunct"),
        ("OneValue-eventDate", "event-oprichting"),
    },
    "interval-bounds": {
        ("IntervalBounds-hasEnd", "tenure-ad"),
        ("IntervalBounds-hasBeginning", "membership-ipo-lid-limburg"),
    },
    "membership-member": {
        ("Membership-member", "membership-bestuur-lid-rol"),
        ("Membership-member", "membership-bestuur-lid-fragment"),
    },
    "end-order": {
        ("EndOrderShape", "vacancy-ad"),
        ("EndOrderShape", "membership-bestuur-voorzitter"),
    },
    "within-what-it-is-about": {
        ("WithinWhatItIsAboutShape", "tenure-ad"),
        ("WithinWhatItIsAboutShape", "membership-bestuur-voorzitter"),
    },
    "single-holder": {("SingleHolderShape", "post-algemeen-directeur")},
    "interval-order": {("IntervalOrderShape", "membership-ipo-lid-limburg")},
    "instant": {
        ("InstantShape", "instant-2020-12-01"),
        ("Instant-earliest", "instant-2021"),
        ("Instant-latest", "instant-2022"),
        ("Instant-yearMonth", "instant-2020-13"),
        ("Instant-date", "instant-2020-02-30"),
        ("Instant-year", "instant-20x5"),
        # the malformed values do not lie within their bounds either
        ("InstantBoundsShape", "instant-2020-13"),
        ("InstantBoundsShape", "instant-2020-02-30"),
        ("InstantBoundsShape", "instant-20x5"),
    },
    "instant-bounds": {
        ("InstantBoundsShape", "instant-2020-12-01"),
        ("InstantBoundsShape", "instant-2020-12"),
        ("InstantBoundsShape", "instant-1986"),
    },
    "held-planned-post": {
        ("HeldPlannedPostShape", "post-adjunct"),
        ("HeldPlannedPostShape", "post-toekomst"),
    },
    "held-and-ad-interim": {
        ("HeldAndAdInterimShape", "post-algemeen-directeur"),
        ("HeldAndAdInterimShape", "post-teammanager"),
        ("HeldAndAdInterimShape", "post-coordinator"),
    },
    "date-value": {("DateValueShape", "source-001"), ("DateValueShape", "ipo")},
    "prose-language": {
        ("ProseLanguageShape", "ipo"),
        ("ProseLanguageShape", "bestuur"),
        ("ProseLanguageShape", "provincie-limburg"),
        ("ProseLanguageShape", "theo-bovens"),
        ("ProseLanguageShape", "post-algemeen-directeur"),
    },
    "text-language": {
        ("Text-label", "bestuur"),
        ("Text-definition", "ipo"),
        ("Text-prefLabel", "provincie-limburg"),
        ("Text-note", "theo-bovens"),
    },
    "text-trimmed": {
        ("Text-trimmed", "bestuur"),
        ("Text-trimmed", "ipo"),
        ("Text-trimmed", "provincie-limburg"),
        ("Text-trimmed", "role-voorzitter"),
        ("Text-trimmed", "theo-bovens"),
        ("Text-trimmed", "role-lid"),
        ("Text-trimmed", "role-algemeen-directeur"),
    },
    "class-range": {("ClassRangeShape", "ipo")},
    "datatype-range": {
        ("DatatypeRangeShape", "bestuur"),
        ("DatatypeRangeShape", "ipo"),
        ("DatatypeRangeShape", "provincie-limburg"),
    },
    "personal-data": {
        ("PersonalDataShape", "theo-bovens"),
        ("PersonalDataShape", "contactpoint-vragen"),
    },
    "resource-value": {
        ("ResourceValueShape", "ipo"),
        ("ResourceValueShape", "theo-bovens"),
    },
    "evidence-source": {("EvidenceSourceShape", "bestuur-fixture")},
    "province-tooi": {
        ("Province-tooi", "provincie-groningen"),
        ("Province-tooi", "provincie-fryslan"),
        ("ProvinceTooiCodeShape", "provincie-fryslan"),  # pv32 is nobody's code
    },
    "province-member": {("Province-memberOf", "provincie-groningen")},
    "province-tooi-code": {("ProvinceTooiCodeShape", "provincie-fryslan")},
    "province-tooi-unique": {
        ("ProvinceTooiUniqueShape", "provincie-groningen"),
        ("ProvinceTooiUniqueShape", "provincie-limburg"),
        ("ProvinceTooiCodeShape", "provincie-groningen"),  # pv31 is Limburg's code
    },
    "staffing-figure": {
        ("StaffingFigure-validAt", "figure-fte-ipo-2020"),
        ("StaffingFigure-figureFor", "figure-fte-ipo-2020"),
        ("StaffingFigure-value", "figure-fte-ipo-2020"),
        ("StaffingFigure-measure", "figure-fte-ipo-2020"),
        ("DefinedReference-type", "Euro"),  # ipo:Euro is defined nowhere
    },
    "vacancy": {
        ("Vacancy-forPost", "vacancy-ad-2020"),
        ("Vacancy-deadline", "vacancy-ad-2020"),
        ("Vacancy-deadline", "vacancy-no-deadline"),
        ("Vacancy-salary", "vacancy-ad-2020"),
        ("ResourceValueShape", "vacancy-ad-2020"),  # the deadline as text
    },
    "discrepancy": {
        ("Discrepancy-excerpts", "discrepancy-datum"),
        ("Discrepancy-concerns", "discrepancy-datum"),
        ("Discrepancy-readings", "discrepancy-datum"),  # one side only
    },
    "person-name": {("Person-name", "arthur-van-dijk")},
    "person-unique-name": {
        ("PersonUniqueNameShape", "theo-bovens"),
        ("PersonUniqueNameShape", "t-bovens"),
        ("Person-name", "theo-bovens"),  # two names
    },
    "project-iri": {
        ("ProjectIriShape", "http://w3id.org/ipo-graph/id/site-utrecht"),
        ("ProjectIriShape", "https://w3id.org/ipo-graph/id/site/brussel"),
    },
    "ontology-term": {
        ("OntologyTerm-englishLabel", "Committee"),
        ("OntologyTerm-definition", "Committee"),
        ("OntologyTerm-dutchLabel", "chairOf"),
        ("OntologyTerm-dutchLabel", "Tentative"),  # a named individual is checked too
    },
}


def _iri(name: str) -> URIRef:
    if name.startswith("http"):
        return URIRef(name)
    return IPO[name] if name[:1].isupper() or name == "chairOf" else IPOD[name]


def _run(*files: Path) -> Outcome:
    return validate(files=[*paths.ontology_files(), SHAPES / "base.ttl", *files])


def _fired(outcome: Outcome) -> set[tuple[URIRef, URIRef | None]]:
    """The shapes that fired (the Python checks are tested in test_vocabulary.py)."""
    from ipo_graph.vocabulary import COMPONENT

    return {(URIRef(str(v.shape)), v.owner) for v in outcome.violations if v.component != COMPONENT}


def test_every_shape_has_a_case() -> None:
    """Each named shape that states a constraint itself is broken by some invalid fixture."""
    from ipo_graph.namespaces import SH

    shapes = load_shapes()
    firing = {
        s
        for p in (SH.path, SH.sparql, SH.xone, SH.pattern, SH["not"], SH.nodeKind)
        for s in shapes.subjects(p, None)
        if isinstance(s, URIRef) and str(s).startswith(str(IPOS))
    }
    covered = {IPOS[shape] for pairs in EXPECTED.values() for shape, _ in pairs}
    assert firing - covered == set()
    assert covered - firing == set()
    assert {p.name for p in SHAPES.iterdir() if p.is_dir()} == set(EXPECTED)


def test_base_conforms() -> None:
    outcome = _run()
    assert outcome.conforms, [(v.shape, v.focus) for v in outcome.violations]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_valid_fixture_conforms(case: str) -> None:
    outcome = _run(SHAPES / case / "valid.ttl")
    assert outcome.conforms, [(str(v.shape), str(v.focus)) for v in outcome.violations]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_fixture_fires_exactly_the_expected_shapes(case: str) -> None:
    outcome = _run(SHAPES / case / "invalid.ttl")
    expected = {(IPOS[shape], _iri(node)) for shape, node in EXPECTED[case]}
    assert not outcome.conforms
    assert _fired(outcome) == expected


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_oxigraph_and_rdflib_engines_agree(case: str) -> None:
    """The fast SPARQL path (Oxigraph) reports exactly what rdflib's engine reports."""
    files = [*paths.ontology_files(), SHAPES / "base.ttl", SHAPES / case / "invalid.ttl"]
    fast = validate(files=files, engine="oxigraph")
    slow = validate(files=files, engine="rdflib")
    assert _fired(fast) == _fired(slow)
    assert {(_value(v), v.path) for v in fast.violations} == {
        (_value(v), v.path) for v in slow.violations
    }


def _value(v: Any) -> object:
    """A violation's value to compare across engines: a blank node's label differs between
    them, so the focus node as its value (a node shape's) is named by its owner."""
    if isinstance(v.value, BNode):
        return ("_:", str(v.owner), v.via) if v.value == v.focus else "_:"
    return str(v.value)


def test_engines_agree_on_the_shipped_data() -> None:
    assert validate(engine="oxigraph").conforms == validate(engine="rdflib").conforms


def test_blank_node_focus_is_named_by_its_owner() -> None:
    outcome = _run(SHAPES / "interval-order" / "invalid.ttl")
    (v,) = outcome.violations
    assert isinstance(v.focus, BNode)
    assert v.owner == IPOD["membership-ipo-lid-limburg"]
    assert v.via == (ORG.memberDuring,)
    assert v.value == IPOD["instant-2017"]
    assert v.location is not None and v.location.path.name == "invalid.ttl"


def test_shapes_pass_the_meta_shacl_check() -> None:
    from pyshacl import validate as shacl_validate

    conforms, _graph, text = shacl_validate(
        Graph(), shacl_graph=load_shapes(), meta_shacl=True, advanced=True
    )
    assert conforms, text


def test_the_class_range_rule_leaves_out_exactly_the_properties_shapes_constrain() -> None:
    """ipos:ClassRangeShape skips the properties whose values another shape constrains by
    class (one report per slip): sh:class, sh:or of classes, and ipos:PeriodShape's. Its
    query and its target list them alike, and the list is exactly those shapes' paths: a
    property shape given sh:class without the list, or the list kept after a shape's
    sh:class is gone, fails here."""
    from rdflib.collection import Collection

    from ipo_graph.namespaces import SH

    shapes = load_shapes()
    by_class = set(shapes.subjects(SH["class"], None))
    by_classes = {  # sh:or of classes (org:member: a person or a post); not of datatypes
        s
        for s, alternatives in shapes.subject_objects(SH["or"])
        if any((m, SH["class"], None) in shapes for m in Collection(shapes, alternatives))
    }
    paths_of = {shapes.value(s, SH.path) for s in by_class | by_classes}
    periods = set(shapes.objects(IPOS.PeriodShape, SH.targetSubjectsOf))  # not an instant
    expected = {p for p in paths_of | periods if isinstance(p, URIRef)}
    shape = IPOS.ClassRangeShape
    texts = [
        str(shapes.value(node, SH.select))
        for node in (shapes.value(shape, SH.sparql), shapes.value(shape, SH.target))
    ]
    for text in texts:
        (listed,) = re.findall(r"\?path NOT IN \(([^)]*)\)", text)
        names = listed.split(",")
        assert {shapes.namespace_manager.expand_curie(n.strip()) for n in names} == expected


def test_every_shape_has_dutch_and_english_label_and_message() -> None:
    from ipo_graph.namespaces import SH

    shapes = load_shapes()
    named = {
        s
        for cls in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }
    assert len(named) > 40
    for shape in named:
        for p in (RDFS.label, SH.message):
            langs = {lit.language for lit in shapes.objects(shape, p)}
            assert {"nl", "en"} <= langs, (shape, p)


def test_shipped_data_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


# --- the CLI: exit codes, formats, parse errors ---------------------------------------------


def test_the_ontology_folder_itself_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    """Validating ontology/ as data (shapes included) is clean: the shapes meet their rules."""
    assert cli.main(["validate", str(paths.ontology_dir()), str(paths.data_dir())]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_malformed_turtle_exits_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n"
        'ipod:x rdfs:label "x"@nl ;\n'
        "    rdfs:comment  .\n",
        encoding="utf-8",
    )
    assert cli.main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:5:" in err
    assert "Traceback" not in err


def test_an_ill_typed_literal_is_reported_not_traced() -> None:
    import subprocess
    import sys

    files = [str(SHAPES / "base.ttl"), str(SHAPES / "instant" / "invalid.ttl")]
    done = subprocess.run(  # a real process: rdflib logs to the real stderr
        [sys.executable, "-m", "ipo_graph", "validate", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert 'value: "2020-02-30"^^xsd:date' in done.stdout
    assert "shape: ipos:Instant-date" in done.stdout


@pytest.mark.parametrize("command", [["validate", "data"], ["fmt", "--check"]], ids=" ".join)
def test_an_ill_typed_boolean_gives_no_library_warning(command: list[str], tmp_path: Path) -> None:
    """Regression: rdflib's 'Parsing weird boolean' warning, with its own file and line,
    reached stderr; the shapes report the literal, and only validate does."""
    import subprocess
    import sys

    data = tmp_path / "bool.ttl"
    data.write_text(
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ipod:bureau ipo:approximate "maybe"^^xsd:boolean .\n',
        encoding="utf-8",
    )
    done = subprocess.run(  # a real process: warnings go to the real stderr
        [sys.executable, "-m", "ipo_graph", *command, str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Warning" not in done.stderr and "rdflib" not in done.stderr, done.stderr
    if command[0] == "validate":
        assert done.returncode == 1
        assert 'value: "maybe"^^xsd:boolean' in done.stdout
        assert "shape: ipos:WellTypedLiteral" in done.stdout


BLANK_COMPARED = Path(__file__).resolve().parent / "fixtures" / "pyshacl" / "blank-compared.ttl"


def test_pyshacl_stopping_on_a_compared_blank_node_is_a_plain_error_with_the_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """pyshacl raises, rather than reports, on a blank node that sh:lessThanOrEquals
    compares; that was a traceback (found by fuzzing the graph)."""
    files = [str(SHAPES / "base.ttl"), str(BLANK_COMPARED)]
    assert cli.main(["validate", "--engine", "pyshacl", *files]) == 2
    err = capsys.readouterr().err
    assert f"{BLANK_COMPARED}:9: pyshacl, the reference engine, stopped" in err
    assert "ipod:instant-2019-zomer has a blank node as its ipo:latest" in err
    assert "Traceback" not in err


def test_the_default_engine_reports_a_compared_blank_node_as_shacl_says() -> None:
    """SHACL 4.5.4: values that cannot be compared are a violation of sh:lessThanOrEquals."""
    found = {(v.shape, v.focus, v.component) for v in _run(BLANK_COMPARED).violations}
    assert (
        IPOS["Instant-earliest"],
        IPOD["instant-2019-zomer"],
        SH.LessThanOrEqualsConstraintComponent,
    ) in found


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(tmp_path / "nope.ttl")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_folder_without_rdf_files_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    assert cli.main(["validate", str(tmp_path)]) == 2
    assert "no RDF files" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_a_thread_count_below_one_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["validate", "--threads", value])
    assert exit_info.value.code == 2
    assert "--threads" in capsys.readouterr().err


def test_threads_with_pyshacl_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``--engine pyshacl --threads 4`` ran pyshacl, on one thread, exit 0:
    the number was dropped without a word."""
    assert cli.main(["validate", "--engine", "pyshacl", "--threads", "4"]) == 2
    assert (
        "--threads applies to the compiled checks (--engine sparql); --engine pyshacl runs "
        "pyshacl on one thread" in capsys.readouterr().err
    )


def test_one_thread_gives_the_shipped_data_the_same_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["validate", "--threads", "1"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(SHAPES / "base.ttl"), str(SHAPES / "person-name" / "invalid.ttl")]
    assert cli.main(["validate", *files, "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["conforms"] is False
    (v,) = doc["violations"]
    assert v["shape"] == "ipos:Person-name"
    assert v["focus"] == "ipod:arthur-van-dijk"
    assert v["path"] == "foaf:name"
    assert v["file"].endswith("person-name/invalid.ttl")
    assert set(v["message"]) == {"nl", "en"}


def test_turtle_format_is_the_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    from ipo_graph.namespaces import SH

    report = _turtle_report(capsys, "person-name")
    (result,) = report.subjects(RDF.type, SH.ValidationResult)
    assert report.value(result, SH.focusNode) == IPOD["arthur-van-dijk"]
    assert report.value(result, SH.sourceShape) == IPOS["Person-name"]
    assert (None, SH.conforms, Literal(False)) in report


def _turtle_report(capsys: pytest.CaptureFixture[str], case: str, engine: str = "sparql") -> Graph:
    """``validate --format turtle`` on a shape's invalid fixture, parsed."""
    files = [str(SHAPES / "base.ttl"), str(SHAPES / case / "invalid.ttl")]
    assert cli.main(["validate", *files, "--format", "turtle", "--engine", engine]) == 1
    return Graph().parse(data=capsys.readouterr().out, format="turtle")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_turtle_report_carries_what_it_points_at(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the compiled engine wrote `sh:sourceConstraint []` and, for an interval
    written as a blank node, `sh:focusNode []`: the shapes' or the data's blank nodes
    without their statements, so the report did not say which query found the violation
    nor which interval it was about. pyshacl copies them, and so does the compiled engine."""
    from ipo_graph.validate import load_shapes

    report = _turtle_report(capsys, "province-tooi", engine)
    (result,) = report.subjects(SH.sourceShape, IPOS.ProvinceTooiCodeShape)
    assert report.value(result, SH.focusNode) == IPOD["provincie-fryslan"]
    constraint = report.value(result, SH.sourceConstraint)
    shapes = load_shapes()
    (expected,) = shapes.objects(IPOS.ProvinceTooiCodeShape, SH.sparql)
    assert report.value(constraint, SH.select) == shapes.value(expected, SH.select)
    assert report.value(constraint, RDF.type) == SH.SPARQLConstraint

    report = _turtle_report(capsys, "interval-order", engine)
    (result,) = report.subjects(SH.sourceShape, IPOS.IntervalOrderShape)
    focus = report.value(result, SH.focusNode)
    assert report.value(focus, TIME.hasBeginning) == IPOD["instant-2018-voorjaar"]
    assert report.value(focus, TIME.hasEnd) == IPOD["instant-2017"]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_value_is_reported_as_the_file_writes_it(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: the compiled engine reported ipo:salaryMin 9000.00 (fixtures/shapes/
    # vacancy/invalid.ttl) as "9000"^^xsd:decimal, the store's canonical form: a term the
    # file does not contain, and not what pyshacl reported.
    files = [str(SHAPES / "base.ttl"), str(SHAPES / "vacancy" / "invalid.ttl")]
    assert cli.main(["validate", *files, "--format", "json", "--engine", engine]) == 1
    found = json.loads(capsys.readouterr().out)["violations"]
    salary = [v["value"] for v in found if v["path"] == "ipo:salaryMin"]
    assert salary == ['"9000.00"^^xsd:decimal']


def test_turtle_report_is_the_same_from_run_to_run(tmp_path: Path) -> None:
    # Regression: rdflib's serializer ordered the inlined results by the ids each run
    # gave their blank nodes, so two runs on the same data wrote the report in different
    # orders. Now results follow their content: by focus node first.
    from ipo_graph.report import as_turtle

    people = "".join(
        f'ipod:person-{c} a foaf:Person ; rdfs:label "Persoon {c}"@nl .\n' for c in "fbdace"
    )
    text = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n" + (
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + people
    )
    runs = [as_turtle(validate_text(tmp_path / "people.ttl", text)) for _ in range(2)]
    assert runs[0] == runs[1]
    focus = re.findall(r"sh:focusNode ipod:person-(\w)", runs[0])
    assert len(focus) >= 6 and focus == sorted(focus)


# --- each defect class injected into a copy of the real data -------------------------------


def _first(g: Graph, cls: URIRef) -> URIRef:
    found = sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))
    assert found, f"the shipped data has no {cls}"
    return found[0]


def _first_with(g: Graph, pred: URIRef) -> URIRef:
    found = sorted(s for s in g.subjects(pred, None) if isinstance(s, URIRef))
    assert found, f"the shipped data has no {pred}"
    return found[0]


def _drop(pred: URIRef) -> Callable[[Graph, URIRef], None]:
    def mutate(g: Graph, node: URIRef) -> None:
        assert (node, pred, None) in g
        g.remove((node, pred, None))

    return mutate


def _count_as_words(g: Graph, node: URIRef) -> None:
    """A seat count written out in words, as an editor copying the text might."""
    assert (node, IPO.seatCount, None) in g
    g.set((node, IPO.seatCount, Literal("twaalf")))


def _misquote(g: Graph, node: URIRef) -> None:
    """An excerpt's words edited so the source no longer says them."""
    words = g.value(node, RDF.value)
    assert isinstance(words, Literal)
    g.set((node, RDF.value, Literal(f"{words} (bewerkt)", lang=words.language)))


def _drop_dutch_label(g: Graph, node: URIRef) -> None:
    for lab in list(g.objects(node, RDFS.label)):
        if isinstance(lab, Literal) and lab.language == "nl":
            g.remove((node, RDFS.label, lab))


def _reports_to_body(g: Graph, node: URIRef) -> None:
    g.add((node, ORG.reportsTo, IPOD.ipo))


def _reporting_cycle(g: Graph, node: URIRef) -> None:
    boss = g.value(node, ORG.reportsTo)
    assert isinstance(boss, URIRef)
    g.add((boss, ORG.reportsTo, node))


def _reversed_interval(g: Graph, node: URIRef) -> None:
    interval, begin, end = BNode(), IPOD["instant-test-2020"], IPOD["instant-test-2019"]
    for instant, year in ((begin, "2020"), (end, "2019")):
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, RDFS.label, Literal(year, lang="nl")))
        g.add((instant, TIME.inXSDgYear, Literal(year, datatype=XSD.gYear)))
        g.add((instant, IPO.earliest, Literal(f"{year}-01-01", datatype=XSD.date)))
        g.add((instant, IPO.latest, Literal(f"{year}-12-31", datatype=XSD.date)))
    g.remove((node, ORG.memberDuring, None))
    g.add((node, ORG.memberDuring, interval))
    g.add((interval, TIME.hasBeginning, begin))
    g.add((interval, TIME.hasEnd, end))


def _second_chair(g: Graph, node: URIRef) -> None:
    other = IPOD["membership-test-tweede-voorzitter"]
    for p, o in g.predicate_objects(node):
        if p not in (ORG.member, ORG.memberDuring, RDFS.label):
            g.add((other, p, o))
    person = IPOD["test-persoon"]
    g.add((other, RDFS.label, Literal("tweede voorzitter", lang="nl")))
    g.add((other, ORG.member, person))
    g.add((person, RDF.type, FOAF.Person))
    g.add((person, RDFS.label, Literal("Test Persoon", lang="nl")))
    g.add((person, FOAF.name, Literal("Test Persoon")))


def _outside_base(g: Graph, node: URIRef) -> None:
    for p, o in list(g.predicate_objects(node)):
        g.add((URIRef(str(node).replace("https://", "http://")), p, o))


def _undefined_ontology_term(g: Graph, node: URIRef) -> None:
    g.add((IPO.TestTerm, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
    g.add((IPO.TestTerm, RDFS.label, Literal("testbegrip", lang="nl")))


def _chair_membership(g: Graph) -> URIRef:
    chairs = {s for s in g.subjects(RDFS.label, Literal("voorzitter", lang="nl"))}
    found = sorted(
        m
        for m, r in g.subject_objects(ORG.role)
        if r in chairs and isinstance(m, URIRef) and (m, IPO.status, IPO.Planned) not in g
    )
    assert found, "the shipped data has no chair membership"
    return found[0]


def _reporting_post(g: Graph) -> URIRef:
    found = sorted(s for s in g.subjects(ORG.reportsTo, None) if isinstance(s, URIRef))
    assert found, "the shipped data has no org:reportsTo"
    return found[0]


def _site(g: Graph) -> URIRef:
    return _first(g, ORG.Site)


def _membership(g: Graph) -> URIRef:
    return _first(g, ORG.Membership)


def _seat(g: Graph) -> URIRef:
    return _first(g, IPO.Seat)


# defect → (how to find the node to break, how to break it, the shape that must catch it)
Finder = Callable[[Graph], URIRef]
Mutation = Callable[[Graph, URIRef], None]
DEFECTS: dict[str, tuple[Finder, Mutation, str]] = {
    "no Dutch label": (_site, _drop_dutch_label, "LabelledResource-dutchLabel"),
    "no provenance": (_membership, _drop(PROV.wasDerivedFrom), "Provenance-source"),
    "no evidence": (_seat, _drop(IPO.evidence), "Provenance-evidence"),
    "membership without role": (_membership, _drop(ORG.role), "Membership-role"),
    "membership without member": (_membership, _drop(ORG.member), "Membership-member"),
    "post without postIn": (_seat, _drop(ORG.postIn), "Post-postIn"),
    "post without role": (_seat, _drop(ORG.role), "Post-role"),
    "reportsTo a body": (_reporting_post, _reports_to_body, "ReportsTo-post"),
    "reporting cycle": (_reporting_post, _reporting_cycle, "ReportingCycleShape"),
    "interval ends before it begins": (_membership, _reversed_interval, "IntervalOrderShape"),
    "province without TOOI": (
        lambda g: _first(g, IPO.Province),
        _drop(OWL.sameAs),
        "Province-tooi",
    ),
    "two chairs at once": (_chair_membership, _second_chair, "SingleChairShape"),
    "figure without date": (
        lambda g: _first(g, IPO.StaffingFigure),
        _drop(IPO.validAt),
        "StaffingFigure-validAt",
    ),
    "person without name": (lambda g: _first(g, FOAF.Person), _drop(FOAF.name), "Person-name"),
    "excerpt not in its source": (
        lambda g: _first(g, IPO.Excerpt),
        _misquote,
        "VerbatimExcerptShape",
    ),
    "seat count in words": (
        lambda g: _first_with(g, IPO.seatCount),
        _count_as_words,
        "DatatypeRangeShape",
    ),
    "IRI outside the base": (_site, _outside_base, "ProjectIriShape"),
    "ontology term without English label": (
        lambda g: IPOD.ipo,
        _undefined_ontology_term,
        "OntologyTerm-englishLabel",
    ),
}


def _entries(report: str) -> list[list[str]]:
    """The text report split into entries: a location line plus its indented lines."""
    entries: list[list[str]] = []
    for line in report.splitlines():
        if line.startswith("    ") and entries:
            entries[-1].append(line)
        elif line and not line.startswith("==") and ": " in line:
            entries.append([line])
    return entries


@pytest.fixture(scope="module")
def shipped_files() -> dict[Path, Graph]:
    return {p: Graph().parse(p, format="turtle") for p in paths.data_files()}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_defect_in_a_copy_of_the_real_data_is_caught(
    defect: str,
    shipped_files: dict[Path, Graph],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    find, mutate, shape = DEFECTS[defect]
    merged = Graph()
    for g in shipped_files.values():
        merged += g
    node = find(merged)
    copy = tmp_path / "data"
    shutil.copytree(paths.data_dir(), copy)
    home = next(
        (p for p, g in sorted(shipped_files.items()) if (node, None, None) in g),
        sorted(shipped_files)[0],
    )
    target = copy / home.relative_to(paths.data_dir())
    g = Graph().parse(target, format="turtle")
    mutate(g, node)
    target.write_text(canonical_turtle(g.serialize(format="turtle")), encoding="utf-8")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in copy.rglob("*.ttl")}

    code = cli.main(["validate", str(copy)])
    out = capsys.readouterr().out

    assert code == 1, out
    fired = [e for e in _entries(out) if f"    shape: ipos:{shape}" in e]
    assert fired, out
    expected = {
        "IRI outside the base": "<" + str(node).replace("https://", "http://") + ">",
        "ontology term without English label": "ipo:TestTerm",
        "two chairs at once": _short(merged.value(node, ORG.organization)),
    }.get(defect, _short(node))
    headers = [e[0] for e in fired]
    assert any(f": {expected}" in h for h in headers), headers
    assert all(":" in h.split(": ")[0] for h in headers)  # file:line
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in copy.rglob("*.ttl")}
    assert after == before, "validate must never modify its inputs"


def _short(node: object) -> str:
    return (
        str(node).replace(str(IPOD), "ipod:").replace(str(IPOS), "ipos:").replace(str(IPO), "ipo:")
    )


def test_the_reference_engine_locates_all_owners_in_one_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the pyshacl path read every file again for each node defined nowhere
    (300 dangling references at scale 5: 6 s of report on 6 s of validation). One
    reading now places them all, at the lines the per-node search gives."""
    from ipo_graph.load import load_files
    from ipo_graph.violations import locate, locate_all

    data = dangling_links(tmp_path / "dangling.ttl", 40)
    loaded = load_files([*paths.ontology_files(), *paths.data_files(), data])
    nodes = [IPOD[f"nergens-{i}"] for i in range(40)] + [IPOD.ipo]
    one_by_one = {node: locate(loaded, node) for node in nodes}
    reads: list[Path] = []
    original = Path.read_text

    def counting(self: Path, *args: Any, **kwargs: Any) -> str:
        reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    assert locate_all(loaded, nodes) == one_by_one
    assert 0 < len(reads) <= len(loaded.files)
    assert [one_by_one[IPOD[f"nergens-{i}"]].line for i in range(40)] == list(range(3, 43))  # type: ignore[union-attr]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_both_engines_place_a_dangling_node_by_the_prefix_in_force(
    tmp_path: Path, engine: str
) -> None:
    """A node defined nowhere is placed at the first line naming it, each prefix read as
    declared at that line. The reference engine's own search tried every prefix the file
    declared anywhere, and put ``ipod:nergens`` on line 4, where ``x:nergens`` still
    meant another node; the compiled engine said line 6. Now both use one index."""
    outcome = validate_text(
        tmp_path / "redeclared.ttl",
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix x: <https://w3id.org/ipo-graph/id/elders/> .\n"
        "ipod:post-algemeen-directeur org:reportsTo x:nergens .\n"
        "@prefix x: <https://w3id.org/ipo-graph/id/> .\n"
        "ipod:post-algemeen-directeur org:reportsTo x:nergens .\n",
        engine=engine,
        data=True,
    )
    places = {
        v.focus: (v.location.path.name, v.location.line)
        for v in outcome.violations
        if v.location is not None and v.focus in (IPOD.nergens, IPOD["elders/nergens"])
    }
    assert places == {
        IPOD.nergens: ("redeclared.ttl", 6),
        IPOD["elders/nergens"]: ("redeclared.ttl", 4),
    }


def test_both_engines_list_the_same_violations_in_the_same_order(tmp_path: Path) -> None:
    """Results of one focus node and shape used to keep the order an engine found them in,
    which pyshacl's varied from run to run; the report now orders them by value too."""
    data = dangling_links(tmp_path / "dangling.ttl", 12)
    files = [*paths.ontology_files(), *paths.data_files(), data]

    def listed(engine: str) -> list[tuple[object, ...]]:
        outcome = validate(files=files, engine=engine)  # type: ignore[arg-type]
        return [(v.focus, v.shape, v.value, v.location, v.label) for v in outcome.violations]

    compiled = listed("sparql")
    assert len(compiled) == 24
    assert compiled == listed("oxigraph") == listed("oxigraph")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_json_ld_and_rdf_xml_are_checked_and_placed_in_their_files(engine: str) -> None:
    """Regression: a JSON-LD or RDF/XML file was parsed (by rdflib on one engine, Oxigraph
    on the other) but not scanned, so an unknown class in it passed silently, and the
    report said its nodes were "not defined in any file". Now every format is read by the
    strict parser, and a node is placed in its file, without a line where the format has
    none to name."""
    formats = Path(__file__).parent / "fixtures" / "formats"
    outcome = validate(
        files=[
            *paths.ontology_files(),
            *paths.data_files(),
            formats / "post.jsonld",
            formats / "post.rdf",
        ],
        engine=engine,  # type: ignore[arg-type]
    )
    found = {
        (
            v.location.path.name if v.location else None,
            v.location.line if v.location else None,
            _short(v.focus),
            v.defined,
            _short(v.shape),
        )
        for v in outcome.violations
    }
    assert {
        ("post.jsonld", None, "ipod:post-json", True, "ipos:ClosedVocabulary-class"),
        ("post.jsonld", None, "ipod:post-json", True, "ipos:LabelledResource-dutchLabel"),
        ("post.jsonld", None, "ipod:post-json", True, "ipos:Post-postIn"),
        ("post.rdf", None, "ipod:post-xml", True, "ipos:ReportsTo-post"),
        ("post.rdf", None, "ipod:nergens-xml", False, "ipos:DefinedReference-type"),
    } <= found
    assert all(where[0] in ("post.jsonld", "post.rdf") for where in found)
    from ipo_graph.report import as_text

    report = as_text(outcome)
    assert "post.jsonld: ipod:post-json" in report and "not defined in any file)" not in report
    assert not re.search(r"post\.(jsonld|rdf):\d", report), "no line is named in these formats"


def test_named_graphs_are_read_into_the_one_graph() -> None:
    """Regression: the compiled engine loaded a TriG file's named graph beside the default
    graph its checks read, so a post there with an unknown class and no role passed
    (pyshacl, reading the file's triples, found six violations). Both engines now merge
    named graphs into the one graph, and the queries see those triples too."""
    trig = Path(__file__).parent / "fixtures" / "formats" / "post.trig"
    files = [*paths.ontology_files(), trig]
    reports = {engine: validate(files=files, engine=engine) for engine in ("sparql", "pyshacl")}
    found = {
        engine: {
            (v.location.line if v.location else None, _short(v.focus), _short(v.shape))
            for v in outcome.violations
        }
        for engine, outcome in reports.items()
    }
    assert found["sparql"] == found["pyshacl"]
    assert {
        (7, "ipod:post-trig", "ipos:ClosedVocabulary-class"),
        (7, "ipod:post-trig", "ipos:Post-role"),
        (9, "ipod:ipo", "ipos:DefinedReference-type"),
    } <= found["sparql"]
    store = build_store([*files])
    assert store.query(f"ASK {{ <{IPOD['post-trig']}> a <{ORG.Post}> }}")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_node_the_data_describes_is_defined_however_it_is_laid_out(
    tmp_path: Path, engine: str
) -> None:
    """Regression: "defined" meant "a line starts with it", so a subject indented (as in
    a TriG graph, or laid out by hand) was reported as "not defined in any file; referred
    to here"; the closed-vocabulary finding on the same node said defined on one engine
    and not on the other. Defined now means the data says something about the node."""
    outcome = validate_text(
        tmp_path / "indented.ttl",
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "    ipod:post-ingesprongen a org:Post, ipo:Ambt ;\n"
        '        rdfs:label "Ingesprongen functie"@nl ;\n'
        "        org:postIn ipod:nergens-ingesprongen .\n",
        engine=engine,
    )
    found = {
        (_short(v.focus), _short(v.shape), v.location.line, v.defined)
        for v in outcome.violations
        if v.location
    }
    assert {
        ("ipod:post-ingesprongen", "ipos:ClosedVocabulary-class", 5, True),
        ("ipod:post-ingesprongen", "ipos:Post-role", 5, True),
        ("ipod:nergens-ingesprongen", "ipos:DefinedReference-type", 7, False),
    } <= found
    assert {defined for focus, _, _, defined in found if focus == "ipod:post-ingesprongen"} == {
        True
    }


def test_a_blank_node_label_names_a_node_within_its_own_file_only(tmp_path: Path) -> None:
    """Regression: the strict parser kept blank node labels, so ``_:m`` in two N-Triples
    files became one membership on the rdflib path (and in every export), holding the
    member of one and the organisation of the other; the missing member went unreported
    by pyshacl while the compiled engine, whose store keeps them apart, reported it."""
    import collections

    member = f"<{IPOD.x}> <{ORG.hasMembership}> _:m .\n_:m <{RDF.type}> <{ORG.Membership}> .\n"
    (tmp_path / "one.nt").write_text(member + f"_:m <{ORG.member}> <{IPOD.x}> .\n", "utf-8")
    (tmp_path / "two.nt").write_text(member + f"_:m <{ORG.organization}> <{IPOD.ipo}> .\n", "utf-8")
    counts = {}
    for engine in ("sparql", "pyshacl"):
        outcome = validate(
            files=[*paths.ontology_files(), *paths.data_files(), *sorted(tmp_path.glob("*.nt"))],
            engine=engine,
        )  # type: ignore[arg-type]
        counts[engine] = collections.Counter(
            _short(v.shape) for v in outcome.violations if "Membership" in str(v.shape)
        )
    assert counts["sparql"] == counts["pyshacl"]
    assert counts["pyshacl"]["ipos:Membership-member"] == 1  # the membership in two.nt
    assert counts["pyshacl"]["ipos:Membership-role"] == 2  # two memberships, neither has one


def test_a_file_named_twice_is_read_once() -> None:
    """Regression: ``validate data/ data/association.ttl`` read association.ttl twice, and
    each reading made its blank nodes anew: 25 triples more, every membership written as a
    blank node counted twice. The ontology given again was read twice as well."""
    from ipo_graph.load import default_files

    again = paths.data_dir() / "association.ttl"
    files = default_files([paths.data_dir(), again, paths.ontology_files()[0]])
    assert files == default_files()
    assert validate([str(paths.data_dir()), str(again)]).triples == validate().triples


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_finding_in_a_json_ld_file_names_that_file(engine: str) -> None:
    """Regression: an unknown property used in a JSON-LD file on a post defined in
    bureau.ttl was reported at bureau.ttl:297, the post's place, as if the mistake were
    there. A finding about what a file says names that file (here with no line)."""
    extends = Path(__file__).parent / "fixtures" / "formats" / "extends.jsonld"
    outcome = validate(
        files=[*paths.ontology_files(), *paths.data_files(), extends],
        engine=engine,  # type: ignore[arg-type]
    )
    found = {(_short(v.shape), v.location) for v in outcome.violations}
    assert found == {
        ("ipos:ClosedVocabulary-property", Location(extends, None)),
        ("ipos:WellTypedLiteral", Location(extends, None)),
    }


# A careless editor's mistakes, each made by hand in a copy of the shipped data: (file,
# text to find, what the editor wrote instead, the shape that must fire, the node the report
# must name, text whose first line in the edited file is where the report must place it,
# searched from the node's first block if the file has one). A result that names a value
# is placed at the line that writes it, one about too many values (sh:maxCount) at the
# last of them, and only the others at the node's block.
EDITOR_MISTAKES: dict[str, tuple[str, str, str, str, str, str]] = {
    # Regression: only the objects of 34 listed properties were checked for a definition,
    # so a typo behind any other link passed (exit 0).
    "misspelt site behind org:hasPrimarySite": (
        "bureau.ttl",
        "org:hasPrimarySite ipod:site-den-haag ;",
        "org:hasPrimarySite ipod:site-den-haga ;",
        "DefinedReference-type",
        "ipod:site-den-haga",
        "ipod:site-den-haga",
    ),
    # Regression: a link's range class was read by no rule, so a province linked as
    # another's unit passed (exit 0); ipos:ClassRangeShape reports it
    "a province where its Provinciale Staten belong": (
        "provinces.ttl",
        "org:hasUnit ipod:provinciale-staten-drenthe ;",
        "org:hasUnit ipod:provincie-groningen ;",
        "ClassRangeShape",
        "ipod:provincie-drenthe",
        "org:hasUnit ipod:provincie-groningen",
    ),
    "misspelt instant behind time:hasBeginning": (
        "association.ttl",
        "time:hasBeginning ipod:instant-2018-voorjaar",
        "time:hasBeginning ipod:instant-2018-vorjaar",
        "DefinedReference-type",
        "ipod:instant-2018-vorjaar",
        "ipod:instant-2018-vorjaar",
    ),
    "misspelt ontology individual behind ipo:status": (
        "bureau.ttl",
        "ipo:status ipo:Planned ;\n    org:subOrganizationOf",
        "ipo:status ipo:Planed ;\n    org:subOrganizationOf",
        "DefinedReference-type",
        "ipo:Planed",
        "ipo:Planed",
    ),
    "misspelt property in a planned statement": (
        "bureau.ttl",
        "rdf:predicate ipo:deputyOf ;",
        "rdf:predicate ipo:deputOf ;",
        "DefinedReference-type",
        "ipo:deputOf",
        "ipo:deputOf",
    ),
    # Regression: text where a resource belongs passed when no other shape checked the
    # property (exit 0), and where one did, ipos:DefinedReference-type also reported the
    # text itself as a resource "defined nowhere", in no file and on no line.
    "a city's name for its site": (
        "bureau.ttl",
        "org:hasPrimarySite ipod:site-den-haag ;",
        'org:hasPrimarySite "Den Haag" ;',
        "ResourceValueShape",
        "ipod:bureau",
        'org:hasPrimarySite "Den Haag"',
    ),
    "a post's name for the post": (
        "people.ttl",
        "        ipod:post-teammanager-ipo-3 ;",
        '        "teammanager 3" ;',
        "ResourceValueShape",
        "ipod:person-hester-menninga",
        '"teammanager 3"',
    ),
    # Regression: a person's address under foaf:mbox or schema:email, or in a note, passed
    # and was exported, served and published: only ipo:workEmail and ipo:workPhone carry
    # the ipo:personalData mark that the exports read.
    "a person's e-mail address under foaf:mbox": (
        "people.ttl",
        '    foaf:name "Theo Bovens" ;',
        '    foaf:mbox <mailto:tbovens@prvlimburg.nl> ;\n    foaf:name "Theo Bovens" ;',
        "PersonalDataShape",
        "ipod:person-theo-bovens",
        "foaf:mbox <mailto:",
    ),
    "a person's phone number in a comment": (
        "people.ttl",
        '    foaf:name "Theo Bovens" ;',
        '    foaf:name "Theo Bovens" ;\n    rdfs:comment "Bereikbaar op 06-12345678."@nl ;',
        "PersonalDataShape",
        "ipod:person-theo-bovens",
        'rdfs:comment "Bereikbaar',
    ),
    # Regression: the same person entered twice under two IRIs, or a person's block copied
    # and given another name but not another IRI, passed.
    "a second IRI for the same person": (
        "people.ttl",
        "ipod:post-cdk-limburg\n",
        'ipod:person-t-bovens\n    a foaf:Person ;\n    rdfs:label "Theo Bovens"@nl ;\n'
        '    foaf:name "Theo Bovens" ;\n    ipo:evidence ipod:excerpt-000-025-bovens ;\n'
        "    prov:wasDerivedFrom ipod:source-000 .\n\nipod:post-cdk-limburg\n",
        "PersonUniqueNameShape",
        "ipod:person-t-bovens",
        "ipod:person-t-bovens\n",
    ),
    "a person's block copied under the same IRI": (
        "people.ttl",
        "ipod:post-cdk-limburg\n",
        'ipod:person-theo-bovens\n    a foaf:Person ;\n    rdfs:label "Theo Bovens"@nl ;\n'
        '    foaf:name "Arthur van Dijk" .\n\nipod:post-cdk-limburg\n',
        "Person-name",
        "ipod:person-theo-bovens",
        'foaf:name "Arthur van Dijk"',
    ),
    # Regression: a qualified reporting line disagreeing with the plain org:reportsTo it
    # qualifies, or reporting a post to itself, or planned lines in a circle, passed.
    "a reporting line to another post than org:reportsTo says": (
        "bureau.ttl",
        "ipo:fromPost ipod:post-coordinator-hnp ;\n    ipo:status ipo:Actual ;\n"
        "    ipo:toPost ipod:post-algemeen-directeur ;",
        "ipo:fromPost ipod:post-coordinator-hnp ;\n    ipo:status ipo:Actual ;\n"
        "    ipo:toPost ipod:post-teammanager-ipo-1 ;",
        "ReportingLineStatedShape",
        "ipod:reportingline-coordinator-hnp",
        "ipo:toPost ipod:post-teammanager-ipo-1",
    ),
    "a planned reporting line back to the post it comes from": (
        "bureau.ttl",
        "ipod:tenure-algemeen-directeur-ad-interim-2025\n",
        "ipod:reportingline-plaatsvervangend-algemeen-directeur\n    a ipo:ReportingLine ;\n"
        '    rdfs:label "De plaatsvervangend algemeen directeur rapporteert aan hen"@nl ;\n'
        "    ipo:evidence ipod:excerpt-001-079-unitmanagers ;\n"
        "    ipo:fromPost ipod:post-plaatsvervangend-algemeen-directeur ;\n"
        "    ipo:status ipo:Planned ;\n    ipo:toPost ipod:post-unitmanager-bij12 ;\n"
        "    prov:wasDerivedFrom ipod:source-001 .\n\n"
        "ipod:tenure-algemeen-directeur-ad-interim-2025\n",
        "ReportingLineCycleShape",
        "ipod:reportingline-unitmanager-bij12",
        "ipo:toPost ipod:post-plaatsvervangend-algemeen-directeur",
    ),
    # Regression: a second named holder of a post, in a period overlapping the first's,
    # passed: the org chart then showed whichever it found first.
    "a second chair of the Bestuur as a tenure": (
        "association.ttl",
        "ipod:tenure-bestuur-voorzitter-bovens\n",
        "ipod:tenure-bestuur-voorzitter-van-dijk\n    a ipo:Tenure ;\n"
        '    rdfs:label "Arthur van Dijk bekleedt het voorzitterschap van het bestuur"@nl ;\n'
        "    ipo:evidence ipod:excerpt-000-025-bovens ;\n"
        "    ipo:holder ipod:person-arthur-van-dijk ;\n"
        "    ipo:post ipod:post-bestuur-voorzitter ;\n"
        "    ipo:tenureType ipo:Regular ;\n    prov:wasDerivedFrom ipod:source-000 .\n\n"
        "ipod:tenure-bestuur-voorzitter-bovens\n",
        "SingleHolderShape",
        "ipod:post-bestuur-voorzitter",
        "ipod:post-bestuur-voorzitter\n",
    ),
    "a second org:heldBy on a post": (
        "people.ttl",
        "org:heldBy ipod:person-arthur-van-dijk ;",
        "org:heldBy ipod:person-arthur-van-dijk, ipod:person-theo-bovens ;",
        "SingleHolderShape",
        "ipod:post-cdk-noord-holland",
        "ipod:post-cdk-noord-holland\n",
    ),
    # Regression: ends that are not an interval's time:hasEnd were never compared with a
    # beginning, and nothing compared a tenure or membership with the life of its post
    # or body: all of these passed.
    "a vacancy closing before it opens": (
        "vacancies.ttl",
        "ipo:applicationDeadline ipod:instant-2021-01-03 ;",
        "ipo:applicationDeadline ipod:instant-2021-01-03 ;\n"
        "    ipo:openFrom ipod:instant-2025-12-19 ;",
        "EndOrderShape",
        "ipod:vacancy-algemeen-directeur-2020",
        "ipo:applicationDeadline ipod:instant-2021-01-03",
    ),
    "a chairmanship from before the board existed": (
        "association.ttl",
        "time:hasBeginning ipod:instant-2018-voorjaar\n"
        "    ] ;\n    org:organization ipod:bestuur ;",
        "time:hasBeginning ipod:instant-1986\n    ] ;\n    org:organization ipod:bestuur ;",
        "WithinWhatItIsAboutShape",
        "ipod:membership-bestuur-voorzitter-bovens",
        "org:organization ipod:bestuur",
    ),
    # Regression: a second period with another beginning, or a second beginning in one,
    # passed; the chair of the Bestuur was then listed twice, "since 3 January 2021" on a
    # day in 2019 among them. (An end in a period of its own is how a later source ends
    # a fact: tests/fixtures/timeline/news-2027.ttl.)
    "a second period for the chair of the Bestuur": (
        "association.ttl",
        "        time:hasBeginning ipod:instant-2018-voorjaar\n"
        "    ] ;\n    org:organization ipod:bestuur ;",
        "        time:hasBeginning ipod:instant-2018-voorjaar\n    ], [\n"
        "        a time:Interval ;\n        time:hasBeginning ipod:instant-2021-01-03\n"
        "    ] ;\n    org:organization ipod:bestuur ;",
        "FactPeriodShape",
        "ipod:membership-bestuur-voorzitter-bovens",
        "org:memberDuring [",
    ),
    "a second beginning for the chair's period": (
        "association.ttl",
        "        time:hasBeginning ipod:instant-2018-voorjaar\n"
        "    ] ;\n    org:organization ipod:bestuur ;",
        "        time:hasBeginning ipod:instant-2018-voorjaar, ipod:instant-2021-01-03\n"
        "    ] ;\n    org:organization ipod:bestuur ;",
        "IntervalBounds-hasBeginning",
        "ipod:membership-bestuur-voorzitter-bovens",
        "time:hasBeginning ipod:instant-2018-voorjaar, ipod:instant-2021-01-03",
    ),
    # Regression: a plan carried out recorded by adding ipo:Actual beside ipo:Planned
    # passed, and the post was then listed as planned and as in force.
    "a plan carried out marked actual": (
        "bureau.ttl",
        "    ipo:mutualSubstituteOf ipod:post-algemeen-directeur ;\n",
        "    ipo:mutualSubstituteOf ipod:post-algemeen-directeur ;\n    ipo:status ipo:Actual ;\n",
        "OneValue-status",
        "ipod:post-plaatsvervangend-algemeen-directeur",
        "ipo:status ipo:Planned",
    ),
    # Regression: a second rdf:value added to an excerpt passed as long as it too stood
    # on the excerpt's line, and pages and queries then quoted either.
    "a second quotation in an excerpt": (
        "sources.ttl",
        'rdf:value "Sinds het voorjaar 2018 is Theo',
        'rdf:value "Sinds het voorjaar 2018"@nl, "Sinds het voorjaar 2018 is Theo',
        "Excerpt-value",
        "ipod:excerpt-000-025-bovens",
        'rdf:value "Sinds het voorjaar 2018"@nl',
    ),
    # Regression: an excerpt's words without their language tag (or tagged English)
    # passed, though every source is Dutch and pages quote the words as Dutch.
    "an excerpt's words without @nl": (
        "sources.ttl",
        'bestuur, en daarmee van de gehele vereniging."@nl .',
        'bestuur, en daarmee van de gehele vereniging." .',
        "ExcerptLanguageShape",
        "ipod:excerpt-000-025-bovens",
        "ipod:excerpt-000-025-bovens\n",
    ),
    "an excerpt's words tagged English": (
        "sources.ttl",
        'bestuur, en daarmee van de gehele vereniging."@nl .',
        'bestuur, en daarmee van de gehele vereniging."@en .',
        "ExcerptLanguageShape",
        "ipod:excerpt-000-025-bovens",
        "ipod:excerpt-000-025-bovens\n",
    ),
    # Regression: a block copied to start a new post and changed, but not its subject,
    # passed: RDF merged it into the original, which silently gained a second line to
    # the HNP coordinator (and fmt would have merged the blocks out of sight).
    "a post's block copied without a new subject": (
        "bureau.ttl",
        "ipod:reportingline-coordinator-hnp\n",
        "ipod:post-teammanager-ipo-1\n    a org:Post ;\n"
        '    rdfs:label "IPO team manager (4 of 3)"@en, "Teammanager IPO (4 van 3)"@nl ;\n'
        "    ipo:evidence ipod:excerpt-000-037-management ;\n    org:postIn ipod:bureau ;\n"
        "    org:reportsTo ipod:post-coordinator-hnp ;\n    org:role ipod:role-teammanager ;\n"
        "    prov:wasDerivedFrom ipod:source-000 .\n\nipod:reportingline-coordinator-hnp\n",
        "RepeatedSubjectShape",
        "ipod:post-teammanager-ipo-1",
        'ipod:post-teammanager-ipo-1\n    a org:Post ;\n    rdfs:label "IPO team manager (4',
    ),
    # Regression: the same block pasted into another data file passed: the check of
    # repeated blocks read each file alone, and RDF merged the copy into the original.
    "a post's block pasted into another data file": (
        "people.ttl",
        "ipod:post-cdk-limburg\n",
        "ipod:post-teammanager-ipo-1\n    a org:Post ;\n"
        '    rdfs:label "IPO team manager (1 of 3)"@en, "Teammanager IPO (1 van 3)"@nl ;\n'
        "    ipo:evidence ipod:excerpt-000-037-management ;\n    org:postIn ipod:bureau ;\n"
        "    org:reportsTo ipod:post-coordinator-hnp ;\n    org:role ipod:role-teammanager ;\n"
        "    prov:wasDerivedFrom ipod:source-000 .\n\nipod:post-cdk-limburg\n",
        "RepeatedSubjectShape",
        "ipod:post-teammanager-ipo-1",
        "ipod:post-teammanager-ipo-1\n    a org:Post ;",
    ),
    # Regression: a discrepancy left with one reading (the other side deleted) passed.
    "a discrepancy with one side": (
        "discrepancies.ttl",
        "    ipo:reading\n"
        '        "de algemeen directeur van het IPO is '
        "'één algemeen directeur/provinciesecretaris' en dus een van de vier adviseurs\"@nl,\n",
        "    ipo:reading\n",
        "Discrepancy-readings",
        "ipod:discrepancy-adviseur-algemeen-directeur",
        "ipod:discrepancy-adviseur-algemeen-directeur\n",
    ),
    # Regression: a typo in a source's file name passed, and switched off the check of
    # every excerpt quoted from it (a document not in sources/ cannot be read).
    "a typo in a source document's file name": (
        "sources.ttl",
        'dcterms:identifier "000_446a8e16cc534121.txt"',
        'dcterms:identifier "000_446a8e16cc534122.txt"',
        "SourceFileShape",
        "ipod:source-000",
        'dcterms:identifier "000_446a8e16cc534122.txt"',
    ),
    # Regression: an instant where the period belongs passed, and the fact had no period
    # at all; so did a role or an excerpt as a membership's member.
    "an instant for a membership's period": (
        "association.ttl",
        "    org:memberDuring [\n        a time:Interval ;\n"
        "        time:hasBeginning ipod:instant-2018-voorjaar\n    ] ;\n"
        "    org:organization ipod:bestuur ;",
        "    org:memberDuring ipod:instant-2018-voorjaar ;\n    org:organization ipod:bestuur ;",
        "PeriodShape",
        "ipod:membership-bestuur-voorzitter-bovens",
        "org:memberDuring ipod:instant-2018-voorjaar",
    ),
    "a role as a membership's member": (
        "people.ttl",
        "org:member ipod:person-ferdi-de-lange ;",
        "org:member ipod:role-wervingsbegeleider ;",
        "Membership-member",
        "ipod:membership-chasse-de-lange",
        "org:member ipod:role-wervingsbegeleider",
    ),
}


@pytest.mark.parametrize("mistake", sorted(EDITOR_MISTAKES))
def test_an_editors_mistake_is_reported_at_its_place(
    mistake: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, find, replace, shape, node, at = EDITOR_MISTAKES[mistake]
    copy = tmp_path / "data"
    shutil.copytree(paths.data_dir(), copy)
    target = copy / name
    text = target.read_text(encoding="utf-8")
    assert find in text
    edited = text.replace(find, replace, 1)
    target.write_text(edited, encoding="utf-8")
    block = edited.find(f"\n{node}\n") + 1  # 0: the node has no block in this file
    line = edited[: edited.index(at, block)].count("\n") + 1

    code = cli.main(["validate", str(copy)])
    out = capsys.readouterr().out

    assert code == 1, out
    fired = [e for e in _entries(out) if f"    shape: ipos:{shape}" in e]
    headers = [e[0].split("  ")[0].split(" (")[0] for e in fired]
    assert f"{target}:{line}: {node}" in headers, out
    assert all(h.startswith(f"{copy}/") for h in headers), out  # each in a file, on a line
    assert "(not defined in any file)" not in out, out
    if shape in ("ResourceValueShape", "ClassRangeShape"):  # it names what the property takes
        assert " takes org:" in "\n".join(fired[0]), out


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_value_written_in_another_file_is_reported_at_its_line(
    engine: str, tmp_path: Path
) -> None:
    """Regression: a result about a value was placed at its focus node's first block, so a
    wrong link added in another file sent the editor to a block without it (a task's
    link to the Bestuur, written in responsibilities.ttl, was reported in bij12.ttl). Each
    is now placed at the line that writes the value, a string compared by its text
    (escapes read) and a number as written, and one about too many values at the last
    of them, on both engines."""
    added = tmp_path / "added.ttl"
    added.write_text(
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n"
        "ipod:post-directeur-bij12\n"
        "    ipo:responsibility\n"
        "        ipod:concept-bij12-ondersteuning-uitvoering,\n"
        "        ipod:bestuur .\n"
        "\n"
        'ipod:person-theo-bovens rdfs:comment "Bel \\"06-12345678\\"\\u0021"@nl .\n'
        "ipod:bestuur ipo:seatCount 17.00 .\n"
        'ipod:person-theo-bovens <http://xmlns.com/foaf/0.1/name> "T. Bovens" .\n',
        encoding="utf-8",
    )
    outcome = validate(
        files=[*paths.ontology_files(), *paths.data_files(), added],
        engine=engine,  # type: ignore[arg-type]
    )
    found = {(v.focus, v.value, _short(v.shape)): v.location for v in outcome.violations}
    assert found == {
        (IPOD["post-directeur-bij12"], IPOD.bestuur, "ipos:ClassRangeShape"): Location(added, 8),
        (
            IPOD["person-theo-bovens"],
            Literal('Bel "06-12345678"!', lang="nl"),
            "ipos:PersonalDataShape",
        ): Location(added, 10),
        (
            IPOD.bestuur,
            Literal("17.00", datatype=XSD.decimal),
            "ipos:DatatypeRangeShape",
        ): Location(added, 11),
        # too many names: at the last one written, in the order the files are given
        (IPOD["person-theo-bovens"], None, "ipos:Person-name"): Location(added, 12),
    }


def test_fmt_does_not_merge_a_copied_block_out_of_sight(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: fmt merged a subject's second block into its first, so a copied block
    that validate refused was gone from the file the hook had rewritten, and re-staged it
    passed. fmt now refuses (exit 2) and writes nothing."""
    target = tmp_path / "bureau.ttl"
    shutil.copy(paths.data_dir() / "bureau.ttl", target)
    _, find, replace, *_ = EDITOR_MISTAKES["a post's block copied without a new subject"]
    edited = target.read_text(encoding="utf-8").replace(find, replace, 1)
    target.write_text(edited, encoding="utf-8")

    assert cli.main(["fmt", str(target)]) == 2
    err = capsys.readouterr().err
    first = edited.index("ipod:post-teammanager-ipo-1\n")
    second = edited.index("ipod:post-teammanager-ipo-1\n", first + 1)
    line = edited[:second].count("\n") + 1
    assert f"bureau.ttl:{line}: ipod:post-teammanager-ipo-1 is described a second time" in err
    assert f"first block is on line {edited[:first].count(chr(10)) + 1}" in err
    assert target.read_text(encoding="utf-8") == edited


def test_a_copied_block_in_a_file_with_a_byte_order_mark_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: fmt read each file twice, the copied-block check with the byte-order
    mark kept (so the first line's @prefix was no declaration and the blocks' subjects
    named nothing) and the formatter without it: fmt merged the copy out of sight. It
    reads each file once now, as the parser reads it."""
    from ipo_graph.blocks import repeated_subjects

    text = "@prefix zz: <https://example.org/> .\nzz:x\n    a zz:Thing .\nzz:x a zz:Thing .\n"
    target = tmp_path / "bom.ttl"
    target.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert list(repeated_subjects(target)) == [("https://example.org/x", [2, 4])]
    assert cli.main(["fmt", str(target)]) == 2
    assert "bom.ttl:4: <https://example.org/x> is described a second time" in (
        capsys.readouterr().err
    )
    assert target.read_bytes() == b"\xef\xbb\xbf" + text.encode("utf-8")


def test_statements_one_per_line_are_not_a_copied_block(tmp_path: Path) -> None:
    """Only a second block that gives the subject's type again counts: hand-written
    Turtle often states one subject's properties one per line (tests/fixtures/export)."""
    from ipo_graph.blocks import repeated_subjects

    text = (
        "@prefix ex: <https://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:p rdfs:subPropertyOf ex:q .\n"
        'ex:p rdfs:label "p"@en .\n'
        'ex:x\n    a ex:Thing ;\n    rdfs:label "x"@en .\n'
        'ex:x rdfs:comment "more about x"@en .\n'
    )
    one_per_line = tmp_path / "style.ttl"
    one_per_line.write_text(text, encoding="utf-8")
    assert list(repeated_subjects(one_per_line)) == []
    copied = tmp_path / "copied.ttl"
    copied.write_text(text + 'ex:x a ex:Thing ; rdfs:label "copy of x"@en .\n', encoding="utf-8")
    assert list(repeated_subjects(copied)) == [("https://example.org/x", [5, 9])]
