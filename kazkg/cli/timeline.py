"""``kazkg timeline``: the succession timeline of the bodies for religious affairs (or any line)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kazkg.cli._backend import add_backend_options, open_from
from kazkg.cli.common import check_output

DEFAULT_FOCUS = "kzid:agency-for-religious-affairs"


def register(sub: Any) -> None:
    """Add the ``timeline`` subcommand."""
    p = sub.add_parser(
        "timeline",
        help="draw the succession timeline of a line of bodies (SVG, PNG or PDF)",
        description="Draw one bar per body of a line of succession over its lifespan, with the "
        "changes between them and the bodies each was part of.  Default: the bodies for "
        "religious affairs.",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("succession.svg"),
        help="image to write; .svg, .png or .pdf (default: succession.svg)",
    )
    p.add_argument(
        "--focus",
        metavar="NAME",
        default=DEFAULT_FOCUS,
        help="any body of the line to draw (default: the Agency for Religious Affairs)",
    )
    p.add_argument(
        "--as-of", metavar="DATE", help="mark this date and the bodies that existed then"
    )
    p.add_argument("--title", help="title of the figure")
    add_backend_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Trace the line and draw it."""
    from kazkg.query.trace import trace
    from kazkg.views.timeline import write_timeline

    check_output(args.output)
    with open_from(args) as backend:
        lineage = trace(backend, args.focus, as_of=args.as_of)
    title = args.title
    if title is None and args.focus == DEFAULT_FOCUS:
        title = "The bodies for religious affairs in Kazakhstan, in succession"
    write_timeline(lineage, args.output, title=title)
    print(f"wrote {args.output}: {len(lineage.steps)} bodies")
    return 0
