"""``kazkg sparql``: run your own SPARQL query (standard prefixes predeclared)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, BinaryIO

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.errors import QueryError
from kazkg.limits import MAX_QUERY
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


def _read_limited(stream: BinaryIO, where: str) -> str:
    """At most :data:`~kazkg.limits.MAX_QUERY` bytes of UTF-8 text from ``stream``."""
    data = stream.read(MAX_QUERY + 1)
    if len(data) > MAX_QUERY:
        raise QueryError(f"{where}: a query may have at most {MAX_QUERY:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(
            f"{where}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None


def read_query(args: argparse.Namespace) -> str:
    """The query text from the argument, the file, or standard input (at most
    :data:`~kazkg.limits.MAX_QUERY` bytes)."""
    if args.file is not None:
        path: Path = args.file
        try:
            with path.open("rb") as stream:
                return _read_limited(stream, str(path))
        except OSError as error:
            raise QueryError(f"{path}: cannot read ({error.strerror or error})") from None
    if args.query == "-":
        try:
            return _limited(sys.stdin.read(MAX_QUERY + 1), "standard input")
        except UnicodeDecodeError as error:
            raise QueryError(f"standard input: not UTF-8 text ({error.reason})") from None
    if not args.query:
        raise QueryError("give a query: kazkg sparql 'SELECT …' or kazkg sparql --file FILE.rq")
    return _limited(args.query, "the query")


def _limited(text: str, where: str) -> str:
    """``text`` if it has at most :data:`~kazkg.limits.MAX_QUERY` bytes."""
    if len(text) > MAX_QUERY or len(text.encode("utf-8")) > MAX_QUERY:
        raise QueryError(f"{where}: a query may have at most {MAX_QUERY:,} bytes")
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
