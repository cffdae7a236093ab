"""The validation report in four forms: text for people, JSON for tools, SHACL RDF, and
GitHub Actions annotations for CI.

The text form is grouped by file and sorted by line, so a data editor can walk down it
and fix each place in turn; every entry says where, what, and what to do (nl and en).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .errors import IpoGraphError, ParseError
from .labels import term_name
from .paths import display_path
from .violations import Outcome, Violation

NO_FILE = "(not defined in any file)"
#: A blank node that no IRI links to (``[ a org:Post ] .``): described by the data, but
#: with no name to look up in the files (its own changes from run to run).
NO_OWNER = "(a blank node no IRI leads to)"
#: A node the data describes whose place the index did not find.
NO_PLACE = "(defined; its place was not found)"
#: Above this many violations the text report ends with the count per shape, so that a
#: long report says at a glance which rule was broken how often.
SUMMARY_ABOVE = 10


def _nowhere(v: Violation) -> str:
    if not v.defined:
        return NO_FILE
    return NO_OWNER if v.owner is None else NO_PLACE


def _where(v: Violation) -> str:
    if v.location is None:
        return _nowhere(v)
    path = display_path(v.location.path)
    return path if v.location.line is None else f"{path}:{v.location.line}"


def _file_of(v: Violation) -> str:
    return display_path(v.location.path) if v.location else _nowhere(v)


def _node_line(v: Violation) -> str:
    name = term_name(v.owner) if v.owner is not None else v.focus_name
    if v.location is not None and not v.defined:
        name = f"{name} (not defined in any file; referred to here)"
    if v.label:
        name = f"{name}  \u201c{v.label}\u201d"
    if v.owner is not None and v.owner != v.focus:
        steps = " / ".join(term_name(p) for p in v.via) or "?"
        name = f"{name}, the blank node at {steps}"
    return name


def _messages(v: Violation) -> list[str]:
    """What to do, Dutch first (``nl: …``, ``en: …``), then any other language untagged."""
    known = [f"{lang}: {v.messages[lang]}" for lang in ("nl", "en") if lang in v.messages]
    return known + [t for lang, t in sorted(v.messages.items()) if lang not in ("nl", "en")]


def as_text(outcome: Outcome) -> str:
    """Violations grouped by file: location, node, path, value, message in nl and en."""
    files = len(outcome.files)
    if outcome.conforms:
        return f"ok: {files} files, {outcome.triples} triples conform to the shapes\n"
    lines: list[str] = []
    current: str | None = None
    for v in outcome.violations:
        group = _file_of(v)
        if group != current:
            if current is not None:
                lines.append("")
            lines.append(f"== {group}")
            current = group
        lines.append(f"{_where(v)}: {_node_line(v)}")
        if v.path:
            lines.append(f"    path:  {v.path}")
        if v.value is not None:
            lines.append(f"    value: {v.value_name}")
        lines.extend(f"    {message}" for message in _messages(v))
        lines.append(f"    shape: {term_name(v.shape)}")
    n = len(outcome.violations)
    if n > SUMMARY_ABOVE:
        lines.extend(["", "by shape:"])
        counts = _by_shape(outcome)
        width = len(str(counts[0][1]))
        lines.extend(f"  {count:>{width}}  {shape}" for shape, count in counts)
    lines.append("")
    lines.append(f"{n} violation{'s' if n != 1 else ''} in {files} files")
    return "\n".join(lines) + "\n"


def _by_shape(outcome: Outcome) -> list[tuple[str, int]]:
    """How many violations each shape has, most first."""
    counts = Counter(term_name(v.shape) for v in outcome.violations)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def as_dict(outcome: Outcome) -> dict[str, Any]:
    """A plain structure for ``--format json``."""
    return {
        "conforms": outcome.conforms,
        "files": [display_path(p) for p in outcome.files],
        "triples": outcome.triples,
        "violations": [
            {
                "file": display_path(v.location.path) if v.location else None,
                "line": v.location.line if v.location else None,
                "focus": v.focus_name,
                "owner": None if v.owner is None else str(v.owner),
                "defined": v.defined,
                "via": [term_name(p) for p in v.via],
                "label": v.label,
                "path": v.path,
                "value": v.value_name,
                "shape": term_name(v.shape),
                "constraint": term_name(v.component),
                "severity": term_name(v.severity),
                "message": v.messages,
            }
            for v in outcome.violations
        ],
    }


def as_json(outcome: Outcome) -> str:
    return json.dumps(as_dict(outcome), indent=2, ensure_ascii=False) + "\n"


def as_turtle(outcome: Outcome) -> str:
    """The SHACL validation report itself, as canonical Turtle: the same bytes from every
    run (results ordered by their content, not by the ids a run gave them)."""
    from .canonical import graph_turtle

    return graph_turtle(outcome.report)


#: SHACL severities as GitHub's annotation levels.
_LEVELS = {"sh:Violation": "error", "sh:Warning": "warning", "sh:Info": "notice"}


def _escape_data(text: str) -> str:
    """A workflow command's message: GitHub reads ``%``, CR and LF as its own syntax."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(outcome: Outcome) -> str:
    """One GitHub Actions workflow command per violation (``::error file=…,line=…::…``),
    so that a pull request shows each violation on the line it is about.

    A violation with no place (a node defined in no file) is an annotation without a
    file. Nothing is printed when the data conforms; the exit code tells. GitHub shows ten
    annotations of each level per step, so more than ten violations are counted per shape
    first, in a notice, which has its own ten.
    """
    lines: list[str] = []
    n = len(outcome.violations)
    if n > SUMMARY_ABOVE:
        shapes = ", ".join(f"{count} {shape}" for shape, count in _by_shape(outcome))
        summary = f"{n} violations (GitHub shows ten per step; all are in the log): {shapes}"
        lines.append(f"::notice title=ipo-graph validate::{_escape_data(summary)}")
    for v in outcome.violations:
        props: list[str] = []
        if v.location is not None:
            props.append(f"file={_escape_property(display_path(v.location.path))}")
            if v.location.line is not None:
                props.append(f"line={v.location.line}")
        props.append(f"title={_escape_property(term_name(v.shape))}")
        head = _node_line(v) if v.location is not None else f"{_nowhere(v)} {_node_line(v)}"
        details = [head]
        if v.path:
            details.append(f"path: {v.path}")
        if v.value is not None:
            details.append(f"value: {v.value_name}")
        message = "\n".join([" · ".join(details), *_messages(v)])
        level = _LEVELS.get(term_name(v.severity), "error")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def error_as_json(exc: IpoGraphError) -> str:
    """Input that cannot be validated, for a tool reading stdout: a file that does not
    parse, with its place, or inputs that cannot be read at all (a path that does not
    exist, a folder without RDF files)."""
    if isinstance(exc, ParseError):
        error = {"file": exc.path, "line": exc.line, "column": exc.column, "message": exc.reason}
        answer: dict[str, object] = {"conforms": False, "parse_error": error}
    else:
        answer = {"conforms": False, "usage_error": str(exc)}
    return json.dumps(answer, indent=2) + "\n"


def error_as_github(exc: IpoGraphError) -> str:
    """The same as an annotation: at the line and column a file breaks at, or on the run."""
    if not isinstance(exc, ParseError):
        return f"::error title=ipo-graph validate::{_escape_data(str(exc))}\n"
    props = [f"file={_escape_property(exc.path)}"]
    if exc.line is not None:
        props.append(f"line={exc.line}")
        if exc.column is not None:
            props.append(f"col={exc.column}")
    props.append("title=parse error")
    return f"::error {','.join(props)}::{_escape_data(exc.reason)}\n"


RENDERERS = {"text": as_text, "json": as_json, "turtle": as_turtle, "github": as_github}
