"""``kazkg describe NAME``: everything the graph says about one entity, with its evidence."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from

FORMATS = ("text", "json", "csv", "ttl")


def register(sub: Any) -> None:
    """Add the ``describe`` subcommand."""
    p = sub.add_parser(
        "describe",
        help="everything about one entity: names, classes, dates, every fact in and out, quotes",
    )
    p.add_argument(
        "name", help="the entity: a name, an alias, an article number, an IRI or a kzid: CURIE"
    )
    p.add_argument("--format", "-f", choices=FORMATS, default="text")
    p.add_argument(
        "--all-quotes", action="store_true", help="every quote of each fact, not the best one"
    )
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Resolve the name, describe the entity, print it."""
    from kazkg.formats import description as write
    from kazkg.query.describe import description, triples
    from kazkg.query.resolve import resolve

    with open_from(args) as backend:
        iri = resolve(backend, args.name)
        if args.format == "ttl":
            from kazkg.formats.results import to_turtle

            description(backend, iri)  # an entity the graph says nothing about is an error
            sys.stdout.write(to_turtle(triples(backend, iri)))
            return 0
        about = description(backend, iri)
    if args.format == "json":
        sys.stdout.write(write.description_json(about))
    elif args.format == "csv":
        from kazkg.formats.results import render

        sys.stdout.write(render(write.description_table(about, args.all_quotes), "csv"))
    else:
        from kazkg.formats.terminal import printable

        sys.stdout.write(printable(write.description_text(about, args.all_quotes)))
    return 0
