"""``kazkg build``: parse, reason, validate, compile; print counts."""

from __future__ import annotations

import argparse
from typing import Any

from kazkg.cli.common import workspace_from


def register(sub: Any) -> None:
    """Add the ``build`` subcommand."""
    p = sub.add_parser("build", help="parse, reason, validate and compile the graph")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL and evidence checks")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the store even if it was built from another --graph-dir",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and print what was built."""
    from rich.console import Console
    from rich.table import Table

    from kazkg.build import build
    from kazkg.formats.terminal import markup_safe

    report = build(workspace_from(args), validate=not args.no_validate, replace=args.replace)
    console = Console(highlight=False)
    m = report.manifest
    if not args.quiet:
        for title, counts in (
            ("entities per class", m.entities_per_class),
            ("facts per kind", m.facts_per_kind),
        ):
            table = Table(title=title, title_justify="left")
            table.add_column("class")
            table.add_column("count", justify="right")
            for name, count in counts.items():
                table.add_row(markup_safe(name), str(count))
            table.add_row("[bold]total[/bold]", f"[bold]{sum(counts.values())}[/bold]")
            console.print(table)
    for warning in report.warnings:
        console.print(f"warning: {markup_safe(warning)}")
    checked = (
        f", {report.quotes_checked} quotes verbatim" if report.quotes_checked is not None else ""
    )
    validated = (
        "validated (SHACL conforms" + checked + ")" if not args.no_validate else "not validated"
    )
    console.print(
        f"built {m.asserted_triples} asserted + {report.inferred_triples} inferred = {m.triples} triples, "
        f"{validated}, in {report.seconds:.1f} s -> {report.store.path}",
        soft_wrap=True,
    )
    return 0
