"""``kazkg trace``: the whole line of succession of a body, in time order, with evidence."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from


def register(sub: Any) -> None:
    """Add the ``trace`` subcommand."""
    p = sub.add_parser(
        "trace", help="trace a body's predecessors and successors, with dates and quotes"
    )
    p.add_argument("name", help="the body: a name, an alias, an IRI or a kzid: CURIE")
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="mark which body existed on DATE (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Resolve the name, trace it, print the lineage."""
    from kazkg.formats.lineage import lineage_json, lineage_text
    from kazkg.formats.terminal import printable
    from kazkg.query.trace import trace

    with open_from(args) as backend:
        lineage = trace(backend, args.name, args.as_of)
    sys.stdout.write(
        lineage_json(lineage) if args.format == "json" else printable(lineage_text(lineage))
    )
    return 0
