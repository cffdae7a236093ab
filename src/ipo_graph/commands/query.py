"""``ipo-graph query``: answer a named competency question, a ``.rq`` file or an ad-hoc query."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .common import add_as_of_argument, add_data_argument, not_empty

if TYPE_CHECKING:  # pragma: no cover
    from ..execution import Target
    from ..labelindex import LabelIndex
    from ..queryfiles import NamedQuery
    from ..results import Result


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "query",
        help="answer a competency question (named query), a .rq file or an ad-hoc SPARQL query",
        description="Run a named query from queries/, a .rq file, or SPARQL given with -e.",
    )
    # not_empty: an empty name or text (an unset shell variable) was taken for none given,
    # and the error said to give one of them, not that the one given was empty
    p.add_argument(
        "query",
        nargs="?",
        type=not_empty,
        metavar="NAME|FILE.rq",
        help="a named query or a .rq file",
    )
    p.add_argument(
        "-e", "--expr", type=not_empty, metavar="SPARQL", help="run this SPARQL text instead"
    )
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
    # no defaults here (None: not given), so that --list can tell an option given with it
    p.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "md"),
        help="output format (default: table)",
    )
    p.add_argument(
        "--engine", choices=("oxigraph", "rdflib"), help="SPARQL engine (default: oxigraph)"
    )
    p.add_argument(
        "--endpoint",
        type=not_empty,
        metavar="URL",
        help="query this remote SPARQL endpoint instead",
    )
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


def _given_with_list(args: argparse.Namespace) -> str | None:
    """The first option given beside ``--list``, as it is spelled on the command line;
    ``--list`` used to drop them all silently (``--list --all`` answered nothing)."""
    given = {
        args.query: args.query,
        "-e": args.expr,
        "--all": args.all,
        "--param": args.param,
        "--format": args.format,
        "--engine": args.engine,
        "--endpoint": args.endpoint,
        "--data": args.data,
        "--as-of": args.as_of,
        "--strict": args.strict,
    }
    return next((name for name, value in given.items() if value), None)


def _target(args: argparse.Namespace, queries: list[NamedQuery]) -> Target:
    from ..answering import choose_target

    # A query about one day answers for the as-of day on the whole graph, as with --param
    # date: a day's view would drop what its parameters name (a post not yet there) and
    # the days on which the sources give an answer after all
    whole = bool(queries) and all(q.about_a_day for q in queries)
    return choose_target(
        endpoint=args.endpoint,
        data=args.data,
        as_of=None if whole else args.as_of,
        engine=args.engine,
        strict=args.strict,
        queries=[q.text for q in queries],
    )


def _answer(
    q: NamedQuery,
    args: argparse.Namespace,
    labels: LabelIndex,
    target: Target,
    given: dict[str, str],
) -> Result:
    from ..answering import answer

    found = answer(q, given, target, labels, as_of=args.as_of, strict=args.strict)
    for note in found.notes:
        print(f"note: {note}", file=sys.stderr)
    return found.result


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..queryfiles import named_queries

    if args.list:
        if given_too := _given_with_list(args):
            raise UsageError(
                f"--list takes no other argument ({given_too} given): it only names the "
                "queries, their questions and parameters, and answers none"
            )
        _list(named_queries())
        return 0
    if args.endpoint and args.engine:
        raise UsageError(
            f"--engine {args.engine} applies to the local graph; --endpoint is answered by "
            "the endpoint's own engine"
        )
    args.format = args.format or "table"
    args.engine = args.engine or "oxigraph"
    from ..execution import Endpoint
    from ..labelindex import LabelIndex
    from ..queryfiles import adhoc_query, find_query, parse_param_args
    from ..resultformats import render, to_json_by_name

    given = parse_param_args(args.param)
    if args.as_of:  # checked as every command checks a day, before it becomes a date parameter
        from ..history.timeline import parse_day

        parse_day(args.as_of)
    chosen = [bool(args.query), bool(args.expr), bool(args.all)]
    if sum(chosen) != 1:
        raise UsageError("give exactly one of NAME|FILE.rq, -e SPARQL, --all (or --list)")
    if args.all:
        queries = list(named_queries().values())
        if given:
            raise UsageError("--param cannot be combined with --all")
        if args.format in ("csv", "tsv"):  # one table a file: the answers would run together
            raise UsageError(
                f"--all gives many answers, which --format {args.format} cannot hold: use "
                "table or md (a heading each), or json (one object keyed by query name)"
            )
    else:
        queries = [adhoc_query(args.expr) if args.expr else find_query(args.query)]
        queries[0].check_given(given)  # before loading anything

    target = _target(args, queries)
    if isinstance(target, Endpoint) and args.format not in ("table", "md") and not given:
        labels = LabelIndex([])  # IRIs are shown as they are: no need to fetch every label
    else:
        labels = LabelIndex.from_target(target)
    label = labels.label
    if not args.all:
        sys.stdout.write(
            render(_answer(queries[0], args, labels, target, given), args.format, label)
        )
        return 0
    if args.format == "json":
        answers = {q.name: _answer(q, args, labels, target, {}) for q in queries}
        sys.stdout.write(to_json_by_name(answers))
        return 0
    for q in queries:
        print(f"## {q.name}")
        print(f"nl: {q.question_nl}")
        print(f"en: {q.question_en}")
        defaults = ", ".join(f"{p.name}={p.default}" for p in q.params if p.default)
        if defaults:
            print(f"parameters: {defaults}")
        print()
        sys.stdout.write(render(_answer(q, args, labels, target, {}), args.format, label))
        print()
    return 0
