"""``ipo-graph publish``: replace a graph in a triple store with this graph, in one request."""

from __future__ import annotations

import argparse

from .common import add_data_argument, add_include_personal_argument, not_empty


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "publish",
        help="upload the graph to a triple store (SPARQL 1.1 Graph Store Protocol)",
        description=(
            "Replace a graph in a triple store with the whole graph in one PUT, then check "
            "the remote triple count. Credentials come from the environment: "
            "IPO_GRAPH_USER and IPO_GRAPH_PASSWORD, or IPO_GRAPH_TOKEN."
        ),
    )
    p.add_argument(
        "endpoint",
        metavar="ENDPOINT",
        help="the store's Graph Store Protocol URL, e.g. http://localhost:7878/store",
    )
    p.add_argument(
        "--graph",
        metavar="IRI",
        help="the named graph to replace (default: the store's default graph)",
    )
    p.add_argument(
        "--query-endpoint",
        type=not_empty,
        metavar="URL",
        help="the store's SPARQL query URL for the check (derived for Oxigraph, Fuseki, "
        "GraphDB and Virtuoso)",
    )
    add_include_personal_argument(p, "publish")
    add_data_argument(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..publish import graph_url, publish, query_endpoint_for, serialise_store
    from ..remote import check_url
    from ..store import open_store, store_files, variant_for

    # Check every argument before the (slower) load, so mistakes fail at once.
    graph_url(args.endpoint, args.graph)
    if args.query_endpoint:
        check_url(args.query_endpoint, "--query-endpoint")
    else:
        query_endpoint_for(args.endpoint)
    # The graph as the query cache's store holds it, entailed and (the public variant)
    # without personal data: the graph the rdflib route would build, at a fraction of the
    # cost (docs/serving.md).
    store = open_store(store_files(args.data), variant=variant_for(args.include_personal))
    done = publish(
        serialise_store(store),
        args.endpoint,
        graph_iri=args.graph,
        query_endpoint=args.query_endpoint,
    )
    target = f"graph <{done.graph}>" if done.graph else "the default graph"
    print(
        f"published {done.sent} triples ({done.bytes} bytes) to {target} at {done.url}; "
        f"the store now counts {done.remote}"
    )
    return 0
