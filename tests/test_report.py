"""The validation report: grouped by file, each entry with where, what and what to do."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal

from ipo_graph import cli, paths
from ipo_graph.load import Location
from ipo_graph.namespaces import IPOD, IPOS, SH
from ipo_graph.paths import display_path
from ipo_graph.report import NO_FILE, SUMMARY_ABOVE, as_dict, as_github, as_text
from ipo_graph.validate import validate
from ipo_graph.violations import Outcome, Violation
from support import validate_text

SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"


@pytest.fixture(scope="module")
def two_files_report() -> str:
    files = [
        *paths.ontology_files(),
        SHAPES / "base.ttl",
        SHAPES / "post" / "invalid.ttl",
        SHAPES / "person-name" / "invalid.ttl",
    ]
    return as_text(validate(files=files))


def _groups(report: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = ""
    for line in report.splitlines():
        if line.startswith("== "):
            current = line[3:]
            groups[current] = []
        elif not line:
            current = ""  # a blank line ends a group (the summary follows the last one)
        elif current:
            groups[current].append(line)
    return groups


def test_grouped_by_file_in_file_order(two_files_report: str) -> None:
    groups = list(_groups(two_files_report))
    assert [Path(g).parent.name for g in groups] == ["person-name", "post"]


def test_entry_names_place_node_label_path_and_messages(two_files_report: str) -> None:
    lines = _groups(two_files_report)[display_path(SHAPES / "person-name" / "invalid.ttl")]
    head, *details = lines
    source = (SHAPES / "person-name" / "invalid.ttl").read_text(encoding="utf-8").splitlines()
    line_no = next(i for i, t in enumerate(source, start=1) if t.startswith("ipod:arthur"))
    assert head.startswith(f"{display_path(SHAPES / 'person-name' / 'invalid.ttl')}:{line_no}: ")
    assert "ipod:arthur-van-dijk" in head and "\u201cArthur van Dijk\u201d" in head
    assert "    path:  foaf:name" in details
    assert any(d.startswith("    nl: Een persoon heeft precies één foaf:name,") for d in details)
    assert any(d.startswith("    en: A person has exactly one foaf:name,") for d in details)
    assert "    shape: ipos:Person-name" in details


def test_entries_in_a_file_are_sorted_by_line(two_files_report: str) -> None:
    entries = [
        line
        for line in _groups(two_files_report)[display_path(SHAPES / "post" / "invalid.ttl")]
        if not line.startswith("    ")
    ]
    numbers = [int(e.split(":")[1]) for e in entries]
    assert len(numbers) == 3 and numbers == sorted(numbers)


def test_offending_value_is_shown(two_files_report: str) -> None:
    entries = "\n".join(_groups(two_files_report)[display_path(SHAPES / "post" / "invalid.ttl")])
    assert "    value: ipod:bestuur" in entries  # org:heldBy points to a body


def test_summary_line(two_files_report: str) -> None:
    n = len(paths.ontology_files()) + 3  # the ontology, base.ttl and two invalid fixtures
    assert two_files_report.rstrip().endswith(f"4 violations in {n} files")


def test_conforming_report_is_one_line() -> None:
    outcome = validate(files=[*paths.ontology_files(), SHAPES / "base.ttl"])
    text = as_text(outcome)
    n = len(paths.ontology_files()) + 1
    assert text.startswith(f"ok: {n} files,") and text.count("\n") == 1


def test_undefined_reference_points_at_the_line_that_names_it() -> None:
    invalid = SHAPES / "defined-reference" / "invalid.ttl"
    outcome = validate(files=[*paths.ontology_files(), SHAPES / "base.ttl", invalid])
    (entry,) = as_dict(outcome)["violations"]
    source = invalid.read_text(encoding="utf-8").splitlines()
    assert entry["file"] == display_path(invalid)
    assert source[entry["line"] - 1].startswith("ipod:ipo org:hasUnit ipod:bureua")
    assert entry["defined"] is False
    assert "not defined in any file" in as_text(outcome)


def test_blank_node_entry_names_its_owner_and_the_way_there() -> None:
    invalid = SHAPES / "interval-order" / "invalid.ttl"
    outcome = validate(files=[*paths.ontology_files(), SHAPES / "base.ttl", invalid])
    text = as_text(outcome)
    assert "ipod:membership-ipo-lid-limburg" in text
    assert "the blank node at org:memberDuring" in text
    assert "    nl: Deze periode eindigt" in text  # the nl/en tags survive SPARQL constraints
    assert "    en: This interval ends" in text


def test_display_path_is_relative_below_the_working_folder(tmp_path: Path) -> None:
    inside = Path.cwd() / "data" / "x.ttl"
    assert display_path(inside) == os.path.join("data", "x.ttl")
    assert display_path(tmp_path / "x.ttl") == str(tmp_path / "x.ttl")


def test_display_path_follows_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """display_path is cached (a report names each file once per violation); the cache
    must not outlive a change of the working folder."""
    data = tmp_path / "data" / "org.ttl"
    monkeypatch.chdir(tmp_path)
    assert display_path(data) == str(Path("data") / "org.ttl")
    monkeypatch.chdir(tmp_path / "..")
    assert display_path(data) == str(Path(tmp_path.name) / "data" / "org.ttl")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert display_path(data) == str(data), "outside the working folder: the path as given"


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_blank_node_no_iri_leads_to_is_not_called_undefined(tmp_path: Path, engine: str) -> None:
    """Regression: a post written as a bare blank node was grouped under "(not defined in
    any file)". It is defined; it has no name the files can be searched for."""
    outcome = validate_text(
        tmp_path / "anonymous.ttl",
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '[ a org:Post ; rdfs:label "Naamloze functie"@nl ] .\n',
        engine=engine,
    )
    entries = as_dict(outcome)["violations"]
    assert entries and all(
        (e["owner"], e["file"], e["defined"]) == (None, None, True) for e in entries
    )
    text = as_text(outcome)
    assert "== (a blank node no IRI leads to)" in text and "not defined in any file" not in text


