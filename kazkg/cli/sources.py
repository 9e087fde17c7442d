"""``kazkg sources``: each source document the graph cites, whether its text is here and matches
its checksum, and how many facts come from it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kazkg.cli.common import workspace_from


def register(sub: Any) -> None:
    """Add the ``sources`` subcommand."""
    p = sub.add_parser(
        "sources", help="list the source documents: checksum status and how many facts each gives"
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List the sources of the compiled graph; exit 1 if a text is missing or differs."""
    from kazkg.build import ensure_built
    from kazkg.build.evidence import sources
    from kazkg.formats.terminal import printable

    workspace = workspace_from(args)
    compiled = ensure_built(workspace)
    found = sources(compiled.open_oxigraph(), workspace)
    rows = [
        {
            "iri": s.iri,
            "identifier": s.identifier,
            "label": s.label,
            "sha256": s.sha256,
            "status": s.status,
            "facts": s.facts,
        }
        for s in found
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        folder = workspace.sources or "none (set $KAZKG_SOURCES or --sources)"
        print(f"sources folder: {folder}")
        for row in rows:
            line = f"{row['identifier']}  {row['status']}  {row['facts']} facts  ({row['label']})"
            print(printable(line))
    return 0 if all(row["status"] == "ok" for row in rows) else 1
