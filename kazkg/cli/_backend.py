"""The ``--backend``, ``--timeout`` and ``--default-graph`` options the query commands share."""

from __future__ import annotations

import argparse
from typing import Any

from kazkg.backends import DEFAULT_BACKEND
from kazkg.backends.base import Backend
from kazkg.cli.common import layout_from


def add_backend_options(parser: Any) -> None:
    """Add ``--backend``, ``--timeout`` and ``--default-graph`` to a subcommand's parser."""
    parser.add_argument(
        "--backend",
        "-b",
        default=DEFAULT_BACKEND,
        metavar="NAME|URL",
        help=f"oxigraph (embedded, default), memory (rdflib) or a SPARQL endpoint URL (default: {DEFAULT_BACKEND})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds to wait for an endpoint (default: 30)",
    )
    parser.add_argument(
        "--default-graph",
        metavar="IRI",
        help="query this named graph of an endpoint as its default graph (Virtuoso: the graph "
        "pushed or bulk-loaded, e.g. https://w3id.org/kazkg/graph; otherwise it answers over "
        "all its graphs, its own system graphs included)",
    )


def open_from(args: argparse.Namespace) -> Backend:
    """The backend the options select."""
    from kazkg.backends import open_backend

    return open_backend(
        args.backend,
        layout_from(args),
        timeout=args.timeout,
        default_graph=getattr(args, "default_graph", None),
    )
