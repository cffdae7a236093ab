"""Where a node of the report is named: one reading of each file for every wanted IRI."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ipo_graph import locations
from ipo_graph.load import Location
from ipo_graph.locations import LocationIndex

EX = "http://example.org/"


def test_each_spelling_is_placed_where_turtle_names_it(tmp_path: Path) -> None:
    """A name counts where a token of a line spells it with the prefixes declared above
    that line; the expected lines are read off the text by hand."""
    data = tmp_path / "spellings.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\n"  # 1
        "@prefix od: <http://example.org/F> .\n"  # 2
        "# ex:b ex:Foo ex:a\n"  # 3: a comment names nothing
        "ex:s ex:p ex:a.b .\n"  # 4: a.b, not a
        "ex:s ex:p od:oo .\n"  # 5: the prefix ends inside the local name Foo
        "ex:s ex:p ex: .\n"  # 6: the namespace itself
        "ex:s ex:p ex:a\\/b .\n"  # 7: an escaped local name
        "@prefix ex: <http://example.org/x/> .\n"  # 8
        "ex:s ex:p ex:b .\n"  # 9: x/b, not b
        "ex:t ex:p <http://example.org/b>, ex:a .\n"  # 10: b, and x/a
        "<http://example.org/a> ex:p ex:q .\n",  # 11: a, defined here
        encoding="utf-8",
    )
    expected = {"a": 11, "b": 10, "Foo": 5, "a.b": 4, "a/b": 7, "": 6, "x/b": 9}
    index = LocationIndex([data], {EX + name for name in expected})
    lines = {name: index.location(EX + name) for name in expected}
    assert {name: loc.line if loc else None for name, loc in lines.items()} == expected
    assert [name for name in expected if index.is_defined(EX + name)] == ["a"]


def test_a_glued_comment_and_an_escaped_separator_are_read_as_turtle_reads_them(
    tmp_path: Path,
) -> None:
    """Regression: a name read on past a ``#`` that opens a comment (``ex:c# note``) or
    stopped at an escaped ``;`` (``ex:a\\;b``), so the report could not place either."""
    data = tmp_path / "names.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\n"  # 1
        "ex:s ex:p ex:c# note ex:d\n"  # 2: names c (the rest is a comment)
        "    , ex:e .\n"  # 3
        "ex:a\\;b ex:p ex:s .\n"  # 4: defines a;b
        "ex:c#x\n  ex:p 1 .\n",  # 5: defines c
        encoding="utf-8",
    )
    subjects = {EX + "a;b", EX + "c"}
    index = LocationIndex([data], {EX + n for n in ("c", "d", "a;b")}, subjects.__contains__)
    assert index.location(EX + "a;b") == Location(data, 4)
    assert index.is_defined(EX + "a;b")
    assert index.location(EX + "c") == Location(data, 5)
    assert index.location(EX + "d") is None


@pytest.mark.parametrize("opener", ["ex:a\\#b", "<http://example.org/a\\u00e9#x>"])
def test_a_declaration_in_a_long_string_after_an_escape_is_text(opener: str) -> None:
    """Regression: the scan for long strings (turtletext) did not know a name's escape
    (``ex:a\\#b``) nor an IRI's (``\\u00e9``), as the scan for comments (strict) did: it
    took the rest of the line for a comment, missed the long string opening there, read
    the line inside it as a declaration, and placed ``ex:c`` in the wrong namespace.
    One lexer now reads both."""
    from ipo_graph.turtletext import declarations, line_subjects

    text = (
        "@prefix ex: <http://example.org/> .\n"
        f'{opener} ex:p """\n'
        "@prefix ex: <http://evil.example/> .\n"
        '""" .\n'
        "ex:c ex:p ex:o .\n"
    )
    assert [iri for _, _, iri in declarations(text)] == [EX]
    assert (EX + "c", 5) in list(line_subjects(text, Path("names.ttl")))


