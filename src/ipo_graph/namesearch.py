"""Searching a text for many names at once: one pattern, shaped as a trie, for them all.

A search per name reads the text once per name; the report of a file with thousands of
unknown terms or dangling references would then grow with their number times the file's
size. Nearly every spelling of an IRI (``<…>`` or ``prefix:local``, escapes and all)
ends in its local name, so one pass for the local names finds the few places worth a
close look (:mod:`ipo_graph.locations` adds the spellings that do not).
"""

from __future__ import annotations

import re


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
