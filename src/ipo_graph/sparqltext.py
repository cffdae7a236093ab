"""What a SPARQL text is, read before any engine sees it: updates, prefixes.

Oxigraph's own errors for these cases are a list of expected Unicode ranges or "expected
CONSTRUCT"; a person needs "unknown prefix foo:" and "updates are not supported here".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import UsageError

_COMMENT_OR_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w.:?$-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[;,.)\]}]|$)")
_UPDATE = re.compile(
    r"^\s*(?:PREFIX\s+[\w.-]*:\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_KEYWORDS_WITH_COLON = frozenset({"bnode", "iri", "uri", "http", "https", "urn", "mailto"})


def code_only(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked (same length, same lines)."""

    def blank(m: re.Match[str]) -> str:
        s = m.group(0)
        if s.startswith("<"):
            return "<" + " " * (len(s) - 2) + ">"
        return "".join("\n" if c == "\n" else " " for c in s)

    return _COMMENT_OR_STRING.sub(blank, text)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, ...)."""
    return _UPDATE.match(code_only(text)) is not None


def refuse_update(text: str) -> None:
    if is_update(text):
        raise UsageError(
            "updates are not supported here: ipo-graph query only reads the graph "
            "(SELECT, ASK, CONSTRUCT or DESCRIBE); change the data in data/*.ttl instead"
        )


def declared_prefixes(text: str) -> set[str]:
    return {m.group(1) or "" for m in _PREFIX_DECL.finditer(code_only(text))}


def used_prefixes(text: str) -> dict[str, tuple[int, int]]:
    """Prefixes used in prefixed names → (line, column) of their first use."""
    code = code_only(text)
    declarations = {m.start(1) if m.group(1) else m.end() - 1 for m in _PREFIX_DECL.finditer(code)}
    out: dict[str, tuple[int, int]] = {}
    for m in _PREFIXED.finditer(code):
        start = m.start()
        if start in declarations:
            continue
        prefix = m.group(1) or ""
        if prefix.casefold() in _KEYWORDS_WITH_COLON:
            continue
        line = code.count("\n", 0, start) + 1
        column = start - (code.rfind("\n", 0, start) + 1) + 1
        out.setdefault(prefix, (line, column))
    return out


def unknown_prefix(text: str, known: Mapping[str, str]) -> tuple[str, int, int] | None:
    """The first prefix used but neither declared in ``text`` nor in ``known``."""
    declared = declared_prefixes(text) | set(known)
    for prefix, (line, column) in sorted(used_prefixes(text).items(), key=lambda kv: kv[1]):
        if prefix not in declared:
            return prefix, line, column
    return None


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """``text`` with the ``prefixes`` it uses but does not declare, on its first line.

    Put before the first line's text (not on lines of their own) so that an engine's error
    positions keep their line numbers.
    """
    declared = declared_prefixes(text)
    used = used_prefixes(text)
    extra = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in sorted(prefixes.items())
        if p in used and p not in declared
    ]
    return " ".join([*extra, text]) if extra else text
