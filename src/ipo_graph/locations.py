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

A result about a blank node is placed where the blank node is written, which need not be
its owner's first block (a period added to a membership in another file): in the same
pass, each statement of such an owner is read to its end for the blank nodes it writes
(:func:`.turtletext.objects_written`), and :func:`blank_place` picks the result's. A
result about a value of an IRI's property is placed, by the same reading, at the first
line that writes that value (:attr:`LocationIndex.values`), wherever the statement
stands: an editor who adds a wrong link in another file is sent to that line, not to
the subject's first block.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from . import strict
from .errors import ParseError
from .load import Location
from .namesearch import local_name, trie_pattern
from .namespaces import PREFIX_IRIS
from .turtletext import (
    BASE_RE,
    LOCAL_PART,
    PREFIX_RE,
    RDF_TYPE,
    SUBJECT_RE,
    Declaration,
    PrefixesAt,
    Terms,
    WrittenBlank,
    declarations,
    objects_written,
    resolve_token,
    statement_end,
    subject_lines,
)

Way = tuple[str, str]
"""A blank node's or a value's way in: the IRI owning it and the property leading from
that IRI (for a blank node the first of the way to it, as
:func:`ipo_graph.owners.owner_way` finds it)."""

Value = tuple[str, bool]
"""An IRI or literal as a statement writes it (:class:`.turtletext.WrittenValue`): the IRI
or the literal's lexical form, and whether it is a literal."""


class Blank(NamedTuple):
    """A blank node a statement of its owner writes: the line of the property leading to
    it, what its ``[ … ]`` says at its own level (see :class:`.turtletext.WrittenBlank`),
    and the first line writing each of its IRIs and literals there, by property."""

    location: Location
    says: frozenset[tuple[str, str | None]]
    values: dict[tuple[str, Value], Location]


# an IRI in angle brackets or a prefixed name (local part may hold escapes such as \/)
_TOKEN_RE = re.compile(rf"<([^<>\s\"]*)>|(?<![\w:<-])([A-Za-z][\w.-]*)?:({LOCAL_PART})")


