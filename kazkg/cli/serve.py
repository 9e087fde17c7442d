"""``kazkg serve``: the explorer and the read-only SPARQL endpoint, on loopback."""

from __future__ import annotations

import argparse
import contextlib
import math
from typing import Any

from kazkg.cli.common import workspace_from


def seconds(value: str) -> float:
    """A time limit in seconds: a positive, finite number."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value[:40]!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(
            f"must be a positive number of seconds, got {value[:40]!r}"
        )
    return number


def port(value: str) -> int:
    """A TCP port: 0 (any free one) to 65535."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value[:40]!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, got {number}")
    return number


def register(sub: Any) -> None:
    """Add the ``serve`` subcommand."""
    p = sub.add_parser(
        "serve",
        help="open the explorer and the read-only SPARQL endpoint on 127.0.0.1 (Ctrl-C stops)",
        description="Serve the graph on loopback: the explorer (search, entity pages, source "
        "view, query workbench, schema) at / and the SPARQL 1.1 endpoint at /query. Read-only: "
        "updates and SERVICE calls are refused, and each query stops at the time limit.",
    )
    p.add_argument(
        "--port",
        type=port,
        default=7878,
        help="the port to listen on (default: 7878; 0 picks a free one)",
    )
    p.add_argument("--open", action="store_true", help="open the explorer in a web browser")
    p.add_argument(
        "--query-timeout",
        type=seconds,
        default=30.0,
        metavar="S",
        help="stop any query after S seconds and free its core (default: 30)",
    )
    p.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="URL",
        help="an endpoint that queries may call with SERVICE (repeatable; default: none)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Start the server, print its addresses, serve until interrupted (Ctrl-C or SIGTERM)."""
    import signal

    from kazkg.build import ensure_built
    from kazkg.views.explorer.pool import Limits
    from kazkg.views.explorer.server import Started, serve

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # even when started in the background
    signal.signal(signal.SIGTERM, interrupt)
    workspace = workspace_from(args)
    compiled = ensure_built(workspace)

    def announce(started: Started) -> None:
        print(f"SPARQL endpoint (read-only): {started.query_url}", flush=True)
        print(f"explorer: {started.base_url}/", flush=True)
        print(
            "try: kazkg query lineage --param agency='Agency for Religious Affairs' --backend "
            + started.query_url,
            flush=True,
        )
        if args.open:
            import webbrowser

            webbrowser.open(f"{started.base_url}/")

    with contextlib.suppress(KeyboardInterrupt):
        serve(
            compiled,
            workspace,
            port=args.port,
            limits=Limits(timeout=args.query_timeout),
            allow_service=tuple(args.allow_service),
            on_start=announce,
        )
    print("stopped", flush=True)
    return 0
