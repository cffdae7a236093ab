"""Seeded mutations of Turtle text for the fuzz test: each returns the new text and its line."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

INSERTS = (";", ".", ",", '"x"', "ipo:", "<a b>", "@en", "[", "]", "(", "^^", "_:", "a")
_DATE = re.compile(r'"(\d{4})-(\d{2})-(\d{2})"\^\^xsd:date')
_IRI = re.compile(r"<[^>\s]{3,}>")
_STRING = re.compile(r'"[^"\\\n]{2,}"')


#: kind → the pattern a line must contain, and how its first match is broken
_REWRITES: dict[str, tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = {
    "date": (_DATE, lambda m: f'"{m.group(1)}-13-{m.group(3)}"^^xsd:date'),
    "iri": (_IRI, lambda m: m.group(0)[:2] + " " + m.group(0)[2:]),
    "escape": (_STRING, lambda m: m.group(0)[:2] + "\\q" + m.group(0)[2:]),
}


def _code_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]


def mutate(text: str, rng: random.Random) -> tuple[str, int, str]:
    """One random mutation of ``text``: (new text, 1-based line changed, kind)."""
    lines = text.split("\n")
    kind = rng.choice(["delete", "insert", "escape", "iri", "subject", "date"])
    candidates = _code_lines(lines)
    if kind in _REWRITES:
        pattern, rewrite = _REWRITES[kind]
        hits = [i for i in candidates if pattern.search(lines[i])]
        if hits:
            i = rng.choice(hits)
            lines[i] = pattern.sub(rewrite, lines[i], 1)
            return "\n".join(lines), i + 1, kind
        kind = "delete"
    if kind == "subject":
        hits = [i for i in candidates if lines[i][:1] not in (" ", "\t", "@", "P", "")]
        if hits:
            i = rng.choice(hits)
            lines[i] = '"literal"' + lines[i][len(lines[i].split()[0]) :]
            return "\n".join(lines), i + 1, kind
        kind = "delete"
    i = rng.choice(candidates)
    tokens = lines[i].split(" ")
    positions = [k for k, t in enumerate(tokens) if t]
    k = rng.choice(positions)
    if kind == "insert":
        tokens.insert(k, rng.choice(INSERTS))
    else:
        kind = "delete"
        del tokens[k]
    lines[i] = " ".join(tokens)
    return "\n".join(lines), i + 1, kind
