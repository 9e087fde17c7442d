"""``kazkg path A B``: the shortest chain of relations linking two entities, with evidence."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.cli._views import names
from kazkg.errors import QueryError


def register(sub: Any) -> None:
    """Add the ``path`` subcommand."""
    p = sub.add_parser(
        "path",
        help="the shortest chain of relations linking two entities, each hop with its evidence",
    )
    p.add_argument("source", metavar="A", help="an entity: name, alias or IRI")
    p.add_argument("target", metavar="B", help="another entity")
    p.add_argument(
        "--relations",
        type=names,
        action="extend",
        default=[],
        metavar="NAME,...",
        help="follow only these relations or kinds of fact",
    )
    p.add_argument("--as-of", metavar="DATE", help="follow only what existed on this date")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Resolve both names, find the path, print it."""
    from kazkg.formats.terminal import printable
    from kazkg.query.path import shortest_path
    from kazkg.query.resolve import resolve
    from kazkg.query.selection import choose

    with open_from(args) as backend:
        source, target = resolve(backend, args.source), resolve(backend, args.target)
        view = choose(backend, relations=args.relations, as_of=args.as_of)
    network = view.network
    for iri in (source, target):
        if iri not in network.nodes:
            label = view.context.nodes[iri].label if iri in view.context.nodes else iri
            raise QueryError(f"{label!r} is not in the graph with the options given")
    path = shortest_path(network, source, target)
    if args.format == "json":
        print(json.dumps(path.to_json(), ensure_ascii=False, indent=2))
        return 0
    lines = [network.nodes[source].label]
    for hop in path.hops:
        date = f" ({hop.date})" if hop.date else ""
        arrow = (
            f"─ {hop.relation_label}{date} →" if hop.forward else f"← {hop.relation_label}{date} ─"
        )
        lines += [f"  {arrow} {hop.target_label}", f"      “{hop.quote}”"]
    lines.append(f"{len(path.hops)} hops")
    print(printable("\n".join(lines)))
    return 0
