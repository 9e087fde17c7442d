"""``kazkg stats``: counts per class and relation, the most central entities, the components."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.cli._views import add_selection_arguments, view_from


def register(sub: Any) -> None:
    """Add the ``stats`` subcommand."""
    p = sub.add_parser(
        "stats",
        help="counts per class and relation, most central entities, connected components",
    )
    p.add_argument(
        "--top", type=int, default=10, metavar="N", help="how many central entities to list"
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_selection_arguments(p)
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute and print the statistics."""
    from rich.console import Console
    from rich.table import Table

    from kazkg.formats.terminal import markup_safe
    from kazkg.query.stats import stats

    with open_from(args) as backend:
        view = view_from(args, backend)
    result = stats(view.network, top=args.top)
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    # A pipe or a file gets full-width tables, so entity names stay on one line.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    scope = f" · {view.description}" if view.description else ""
    console.print(f"{result.entities} entities, {result.relations} relations{markup_safe(scope)}")
    for title, counts, heading in (
        ("entities per class", result.per_class, "class"),
        ("relations per property", result.per_relation, "relation"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(heading)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(markup_safe(name), str(count))
        console.print(table)
    for title, ranked, fmt in (
        ("most relations (degree)", result.degree, "{:.0f}"),
        ("most between others (betweenness centrality)", result.betweenness, "{:.3f}"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column("entity")
        table.add_column("class")
        table.add_column("score", justify="right")
        for entry in ranked:
            table.add_row(
                markup_safe(entry.label), markup_safe(entry.kind), fmt.format(entry.score)
            )
        console.print(table)
    sizes = result.components
    isolated = sum(1 for size in sizes if size == 1)
    console.print(
        f"{len(sizes)} connected components; the largest holds {sizes[0] if sizes else 0} entities; "
        f"{isolated} entities have no relation"
    )
    return 0
