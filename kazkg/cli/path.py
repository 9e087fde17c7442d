"""``kazkg path A B``: the most specific chains of relations linking two entities, best first,
each hop with its evidence."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.cli._views import names
from kazkg.errors import ParameterError, QueryError

if TYPE_CHECKING:
    from kazkg.query.path import Path


def register(sub: Any) -> None:
    """Add the ``path`` subcommand."""
    p = sub.add_parser(
        "path",
        help="the most specific chains of relations linking two entities, each hop with its "
        "evidence",
        description="Rank the chains of relations between A and B by how specific they are: a "
        "hop along a kind of fact (succession, membership, ban, an event's participant) costs "
        "less than one along a plain assertion (located in, operates in), and passing through "
        "a hub (the state, the President) costs more than through an entity with few links.",
    )
    p.add_argument("source", metavar="A", help="an entity: name, alias or IRI")
    p.add_argument("target", metavar="B", help="another entity")
    p.add_argument("--top", type=int, default=3, metavar="K", help="how many paths (default 3)")
    p.add_argument("--via", metavar="NAME", help="only paths through this entity")
    p.add_argument(
        "--avoid",
        action="append",
        default=[],
        metavar="NAME",
        help="no path through this entity (repeatable)",
    )
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


def path_text(path: Path, number: int, count: int) -> list[str]:
    """One path as lines of text: a heading, the first entity, then each hop and its quote."""
    hops = len(path.hops)
    lines = [
        f"Path {number} of {count}: {hops} hop{'s' if hops != 1 else ''}, cost {path.cost:.1f}"
    ]
    lines.append(path.hops[0].source_label if path.hops else path.source)
    for hop in path.hops:
        date = f" ({hop.date})" if hop.date else ""
        arrow = (
            f"─ {hop.relation_label}{date} →" if hop.forward else f"← {hop.relation_label}{date} ─"
        )
        lines.append(f"  {arrow} {hop.target_label}")
        lines.append(f"      “{hop.quote}”")
    return lines


def paths_json(paths: list[Path]) -> dict[str, object]:
    """The paths as JSON, best first under ``paths``; the best one's ``length``, ``cost`` and
    ``hops`` also stand at the top, as they did when the command gave one path."""
    best = paths[0].to_json()
    return {
        "source": best["source"],
        "target": best["target"],
        "length": best["length"],
        "cost": best["cost"],
        "hops": best["hops"],
        "paths": [path.to_json() for path in paths],
    }


def run(args: argparse.Namespace) -> int:
    """Resolve the names, rank the paths, print them."""
    from kazkg.formats.terminal import printable
    from kazkg.query.path import ranked_paths
    from kazkg.query.resolve import resolve
    from kazkg.query.selection import choose

    if args.top < 1:
        raise ParameterError("top", f"must be at least 1, not {args.top}")
    with open_from(args) as backend:
        source, target = resolve(backend, args.source), resolve(backend, args.target)
        via = resolve(backend, args.via) if args.via else None
        avoid = [resolve(backend, name) for name in args.avoid]
        view = choose(backend, relations=args.relations, as_of=args.as_of)
    network = view.network
    for iri in (source, target, *([via] if via else [])):
        if iri not in network.nodes:
            label = view.context.nodes[iri].label if iri in view.context.nodes else iri
            raise QueryError(f"{label!r} is not in the graph with the options given")
    paths = ranked_paths(network, source, target, args.top, via=via, avoid=avoid)
    if args.format == "json":
        print(json.dumps(paths_json(paths), ensure_ascii=False, indent=2))
        return 0
    blocks = [path_text(path, i, len(paths)) for i, path in enumerate(paths, start=1)]
    print(printable("\n\n".join("\n".join(block) for block in blocks)))
    return 0
