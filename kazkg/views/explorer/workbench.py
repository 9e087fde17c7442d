"""The query workbench: run a named query with a form, or any SPARQL, and see the result as a
table (entities linked to their pages, quotes linked to their place in the source), as a network
of the entities it names, and on a time line when it has dates.

Parameters are bound exactly as ``kazkg query`` binds them (:func:`kazkg.query.named.bind`:
validated, names resolved, values bound as terms); the bound SPARQL is shown and can be edited
and run again.  Every query runs in the endpoint's workers, under its time limit.

>>> is_date(Term.literal("2014-08")), is_date(Term.literal("Agency"))
(True, False)
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from kazkg.errors import KazkgError, QueryError
from kazkg.query import named
from kazkg.query.labels import iris_in, labels
from kazkg.terms import ResultTable, Term
from kazkg.views.explorer.links import entity_href
from kazkg.views.network_page import compact_iri, page_data
from kazkg.vocab import KZID, XSD

if TYPE_CHECKING:
    from kazkg.views.explorer.state import Explorer

ROW_LIMIT = 2000
"""The most rows shown in the table (the downloads have them all)."""

TIMELINE_ROWS = 200
"""The most rows drawn on the time line."""

_DATE = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_TYPES = {XSD + "gYear", XSD + "gYearMonth", XSD + "date", XSD + "dateTime", XSD + "string"}


def is_date(term: Term | None) -> bool:
    """Whether ``term`` is a date at the precision the graph keeps (``2014``, ``2014-08``…)."""
    return (
        term is not None
        and term.kind == "literal"
        and (term.datatype in _DATE_TYPES or term.datatype is None)
        and bool(_DATE.match(term.value[:10]))
    )


@dataclass(frozen=True)
class Cell:
    """One cell of the table."""

    text: str
    href: str | None = None
    """The entity page of an IRI."""
    title: str | None = None
    """The IRI, where the text is a label."""
    context: str | None = None
    """For a quote: its place in the source."""
    quote: bool = False


@dataclass(frozen=True)
class Bar:
    """One row of the time line."""

    label: str
    href: str | None
    x: float
    width: float
    y: float
    text: str


@dataclass
class Timeline:
    """A time line of the rows that have dates, as SVG geometry."""

    bars: list[Bar]
    ticks: list[tuple[float, str]]
    width: int
    height: int
    left: int


@dataclass
class Outcome:
    """What the workbench shows after running a query."""

    sparql: str
    query: named.NamedQuery | None = None
    params: dict[str, str] = field(default_factory=dict)
    bound: dict[str, Term | None] = field(default_factory=dict)
    """The term each parameter was bound to (names resolved once, when the query was bound)."""
    error: str | None = None
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    graph: str | None = None
    network: dict[str, Any] | None = None
    timeline: Timeline | None = None
    downloads: dict[str, str] = field(default_factory=dict)


def _is_quote_column(name: str) -> bool:
    return "quote" in name.lower() or name.lower() in ("evidence", "text")


def cells(explorer: Explorer, table: ResultTable, names: Mapping[str, str]) -> list[list[Cell]]:
    """The table's rows as cells: labels for IRIs (linked), quotes linked to their context."""
    quoted = [_is_quote_column(v) for v in table.variables]
    rows = []
    for row in table.rows[:ROW_LIMIT]:
        line = []
        for term, is_quote in zip(row, quoted, strict=True):
            if term is None:
                line.append(Cell(""))
            elif term.kind == "iri":
                line.append(
                    Cell(
                        names.get(term.value, compact_iri(term.value)),
                        entity_href(term.value),
                        term.value,
                    )
                )
            elif is_quote and term.kind == "literal":
                line.append(Cell(term.value, context=explorer.quote_link(term.value), quote=True))
            else:
                line.append(Cell(term.value))
        rows.append(line)
    return rows


