"""Line numbers of offsets (``textlines``) and of quoted literals (``load.quoted_lines``).

Both replace a count of the newlines before every position, which made reports with many
positions quadratic; each is checked here against that plain count as the reference.
"""

from __future__ import annotations

import random

import pytest

from ipo_graph.load import quoted_lines
from ipo_graph.textlines import LineStarts, numbered_lines


def _line_by_count(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _literal_lines_by_search(text: str, lexical: str) -> list[int] | None:
    found = {
        _line_by_count(text, pos)
        for quote in ('"', "'")
        for pos in range(len(text))
        if text.startswith(f"{quote}{lexical}{quote}", pos)
    }
    return sorted(found) or None


@pytest.mark.parametrize("text", ["", "a", "\n", "ab\ncd", "ab\ncd\n", "\n\nx\n\n"])
def test_line_and_column_agree_with_counting(text: str) -> None:
    lines = LineStarts(text)
    assert len(lines) == text.count("\n") + 1
    for offset in range(len(text) + 1):
        line = _line_by_count(text, offset)
        assert lines.line(offset) == line
        assert lines.column(offset) == offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert lines.starts[line - 1] <= offset <= lines.end(line)
    assert lines.end(len(lines)) == len(text)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", []),
        ("\n", [""]),
        ("a", ["a"]),
        ("a\n", ["a"]),
        ("a\nb", ["a", "b"]),
        ("a\nb\n", ["a", "b"]),
        ("a\n\n", ["a", ""]),
        ("a\r\nb\r\n", ["a\r", "b\r"]),
    ],
)
def test_numbered_lines_count_as_an_editor_does(text: str, lines: list[str]) -> None:
    """No empty line after a final newline (``wc -l``), and an unended last line counts."""
    assert numbered_lines(text) == lines
    assert len(lines) == text.count("\n") + (not text.endswith("\n") and text != "")


def test_a_literal_is_found_on_every_line_that_quotes_it() -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"
        'ex:a ex:p "12x" , "it\'s" .\n'
        "ex:b ex:p '12x' ; ex:q 'say \"hi\"' .\n"
        'ex:c ex:p """two\nlines""" .\n'
    )
    found = quoted_lines(text, ["12x", "it's", 'say "hi"', "two\nlines", "absent"])
    assert found == {"12x": [2, 3], "it's": [2], 'say "hi"': [3], "two\nlines": [4]}


def test_quoted_strings_agree_with_searching_the_text() -> None:
    rng = random.Random(7)
    alphabet = ['"', "'", "a", "b", "\n", " ", "\\"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        pieces = {text[i:j] for i in range(len(text)) for j in range(i, min(len(text), i + 6))}
        found = quoted_lines(text, pieces | {"", "zz"})
        for lexical in pieces | {"", "zz"}:
            assert found.get(lexical) == _literal_lines_by_search(text, lexical), (text, lexical)


def test_many_literals_are_located_in_linear_time() -> None:
    """Regression: each ill-typed literal searched the file from its start and counted
    its newlines, so 20,000 of them took 7 s of a validation. The bound is generous:
    the index reads 50,000 in well under a second."""
    import time

    text = "".join(f'ex:s{i} ex:p "x{i}"^^xsd:integer .\n' for i in range(50_000))
    started = time.perf_counter()
    found = quoted_lines(text, [f"x{i}" for i in range(50_000)])
    assert time.perf_counter() - started < 10
    assert [found[f"x{i}"] for i in range(50_000)] == [[n] for n in range(1, 50_001)]
