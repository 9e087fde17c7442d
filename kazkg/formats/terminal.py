"""Result tables for the terminal: IRIs as their label over their CURIE, text escaped, long text
cut so that the short columns stay readable.

Only this module needs rich (imported where used), so the trace path stays light.

>>> curie("https://w3id.org/kazkg/id/kazakhstan")
'kzid:kazakhstan'
>>> shorten("In 2008, the government created the Committee for Religious Affairs", 30)
'In 2008, the government…'
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


NARROW = 30
"""Terminal width of a column of names, IRIs and dates at most (longer values fold)."""

SHORT = 8
"""A column of names, IRIs and dates is never narrower than this (or than its content)."""

LONG_TEXT = 60
"""Columns of literals longer than this (quotes, descriptions) share the rest of the width."""

LONG_LINES = 3
"""Lines a cell takes at most (unless ``wide``); the rest is cut with "…"."""

MIN_LONG = 20
"""A long text column is never narrower than this."""

ROOMY = 120
"""From this terminal width on, IRIs show their CURIE under their label and the ``fact``
column is shown beside the ``quote`` column; narrower tables show them only with ``wide``."""


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, ending with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _cell(term: Term | None, found: dict[str, str], limit: int | None, curies: bool) -> str:
    if term is None:
        return ""
    if term.kind == "iri":
        label = found.get(term.value)
        short = markup_safe(curie(term.value))
        if label is None:
            return short
        label = markup_safe(label if limit is None else shorten(label, limit))
        return f"{label}\n[dim]{short}[/dim]" if curies else label
    return markup_safe(term.value if limit is None else shorten(term.value, limit))


def _width(term: Term | None, found: dict[str, str], curies: bool) -> int:
    if term is None:
        return 0
    if term.kind == "iri":
        label = found.get(term.value)
        if label is not None and not curies:
            return len(label)
        return max(len(label or ""), len(curie(term.value)))
    return max((len(line) for line in term.value.splitlines()), default=0)


def _is_long(table: ResultTable, column: int, natural: int) -> bool:
    """Whether a column holds long text: literals wider than :data:`LONG_TEXT`."""
    return natural > LONG_TEXT and all(
        (term := row[column]) is None or term.kind != "iri" for row in table.rows
    )


def plan_widths(natural: list[int], long: list[bool], width: int | None) -> list[int]:
    """The width of each column: the short ones up to :data:`NARROW`, the long ones sharing what
    is left of ``width``; when that is too little, the short ones give way proportionally down
    to :data:`SHORT`.

    >>> plan_widths([20, 7, 200], [False, False, True], 80)
    [20, 7, 43]
    >>> plan_widths([30, 30, 30, 7, 200], [False, False, False, False, True], 80)
    [12, 12, 12, 7, 21]
    """
    short = {i: min(n, NARROW) for i, n in enumerate(natural) if not long[i]}
    longs = [i for i, is_long in enumerate(long) if is_long]
    if not width:
        return [short.get(i, natural[i]) for i in range(len(natural))]
    room = width - 1 - 3 * len(natural) - MIN_LONG * len(longs)
    if sum(short.values()) > room:
        floor = {i: min(w, SHORT) for i, w in short.items()}
        spare = room - sum(floor.values())
        extra = sum(w - floor[i] for i, w in short.items()) or 1
        short = {i: floor[i] + max(spare, 0) * (w - floor[i]) // extra for i, w in short.items()}
    left = width - 1 - 3 * len(natural) - sum(short.values())
    each = max(MIN_LONG, left // len(longs)) if longs else 0
    return [short[i] if i in short else min(each, natural[i]) for i in range(len(natural))]


def fits(natural: list[int], long: list[bool], width: int) -> bool:
    """Whether columns this wide fit in ``width`` with the short ones at :data:`SHORT` at least
    and the long ones at :data:`MIN_LONG`.

    >>> fits([30, 7, 200], [False, False, True], 80), fits([30] * 9 + [200], [False] * 9 + [True], 80)
    (True, False)
    """
    least = sum(
        MIN_LONG if is_long else min(n, SHORT) for n, is_long in zip(natural, long, strict=True)
    )
    return least + 3 * len(natural) + 1 <= width


def _records(
    table: ResultTable,
    shown: list[int],
    found: dict[str, str],
    title: str | None,
    width: int,
    wide: bool,
    roomy: bool,
) -> Table:
    """``table`` one row after the other, one line per value (``column  value``): the layout
    for tables with too many columns for the terminal."""
    from rich.table import Table

    names = max(len(table.variables[i]) for i in shown)
    room = max(width - names - 7, MIN_LONG)
    view = Table(title=title, title_justify="left", show_header=False, show_lines=False)
    view.add_column(style="dim", no_wrap=True, width=names)
    view.add_column(overflow="fold", width=room)
    for number, row in enumerate(table.rows, start=1):
        view.add_row(f"{number}", "")
        for i in shown:
            if row[i] is not None:
                limit = None if wide else room * LONG_LINES - 2
                view.add_row(table.variables[i], _cell(row[i], found, limit, roomy))
        view.add_section()
    return view


def rich_table(
    table: ResultTable,
    found: dict[str, str] | None = None,
    title: str | None = None,
    width: int | None = None,
    *,
    wide: bool = False,
) -> Table:
    """A rich table of ``table``: IRIs as their label (over their CURIE in a roomy terminal),
    text escaped.

    Columns of long text (quotes) share what the others leave of ``width`` (the terminal's);
    the others fold at :data:`NARROW` characters or less and give way down to :data:`SHORT`.
    Unless ``wide``, every cell is cut to :data:`LONG_LINES` lines with "…", columns without a
    value are left out, and in a terminal narrower than :data:`ROOMY` so is the ``fact`` column
    beside a ``quote`` column.  A table with more columns than fit (see :func:`fits`) is shown
    one row after the other, a line per value.
    """
    from rich.table import Table

    found = found or {}
    roomy = wide or width is None or width >= ROOMY
    shown = [
        i
        for i, var in enumerate(table.variables)
        if wide
        or (
            (roomy or var != "fact" or "quote" not in table.variables)
            and any(row[i] is not None for row in table.rows)
        )
    ] or list(range(len(table.variables)))
    natural = [
        max([len(table.variables[i]), *(_width(row[i], found, roomy) for row in table.rows)])
        for i in shown
    ]
    long = [_is_long(table, i, n) for i, n in zip(shown, natural, strict=True)]
    if width and not fits(natural, long, width):
        return _records(table, shown, found, title, width, wide, roomy)
    widths = plan_widths(natural, long, width)
    view = Table(title=title, title_justify="left", show_lines=True)
    for at, i in enumerate(shown):
        view.add_column(table.variables[i], overflow="fold", width=widths[at])
    for row in table.rows:
        cells = []
        for at, i in enumerate(shown):
            limit = None if wide or width is None else widths[at] * LONG_LINES - 2
            cells.append(_cell(row[i], found, limit, roomy))
        view.add_row(*cells)
    return view


__all__ = ["LONG_LINES", "NARROW", "curie", "fits", "plan_widths", "rich_table", "shorten"]