def test_declarations_found_by_their_word_are_those_of_the_whole_pattern() -> None:
    """``declarations`` searches for the word ("prefix", "base", any case) and tries the
    declaration pattern at the start of each line that has it (7× faster than trying the
    pattern everywhere). Both readings find the same declarations in every Turtle file of
    the project and in the awkward cases: lines a carriage return ends, any case, a
    prefix named like the word, a declaration in a comment or a long string."""
    from ipo_graph import paths, turtletext
    from ipo_graph.turtletext import declarations

    def everywhere(text: str) -> list[tuple[int, str | None, str]]:
        found = [
            (m.start(), None, m.group(3))
            if m.group(2) is None
            else (m.start(), m.group(1) or "", m.group(2))
            for m in turtletext._DECLARATIONS.finditer(text)
        ]
        inside = turtletext._long_strings(text) if found else []
        return [d for d in found if not turtletext._within(d[0], inside)]

    tests = Path(__file__).resolve().parent
    files = [*paths.ontology_files(), *paths.data_files(), *tests.rglob("*.ttl")]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    texts += [
        "@prefix a: <x> .\r@prefix b: <y> .\rex:s ex:p ex:o .",
        "\r\n  PREFIX c: <z>\r\n",
        "BASE <http://a/>\n@base <b> .\nx\rPrEfIx d: <q>",
        "@prefix database: <db> .\n#@prefix c: <c>\n  @prefix e:<e> .",
        'ex:s ex:p """\n@prefix no: <n> .\n""" .\n@prefix yes: <y> .',
    ]
    assert len(texts) > 100
    for text in texts:
        assert declarations(text) == everywhere(text), text[:200]


def test_one_reading_places_as_a_reading_per_name(tmp_path: Path) -> None:
    """The search for all names at once (a trie of local names, hits that do not overlap)
    finds the same first lines as a search for each name by itself."""
    header = "@prefix ex: <http://example.org/> .\n@prefix ab: <http://example.org/a/> .\n"
    header += "@prefix od: <http://example.org/F> .\n"
    names = [EX + n for n in ("a", "ab", "a/b", "b", "Foo", "FooBar", "a.b", "", "a/")]
    pieces = [
        *("ex:a", "ex:ab", "ab:b", "ex:a\\/b", "<http://example.org/b>", "ex:Foo", "od:oo"),
        *("ex:FooBar", "ex:FooBarX", "# ex:b", "ex:a.", " ", " ; ", "\n", "\n", "ab:"),
        *("ex:a.b", "ex:", "<http://example.org/>", "od:ooBar", "ex:a\\/"),
    ]
    rng = random.Random(11)
    for i in range(150):
        path = tmp_path / f"case{i}.ttl"
        path.write_text(header + "".join(rng.choice(pieces) for _ in range(30)), encoding="utf-8")
        together = LocationIndex([path], names)
        for name in names:
            alone = LocationIndex([path], {name})
            assert together.location(name) == alone.location(name), (path.read_text(), name)


def test_a_file_without_lines_is_parsed_once_for_both_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: place_all parsed a JSON-LD file again for its second index (the places of
    what links to a node placed nowhere yet), so a report read it up to twice."""
    from ipo_graph import strict

    data = tmp_path / "links.jsonld"
    data.write_text(
        '{"@id": "http://example.org/a", "http://example.org/p": {"@id": "http://example.org/b"}}',
        encoding="utf-8",
    )
    parses: list[Path] = []
    parse = strict.parse_file

    def counted(path: Path) -> object:
        parses.append(path)
        return parse(path)

    monkeypatch.setattr(strict, "parse_file", counted)
    places = locations.place_all(
        [data],
        [EX + "a", EX + "b"],
        is_subject=lambda iri: iri == EX + "a",
        referrers=lambda iri: [EX + "a"] if iri == EX + "b" else [],
    )
    assert places[EX + "a"] == places[EX + "b"] == Location(data, None)  # b: where a is
    assert parses == [data]


BLANK_PLACE = Path(__file__).resolve().parent / "fixtures" / "blank-place"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.mark.parametrize("subjects", [None, {EX + "a", EX + "b"}], ids=["by-name", "subjects"])
def test_each_blank_node_an_owner_writes_is_found_in_the_same_reading(
    subjects: set[str] | None,
) -> None:
    """A blank node is written in one block of its owner, not always the first: every
    block is read, token by token, so that a string, a comment or a datatype that holds
    a dot or a bracket neither ends the statement nor opens a blank node."""
    data = BLANK_PLACE / "tokens.ttl"
    lines = data.read_text(encoding="utf-8").splitlines()
    expected = [Location(data, n) for n, line in enumerate(lines, 1) if line.endswith("# here")]
    is_subject = subjects.__contains__ if subjects is not None else None
    index = LocationIndex([data], {EX + "a"}, is_subject, ways=[(EX + "a", EX + "q")])
    found = index.blanks[EX + "a", EX + "q"]
    assert [b.location for b in found] == expected
    # what the first [ … ] writes at its own level: its nested nodes and list as None
    assert found[0].says == {(RDF_TYPE, EX + "C"), (EX + "r", None), (EX + "t", None)}
    # and where it writes each IRI and literal at that level, not those nested deeper
    assert found[0].values == {
        (RDF_TYPE, (EX + "C", False)): Location(data, 12),
        (EX + "r", ("1", True)): Location(data, 13),
    }
    assert found[-1].values == {(EX + "r", (EX + "c", False)): Location(data, 27)}
    assert index.location(EX + "a") == Location(data, 8)  # its first block, as before


@pytest.mark.parametrize("subjects", [None, {EX + "a", EX + "b"}], ids=["by-name", "subjects"])
def test_each_value_an_owner_writes_is_found_in_the_same_reading(
    subjects: set[str] | None,
) -> None:
    """The IRIs and literals of a way are read with its blank nodes, by the same tokens:
    the strings, comments and datatypes of the fixture that look like statements write
    none, and a value inside a blank node is not its owner's (lines read off the text)."""
    data = BLANK_PLACE / "tokens.ttl"
    is_subject = subjects.__contains__ if subjects is not None else None
    index = LocationIndex([data], {EX + "a"}, is_subject, ways=[(EX + "a", EX + "q")])
    assert index.values[EX + "a", EX + "q"] == {
        (EX + "b", False): Location(data, 11),
        ("1.5", True): Location(data, 16),
    }


