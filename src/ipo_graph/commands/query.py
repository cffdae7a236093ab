"""``ipo-graph query``: answer a named competency question, a ``.rq`` file or an ad-hoc query."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .common import add_as_of_argument, add_data_argument, as_of_view

if TYPE_CHECKING:  # pragma: no cover
    from ..execution import Target
    from ..labelindex import LabelIndex
    from ..queryfiles import NamedQuery


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "query",
        help="answer a competency question (named query), a .rq file or an ad-hoc SPARQL query",
        description="Run a named query from queries/, a .rq file, or SPARQL given with -e.",
    )
    p.add_argument("query", nargs="?", metavar="NAME|FILE.rq", help="a named query or a .rq file")
    p.add_argument("-e", "--expr", metavar="SPARQL", help="run this SPARQL text instead")
    p.add_argument("--list", action="store_true", help="list the named queries and their questions")
    p.add_argument(
        "--all", action="store_true", help="answer every named query with its default parameters"
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter (repeatable); iri values take a prefixed name, full IRI or label",
    )
    p.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "md"),
        default="table",
        help="output format",
    )
    p.add_argument(
        "--engine", choices=("oxigraph", "rdflib"), default="oxigraph", help="SPARQL engine"
    )
    p.add_argument("--endpoint", metavar="URL", help="query this remote SPARQL endpoint instead")
    add_data_argument(p)
    add_as_of_argument(p)
    p.set_defaults(func=run)


def _list(queries: dict[str, NamedQuery]) -> None:
    for name, q in queries.items():
        print(name)
        print(f"    nl: {q.question_nl}")
        print(f"    en: {q.question_en}")
        for prm in q.params:
            default = f" (default: {prm.default})" if prm.default else ""
            print(f"    --param {prm.name}=<{prm.type}>{default}  {prm.description}".rstrip())


def _target(args: argparse.Namespace) -> Target:
    """The engine to ask: a remote endpoint, rdflib's graph, or the (cached) Oxigraph store."""
    from ..errors import UsageError
    from ..execution import Endpoint, make_target

    if args.endpoint:
        if args.as_of or args.data:
            raise UsageError("--as-of and --data apply to the local graph, not to --endpoint")
        return Endpoint(args.endpoint)
    if not args.as_of and args.engine == "oxigraph":
        from ..store import open_store, store_files

        return open_store(store_files(args.data))
    from ..api import IpoGraph

    # as of --as-of: also says how much of the view is only presumed
    kg = as_of_view(IpoGraph.load(args.data), args)
    return make_target(kg.graph, args.engine)


def _answer(
    q: NamedQuery,
    args: argparse.Namespace,
    labels: LabelIndex,
    target: Target,
    given: dict[str, str],
) -> str:
    from ..execution import QuerySyntaxError, execute
    from ..history.certainty import presumed_count, strict
    from ..paramcheck import check_iri_params
    from ..queryparams import bind_params
    from ..resultformats import render

    about_a_day = any(p.name == "date" for p in q.params)
    if args.as_of and "date" not in given and about_a_day:
        # A query about one day asks about the --as-of day unless told otherwise.
        given = {**given, "date": args.as_of}
    terms = bind_params(q, given, resolver=labels.resolve)
    check_iri_params(q, given, terms, labels, target)
    try:
        result = execute(q.text, terms, target)
    except QuerySyntaxError as exc:
        if q.path is None:
            raise
        raise QuerySyntaxError(str(q.path), exc.line, exc.column, exc.reason) from None
    if args.strict:
        result = strict(result)
    elif n := presumed_count(result):
        print(
            f"note: {n} row(s) only presumed (column 'presumed': last stated on; "
            "no source states an end); --strict leaves them out",
            file=sys.stderr,
        )
    if about_a_day and result.kind == "select" and not result.rows:
        _explain_empty(q, terms, target, labels, strict=args.strict)
    return render(result, args.format, labels.label)


def _explain_empty(
    q: NamedQuery, terms: dict[str, Any], target: Target, labels: LabelIndex, *, strict: bool
) -> None:
    """An empty answer about a day says when the sources first give one (stderr)."""
    from rdflib import Literal

    from ..execution import Endpoint, execute
    from ..history import certainty
    from ..history.timeline import Timeline, parse_day
    from ..namespaces import XSD
    from ..results import Result

    if isinstance(target, Endpoint) or "date" not in terms:
        return
    timeline = Timeline.of_target(target)

    def ask(day: Any) -> Result:
        bound = {**terms, "date": Literal(day.isoformat(), datatype=XSD.date)}
        answer = execute(q.text, bound, target)
        return certainty.strict(answer) if strict else answer

    day = parse_day(str(terms["date"]))
    print(f"note: {certainty.empty_day_note(day, ask, timeline, labels.label)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..queryfiles import named_queries

    if args.list:
        _list(named_queries())
        return 0
    from ..execution import Endpoint
    from ..labelindex import LabelIndex
    from ..queryfiles import adhoc_query, find_query, parse_param_args
    from ..queryparams import bind_params

    given = parse_param_args(args.param)
    chosen = [bool(args.query), bool(args.expr), bool(args.all)]
    if sum(chosen) != 1:
        raise UsageError("give exactly one of NAME|FILE.rq, -e SPARQL, --all (or --list)")
    if args.all:
        queries = list(named_queries().values())
        if given:
            raise UsageError("--param cannot be combined with --all")
    else:
        queries = [adhoc_query(args.expr) if args.expr else find_query(args.query)]
        bind_params(queries[0], {k: "" for k in given})  # unknown names fail before loading

    target = _target(args)
    if isinstance(target, Endpoint) and args.format not in ("table", "md") and not given:
        labels = LabelIndex([])  # IRIs are shown as they are: no need to fetch every label
    else:
        labels = LabelIndex.from_target(target)
    if not args.all:
        sys.stdout.write(_answer(queries[0], args, labels, target, given))
        return 0
    for q in queries:
        print(f"## {q.name}")
        print(f"nl: {q.question_nl}")
        print(f"en: {q.question_en}")
        defaults = ", ".join(f"{p.name}={p.default}" for p in q.params if p.default)
        if defaults:
            print(f"parameters: {defaults}")
        print()
        sys.stdout.write(_answer(q, args, labels, target, {}))
        print()
    return 0
