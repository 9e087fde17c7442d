"""``kazkg export``: the whole graph, inferred triples included, in a standard format."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kazkg.cli.common import check_output, workspace_from, write_output

FORMATS = ("graphml", "jsonld", "nt", "trig", "ttl")


def register(sub: Any) -> None:
    """Add the ``export`` subcommand."""
    p = sub.add_parser("export", help="write the whole graph as ttl, nt, jsonld, trig or graphml")
    p.add_argument("--format", "-f", choices=FORMATS, default="ttl")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Export the compiled graph."""
    from kazkg.build import ensure_built
    from kazkg.formats.export import export

    if args.output is not None:
        check_output(args.output)
    write_output(export(ensure_built(workspace_from(args)), args.format), args.output)
    return 0
