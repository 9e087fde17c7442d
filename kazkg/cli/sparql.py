"""``kazkg sparql``: run your own SPARQL query (standard prefixes predeclared)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend

FORMATS = ("table", "json", "csv", "tsv", "ttl")


def register(sub: Any) -> None:
    """Add the ``sparql`` subcommand."""
    p = sub.add_parser("sparql", help="run a SPARQL query given inline or with --file FILE")
    p.add_argument("query", nargs="?", help="the query text ('-' reads standard input)")
    p.add_argument("--file", type=Path, metavar="FILE", help="read the query from this file")
    p.add_argument("--format", "-f", choices=FORMATS, default="table")
    p.add_argument("--no-labels", action="store_true", help="do not add labels beside IRIs")
    p.add_argument(
        "--wide", action="store_true", help="tables: show long text in full instead of cutting it"
    )
    add_backend_options(p)
    p.set_defaults(run=run)


def emit(
    backend: Backend,
    result: Any,
    fmt: str,
    *,
    labels: bool = True,
    title: str | None = None,
    wide: bool = False,
) -> None:
    """Print a query result in ``fmt``; tables go to the terminal through rich (long text cut
    to fit the terminal unless ``wide``)."""
    from kazkg.formats.results import render, to_turtle
    from kazkg.formats.terminal import rich_table
    from kazkg.query.labels import iris_in, with_labels
    from kazkg.query.labels import labels as fetch_labels
    from kazkg.terms import ResultTable

    if fmt == "table" and isinstance(result, ResultTable):
        from rich.console import Console

        found = fetch_labels(backend, iris_in(result)) if labels else {}
        console = Console(highlight=False, emoji=False)
        console.print(rich_table(result, found, title, console.width, wide=wide))
        console.print(f"{len(result)} row{'s' if len(result) != 1 else ''}")
        return
    if fmt == "table":
        sys.stdout.write(
            to_turtle(result) if isinstance(result, bytes) else ("true\n" if result else "false\n")
        )
        return
    if labels and isinstance(result, ResultTable):
        result = with_labels(backend, result)
    sys.stdout.write(render(result, fmt))


def read_query(args: argparse.Namespace) -> str:
    """The query text from the argument, the file, or standard input."""
    if args.file is not None:
        path: Path = args.file
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise QueryError(f"{args.file}: cannot read ({error.strerror})") from None
    if args.query == "-":
        return sys.stdin.read()
    if not args.query:
        raise QueryError("give a query: kazkg sparql 'SELECT …' or kazkg sparql --file FILE.rq")
    text: str = args.query
    return text


def run(args: argparse.Namespace) -> int:
    """Run the query and print its result."""
    from kazkg.query.named import execute

    text = read_query(args)
    with open_from(args) as backend:
        emit(
            backend, execute(backend, text), args.format, labels=not args.no_labels, wide=args.wide
        )
    return 0
