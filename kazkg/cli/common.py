"""Helpers shared by the subcommands: the layout from global options, output files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kazkg.errors import QueryError
from kazkg.resources import Workspace


def workspace_from(args: argparse.Namespace) -> Workspace:
    """The :class:`Workspace` selected by ``--graph-dir``, ``--store`` and ``--sources``."""
    return Workspace.default(graph=args.graph_dir, store=args.store, sources=args.sources)


def write_output(data: bytes | str, output: Path | None) -> None:
    """Write ``data`` to ``output``, or to standard output when it is ``None``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
    else:
        output.write_bytes(raw)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["NAME=VALUE", ...]`` (repeated ``--param`` options) as a dict.

    >>> parse_params(["date=2012-06-01", "agency=Agency for Religious Affairs"])
    {'date': '2012-06-01', 'agency': 'Agency for Religious Affairs'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params
