"""Answering a named query as a person asks it: on which engine, about which day, how sure.

The CLI is a thin layer over this: it parses arguments, prints the answer and the notes.
A query about one day (a ``date`` parameter) asks about the ``as_of`` day unless told
otherwise; rows only presumed are left out with ``strict`` or noted; an empty answer for a
day says when the sources first give one (:mod:`ipo_graph.history.certainty`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError

if TYPE_CHECKING:
    from .execution import Target
    from .labelindex import LabelIndex
    from .queryfiles import NamedQuery
    from .results import Result


@dataclass
class Answer:
    """A query's result, and what a person should be told about it (notes for stderr)."""

    result: Result
    notes: list[str] = field(default_factory=list)


def choose_target(
    *,
    endpoint: str | None = None,
    data: list[str | Path] | None = None,
    as_of: str | None = None,
    engine: str = "oxigraph",
    strict: bool = False,
    queries: Sequence[str] = (),
) -> Target:
    """The engine to ask: a remote endpoint, rdflib's graph, or the cached Oxigraph store
    (the fast path, when no day's view is needed). A day's view notes on stderr how much of
    it is only presumed (:func:`ipo_graph.history.as_of_reported`).

    ``queries``: the texts to be answered, when known. If none reads what the time rule
    adds, a store built now answers before the rule runs (it still runs before the store
    is cached: :mod:`ipo_graph.history.timeuse`)."""
    from .execution import Endpoint, make_target

    if endpoint:
        if as_of or data:
            raise UsageError("--as-of and --data apply to the local graph, not to --endpoint")
        return Endpoint(endpoint)
    if not as_of and engine == "oxigraph":
        from .history.timeuse import reads_time_rule
        from .progress import long_run, printer
        from .store import open_store, store_files

        def defer() -> bool:  # asked only when the store is built: the check imports rdflib
            return bool(queries) and not any(reads_time_rule(text) for text in queries)

        files = store_files(data)
        return open_store(files, defer_time_rule=defer, progress=printer(long_run(files)))
    from .api import IpoGraph
    from .history import as_of_reported

    kg = IpoGraph.load(data)
    if as_of:
        kg = as_of_reported(kg, as_of, strict=strict)
    return make_target(kg.graph, engine)  # type: ignore[arg-type]


def answer(
    q: NamedQuery,
    given: Mapping[str, str],
    target: Target,
    labels: LabelIndex,
    *,
    as_of: str | None = None,
    strict: bool = False,
) -> Answer:
    """``q`` answered on ``target`` with the parameters ``given`` (checked and bound)."""
    from .execution import QuerySyntaxError, execute
    from .history.certainty import presumed_count
    from .history.certainty import strict as holding_only
    from .paramcheck import check_iri_params
    from .queryparams import bind_params

    values = dict(given)
    about_a_day = q.about_a_day
    if as_of and "date" not in values and about_a_day:
        values["date"] = as_of  # a query about one day asks about the as-of day
    terms = bind_params(q, values, resolver=labels.resolve, target=target)
    check_iri_params(q, values, terms, labels, target)
    try:
        result = execute(q.text, terms, target)
    except QuerySyntaxError as exc:
        if q.path is None:
            raise
        raise QuerySyntaxError(str(q.path), exc.line, exc.column, exc.reason) from None
    notes: list[str] = []
    if strict:
        if n := presumed_count(result):
            notes.append(f"{n} row(s) only presumed left out (--strict)")
        result = holding_only(result)
    elif n := presumed_count(result):
        notes.append(
            f"{n} row(s) only presumed (column 'presumed': last stated on; "
            "no source states an end); --strict leaves them out"
        )
    if about_a_day and result.kind == "select" and not result.rows:
        note = _empty_day(q, terms, target, labels, strict=strict)
        if note:
            notes.append(note)
    return Answer(result, notes)


def _empty_day(
    q: NamedQuery, terms: dict[str, Any], target: Target, labels: LabelIndex, *, strict: bool
) -> str | None:
    """For an empty answer about a day: when the sources first give one."""
    from rdflib import Literal

    from .execution import Endpoint, execute
    from .history import certainty
    from .history.timeline import parse_day
    from .namespaces import XSD

    if isinstance(target, Endpoint) or "date" not in terms:
        return None

    def ask(day: Any) -> Result:
        bound = {**terms, "date": Literal(day.isoformat(), datatype=XSD.date)}
        result = execute(q.text, bound, target)
        return certainty.strict(result) if strict else result

    day = parse_day(str(terms["date"]))
    return certainty.empty_day_note(day, ask, certainty.answer_days(target), labels.label)
