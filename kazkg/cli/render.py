"""``kazkg render``: the interactive network page (one HTML file that works offline)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.cli._views import add_selection_arguments, view_from
from kazkg.cli.common import check_output, write_file


def register(sub: Any) -> None:
    """Add the ``render`` subcommand."""
    p = sub.add_parser(
        "render",
        help="write the interactive network page (HTML, works offline)",
        description="Write the graph, or part of it, as an interactive network page: one HTML "
        "file with search, class and relation filters, tooltips with dates and evidence.",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("graph.html"),
        help="file to write (default: graph.html)",
    )
    p.add_argument(
        "--layout",
        choices=("force", "hierarchical"),
        default="force",
        help="force-directed (default) or hierarchical left to right (for succession chains)",
    )
    p.add_argument("--title", help="title of the page")
    add_selection_arguments(p)
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Select, render, write."""
    from kazkg.views.network_page import render_html

    check_output(args.output)
    with open_from(args) as backend:
        view = view_from(args, backend)
    if args.title:
        title = args.title
    elif args.focus:
        title = "kazkg: " + ", ".join(
            view.context.nodes[i].label for i in view.focus[: len(args.focus)]
        )
    elif args.query:
        title = f"kazkg: query {args.query}"
    else:
        title = "kazkg: Kazakhstan's system for countering religious extremism and terrorism"
    page = render_html(
        view.network,
        view.schema,
        title=title,
        subtitle=view.description,
        context=view.context,
        focus=view.focus,
        layout=args.layout,
    )
    write_file(args.output, page.encode("utf-8"))
    print(
        f"wrote {args.output}: {len(view.network.nodes)} entities, {len(view.network.edges)} relations"
    )
    return 0