class LocationIndex:
    """For each wanted IRI: the line defining it (as a subject) and the first line naming it.

    ``is_subject`` tells which IRIs are subjects of the data (the store knows); those are
    looked up among the lines' subjects. One a file writes in another way (a subject that
    does not start its line) is then searched by its name in a second pass, for it alone.

    For each of ``ways`` (a wanted owner and one of its properties), in the same pass:
    every blank node a statement of that owner writes as the property's value, in any
    of its blocks, in any file (:attr:`blanks`), and every IRI and literal
    (:attr:`values`). A value is written in one block, not necessarily the owner's first.
    """

    def __init__(
        self,
        files: Sequence[Path],
        wanted: Iterable[str],
        is_subject: Callable[[str], bool] | None = None,
        parsed: dict[Path, frozenset[str]] | None = None,
        ways: Iterable[Way] = (),
    ) -> None:
        names = set(wanted)
        self._ways: dict[str, set[str]] = {}
        for owner, prop in ways:
            self._ways.setdefault(owner, set()).add(prop)
        #: what every spelling of a way's property holds (``a`` none of rdf:type's)
        self._spelt = {
            prop: "" if prop == RDF_TYPE else local_name(prop)
            for props in self._ways.values()
            for prop in props
        }
        names.update(self._ways)
        self.blanks: dict[Way, list[Blank]] = {}
        #: the first place each value of a way is written (looked up by value: one post
        #: may link to 20,000 values, each in a result of its own)
        self.values: dict[Way, dict[Value, Location]] = {}
        #: the last place that writes a value of a way, of any kind, in the order the
        #: files are given and then by line (where values beyond a maximum are reported:
        #: most often the one an editor added, to a later file or lower in the same)
        self.last: dict[Way, Location] = {}
        self._rank = {path: i for i, path in enumerate(files)}
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
            defined, ways = self.defined, self._ways
            # read only for a statement of a way's owner, each term resolved once for as
            # long as the declarations stay the same
            blocks: PrefixesAt | None = None
            terms, applied = None, -1
            for iri, number, at in subject_lines(text, path, declared):
                if iri in subjects and iri not in defined:
                    defined[iri] = Location(path, number)
                if iri in ways and iri in subjects and opens_statement(text, at):
                    blocks = blocks or PrefixesAt(declared, path)
                    prefixes = blocks.before(at)
                    if terms is None or blocks.applied != applied:
                        terms, applied = Terms(prefixes, blocks.base), blocks.applied
                    self._objects_of(iri, text, path, at, number, terms)
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
            prefixes = scope.before(start)
            subject = self._line(line, path, line_no, prefixes, scope.base, names, opens)
            if subject is not None and subject in self._ways:
                at = start + len(line) - len(line.lstrip())
                self._objects_of(subject, text, path, at, line_no, Terms(prefixes, scope.base))

    def _objects_of(
        self,
        owner: str,
        text: str,
        path: Path,
        at: int,
        number: int,
        terms: Terms,
    ) -> None:
        """The objects the statement of ``owner`` at offset ``at`` (line ``number``)
        writes as values of the properties of its ways: read token by token only when
        the statement names one of them (most of an owner's blocks do not)."""
        props = self._ways[owner]
        end = statement_end(text, at)
        if not any(text.find(self._spelt[prop], at, end) >= 0 for prop in props):
            return
        for written in objects_written(text, at, terms, props):
            where = Location(path, number + text.count("\n", at, written.offset))
            way = (owner, written.predicate)
            before = self.last.get(way)
            if before is None or self._later(where, before):
                self.last[way] = where
            if isinstance(written, WrittenBlank):
                inside: dict[tuple[str, Value], Location] = {}
                for v in written.values:
                    line = number + text.count("\n", at, v.offset)
                    inside.setdefault((v.predicate, (v.value, v.literal)), Location(path, line))
                self.blanks.setdefault(way, []).append(Blank(where, written.says, inside))
            else:
                places = self.values.setdefault(way, {})
                places.setdefault((written.value, written.literal), where)

    def _later(self, one: Location, other: Location) -> bool:
        """Whether ``one`` comes after ``other`` in the files' order, then by line."""
        return (self._rank[one.path], one.line or 0) > (self._rank[other.path], other.line or 0)

    def _line(
        self,
        line: str,
        path: Path,
        number: int,
        prefixes: dict[str, str],
        base: str | None,
        wanted: set[str],
        opens: bool,
    ) -> str | None:
        """The wanted IRIs ``line`` names; its first token is a subject (defined here)
        when the line ``opens`` a statement, indented or not (a TriG graph's block): that
        subject, if wanted, is the answer."""
        defined, mentioned = self.defined, self.mentioned
        stripped = line.lstrip()
        if not stripped or stripped[0] == "#" or PREFIX_RE.match(line) or BASE_RE.match(line):
            return None
        opened = None
        if opens and stripped[0] not in "#@[]().;,":
            s = SUBJECT_RE.match(stripped)
            if s:
                subject = resolve_token(s.group(1), prefixes, base)
                if subject is not None and subject in wanted:
                    opened = subject
                    if subject not in defined:
                        defined[subject] = Location(path, number)
        for angle, prefix, local in _TOKEN_RE.findall(strict.code_of_line(line)):
            if angle:
                iri = resolve_token(f"<{angle}>", prefixes, base) or ""
            else:
                ns = prefixes.get(prefix or "")
                iri = "" if ns is None else ns + local.rstrip(".").replace("\\", "")
            if iri in wanted and iri not in mentioned:
                mentioned[iri] = Location(path, number)
        return opened

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
    return place_report(files, wanted, (), is_subject, referrers).places


class Placed(NamedTuple):
    """What one reading of the files found for a report (:func:`place_report`)."""

    places: dict[str, Location | None]
    blanks: dict[Way, list[Blank]]
    values: dict[Way, dict[Value, Location]]
    last: dict[Way, Location]


def place_report(
    files: Sequence[Path],
    wanted: Iterable[str],
    ways: Iterable[Way],
    is_subject: Callable[[str], bool],
    referrers: Callable[[str], Iterable[str]],
) -> Placed:
    """:func:`place_all`, and in the same reading of the files, for each of ``ways``
    every blank node, IRI and literal its owner's statements write as its property's
    value (:func:`blank_place` picks a report's blank node among them)."""
    names = set(wanted)
    parsed: dict[Path, frozenset[str]] = {}
    index = LocationIndex(files, names, is_subject, parsed, ways)
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
    return Placed(out, index.blanks, index.values, index.last)


def blank_place(
    written: Sequence[Blank], says: Callable[[], Iterable[tuple[str, str | None]]]
) -> Blank | None:
    """Where a blank node is written, of the places its way in leads to (``written``, in
    the order of the files and lines): the one place, else the one whose ``[ … ]`` says
    the most that the node says (``says``: its statements, each property with its object's
    IRI or None, as :attr:`Blank.says`), the first of equals; None if none was found (a
    file without lines). Both engines ask their own graph for ``says``; the text writes
    no more than it holds, so only a place that writes nothing else can be the node's."""
    if len(written) <= 1:
        return written[0] if written else None
    stated = set(says())
    fits = [w for w in written if w.says <= stated] or list(written)
    return max(fits, key=lambda w: len(w.says))