def timeline(table: ResultTable, names: Mapping[str, str]) -> Timeline | None:
    """The rows that have dates on a time line (``None`` if no column holds dates)."""
    from kazkg.views.timeline import frac_year

    columns = [
        i
        for i, _ in enumerate(table.variables)
        if any(row[i] is not None for row in table.rows)
        and all(row[i] is None or is_date(row[i]) for row in table.rows)
    ]
    if not columns:
        return None
    dated = []
    for row in table.rows:
        dates = sorted(row[i].value for i in columns if row[i] is not None)  # type: ignore[union-attr]
        if not dates:
            continue
        first = next((t for t in row if t is not None and t.kind == "iri"), None)
        label = names.get(first.value, compact_iri(first.value)) if first else str(row[0] or "")
        dated.append((frac_year(dates[0]), frac_year(dates[-1]), dates, label, first))
        if len(dated) >= TIMELINE_ROWS:
            break
    if not dated:
        return None
    low = int(min(d[0] for d in dated))
    high = int(max(d[1] for d in dated)) + 1
    left, width, step = 300, 960, 18
    scale = (width - left - 20) / max(high - low, 1)
    bars = [
        Bar(
            label,
            entity_href(first.value) if first else None,
            left + (start - low) * scale,
            max((end - start) * scale, 4.0),
            20 + n * step,
            " – ".join(dict.fromkeys([dates[0], dates[-1]])),
        )
        for n, (start, end, dates, label, first) in enumerate(dated)
    ]
    every = max(1, round((high - low) / 10))
    ticks = [(left + (year - low) * scale, str(year)) for year in range(low, high + 1, every)]
    return Timeline(bars, ticks, width, 40 + len(bars) * step, left)


def result_network(
    explorer: Explorer, table: ResultTable, focus: list[str]
) -> dict[str, Any] | None:
    """The entities a result names (and the entities of its parameters), with the relations
    between them, laid out for drawing; ``None`` when it names fewer than two."""
    from kazkg.views.explorer.ego import among
    from kazkg.views.explorer.search import node_info

    mentioned = [i for i in iris_in(table) | set(focus) if i.startswith(KZID)]
    info = node_info(explorer.backend, explorer.schema, mentioned)
    entities = [iri for iri in mentioned if iri in info and info[iri].entity]
    if len(entities) < 2:
        return None
    network = among(explorer.backend, explorer.schema, entities)
    kept = tuple(i for i in focus if i in network.nodes)
    return page_data(network, explorer.schema, focus=kept, links=True)


def outcome_of(explorer: Explorer, outcome: Outcome, result: ResultTable | bool) -> Outcome:
    """Fill ``outcome`` with the views of ``result`` (labels, links, network, time line)."""
    if isinstance(result, bool):
        outcome.boolean = result
        return outcome
    if outcome.query is not None and outcome.query.form == "SELECT":
        with contextlib.suppress(KazkgError):  # each row's quote, as kazkg query gives it
            result = named.finish(explorer.backend, outcome.query, result, outcome.bound)
    names = labels(explorer.backend, iris_in(result))
    outcome.variables = list(result.variables)
    outcome.rows = cells(explorer, result, names)
    outcome.total = len(result.rows)
    entities = (
        {p.name for p in outcome.query.parameters if p.type == "entity"} if outcome.query else set()
    )
    focus = [t.value for n, t in outcome.bound.items() if n in entities and t is not None]
    outcome.network = result_network(explorer, result, focus)
    outcome.timeline = timeline(result, names)
    return outcome


def bind(explorer: Explorer, outcome: Outcome) -> None:
    """Bind ``outcome``'s parameters as ``kazkg query`` binds them: its terms and its SPARQL."""
    assert outcome.query is not None
    given = {k: v for k, v in outcome.params.items() if v.strip()}
    outcome.bound = named.bindings(outcome.query, given, explorer.backend)
    outcome.sparql = named.bind_terms(outcome.query, outcome.bound)


def downloads(
    query: named.NamedQuery | None, params: Mapping[str, str], sparql: str
) -> dict[str, str]:
    """Links that download the whole result as CSV and as JSON."""
    if query is not None:
        base: dict[str, str] = {"name": query.name, **{k: v for k, v in params.items() if v}}
    else:
        base = {"sparql": sparql}
    return {
        fmt: "/queries/download?" + urlencode({**base, "format": fmt}) for fmt in ("csv", "json")
    }


DOWNLOADS = {"csv": "text/csv", "json": "application/sparql-results+json"}
"""The download formats and their media types."""


def check_form(query: named.NamedQuery, params: Mapping[str, str]) -> None:
    """Refuse parameters the query does not declare."""
    for name in params:
        if name not in {p.name for p in query.parameters}:
            raise QueryError(f"query {query.name!r} has no parameter {name!r}")


__all__ = [
    "DOWNLOADS",
    "ROW_LIMIT",
    "Bar",
    "Cell",
    "Outcome",
    "Timeline",
    "bind",
    "cells",
    "check_form",
    "downloads",
    "is_date",
    "outcome_of",
    "result_network",
    "timeline",
]
