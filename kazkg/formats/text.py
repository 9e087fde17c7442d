"""Results as text: terminal tables with labels beside IRIs, SPARQL JSON / CSV / TSV, Turtle,
and the text form of a lineage.

Only :func:`rich_table` needs rich (imported there), so the trace path stays light.

>>> table = ResultTable(["x", "n"], [(Term.iri("https://w3id.org/kazkg/id/kazakhstan"), Term.literal("1"))])
>>> print(to_csv(table), end="")
x,n
https://w3id.org/kazkg/id/kazakhstan,1
>>> to_tsv(table).splitlines()
['?x\\t?n', '<https://w3id.org/kazkg/id/kazakhstan>\\t"1"']
>>> curie("https://w3id.org/kazkg/id/kazakhstan")
'kzid:kazakhstan'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.terms import RDF_LANG_STRING, XSD_STRING, ResultTable, Row, Term
from kazkg.vocab import PREFIXES, RDFS

if TYPE_CHECKING:
    from rich.table import Table

    from kazkg.query.named import QueryResult
    from kazkg.query.trace import Lineage

FORMATS = ("table", "json", "csv", "tsv", "ttl")
"""Output formats: ``ttl`` is for CONSTRUCT and DESCRIBE results, the others for SELECT and ASK."""

LABEL_SUFFIX = "_label"


def curie(iri: str) -> str:
    """``iri`` shortened with the standard prefixes, if one fits."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def labels(backend: Backend, iris: Iterable[str], chunk: int = 400) -> dict[str, str]:
    """The English label of each of ``iris`` that has one (one query per ``chunk`` IRIs)."""
    wanted = sorted(set(iris))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), chunk):
        values = " ".join(Term.iri(i).n3() for i in wanted[start : start + chunk])
        table = backend.select(
            f"""SELECT ?i ?l WHERE {{ VALUES ?i {{ {values} }} ?i <{RDFS}label> ?l .
                FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") }}"""
        )
        for i, label in table.rows:
            if (
                i is not None
                and label is not None
                and (i.value not in found or label.value < found[i.value])
            ):
                found[i.value] = label.value
    return found


def iris_in(table: ResultTable) -> set[str]:
    """Every IRI that occurs in ``table``."""
    return {t.value for row in table.rows for t in row if t is not None and t.kind == "iri"}


def with_labels(backend: Backend, table: ResultTable) -> ResultTable:
    """``table`` with a ``<var>_label`` column after each column holding IRIs that have labels."""
    found = labels(backend, iris_in(table))

    def has_labels(i: int) -> bool:
        return any(
            t is not None and t.kind == "iri" and t.value in found
            for t in (row[i] for row in table.rows)
        )

    labelled = [
        i
        for i, var in enumerate(table.variables)
        if has_labels(i) and var + LABEL_SUFFIX not in table.variables
    ]
    variables: list[str] = []
    for i, var in enumerate(table.variables):
        variables.append(var)
        if i in labelled:
            variables.append(var + LABEL_SUFFIX)
    rows: list[Row] = []
    for row in table.rows:
        cells: list[Term | None] = []
        for i, term in enumerate(row):
            cells.append(term)
            if i in labelled:
                label = found.get(term.value) if term is not None and term.kind == "iri" else None
                cells.append(Term.literal(label) if label is not None else None)
        rows.append(tuple(cells))
    return ResultTable(variables, rows)


def _json_term(term: Term) -> dict[str, str]:
    if term.kind == "iri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    data = {"type": "literal", "value": term.value}
    if term.lang:
        data["xml:lang"] = term.lang
    elif term.datatype and term.datatype not in (XSD_STRING, RDF_LANG_STRING):
        data["datatype"] = term.datatype
    return data


