"""Result tables for the terminal: IRIs as their label over their CURIE, text escaped.

Only this module needs rich (imported where used), so the trace path stays light.

>>> curie("https://w3id.org/kazkg/id/kazakhstan")
'kzid:kazakhstan'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kazkg.terms import ResultTable, Term
from kazkg.vocab import PREFIXES

if TYPE_CHECKING:
    from rich.table import Table


def curie(iri: str) -> str:
    """``iri`` shortened with the standard prefixes, if one fits."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but the line feed written out as an escape
    (``\\x1b``), so that text from a graph cannot drive the terminal.

    >>> printable("red \\x1b[31m alert\\r")
    'red \\\\x1b[31m alert\\\\x0d'
    """
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def markup_safe(text: str) -> str:
    """``text`` for a rich renderable that reads markup: control characters written out (see
    :func:`printable`) and ``[`` escaped, so ``[red]`` shows as typed."""
    from rich.markup import escape

    return escape(printable(text))


def _cell(term: Term | None, found: dict[str, str]) -> str:
    if term is None:
        return ""
    if term.kind == "iri":
        label = found.get(term.value)
        short = markup_safe(curie(term.value))
        return f"{markup_safe(label)}\n[dim]{short}[/dim]" if label else short
    return markup_safe(term.value)


NARROW = 30
"""Terminal width of a column of names, IRIs and dates (longer values fold)."""

LONG_TEXT = 60
"""Columns with longer values (quotes) share the rest of the terminal's width."""


def _width(term: Term | None, found: dict[str, str]) -> int:
    if term is None:
        return 0
    if term.kind == "iri":
        return max(len(found.get(term.value, "")), len(curie(term.value)))
    return max((len(line) for line in term.value.splitlines()), default=0)


def rich_table(
    table: ResultTable,
    found: dict[str, str] | None = None,
    title: str | None = None,
    width: int | None = None,
) -> Table:
    """A rich table of ``table``: IRIs as their label over their CURIE, text escaped.

    Columns of free text (quotes) share what the others leave of ``width`` (the terminal's), and
    keep at least a third of it; the other columns fold at :data:`NARROW` characters or less.
    """
    from rich.table import Table

    found = found or {}
    natural = [
        max([len(var), *(_width(row[i], found) for row in table.rows)])
        for i, var in enumerate(table.variables)
    ]
    long = [n > LONG_TEXT for n in natural]
    fixed = {i: min(n, NARROW) for i, n in enumerate(natural) if not long[i]}
    if width and any(long) and fixed:
        budget = width - 3 * len(natural) - max(20, width // 3) * sum(long)
        total = sum(fixed.values())
        if total > budget:
            fixed = {i: max(min(w, 10), w * max(budget, 0) // total) for i, w in fixed.items()}
    view = Table(title=title, title_justify="left", show_lines=True, expand=any(long))
    for i, var in enumerate(table.variables):
        if long[i]:
            view.add_column(var, overflow="fold", ratio=1, min_width=20)
        else:
            view.add_column(var, overflow="fold", width=fixed[i])
    for row in table.rows:
        view.add_row(*(_cell(term, found) for term in row))
    return view