# --- GitHub Actions annotations ------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    """GitHub's decoding of a workflow command (actions/toolkit, escapeData/-Property)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def _annotations(output: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in output.splitlines():
        match = _COMMAND.match(line)
        assert match, line
        level, props, message = match.groups()
        fields = dict(p.split("=", 1) for p in props.split(","))
        parsed.append((level, {k: _unescape(v) for k, v in fields.items()}, _unescape(message)))
    return parsed


def test_github_annotation_per_violation_on_its_line() -> None:
    files = [
        *paths.ontology_files(),
        SHAPES / "base.ttl",
        SHAPES / "post" / "invalid.ttl",
        SHAPES / "person-name" / "invalid.ttl",
    ]
    outcome = validate(files=files)
    annotations = _annotations(as_github(outcome))
    entries = as_dict(outcome)["violations"]
    assert len(annotations) == len(entries) == 4
    for (level, props, message), entry in zip(annotations, entries, strict=True):
        assert level == "error"
        assert props == {"file": entry["file"], "line": str(entry["line"]), "title": entry["shape"]}
        assert f"nl: {entry['message']['nl']}" in message.splitlines()
        assert f"en: {entry['message']['en']}" in message.splitlines()
        assert f"path: {entry['path']}" in message.splitlines()[0]


def _violation(**fields: Any) -> Violation:
    """A violation of ipod:x, with ``fields`` changed: the renderer's input made by hand."""
    plain = Violation(
        focus=IPOD["x"],
        owner=IPOD["x"],
        location=None,
        label=None,
        path="rdf:type",
        value=None,
        shape=IPOS["DefinedReference-type"],
        component=SH.MinCountConstraintComponent,
        severity=SH.Violation,
    )
    return dataclasses.replace(plain, **fields)


def test_github_annotation_escapes_what_ends_a_command() -> None:
    """A message with a newline, a per cent sign, a colon and a comma comes out whole."""
    where = Location(Path.cwd() / "data" / "a,b:c.ttl", 7)
    odd = _violation(
        location=where,
        path="ipo:seatCount",
        value=Literal("50%"),
        shape=IPOS["Odd-shape"],
        severity=SH.Warning,
        messages={"en": "first line\nsecond, with: 100% of it"},
    )
    outcome = Outcome(conforms=False, violations=[odd], files=[where.path], triples=1)
    ((level, props, message),) = _annotations(as_github(outcome))
    assert level == "warning"
    file = os.path.join("data", "a,b:c.ttl")
    assert props == {"file": file, "line": "7", "title": "ipos:Odd-shape"}
    assert message.endswith("en: first line\nsecond, with: 100% of it")
    assert 'value: "50%"' in message


def test_github_undefined_node_has_no_file() -> None:
    nowhere = _violation(focus=IPOD["y"], owner=IPOD["y"], defined=False)
    outcome = Outcome(conforms=False, violations=[nowhere], files=[], triples=0)
    ((level, props, message),) = _annotations(as_github(outcome))
    assert (level, props) == ("error", {"title": "ipos:DefinedReference-type"})
    assert message.startswith(f"{NO_FILE} ipod:y")


def test_github_conforming_data_prints_nothing() -> None:
    outcome = validate(files=[*paths.ontology_files(), SHAPES / "base.ttl"])
    assert outcome.conforms and as_github(outcome) == ""


