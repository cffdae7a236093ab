"""Where the nodes of a report are defined or mentioned: one pass over the files.

The report needs a file and line for each node it names. Reading the files once per
violation made the report cost grow with the number of violations times the size of the
data; here every file is read once, for all the wanted IRIs together, and only those are
remembered, so memory grows with the report and not with the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..load import _PREFIX_RE, _SUBJECT_RE, Location
from ..namespaces import PREFIXES

# an IRI in angle brackets or a prefixed name (local part may hold escapes such as \/)
_TOKEN_RE = re.compile(
    r"<([^<>\s\"]*)>|(?<![\w:<-])([A-Za-z][\w.-]*)?:((?:[^\s;,()\[\]\"'<>\\]|\\.)*)"
)


class LocationIndex:
    """For each wanted IRI: the line defining it (as a subject) and the first line naming it."""

    def __init__(self, files: Sequence[Path], wanted: Iterable[str]) -> None:
        self.wanted = set(wanted)
        self.defined: dict[str, Location] = {}
        self.mentioned: dict[str, Location] = {}
        if self.wanted:
            for path in files:
                if path.suffix.lower() in (".ttl", ".trig", ".nt", ".nq"):
                    self._scan(path)

    def _scan(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        prefixes = {k: str(v) for k, v in PREFIXES.items()}
        wanted, defined, mentioned = self.wanted, self.defined, self.mentioned
        for number, line in enumerate(text.splitlines(), start=1):
            m = _PREFIX_RE.match(line)
            if m:
                prefixes[m.group(1) or ""] = m.group(2)
                continue
            stripped = line.lstrip()
            if not stripped or stripped[0] == "#":
                continue
            if line[0] not in " \t#@[]().;,":
                s = _SUBJECT_RE.match(line)
                if s:
                    subject = _resolve(s.group(1), prefixes)
                    if subject in wanted and subject not in defined:
                        defined[subject] = Location(path, number)
            for angle, prefix, local in _TOKEN_RE.findall(line):
                if angle:
                    iri = angle
                else:
                    ns = prefixes.get(prefix or "")
                    iri = "" if ns is None else ns + local.rstrip(".").replace("\\", "")
                if iri in wanted and iri not in mentioned:
                    mentioned[iri] = Location(path, number)

    def location(self, iri: str) -> Location | None:
        """The defining line, else the first line that names the IRI."""
        return self.defined.get(iri) or self.mentioned.get(iri)

    def is_defined(self, iri: str) -> bool:
        return iri in self.defined


def _resolve(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    ns = prefixes.get(prefix)
    return None if ns is None else ns + local.replace("\\", "")
