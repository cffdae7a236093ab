"""Where the nodes and terms of a report are defined or mentioned: one pass over the files.

The one rule for both engines and the closed-vocabulary check: a name counts where a
token of a line spells it, read with the prefixes declared above that line.

The report needs a file and line for each node it names. Reading the files once per
violation made the report cost grow with the number of violations times the size of the
data; here every file is read once, for all the wanted IRIs together, and only those are
remembered, so memory grows with the report and not with the data.

Most wanted IRIs are subjects of the data, written at the start of a line: those are
found by reading the subject at the start of each line, whatever their number. The
others (a dangling reference, say) are searched by their names, with one trie-shaped
pattern; building that pattern costs time with every name in it (140,000 names: about
4 s), so it holds only these.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import strict
from .errors import ParseError
from .load import Location
from .namesearch import local_name, trie_pattern
from .namespaces import PREFIX_IRIS
from .turtletext import (
    BASE_RE,
    LOCAL_PART,
    PREFIX_RE,
    SUBJECT_RE,
    Declaration,
    PrefixesAt,
    declarations,
    line_subjects,
    resolve_token,
)

# an IRI in angle brackets or a prefixed name (local part may hold escapes such as \/)
_TOKEN_RE = re.compile(rf"<([^<>\s\"]*)>|(?<![\w:<-])([A-Za-z][\w.-]*)?:({LOCAL_PART})")


class LocationIndex:
    """For each wanted IRI: the line defining it (as a subject) and the first line naming it.

    ``is_subject`` tells which IRIs are subjects of the data (the store knows); those are
    looked up among the lines' subjects. One a file writes in another way (a subject that
    does not start its line) is then searched by its name in a second pass, for it alone.
    """

    def __init__(
        self,
        files: Sequence[Path],
        wanted: Iterable[str],
        is_subject: Callable[[str], bool] | None = None,
        parsed: dict[Path, frozenset[str]] | None = None,
    ) -> None:
        names = set(wanted)
        # the named subjects of each file without lines, parsed once for every index
        # that shares this dict (place_all builds two)
        self._parsed = parsed if parsed is not None else {}
        self.defined: dict[str, Location] = {}
        self.mentioned: dict[str, Location] = {}
        texts = [p for p in files if strict.has_lines(p)]
        subjects = {iri for iri in names if is_subject(iri)} if is_subject else set()
        self._search(texts, names - subjects, subjects)
        missed = {iri for iri in subjects if iri not in self.defined}
        if missed:
            self._search(texts, missed, set())
        others = [p for p in files if not strict.has_lines(p)]
        if others and len(self.defined) < len(names):
            self._subjects_of(others, names)

    def _subjects_of(self, files: Sequence[Path], names: set[str]) -> None:
        """A file without lines to read (JSON-LD, RDF/XML) defines the subjects of its
        triples: the wanted ones not yet defined are placed in it, without a line."""
        defined = self.defined
        for path in files:
            if path not in self._parsed:
                self._parsed[path] = _named_subjects(path)
            for iri in self._parsed[path] & names:
                if iri not in defined:
                    defined[iri] = Location(path, None)

    def _search(self, files: Sequence[Path], names: set[str], subjects: set[str]) -> None:
        """One pass over ``files``: ``subjects`` among the lines' subjects, ``names`` by
        name. Only these are noted: a line found for one name may mention another,
        searched in the other pass, and must not stand as that one's first mention."""
        candidates = _Candidates(names) if names else None
        if names or subjects:
            for path in files:
                self._scan(path, names, candidates, subjects)

    def _scan(
        self, path: Path, names: set[str], found: _Candidates | None, subjects: set[str]
    ) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        declared = declarations(text)
        if subjects:
            defined = self.defined
            for iri, number in line_subjects(text, path, declared):
                if iri in subjects and iri not in defined:
                    defined[iri] = Location(path, number)
        if found is None:
            return
        candidates = found.pattern(declared)
        scope = PrefixesAt(declared, path)
        line_no, line_start, last = 1, 0, -1
        for hit in candidates.finditer(text):
            start = text.rfind("\n", 0, hit.start()) + 1
            if start == last:
                continue
            line_no += text.count("\n", line_start, start)
            line_start = last = start
            end = text.find("\n", start)
            line = text[start : end if end >= 0 else len(text)]
            opens = line[:1] not in (" ", "\t") or opens_statement(text, start)
            self._line(line, path, line_no, scope.before(start), scope.base, names, opens)

    def _line(
        self,
        line: str,
        path: Path,
        number: int,
        prefixes: dict[str, str],
        base: str | None,
        wanted: set[str],
        opens: bool,
    ) -> None:
        """The wanted IRIs ``line`` names; its first token is a subject (defined here)
        when the line ``opens`` a statement, indented or not (a TriG graph's block)."""
        defined, mentioned = self.defined, self.mentioned
        stripped = line.lstrip()
        if not stripped or stripped[0] == "#" or PREFIX_RE.match(line) or BASE_RE.match(line):
            return
        if opens and stripped[0] not in "#@[]().;,":
            s = SUBJECT_RE.match(stripped)
            if s:
                subject = resolve_token(s.group(1), prefixes, base)
                if subject in wanted and subject not in defined:
                    defined[subject] = Location(path, number)
        for angle, prefix, local in _TOKEN_RE.findall(strict.code_of_line(line)):
            if angle:
                iri = resolve_token(f"<{angle}>", prefixes, base) or ""
            else:
                ns = prefixes.get(prefix or "")
                iri = "" if ns is None else ns + local.rstrip(".").replace("\\", "")
            if iri in wanted and iri not in mentioned:
                mentioned[iri] = Location(path, number)

    def location(self, iri: str) -> Location | None:
        """The defining line, else the first line that names the IRI."""
        return self.defined.get(iri) or self.mentioned.get(iri)

    def is_defined(self, iri: str) -> bool:
        """Whether a line that opens a statement has ``iri`` as its subject: where the
        index places it, not what the report calls defined (``violations.is_described``,
        from the data)."""
        return iri in self.defined


