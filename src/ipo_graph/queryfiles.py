"""The query catalogue: the named query files, their questions and declared parameters.

The competency questions live as ``queries/*.rq`` files. Each opens with a comment header::

    # question (nl): Wie is voorzitter van het bestuur?
    # question (en): Who chairs the board?
    # param body: iri (default: ipod:bestuur) — the body whose chair is asked for

Listing the queries (``ipo-graph query --list``) and finding one by name must stay fast,
so this module imports nothing heavier than :mod:`re`; binding the parameters as RDF
terms is :mod:`ipo_graph.queryparams`, running a query :mod:`ipo_graph.execution`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import UsageError

PARAM_TYPES = ("iri", "date", "string", "integer")
_QUESTION_RE = re.compile(r"^#\s*question\s*\((nl|en)\)\s*:\s*(.+?)\s*$")
_PARAM_RE = re.compile(
    r"^#\s*param\s+([A-Za-z_]\w*)\s*:\s*(\w+)"
    r"(?:\s*\(default:\s*(.*?)\))?\s*(?:[—–-]+\s*(.*?))?\s*$"
)


@dataclass(frozen=True)
class Param:
    """A declared query parameter: ``# param NAME: TYPE (default: VALUE) — description``."""

    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file with its questions and parameters."""

    name: str
    path: Path | None
    text: str
    question_nl: str = ""
    question_en: str = ""
    params: tuple[Param, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def about_a_day(self) -> bool:
        """Whether it asks about one day (a ``date`` parameter): the time pattern in its
        text answers for that day, so ``--as-of`` only sets the day."""
        return self.param("date") is not None

    def check_given(self, given: Mapping[str, str]) -> None:
        """Every parameter ``given`` (name → value) is declared and has a value: a usage
        error otherwise, listing the declared ones. An empty value is refused, whatever
        the type: it used to bind nothing, so ``--param body=`` answered for every body
        as if the parameter had not been asked for at all. Leaving the parameter out gives
        its default. Checked here, without rdflib, so that it fails before any loading."""
        for name, value in given.items():
            param = self.param(name)
            if param is None:
                avail = ", ".join(f"{p.name} ({p.type})" for p in self.params) or "none"
                raise UsageError(
                    f"query {self.name!r} has no parameter {name!r}; parameters: {avail}"
                )
            if value == "":
                default = f" (or leave it out for its default, {param.default})"
                raise UsageError(
                    f"parameter {name}: the value is empty; give a value of type {param.type}"
                    + (default if param.default else "")
                )


def parse_header(text: str) -> tuple[str, str, tuple[Param, ...]]:
    """The Dutch and English question and the parameters declared in the leading comments."""
    questions = {"nl": "", "en": ""}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        q = _QUESTION_RE.match(stripped)
        if q:
            questions[q.group(1)] = q.group(2)
            continue
        p = _PARAM_RE.match(stripped)
        if p:
            ptype = p.group(2).lower()
            if ptype not in PARAM_TYPES:
                raise UsageError(f"parameter {p.group(1)!r} has unknown type {ptype!r}")
            params.append(Param(p.group(1), ptype, p.group(3), p.group(4) or ""))
    return questions["nl"], questions["en"], tuple(params)


def load_query_file(path: Path) -> NamedQuery:
    """``path`` read as UTF-8; a byte that is not is reported as in a data file
    (:func:`ipo_graph.strict.decode`: ``file:line:column``, the line and a caret)."""
    from .strict import decode

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read query: {exc}") from None
    text = decode(path, data)
    nl, en, params = parse_header(text)
    return NamedQuery(path.stem, path, text, nl, en, params)


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every shipped named query, by name (the file stem), sorted."""
    folder = folder or paths.queries_dir()
    return {p.stem: load_query_file(p) for p in sorted(folder.glob("*.rq"))}


def find_query(name_or_path: str, folder: Path | None = None) -> NamedQuery:
    """A named query, or a ``.rq`` file; unknown names list the available ones."""
    candidate = Path(name_or_path)
    if name_or_path.endswith(".rq") or candidate.is_file():
        if not candidate.is_file():
            raise UsageError(f"{name_or_path}: no such query file")
        return load_query_file(candidate)
    known = named_queries(folder)
    if name_or_path in known:
        return known[name_or_path]
    from .names import did_you_mean

    hint = did_you_mean(name_or_path, known)
    raise UsageError(
        f"unknown query {name_or_path!r}{hint} (ipo-graph query --list shows all {len(known)})"
        if hint
        else f"unknown query {name_or_path!r}; available: {', '.join(known) or '(none)'}"
    )


def command_line_text(where: str, text: str) -> str:
    """``text`` from the command line, checked to be UTF-8 as a file is. Python hands a
    byte that is not UTF-8 over as a lone surrogate (PEP 383), which no engine can encode:
    it is reported where it stands (:func:`ipo_graph.strict.decode`), not as a traceback."""
    from .strict import decode

    return decode(where, text.encode("utf-8", "surrogateescape"))


def adhoc_query(text: str) -> NamedQuery:
    """A query given on the command line (``-e``), with whatever header it has."""
    text = command_line_text("-e", text)
    nl, en, params = parse_header(text)
    return NamedQuery("-e", None, text, nl, en, params)


def parse_param_args(items: Iterable[str]) -> dict[str, str]:
    """``name=value`` strings (the ``--param`` option) → a dict. A name given twice is a
    usage error: one of the two values would be dropped without a word."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param wants NAME=VALUE, got {item!r}")
        name = name.strip()
        if name in out:
            raise UsageError(
                f"--param {name} is given twice ({out[name]!r} and {value!r}); give it once"
            )
        out[name] = command_line_text(f"--param {name}", value)
    return out
