"""``kazkg push``: upload the compiled graph into a named graph of a SPARQL server."""

from __future__ import annotations

import argparse
from typing import Any

from kazkg.cli.common import workspace_from


def register(sub: Any) -> None:
    """Add the ``push`` subcommand."""
    from kazkg.vocab import GRAPH_IRI

    p = sub.add_parser(
        "push", help="upload the graph to a SPARQL server (Graph Store Protocol), replacing it"
    )
    p.add_argument(
        "--endpoint", required=True, metavar="URL", help="the server's query URL or base URL"
    )
    p.add_argument(
        "--graph",
        default=GRAPH_IRI,
        metavar="IRI",
        help=f"the named graph to replace (default: {GRAPH_IRI})",
    )
    p.add_argument(
        "--store-url",
        metavar="URL",
        help="the Graph Store Protocol URL, if it cannot be derived (on the same server)",
    )
    p.add_argument(
        "--user",
        metavar="NAME",
        help="sign in as NAME (HTTP digest or basic); the password is read from "
        "$KAZKG_PASSWORD or asked for without echo",
    )
    p.add_argument(
        "--timeout", type=float, default=120.0, metavar="S", help="seconds to wait (default: 120)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Push and report the counts."""
    from kazkg.api import push
    from kazkg.servers.graphstore import credentials

    report = push(
        args.endpoint,
        args.graph,
        workspace_from(args),
        store_url=args.store_url,
        timeout=args.timeout,
        auth=credentials(args.user),
    )
    print(
        f"pushed {report.local_triples} triples into <{report.graph}> at {report.store_url}; "
        f"the server now holds {report.remote_triples} triples in that graph"
    )
    return 0