class _Candidates:
    """Where a wanted IRI may be named: one search for all of them finds the few lines
    worth reading closely.

    Every spelling of an IRI ends in its local name, so a trie-shaped pattern of the local
    names serves every file. Two spellings do not contain it, and are added for the file
    whose prefixes write them so: a prefix whose IRI ends inside the local name
    (``od: <http://example.org/F>`` writes ``…/Foo`` as ``od:oo``), and an IRI ending in
    ``/`` or ``#`` written with a prefix (``ex:``)."""

    def __init__(self, names: set[str]) -> None:
        self._source = trie_pattern({local_name(iri) for iri in names})
        self._shared = re.compile(self._source)
        self._sorted = sorted(names)
        self._whole = [iri for iri in self._sorted if local_name(iri) == iri]

    def pattern(self, declared: list[Declaration]) -> re.Pattern[str]:
        """The search for a file with these prefix declarations (and the usual ones)."""
        pairs = {*PREFIX_IRIS.items(), *((p, ns) for _, p, ns in declared if p is not None)}
        extra = {
            f"{prefix}:{written}"
            for prefix, ns in pairs
            if ns
            for iri in self._within(ns)
            if local_name(iri) not in iri[len(ns) :]
            # as it stands, and with / and # escaped as a prefixed name must write them
            for written in (iri[len(ns) :], _LOCAL_ESCAPES.sub(r"\\\g<0>", iri[len(ns) :]))
        }
        if not extra:
            return self._shared
        return re.compile(f"{self._source}|{trie_pattern(extra)}")

    def _within(self, ns: str) -> list[str]:
        """The wanted IRIs in namespace ``ns`` that a prefix for it may cut into."""
        if ns[-1] in "/#:":  # only an IRI ending in one of those: its local name is itself
            return [iri for iri in self._whole if iri.startswith(ns)]
        start = bisect.bisect_left(self._sorted, ns)
        end = bisect.bisect_left(self._sorted, ns + "\U0010ffff")
        return self._sorted[start:end]


# characters a prefixed name's local part writes with a backslash
_LOCAL_ESCAPES = re.compile(r"[/#?]")


def opens_statement(text: str, start: int) -> bool:
    """Whether the line at offset ``start`` begins a statement: the line before it that
    holds more than a comment ends one (``.``, or a TriG graph's ``{`` or ``}``), or is a
    declaration, or there is none. A line after ``;`` or ``,`` goes on with a subject
    already named; one after ``[`` or ``(`` is inside a blank node or a list."""
    end = start - 1
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        before = strict.code_of_line(text[begin:end]).strip()
        if before:
            if PREFIX_RE.match(before) or BASE_RE.match(before):
                return True
            return before[-1:] in (".", "{", "}")
        end = begin - 1
    return True


def _named_subjects(path: Path) -> frozenset[str]:
    """The IRIs ``path`` states something about (none if it does not parse: validation
    has read it already and said so)."""
    import pyoxigraph as ox

    try:
        parsed = strict.parse_file(path)
    except ParseError:
        return frozenset()
    return frozenset(t.subject.value for t in parsed.triples if isinstance(t.subject, ox.NamedNode))


def place_all(
    files: Sequence[Path],
    wanted: Iterable[str],
    is_subject: Callable[[str], bool],
    referrers: Callable[[str], Iterable[str]],
) -> dict[str, Location | None]:
    """Where each wanted IRI is, for a report: its defining line, else the first line
    naming it, else (named nowhere the index reads: a node only a JSON-LD file links to)
    the first place of what links to it. Both engines place their owners here, each
    asking its own graph what is a subject and what links to what."""
    names = set(wanted)
    parsed: dict[Path, frozenset[str]] = {}
    index = LocationIndex(files, names, is_subject, parsed)
    linked = {iri: set(referrers(iri)) for iri in names if index.location(iri) is None}
    second = (
        LocationIndex(files, set().union(*linked.values()), is_subject, parsed) if linked else None
    )
    out: dict[str, Location | None] = {}
    for iri in names:
        found = index.location(iri)
        if found is None and second is not None:
            places = (loc for s in linked[iri] if (loc := second.location(s)) is not None)
            found = min(places, key=lambda loc: loc.order, default=None)
        out[iri] = found
    return out