def to_json(result: ResultTable | bool) -> str:
    """The SPARQL 1.1 Query Results JSON Format."""
    if isinstance(result, bool):
        return json.dumps({"head": {}, "boolean": result}) + "\n"
    bindings = [
        {
            var: _json_term(term)
            for var, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return (
        json.dumps(
            {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


def to_csv(table: ResultTable) -> str:
    """The SPARQL 1.1 Query Results CSV Format (plain values)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.variables)
    for row in table.rows:
        writer.writerow(
            ["" if t is None else f"_:{t.value}" if t.kind == "bnode" else t.value for t in row]
        )
    return buffer.getvalue()


def to_tsv(table: ResultTable) -> str:
    """The SPARQL 1.1 Query Results TSV Format (terms in SPARQL syntax)."""
    lines = ["\t".join(f"?{v}" for v in table.variables)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def to_turtle(ntriples: bytes) -> str:
    """N-Triples re-written as Turtle with the standard prefixes."""
    import pyoxigraph as ox

    data = ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes=PREFIXES,
    )
    return (data or b"").decode("utf-8")


def render(result: QueryResult, fmt: str) -> str:
    """``result`` as text in ``fmt`` (any of :data:`FORMATS` but ``table``)."""
    if fmt not in FORMATS or fmt == "table":
        raise QueryError(
            f"unknown format {fmt!r} here; use one of {', '.join(f for f in FORMATS if f != 'table')}"
        )
    if isinstance(result, bytes):
        if fmt != "ttl":
            raise QueryError(
                f"a CONSTRUCT or DESCRIBE result is a graph: use --format ttl, not {fmt}"
            )
        return to_turtle(result)
    if fmt == "ttl":
        raise QueryError(
            "--format ttl is for CONSTRUCT and DESCRIBE queries; use table, json, csv or tsv"
        )
    if isinstance(result, bool):
        return to_json(result) if fmt == "json" else ("true\n" if result else "false\n")
    return {"json": to_json, "csv": to_csv, "tsv": to_tsv}[fmt](result)


def _cell(term: Term | None, found: dict[str, str]) -> str:
    from rich.markup import escape

    if term is None:
        return ""
    if term.kind == "iri":
        label = found.get(term.value)
        short = escape(curie(term.value))
        return f"{escape(label)}\n[dim]{short}[/dim]" if label else short
    return escape(term.value)


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


def _span(
    start: str | None,
    end: str | None,
    start_occasion: str | None = None,
    end_occasion: str | None = None,
) -> str:
    left = start or start_occasion or "?"
    right = end or end_occasion or ""
    return f"{left} – {right}".rstrip()


def lineage_text(lineage: Lineage) -> str:
    """The lineage as readable text: one block per body, in time order."""
    focus = (
        lineage.step(lineage.entity)
        if any(s.iri == lineage.entity for s in lineage.steps)
        else None
    )
    heading = f"Lineage of {focus.label if focus else lineage.entity} ({curie(lineage.entity)})"
    if lineage.as_of:
        heading += f", as of {lineage.as_of}"
    lines = [heading, ""]
    for number, step in enumerate(lineage.steps, start=1):
        marker = ""
        if lineage.as_of is not None:
            marker = f"   <- existed on {lineage.as_of}" if step.current else ""
        lines.append(f"{number}. {step.label}{marker}")
        lines.append(f"   {curie(step.iri)}")
        lines.append(
            f"   dates:  {_span(step.start, step.end, step.start_occasion, step.end_occasion)}"
        )
        for parent in step.parents:
            when = (
                _span(parent.start, parent.end)
                if parent.start or parent.end
                else "dates not stated"
            )
            lines.append(f"   parent: {parent.label} ({when})")
        for change in step.events:
            kind = change.kind_label or (curie(change.kind) if change.kind else "succession")
            lines.append(f"   -> {kind} ({change.when}) into {change.to_label}")
            lines += [f"      “{quote}”" for quote in change.evidence]
        lines.append("")
    return "\n".join(lines)


def lineage_json(lineage: Lineage) -> str:
    """The lineage as indented JSON (see :meth:`kazkg.query.trace.Lineage.to_json`)."""
    data: dict[str, Any] = lineage.to_json()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
