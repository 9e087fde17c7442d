"""Query results in the SPARQL 1.1 result formats (JSON, CSV, TSV, XML) and graphs as Turtle.

A :class:`~kazkg.terms.ResultTable` is written once, as TSV (each term in SPARQL syntax, which
:meth:`~kazkg.terms.Term.n3` writes safely); pyoxigraph's own parser and serialisers turn that into
every other result format, so the formats follow the specifications exactly.

>>> from kazkg.terms import Term
>>> table = ResultTable(["x", "n"], [(Term.iri("https://w3id.org/kazkg/id/kazakhstan"), Term.literal("1"))])
>>> serialize(table, "csv").splitlines()
['x,n', 'https://w3id.org/kazkg/id/kazakhstan,1']
>>> serialize(table, "tsv").splitlines()
['?x\\t?n', '<https://w3id.org/kazkg/id/kazakhstan>\\t"1"']
"""

from __future__ import annotations

import pyoxigraph as ox

from kazkg.errors import QueryError
from kazkg.terms import ResultTable
from kazkg.vocab import PREFIXES

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
"""The SPARQL 1.1 result formats, by the name the command line uses."""

GRAPH_FORMATS = ("ttl",)
"""Formats for the graph a CONSTRUCT or DESCRIBE query returns."""


def to_tsv(table: ResultTable) -> str:
    """``table`` in the SPARQL 1.1 Query Results TSV Format."""
    lines = ["\t".join(f"?{v}" for v in table.variables)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def serialize(result: ResultTable | bool, fmt: str) -> str:
    """A SELECT table or an ASK answer in result format ``fmt`` (one of :data:`RESULT_FORMATS`)."""
    target = RESULT_FORMATS.get(fmt)
    if target is None:
        raise QueryError(f"format: {fmt!r} is not one of {', '.join(RESULT_FORMATS)}")
    if isinstance(result, bool):
        answer = '{"head": {}, "boolean": %s}' % ("true" if result else "false")
        parsed = ox.parse_query_results(answer, ox.QueryResultsFormat.JSON)
    else:
        if fmt == "tsv":
            return to_tsv(result)
        parsed = ox.parse_query_results(to_tsv(result), ox.QueryResultsFormat.TSV)
    text = (parsed.serialize(format=target) or b"").decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def to_turtle(ntriples: bytes) -> str:
    """N-Triples re-written as Turtle with the standard prefixes."""
    data = ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes=PREFIXES,
    )
    return (data or b"").decode("utf-8")


def render(result: ResultTable | bool | bytes, fmt: str) -> str:
    """Any query result as text: a table or an answer in a result format, a graph as ``ttl``."""
    if isinstance(result, bytes):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"format: a CONSTRUCT or DESCRIBE result is a graph; use ttl, not {fmt}"
            )
        return to_turtle(result)
    if fmt in GRAPH_FORMATS:
        raise QueryError("format: ttl is for CONSTRUCT and DESCRIBE results; use json, csv or tsv")
    return serialize(result, fmt)


__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "render", "serialize", "to_tsv", "to_turtle"]
