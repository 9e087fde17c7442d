"""The ``--backend``, ``--timeout``, ``--default-graph`` and ``--allow-service`` options the
query commands share."""

from __future__ import annotations

import argparse
from typing import Any

from kazkg.cli.common import workspace_from
from kazkg.query.backends import DEFAULT_BACKEND, describe_backends
from kazkg.query.backends.base import Backend


def add_backend_options(parser: Any) -> None:
    """Add ``--backend``, ``--timeout`` and ``--default-graph`` to a subcommand's parser."""
    parser.add_argument(
        "--backend",
        "-b",
        default=DEFAULT_BACKEND,
        metavar="NAME|URL",
        help=f"where to query (default: {DEFAULT_BACKEND}); {describe_backends()}",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds one query may take, embedded or on an endpoint (default: 30)",
    )
    parser.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="URL",
        help="an endpoint that SPARQL SERVICE clauses may call (repeatable; default: none)",
    )
    parser.add_argument(
        "--default-graph",
        metavar="IRI",
        help="query this named graph of an endpoint as its default graph (Virtuoso: the graph "
        "pushed or bulk-loaded, e.g. https://w3id.org/kazkg/graph; otherwise it answers over "
        "all its graphs, its own system graphs included)",
    )


def open_from(args: argparse.Namespace) -> Backend:
    """The backend the options select (the local store is built first when it is needed)."""
    from kazkg.api import open_graph

    return open_graph(
        args.backend,
        workspace_from(args),
        timeout=args.timeout,
        default_graph=getattr(args, "default_graph", None),
        allow_service=args.allow_service,
    ).backend