def test_a_literal_is_compared_by_its_text_as_the_parser_reads_it(tmp_path: Path) -> None:
    """A string by its text with its escapes read, in short and long quotes; a number or
    boolean as written; each at the line of the value itself, not of its property. The
    texts are those the parser reads (pyoxigraph, the reference)."""
    import pyoxigraph as ox

    data = tmp_path / "values.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/> .\n"  # 1
        "ex:a\n"  # 2
        '    ex:q "x\\"y\\u00e9\\n\\\\" ,\n'  # 3
        "        '''two\nlines'''@en ,\n"  # 4, 5
        "        'it\\'s'^^ex:T ,\n"  # 6
        "        true, -2.5e3 ,\n"  # 7
        "        <b> ;\n"  # 8
        "    ex:p ex:z .\n",  # 9
        encoding="utf-8",
    )
    index = LocationIndex([data], {EX + "a"}, {EX + "a"}.__contains__, ways=[(EX + "a", EX + "q")])
    found = index.values[EX + "a", EX + "q"]
    assert {(value, literal): place.line for (value, literal), place in found.items()} == {
        ('x"y\u00e9\n\\', True): 3,
        ("two\nlines", True): 4,
        ("it's", True): 6,
        ("true", True): 7,
        ("-2.5e3", True): 7,
        (data.parent.as_uri() + "/b", False): 8,
    }
    parsed = ox.parse(path=str(data), format=ox.RdfFormat.TURTLE, base_iri=data.as_uri())
    objects = {t.object.value for t in parsed if t.predicate.value == EX + "q"}
    assert {value for value, _ in found} == objects
    assert ("true", False) not in found  # a literal is no IRI


def test_a_blank_node_is_placed_where_what_is_written_fits_it() -> None:
    """Of the blank nodes one way leads to, the report's is the one whose ``[ … ]`` writes
    nothing it does not say (a store adds types, never removes what a file writes), the
    one that writes most of it first."""
    first, second, third = (Location(Path(f"{n}.ttl"), 1) for n in "abc")
    written = [
        locations.Blank(first, frozenset({(EX + "r", EX + "x")}), {}),
        locations.Blank(second, frozenset(), {}),
        locations.Blank(third, frozenset({(EX + "r", EX + "y"), (RDF_TYPE, EX + "C")}), {}),
    ]
    says = [(EX + "r", EX + "y"), (RDF_TYPE, EX + "C"), (RDF_TYPE, EX + "D")]
    assert locations.blank_place(written, lambda: says) == written[2]
    assert locations.blank_place(written, lambda: [(EX + "s", None)]) == written[1]
    assert locations.blank_place(written[:1], lambda: []) == written[0]  # the only one
    assert locations.blank_place([], lambda: []) is None