def test_github_parse_error_is_an_annotation_at_its_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ipod: <https://w3id.org/ipo-graph/id/> .\nipod:x ipod:y "open .\n')
    assert cli.main(["validate", "--format", "github", str(bad)]) == 2
    ((level, props, message),) = _annotations(capsys.readouterr().out)
    assert level == "error"
    assert props == {"file": str(bad), "line": "2", "col": "15", "title": "parse error"}
    assert message


# --- the count per shape at the end of a long report -------------------------------


def test_long_report_ends_with_the_count_per_shape(tmp_path: Path) -> None:
    people = "".join(
        f'ipod:person-{i} a foaf:Person ; rdfs:label "Persoon {i}"@nl .\n'
        for i in range(SUMMARY_ABOVE)
    )
    text = as_text(
        validate_text(
            tmp_path / "people.ttl",
            "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
            "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f"{people}"
            'ipod:person-x a foaf:Person ; foaf:name "X" ; rdfs:label "X"@nl, "Y"@nl .\n',
        )
    )
    tail = text.rstrip().split("\n\n")[-2:]
    assert tail[0].splitlines() == [
        "by shape:",
        f"  {SUMMARY_ABOVE}  ipos:Person-name",
        "   1  ipos:Text-label",
    ]
    assert tail[1] == f"{SUMMARY_ABOVE + 1} violations in {len(paths.ontology_files()) + 1} files"


def test_short_report_has_no_count_per_shape(two_files_report: str) -> None:
    assert "by shape:" not in two_files_report


def test_github_counts_a_long_report_per_shape_in_a_notice_first() -> None:
    """GitHub shows ten annotations of a level per step: past ten, a notice (its own ten)
    comes first with the count per shape, and every violation still follows."""
    many = [_violation(focus=IPOD[f"x{i}"], owner=IPOD[f"x{i}"]) for i in range(SUMMARY_ABOVE)]
    many.append(_violation(shape=IPOS["Post-postIn"]))
    outcome = Outcome(conforms=False, violations=many, files=[], triples=0)
    (level, props, message), *errors = _annotations(as_github(outcome))
    assert (level, props) == ("notice", {"title": "ipo-graph validate"})
    assert message == (
        f"{SUMMARY_ABOVE + 1} violations (GitHub shows ten per step; all are in the log): "
        f"{SUMMARY_ABOVE} ipos:DefinedReference-type, 1 ipos:Post-postIn"
    )
    assert [e[0] for e in errors] == ["error"] * (SUMMARY_ABOVE + 1)


BLANK_PLACE = Path(__file__).resolve().parent / "fixtures" / "blank-place"


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_blank_node_is_placed_where_its_owner_writes_it(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a result about a blank node (its focus node, or its value) was placed at
    the first block of the IRI owning it, even when another block, in another file,
    writes the blank node. It points at the line of the property leading to the blank
    node, in the file that writes it, in every form and on both engines; where two
    blocks each write one, at the one that fits (period.ttl's instant, not base.ttl's
    interval). A result about a value the blank node has is placed at that value's
    line."""
    period = BLANK_PLACE / "period.ttl"
    lines = period.read_text(encoding="utf-8").splitlines()
    interval_end = lines.index("        time:hasEnd ipod:instant-2017") + 1
    instant = lines.index("ipod:membership-bestuur-voorzitter org:memberDuring [") + 1
    here = display_path(period)
    files = [SHAPES / "base.ttl", BLANK_PLACE / "owner.ttl", period]
    args = ["validate", "--engine", engine, *map(str, files)]

    assert cli.main([*args, "--format", "json"]) == 1
    entries = json.loads(capsys.readouterr().out)["violations"]
    assert {(e["focus"], e["shape"]): (e["file"], e["line"]) for e in entries} == {
        ("ipod:membership-ipo-lid-limburg/org:memberDuring", "ipos:IntervalOrderShape"): (
            here,
            interval_end,
        ),
        ("ipod:membership-bestuur-voorzitter", "ipos:PeriodShape"): (here, instant),
        ("ipod:membership-bestuur-voorzitter/org:memberDuring", "ipos:Instant-earliest"): (
            here,
            instant,
        ),
        ("ipod:membership-bestuur-voorzitter/org:memberDuring", "ipos:Instant-latest"): (
            here,
            instant,
        ),
    }

    assert cli.main([*args, "--format", "github"]) == 1
    annotations = _annotations(capsys.readouterr().out)
    assert [(props["file"], int(props["line"])) for _, props, _ in annotations] == [
        (here, interval_end),
        *[(here, instant)] * 3,
    ]

    assert cli.main(args) == 1
    text = capsys.readouterr().out
    assert text.startswith(f"== {here}\n{here}:{interval_end}: ipod:membership-ipo-lid-limburg  ")
