"""Strict parsing: exact positions for bad Turtle, and `fmt` round trips judged by Oxigraph.

The negative cases are representative of the W3C RDF 1.1 Turtle negative syntax tests
that the lenient parser used to accept, "repair" or crash on; the positive ones are the
valid graphs `fmt` used to change.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from fuzz_support import mutate
from ipo_graph import cli, paths, strict
from ipo_graph.canonical import canonical_turtle

EX = (
    "@prefix ex: <http://example.org/> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
)

# name → (body after the two prefix lines, line, column of the error)
NEGATIVE = {
    "language tag then datatype": ('ex:s ex:p "value"@en^^rdf:XMLLiteral .', 3, 21),
    "bad unicode escape": ('ex:s ex:p "\\uWXYZ" .', 3, 14),
    "lone surrogate": ('ex:s ex:p "\\uD800" .', 3, 12),
    "caret path": ("ex:x^ex:p ex:o .", 3, 5),
    "literal as subject": ('"lit" ex:p ex:o .', 3, 1),
    "literal as predicate": ('ex:s "lit" ex:o .', 3, 6),
    "space in IRI": ("<http://ex ample.org/a> ex:p ex:o .", 3, 1),
    "brace in IRI": ("<http://a/{x}> ex:p ex:o .", 3, 1),
    "missing language tag": ('ex:s ex:p "x"@ .', 3, 15),
    "language tag starting with a digit": ('ex:s ex:p "x"@1a .', 3, 15),
    "undeclared prefix": ("nope:s ex:p ex:o .", 3, 1),
    "missing dot": ("ex:s ex:p ex:o\nex:t ex:p ex:o .", 3, 15),
}


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_negative_syntax_is_exit_2_at_the_exact_place_and_untouched(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, line, column = NEGATIVE[name]
    bad = tmp_path / "bad.ttl"
    data = (EX + body + "\n").encode("utf-8")
    bad.write_bytes(data)
    for command in (["validate", str(bad)], ["fmt", str(bad)], ["fmt", "--check", str(bad)]):
        assert cli.main(command) == 2, command
        err = capsys.readouterr().err
        assert "Traceback" not in err
        first, shown, caret = err.splitlines()[:3]
        assert first.startswith(f"ipo-graph {command[0]}: {bad}:{line}:{column}: "), err
        assert shown == "    " + (EX + body).split("\n")[line - 1]
        assert caret.startswith("    " + " " * (column - 1) + "^"), err
        assert bad.read_bytes() == data


# More of the W3C negative syntax kinds (N3 extras, bad escapes, terms in the wrong place):
# each is exit 2 at line 3, never a traceback, the file untouched.
MORE_NEGATIVE = {
    "UCHAR space in IRI": r"<http://example.org/a\u0020b> ex:p ex:o .",
    "prefix without colon": "@prefix foo <http://example.org/> .",
    "N3 equality": "ex:s = ex:o .",
    "keyword A": "ex:s A ex:o .",
    "N3 formula": "{ ex:a ex:b ex:c } ex:p ex:o .",
    "N3 implication": "ex:a => ex:b .",
    "N3 keywords": "@keywords a .",
    "bad string escape": 'ex:s ex:p "\\zz" .',
    "unterminated string": 'ex:s ex:p "abc .',
    "mismatched quotes": "ex:s ex:p \"abc' .",
    "tilde in local name": "ex:s ex:p ex:a~b .",
    "escape in prefix name": r"ex:s ex:\u0041 ex:o .",
    "blank node as predicate": "ex:s _:p ex:o .",
    "list as predicate": "ex:s (ex:a) ex:o .",
    "two language tags": 'ex:s ex:p "x"@en@nl .',
    "dot in list": "ex:s ex:p ( . ) .",
    "trailing comma": "ex:s ex:p ex:o, .",
    "SPARQL BASE with a dot": "BASE <http://example.org/> .",
    "empty object list": "ex:s ex:p ; ex:q ex:o .",
    "surrogate escape in IRI": r"<http://example.org/\uDC00> ex:p ex:o .",
}


@pytest.mark.parametrize("name", sorted(MORE_NEGATIVE))
def test_more_negative_syntax_is_exit_2_at_its_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    data = (EX + MORE_NEGATIVE[name] + "\n").encode("utf-8")
    bad.write_bytes(data)
    for command in (["validate", str(bad)], ["fmt", str(bad)]):
        assert cli.main(command) == 2, command
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert err.startswith(f"ipo-graph {command[0]}: {bad}:3:"), err
        assert bad.read_bytes() == data


def test_a_missing_semicolon_is_reported_at_its_line_not_lines_below(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: deleting " ;" at sources.ttl:881 was reported at line 1074 of 929."""
    lines = (paths.data_dir() / "sources.ttl").read_text(encoding="utf-8").split("\n")
    # a line ending in " ;" far down the file (the data grows, so it is looked for)
    at = next(i for i in range(len(lines) * 9 // 10, 0, -1) if lines[i].endswith(" ;"))
    lines[at] = lines[at][:-2]
    broken = tmp_path / "sources.ttl"
    broken.write_text("\n".join(lines), encoding="utf-8")
    assert cli.main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:{at + 1}:" in err


# name → (file name, text, line and column where the missing final dot belongs)
END_OF_FILE = {
    "final newline": ("bad.ttl", EX + "ex:s ex:p ex:o\n", 3, 15),
    "no final newline": ("bad.ttl", EX + "ex:s ex:p ex:o", 3, 15),
    "blank lines and comments after": ("bad.ttl", EX + "ex:s ex:p ex:o\n\n# end\n\n", 3, 15),
    "a comment after it": ("bad.ttl", EX + "ex:s ex:p ex:o  # end", 3, 15),
    "CRLF": ("bad.ttl", EX + "ex:s ex:p ex:o\r\n\r\n", 3, 15),
    "a literal last": ("bad.ttl", EX + 'ex:s ex:p "o"\n\n', 3, 14),
    "over two lines": ("bad.ttl", EX + "ex:s ex:p ex:o ;\n    ex:q ex:r\n", 4, 14),
    "TriG": ("bad.trig", EX + "ex:s ex:p ex:o\n", 3, 15),
    "N-Triples": ("bad.nt", "<http://e/s> <http://e/p> <http://e/o>\n\n", 1, 39),
}


@pytest.mark.parametrize("name", sorted(END_OF_FILE))
def test_a_missing_final_dot_is_reported_at_the_end_of_its_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: with nothing after the last statement but a newline (or blank lines and
    comments), the missing dot was "Unexpected end" one line past the end of the file."""
    file_name, text, line, column = END_OF_FILE[name]
    bad = tmp_path / file_name
    bad.write_bytes(text.encode("utf-8"))
    commands = [["validate", str(bad)], ["fmt", str(bad)], ["fmt", "--check", str(bad)]]
    if not file_name.endswith(".ttl"):  # fmt formats Turtle only and says so
        assert cli.main(["fmt", str(bad)]) == 2
        assert "not a Turtle file" in capsys.readouterr().err
        commands = commands[:1]
    for command in commands:
        assert cli.main(command) == 2, command
        err = capsys.readouterr().err
        first, shown, caret = err.splitlines()[:3]
        assert first.startswith(f"ipo-graph {command[0]}: {bad}:{line}:{column}: "), err
        assert "add ' .'" in first, err
        assert shown == "    " + text.split("\n")[line - 1].rstrip("\r")
        assert caret == "    " + " " * (column - 1) + "^", err
        assert bad.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("ends", ["\r", "\r\n", "\n"])
def test_a_syntax_error_names_the_parsers_line_whatever_ends_lines(
    ends: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: in a file whose lines end in a lone CR (classic Mac), Oxigraph's line 3
    was shown as line 1 with the whole file as its text."""
    bad = tmp_path / "bad.ttl"
    lines = ["@prefix ex: <http://example.org/> .", "ex:a ex:p 1 .", "ex:b ex:p ^^ ."]
    bad.write_bytes(ends.join([*lines, ""]).encode("utf-8"))
    for command in (["validate", str(bad)], ["fmt", "--check", str(bad)]):
        assert cli.main(command) == 2
        first, shown = capsys.readouterr().err.splitlines()[:2]
        assert first.startswith(f"ipo-graph {command[0]}: {bad}:3:11: ")
        assert shown == "    ex:b ex:p ^^ ."


def test_invalid_utf8_is_a_parse_error_with_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(EX.encode() + b'ex:s ex:p "caf\xe9" .\n')
    assert cli.main(["validate", str(bad)]) == 2
    assert f"{bad}:3:15: byte 0xe9 is not valid UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["validate"], ["stats", "--data"]])
def test_a_remote_jsonld_context_is_refused_in_plain_words(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the message was Oxigraph's 'No LoadDocumentCallback has been set to
    load remote contexts', the name of a function in its API."""
    remote = tmp_path / "remote.jsonld"
    remote.write_text(
        '{"@context": "https://schema.org/", "@id": "https://example.org/a", "name": "A"}\n',
        encoding="utf-8",
    )
    assert cli.main([*command, str(remote)]) == 2
    err = capsys.readouterr().err
    assert f"{remote}: the JSON-LD @context is a URL, and remote contexts are not fetched" in err
    assert "LoadDocumentCallback" not in err


@pytest.mark.parametrize(
    ("escape", "named"),
    [("\\u0001", "U+0001"), ("\\u0009", "U+0009"), ("\\u0020", "U+0020 (a space)")],
)
def test_a_blank_or_control_character_in_an_iri_is_named_by_its_code_point(
    escape: str, named: str, tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: Oxigraph quotes the character itself ("Invalid IRI code point ''"
    for \\u0001): a control character showed as nothing, a tab as a space."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(EX + f"ex:s ex:p <http://example.org/a{escape}b> .\n", encoding="utf-8")
    for command in (["validate"], ["stats", "--data"]):
        assert cli.main([*command, str(bad)]) == 2
        first = capsys.readouterr().err.splitlines()[0]
        assert first == f"ipo-graph {command[0]}: {bad}:3:11: Invalid IRI code point {named}"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('{"@value": "x", "@language": "-en"}', "the language tag '-en' is not well-formed"),
        ('{"@id": "http://exa mple.org/o"}', "'http://exa mple.org/o' is not a valid IRI"),
    ],
)
def test_a_jsonld_statement_left_out_is_refused_not_passed(
    value: str, said: str, tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: JSON-LD's rules drop a statement with a malformed language tag or IRI
    without a word, so validate passed the file (exit 0) with the statement gone."""
    bad = tmp_path / "bad.jsonld"
    bad.write_text(
        f'{{"@id": "http://example.org/s", "http://example.org/p": {value}}}\n', encoding="utf-8"
    )
    for command in (["validate"], ["stats", "--data"], ["query", "-e", "ASK {}", "--data"]):
        assert cli.main([*command, str(bad)]) == 2, command
        err = capsys.readouterr().err
        assert err.startswith(f"ipo-graph {command[0]}: {bad}: {said}"), err
        assert "JSON-LD leaves out the statement" in err


# RDF 1.2 / RDF-star triple terms, in each syntax: (file name, text, line, column, mark).
QUOTED = {
    "reified triple": (
        "star.ttl",
        EX + "ex:s ex:p ex:o .\n<< ex:a ex:b ex:c >> ex:d ex:e .\n",
        4,
        1,
        "<<",
    ),
    "annotation": (
        "ann.ttl",
        EX + 'ex:s ex:p "~ {|" .\nex:a ex:b ex:c {| ex:d ex:e |} .\n',
        4,
        16,
        "{|",
    ),
    "reifier": ("reifier.ttl", EX + "# << ~\n<http://x/~y> ex:b ex:c ~ ex:r .\n", 4, 25, "~"),
    "triple term": (
        "term.nt",
        "<http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> .\n",
        1,
        23,
        "<<",
    ),
    "in N-Quads": (
        "term.nq",
        "<http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> <http://g> .\n",
        1,
        23,
        "<<",
    ),
    "in a TriG graph": (
        "star.trig",
        EX + "ex:g { ex:a ex:b ex:c {| ex:d ex:e |} . }\n",
        3,
        23,
        "{|",
    ),
    "in RDF/XML": (
        "star.rdf",
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n <rdf:Description rdf:about="http://example.org/s">\n'
        '  <ex:p rdf:annotation="http://example.org/r" rdf:resource="http://example.org/o"/>\n'
        " </rdf:Description>\n</rdf:RDF>\n",
        0,
        0,
        "",
    ),
}


def _refused_by_every_reader(
    bad: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[tuple[str, str]]:
    """Each command reading ``bad`` (validate, stats, query, export; fmt for Turtle) with
    its error, each having exited 2 without a traceback, writing nothing."""
    out = bad.with_name("out.nt")
    commands = [
        ["validate"],
        ["stats", "--data"],
        ["query", "-e", "ASK {}", "--data"],
        ["export", "--format", "nt", "--output", str(out), "--data"],
    ]
    if bad.suffix == ".ttl":
        commands += [["fmt"], ["fmt", "--check"]]
    for command in commands:
        assert cli.main([*command, str(bad)]) == 2, command
        err = capsys.readouterr().err
        assert "Traceback" not in err, err
        yield command[0], err
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_quoted_triples_are_refused_in_plain_words_by_every_reader(
    name: str, tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a triple term (``<< >>``, ``{| |}``, ``~``) made fmt and validate crash
    with a TypeError while turning the triples into rdflib's, and the commands reading the
    query store took it without a word. The graph has no use for one: exit 2 everywhere,
    at the place it is written."""
    file_name, text, line, column, mark = QUOTED[name]
    bad = tmp_path / file_name
    bad.write_text(text, encoding="utf-8")
    for command, err in _refused_by_every_reader(bad, capsys):
        assert "TypeError" not in err, err
        where = f"{bad}:{line}:{column}" if line else f"{bad}"
        assert err.startswith(f"ipo-graph {command}: {where}: quoted triples"), err
        assert "are not supported" in err
        if mark:
            caret = err.splitlines()[2]
            assert caret == "    " + " " * (column - 1) + "^" * len(mark), err
        assert bad.read_text(encoding="utf-8") == text


# RDF 1.2 base directions: (file name, text, line, column).
DIRECTED = {
    "Turtle": (
        "dir.ttl",
        EX + '# a -- b\nex:s ex:p "a--b", <http://x/a--ltr>, "x"@en--ltr .\n',
        4,
        44,
    ),
    "N-Triples": ("dir.nt", '<http://a> <http://b> "x"@ar--rtl .\n', 1, 29),
    "JSON-LD": (
        "dir.jsonld",
        '{"@context": {"@version": 1.1}, "@id": "http://example.org/s", "http://example.org/p":'
        ' {"@value": "x", "@language": "en", "@direction": "ltr"}}\n',
        0,
        0,
    ),
}


@pytest.mark.parametrize("name", sorted(DIRECTED))
def test_a_base_direction_is_refused_not_dropped(
    name: str, tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``"x"@en--ltr`` (RDF 1.2) parsed, but rdflib has no base direction, so
    fmt rewrote it as ``"x"@en`` and export wrote it so, without a word (the check that a
    rewrite is the same graph compared two graphs that had both lost it)."""
    file_name, text, line, column = DIRECTED[name]
    bad = tmp_path / file_name
    bad.write_text(text, encoding="utf-8")
    for command, err in _refused_by_every_reader(bad, capsys):
        where = f"{bad}:{line}:{column}" if line else f"{bad}"
        assert err.startswith(f"ipo-graph {command}: {where}: a base direction"), err
        if line:
            assert err.splitlines()[2] == "    " + " " * (column - 1) + "^^^^^", err
    assert bad.read_text(encoding="utf-8") == text


# RDF 1.2 version announcements: (file name, text, line, column, as written).
ANNOUNCED = {
    "Turtle VERSION": ("v.ttl", 'VERSION "1.2"\n' + EX + "ex:s ex:p ex:o .\n", 1, 1, "VERSION"),
    "Turtle version, lower case, after a comment": (
        "v2.ttl",
        EX + '# VERSION "1.2" in a comment\nversion "1.2"\nex:s ex:p "VERSION \\"1.2\\"" .\n',
        4,
        1,
        "version",
    ),
    "Turtle @version": ("v3.ttl", EX + '@version "1.2" .\nex:s ex:p ex:o .\n', 3, 1, "@version"),
    "TriG": ("v.trig", EX + 'VERSION "1.2-basic"\nex:s ex:p ex:o .\n', 3, 1, "VERSION"),
    "N-Triples": ("v.nt", 'VERSION "1.2"\n<http://a> <http://b> "c" .\n', 1, 1, "VERSION"),
    "RDF/XML": (
        "v.rdf",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '    rdf:version="1.2"><rdf:Description rdf:about="http://a">'
        "<rdf:value>x</rdf:value></rdf:Description></rdf:RDF>\n",
        2,
        5,
        "rdf:version",
    ),
}


@pytest.mark.parametrize("name", sorted(ANNOUNCED))
def test_a_version_announcement_is_refused_by_every_reader(
    name: str, tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``VERSION "1.2"`` (Turtle 1.2) parsed without a word and the graph has
    no place for it, so fmt dropped the line the author wrote. It announces RDF 1.2, whose
    additions every reader refuses; it is refused alike, at the directive."""
    file_name, text, line, column, written = ANNOUNCED[name]
    bad = tmp_path / file_name
    bad.write_text(text, encoding="utf-8")
    for command, err in _refused_by_every_reader(bad, capsys):
        assert err.startswith(
            f"ipo-graph {command}: {bad}:{line}:{column}: a version announcement ("
        ), err
        assert "is not supported: the data is RDF 1.1" in err and "delete it" in err, err
        assert err.splitlines()[2] == "    " + " " * (column - 1) + "^" * len(written), err
    assert bad.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "text",
    [
        EX + "@prefix version: <http://v/> .\nversion:a version:b version:c .\n",
        EX + 'ex:s ex:p ( "x"@version "y" ), ex:version, "VERSION \\"1.2\\"" .\n',
        EX + 'ex:s ex:p """\nVERSION "1.2"\n""" .\n',
    ],
    ids=["a prefix named version", "a language tag, a name, a string", "a long string"],
)
def test_the_word_version_elsewhere_is_no_announcement(text: str, tmp_path: Path) -> None:
    from ipo_graph.strict import parse_file

    good = tmp_path / "ok.ttl"
    good.write_text(text, encoding="utf-8")
    assert parse_file(good).triples


# Terms the strict parser refuses and Oxigraph's lenient mode took: (file name, text, the
# start of the error validate gives).
LENIENT = {
    "space escaped in an IRI": (
        "space.ttl",
        EX + "ex:s ex:p <http://example.org/a\\u0020b> .\n",
        "3:11: Invalid IRI",
    ),
    "relative datatype in N-Triples": (
        "dt.nt",
        '<http://example.org/s> <http://example.org/p> "x"^^<foo> .\n',
        "1:52: No scheme found",
    ),
    "subtag of nine letters": ("tag.ttl", EX + 'ex:s ex:p "x"@abcdefghi .\n', "3:15: A subtag"),
    "language tag in RDF/XML": (
        "tag.rdf",
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
        '<ex:p xml:lang="en--ltr">x</ex:p></rdf:Description></rdf:RDF>\n',
        " error while parsing language tag 'en--ltr'",
    ),
}


@pytest.mark.parametrize("name", sorted(LENIENT))
def test_every_command_refuses_what_validate_refuses(
    name: str, tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: the query store parsed leniently, so stats, query and changes answered
    (exit 0) on a file validate refuses, and why and export crashed with a ValueError
    turning such a term into an rdflib one. The store parses as validate does."""
    file_name, text, reason = LENIENT[name]
    bad = tmp_path / file_name
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "out.nt"
    commands = [
        ["validate"],
        ["stats", "--data"],
        ["query", "-e", "ASK {}", "--data"],
        ["why", "<http://example.org/s>", "--data"],
        ["export", "--format", "nt", "--output", str(out), "--data"],
        ["changes", "--from", "2020-01-01", "--to", "2025-01-01", "--data"],
    ]
    for command in commands:
        assert cli.main([*command, str(bad)]) == 2, command
        err = capsys.readouterr().err
        assert "Traceback" not in err, err
        assert err.startswith(f"ipo-graph {command[0]}: {bad}:{reason}"), err
    assert not out.exists()


# --- fmt round trips, judged by the strict parser ------------------------------------------


def _strict_triples(path: Path) -> set[str]:
    """Triples as Oxigraph reads them, lexical forms and all (blank nodes renamed away)."""
    parsed = strict.parse_file(path)
    return {str(t) for t in parsed.triples if not any(isinstance(x, ox.BlankNode) for x in t)}


POSITIVE = {
    "numbers": (
        b"@prefix ex: <http://example.org/> .\nex:s ex:p 01, +1, .1, +123.0, +.7, 1e0, 1E0 .\n"
    ),
    "carriage return in a long string": (
        b'@prefix ex: <http://example.org/> .\r\nex:s ex:p """a\r\nb""", "c\\rd" .\r\n'
    ),
    "relative IRIs": b"@prefix ex: <http://example.org/> .\n<#x> ex:p <other.ttl>, <>, <../up> .\n",
    "base and RFC 3986": (
        b"@base <http://a/b/c/d;p?q> .\n@prefix ex: <http://example.org/> .\n"
        b"<?y> ex:p </./g>, <g>, <../g>, <#s> .\n"
    ),
    "relative prefix": b"@prefix x: <#> .\nx:a x:p x:b .\n",
    "xsd:string": (
        b"@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        b'ex:s ex:p "x"^^xsd:string, "y", "z"@nl, "\\u00e9\\t\\u0007" .\n'
    ),
}


@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_fmt_keeps_the_graph_as_the_strict_parser_reads_it(name: str, tmp_path: Path) -> None:
    path = tmp_path / "case.ttl"
    path.write_bytes(POSITIVE[name])
    before = _strict_triples(path)
    assert cli.main(["fmt", str(path)]) == 0
    once = path.read_bytes()
    assert _strict_triples(path) == before
    assert cli.main(["fmt", "--check", str(path)]) == 0  # idempotent
    assert path.read_bytes() == once


def test_numbers_keep_all_five_lexical_forms(tmp_path: Path) -> None:
    path = tmp_path / "n.ttl"
    path.write_bytes(b"@prefix ex: <http://example.org/> .\nex:s ex:p 01, +1, .1, +123.0, +.7 .\n")
    assert cli.main(["fmt", str(path)]) == 0
    assert len(strict.parse_file(path).triples) == 5
    text = path.read_text(encoding="utf-8")
    for form in ('"01"', '"+1"', '".1"', '"+123.0"', '"+.7"'):
        assert form in text


def test_relative_iris_stay_relative_not_the_working_directory(tmp_path: Path) -> None:
    path = tmp_path / "r.ttl"
    path.write_bytes(POSITIVE["relative IRIs"])
    assert cli.main(["fmt", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "<#x>" in text and "<other.ttl>" in text and "<../up>" in text and "file:" not in text
    assert str(Path.cwd()) not in text


def test_canonical_text_without_a_file_rejects_relative_iris() -> None:
    from ipo_graph.errors import ParseError

    with pytest.raises(ParseError):
        canonical_turtle("<#x> <http://example.org/p> 1 .\n")


# --- the seeded fuzz test -----------------------------------------------------------------


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("seed", range(24))
def test_fuzz_shipped_turtle(seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Mutations of the shipped data: exit 0, 1 or 2, never a traceback, the right line."""
    rng = random.Random(1400 + seed)
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    target = data / rng.choice(sorted(p.name for p in data.glob("*.ttl")))
    text, line, kind = mutate(target.read_text(encoding="utf-8"), rng)
    target.write_bytes(text.encode("utf-8"))
    before = _digest(data)

    code = cli.main(["validate", "--format", "json", str(data)])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    assert _digest(data) == before, "validate modifies nothing"
    if code == 2:
        first = err.splitlines()[0]
        assert first.startswith(f"ipo-graph validate: {target}:"), first
        reported = int(first.split(f"{target}:", 1)[1].split(":", 1)[0])
        assert abs(reported - line) <= 1, (kind, line, first)
    elif code == 1 and kind == "date":
        import json

        lines = [
            v["line"] for v in json.loads(out)["violations"] if v["file"].endswith(target.name)
        ]
        assert any(abs(n - line) <= 1 for n in lines), (line, lines)

    fmt_code = cli.main(["fmt", str(target)])
    capsys.readouterr()
    assert fmt_code in (0, 2)
    if fmt_code == 2:
        assert target.read_bytes() == text.encode("utf-8"), "fmt never writes on failure"
    else:
        assert code != 2


def test_lines_are_counted_as_the_parser_counts_them(tmp_path: Path) -> None:
    """Regression: splitlines() also splits on U+2028 and form feeds, shifting later lines."""
    from rdflib import URIRef

    from ipo_graph.load import load_files
    from ipo_graph.violations import locate

    path = tmp_path / "separators.ttl"
    path.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:p "x\u2028y\x0cz" .\nex:b ex:q ex:c .\n',
        encoding="utf-8",
    )
    loaded = load_files([path])
    b, c = URIRef("http://example.org/b"), URIRef("http://example.org/c")
    assert loaded.location(b) is not None and loaded.location(b).line == 3  # type: ignore[union-attr]
    where = locate(loaded, c)
    assert where is not None and where.line == 3


def test_a_byte_order_mark_is_accepted_and_fmt_drops_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    assert len(strict.parse_file(path).triples) == 1
    assert cli.main(["fmt", str(path)]) == 0
    assert path.read_bytes().startswith(b"@prefix ex:")


def test_relative_references_resolve_as_rfc_3986_says(tmp_path: Path) -> None:
    """The RFC 3986 section 5.4 examples, base http://a/b/c/d;p?q, before and after fmt."""
    path = tmp_path / "rfc.ttl"
    path.write_bytes(POSITIVE["base and RFC 3986"])
    expected = {
        "http://a/b/c/d;p?y",  # <?y>
        "http://a/g",  # </./g>
        "http://a/b/c/g",  # <g>
        "http://a/b/g",  # <../g>
        "http://a/b/c/d;p?q#s",  # <#s>
    }
    for _ in range(2):
        iris = {
            term.value
            for t in strict.parse_file(path).triples
            for term in (t.subject, t.object)
            if isinstance(term, ox.NamedNode)
        }
        assert iris == expected
        assert cli.main(["fmt", str(path)]) == 0


def test_fmt_writes_nothing_when_any_file_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = tmp_path / "a.ttl"
    messy.write_bytes(b"@prefix ex: <http://example.org/> .\nex:b ex:p 1 . ex:a ex:p 2 .\n")
    broken = tmp_path / "b.ttl"
    broken.write_bytes(b"@prefix ex: <http://example.org/> .\nex:s ex:p .\n")
    before = {p: p.read_bytes() for p in (messy, broken)}
    assert cli.main(["fmt", str(tmp_path)]) == 2
    assert f"{broken}:2:" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (messy, broken)} == before


def test_the_loader_keeps_a_carriage_return_inside_a_long_string(tmp_path: Path) -> None:
    """Regression: files were read with newline translation, so CRLF became LF in the graph."""
    from rdflib import Literal, URIRef

    from ipo_graph.load import load_files

    path = tmp_path / "crlf.ttl"
    path.write_bytes(b'@prefix ex: <http://example.org/> .\r\nex:s ex:p """a\r\nb""" .\r\n')
    graph = load_files([path]).graph
    value = graph.value(URIRef("http://example.org/s"), URIRef("http://example.org/p"))
    assert value == Literal("a\r\nb")


def test_validate_json_gives_the_parse_error_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    bad = tmp_path / "bad.ttl"
    bad.write_bytes((EX + '"lit" ex:p ex:o .\n').encode("utf-8"))
    assert cli.main(["validate", "--format", "json", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "conforms": False,
        "parse_error": {
            "file": str(bad),
            "line": 3,
            "column": 1,
            "message": '"lit" is not a valid subject or graph name',
        },
    }
    assert f"{bad}:3:1:" in err


@pytest.mark.parametrize("kind", ["missing", "empty folder"])
def test_validate_json_and_github_give_a_usage_error_on_stdout(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a path that does not exist or holds no RDF file printed nothing on
    stdout with --format json (exit 2), where a parse error gives a JSON object: a tool
    reading stdout found no answer at all. GitHub gets an annotation on the run."""
    import json

    path = tmp_path / "nothing-here"
    if kind == "empty folder":
        path.mkdir()
    assert cli.main(["validate", "--format", "json", str(path)]) == 2
    out, err = capsys.readouterr()
    answer = json.loads(out)
    assert answer["conforms"] is False and str(path) in answer["usage_error"]
    assert answer["usage_error"] in err
    assert cli.main(["validate", "--format", "github", str(path)]) == 2
    out, _ = capsys.readouterr()
    assert out.startswith("::error title=ipo-graph validate::") and str(path) in out


def test_a_parse_error_on_a_very_long_line_shows_only_the_stretch_around_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: an error on a 200,000-character line printed the whole line and a
    caret line as long (about 400 kB on stderr); now the part around the column."""
    from ipo_graph.cli import main

    bad = tmp_path / "long.ttl"
    bad.write_text(
        "@prefix ex: <https://example.org/> .\n"
        f'ex:a ex:b "{"x" * 200_000}" ; ex:c ex:d ex:e ex:f .\n',
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert len(err) < 2_000, len(err)
    head, shown, caret = err.splitlines()[:3]
    found = re.search(rf"{re.escape(str(bad))}:2:(\d+): ", head)
    assert found and int(found.group(1)) > 200_000  # the place is still named exactly
    assert shown.startswith("    …") and len(shown) < 200
    assert shown[caret.index("^") :].startswith("ex:")  # the caret under the term
