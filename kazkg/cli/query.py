"""``kazkg query``: run a named query (``queries/*.rq``) with parameters, or list them."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.cli.common import parse_params
from kazkg.errors import QueryError

FORMATS = ("table", "json", "csv", "tsv", "ttl")


def register(sub: Any) -> None:
    """Add the ``query`` subcommand."""
    p = sub.add_parser("query", help="run a named query (see --list) with --param name=value")
    p.add_argument("name", nargs="?", help="the query's name")
    p.add_argument(
        "--list", "-l", action="store_true", help="list the named queries and their parameters"
    )
    p.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter (repeatable)",
    )
    p.add_argument("--format", "-f", choices=FORMATS, default="table")
    p.add_argument("--no-labels", action="store_true", help="do not add labels beside IRIs")
    p.add_argument(
        "--all-quotes",
        action="store_true",
        help="show every quote of each row's fact, the best first, instead of the best one",
    )
    p.add_argument(
        "--wide", action="store_true", help="tables: show long text in full instead of cutting it"
    )
    add_backend_options(p)
    p.set_defaults(run=run)


def print_catalogue() -> None:
    """Print every named query with its title and parameters."""
    from rich.console import Console

    from kazkg.query.named import catalogue

    console = Console(highlight=False, emoji=False)
    for query in catalogue():
        console.print(f"[bold]{query.name}[/bold]  {query.title}", soft_wrap=True)
        for p in query.parameters:
            console.print(
                f"    --param {p.name}=…  {p.type}, {_need(p)}: {p.description}",
                markup=False,
                soft_wrap=True,
            )
        if query.example:
            example = " ".join(
                f"--param {shlex.quote(f'{k}={v}')}" for k, v in query.example.items()
            )
            console.print(
                f"    e.g. kazkg query {query.name} {example}",
                markup=False,
                soft_wrap=True,
                style="dim",
            )


def _need(parameter: Any) -> str:
    if parameter.required:
        return "required"
    return f"default {parameter.default}" if parameter.default else "optional"


def run(args: argparse.Namespace) -> int:
    """Run one named query, or list them."""
    from kazkg.cli.sparql import emit
    from kazkg.query import named as queries

    if args.list:
        print_catalogue()
        return 0
    if not args.name:
        known = ", ".join(q.name for q in queries.catalogue())
        raise QueryError(f"name a query to run (or use --list); known queries: {known}")
    named = queries.get(args.name)
    params = parse_params(args.param)
    with open_from(args) as backend:
        result = queries.run_any(backend, named, params, all_quotes=args.all_quotes)
        emit(
            backend,
            result,
            args.format,
            labels=not args.no_labels,
            title=named.title,
            wide=args.wide,
        )
    return 0
