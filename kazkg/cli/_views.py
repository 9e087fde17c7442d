"""The options that choose part of the graph, shared by ``render`` and ``stats``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kazkg.cli.common import parse_params

if TYPE_CHECKING:
    from kazkg.query.backends.base import Backend
    from kazkg.query.selection import View


def names(value: str) -> list[str]:
    """A comma-separated list of names (``Law,StateBody``)."""
    return [part.strip() for part in value.split(",") if part.strip()]


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose part of the graph."""
    group = parser.add_argument_group("part of the graph (default: all of it)")
    group.add_argument(
        "--focus",
        action="append",
        default=[],
        metavar="NAME",
        help="centre on this entity (name, alias or IRI); repeatable",
    )
    group.add_argument(
        "--depth",
        type=int,
        metavar="N",
        help="relations to follow from the focus (default: 1; 0 around --query results)",
    )
    group.add_argument(
        "--types",
        type=names,
        action="extend",
        default=[],
        metavar="CLASS,...",
        help="keep entities of these classes and their subclasses (e.g. StateBody,Law)",
    )
    group.add_argument(
        "--relations",
        type=names,
        action="extend",
        default=[],
        metavar="NAME,...",
        help="keep these relations or kinds of fact (e.g. succession,membership)",
    )
    group.add_argument(
        "--as-of", metavar="DATE", help="keep what existed on this date (YYYY[-MM[-DD]])"
    )
    group.add_argument(
        "--query", metavar="NAME", help="centre on the entities a named query returns"
    )
    group.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of --query; repeatable",
    )


def view_from(args: argparse.Namespace, backend: Backend) -> View:
    """The part of the graph the selection options ask for."""
    from kazkg.query.selection import choose

    return choose(
        backend,
        focus=args.focus,
        query=args.query,
        params=parse_params(args.param),
        depth=args.depth,
        types=args.types,
        relations=args.relations,
        as_of=args.as_of,
    )
