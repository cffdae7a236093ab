"""Searching a text for many names at once: one pattern, shaped as a trie, for them all.

A search per name reads the text once per name; the report of a file with thousands of
unknown terms or dangling references would then grow with their number times the file's
size. Every spelling of an IRI (``<…>`` or ``prefix:local``, escapes and all) ends in
its local name, so one pass for the local names finds the few places worth a close look.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from .textlines import LineStarts

T = TypeVar("T", bound=Hashable)


def local_name(iri: str) -> str:
    """The part of ``iri`` every spelling shares (after the last / # or :), unescaped."""
    return re.split(r"[/#:]", iri)[-1] or iri


def trie_pattern(words: set[str]) -> str:
    """A regular expression matching any of ``words``, longest first, shaped as a trie
    (fast for many words: an alternation of them tries each one at every place)."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(tree)


def mentions(line: str, spelling: str) -> bool:
    """``spelling`` occurs in ``line`` as a whole token (not as the start of a longer name)."""
    start = line.find(spelling)
    while start >= 0:
        end = start + len(spelling)
        before = line[start - 1] if start > 0 else " "
        after = line[end] if end < len(line) else " "
        if not (before.isalnum() or before in "_-:") and not (after.isalnum() or after in "_-/"):
            return True
        start = line.find(spelling, start + 1)
    return False


def first_mentions(
    text: str, names: Iterable[T], spellings: Callable[[T], Iterable[str]]
) -> dict[T, int]:
    """The first line of ``text`` on which each of ``names`` is mentioned (:func:`mentions`
    of any of its ``spellings``); comment lines do not count, a name mentioned nowhere is
    left out.

    One reading for all the names. Each is looked for by its local name (or, for a
    spelling that does not contain it, by the whole spelling), at every place, overlapping
    and nested ones included, so that only the lines where one stands are read closely —
    and the same lines as a search for each name by itself would find."""
    spelled: dict[T, list[str]] = {}
    by_word: dict[str, list[T]] = {}
    for name in names:
        spelled[name] = list(spellings(name))
        local = local_name(str(name))
        for word in {local} | {s for s in spelled[name] if local not in s}:
            by_word.setdefault(word, []).append(name)
    if not by_word:
        return {}
    lines = LineStarts(text)
    found: dict[T, int] = {}
    # a lookahead matches at every place, so no hit hides one that overlaps it
    for hit in re.finditer(f"(?=({trie_pattern(set(by_word))}))", text):
        longest = hit.group(1)  # the words that also start here are its prefixes
        waiting = [
            name
            for size in range(1, len(longest) + 1)
            for name in by_word.get(longest[:size], ())
            if name not in found
        ]
        if not waiting:
            continue
        number = lines.line(hit.start())
        line = text[lines.starts[number - 1] : lines.end(number)].removesuffix("\n")
        if line.lstrip().startswith("#"):
            continue
        for name in waiting:
            if name not in found and any(mentions(line, s) for s in spelled[name]):
                found[name] = number
    return found
