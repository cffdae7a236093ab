"""Query results as text: a terminal table, CSV, TSV, SPARQL JSON and Markdown.

CSV, TSV and JSON follow the SPARQL 1.1 result formats (machine readable, IRIs kept);
the table and Markdown show labels instead of bare IRIs, for people.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from .errors import UsageError
from .results import Result

FORMATS = ("table", "csv", "tsv", "json", "md")
Labeller = Callable[[Node], str]


def plain(term: Node | None) -> str:
    """The SPARQL CSV form of a term: the IRI, the lexical form, ``_:id`` or empty."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    text: str = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n")


def to_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([plain(t) for t in row])
    return out.getvalue()


def to_tsv(result: Result) -> str:
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, RdfLiteral)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _json_doc(result: Result) -> dict[str, Any]:
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    return {
        "head": {"vars": result.vars},
        "results": {
            "bindings": [
                {v: _json_term(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
                for row in result.rows
            ]
        },
    }


def _dumps(doc: Any) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return _dumps(_json_doc(result))


def to_json_by_name(results: Mapping[str, Result]) -> str:
    """Several answers as one JSON object, each under its name as SPARQL 1.1 Query
    Results JSON (``query --all --format json``: one document a program can read)."""
    for result in results.values():
        _fits(result, "json")
    return _dumps({name: _json_doc(result) for name, result in results.items()})


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cells(result: Result, label: Labeller) -> list[list[str]]:
    return [
        ["" if t is None else (label(t) if isinstance(t, URIRef) else str(t)) for t in row]
        for row in result.rows
    ]


def to_table(result: Result, label: Labeller = plain) -> str:
    """Aligned columns for a terminal, IRIs shown by their labels."""
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    cells = [[" ".join(c.split()) for c in row] for row in _cells(result, label)]
    widths = [_width(v) for v in result.vars]
    for row in cells:
        widths = [max(w, _width(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out = [line(result.vars), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def to_markdown(result: Result, label: Labeller = plain) -> str:
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"

    def esc(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    out = ["| " + " | ".join(result.vars) + " |", "|" + "---|" * len(result.vars)]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in _cells(result, label)]
    return "\n".join(out) + "\n"


def _fits(result: Result, fmt: str) -> None:
    """A graph answer (CONSTRUCT, DESCRIBE) is printed as N-Triples under the default
    ``table`` only: the other formats are result formats of SELECT and ASK, and a graph
    printed as N-Triples under ``json`` broke whatever read it as JSON."""
    if result.kind == "graph" and fmt != "table":
        raise UsageError(
            f"a CONSTRUCT or DESCRIBE answer is a graph, which --format {fmt} cannot hold; "
            "it prints as N-Triples with --format table (the default)"
        )


def render(result: Result, fmt: str, label: Labeller = plain) -> str:
    """``result`` in ``fmt`` (one of :data:`FORMATS`); a graph as N-Triples (``table``)."""
    _fits(result, fmt)
    if result.kind == "graph":
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "json":
        return to_json(result)
    if fmt == "md":
        return to_markdown(result, label)
    return to_table(result, label)
