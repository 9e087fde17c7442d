"""``kazkg serve``: a read-only Oxigraph SPARQL server on loopback, loaded with the graph."""

from __future__ import annotations

import argparse
from typing import Any

from kazkg.cli.common import workspace_from


def register(sub: Any) -> None:
    """Add the ``serve`` subcommand."""
    p = sub.add_parser(
        "serve", help="serve the graph read-only over SPARQL on 127.0.0.1 (Ctrl-C stops)"
    )
    p.add_argument(
        "--port",
        type=int,
        default=7878,
        help="the port to listen on (default: 7878; 0 picks a free one)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Start the server, print its query URL, wait until interrupted (Ctrl-C or SIGTERM)."""
    import signal

    from kazkg.build import ensure_built
    from kazkg.servers.oxigraph import serve

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # even when started in the background
    signal.signal(signal.SIGTERM, interrupt)
    compiled = ensure_built(workspace_from(args))
    with serve(compiled.ntriples, port=args.port or None) as server:
        print(f"SPARQL endpoint (read-only): {server.query_url}", flush=True)
        print(
            "try: kazkg query lineage --param agency='Agency for Religious Affairs' --backend "
            + server.query_url,
            flush=True,
        )
        try:
            server.process.wait()
        except KeyboardInterrupt:
            print("stopped")
            return 0
    return 0
