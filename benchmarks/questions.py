"""The questions the benchmark asks of every backend, and parameters for the named queries,
drawn from a generated graph's probes (so that they have answers in it).

>>> QUESTIONS[:3]
('lineage', 'as-of', 'aggregate')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from benchmarks.generate import Probes
from kazkg.query.backends.base import Backend
from kazkg.vocab import KZ

AGGREGATE = f"""SELECT ?top ?class (COUNT(?x) AS ?n) WHERE {{
    VALUES ?top {{ <{KZ.Entity}> <{KZ.Fact}> }}
    ?x a ?top . ?x a ?class .
    FILTER(STRSTARTS(STR(?class), "{KZ.NS}"))
}} GROUP BY ?top ?class ORDER BY ?top ?class"""
"""Entities per class and facts per kind, in one SPARQL query."""

HARDEST_QUERY = "changes-in-year"
"""The named query with the most work: every dated fact, its most specific kind, a quote."""

AS_OF_QUERY = "responsible-on-date"
"""The named as-of question: which body held a function (a policy area) on a date."""

QUESTIONS = (
    "lineage",
    "as-of",
    "aggregate",
    "name-label",
    "name-alias",
    "name-fuzzy",
    "hardest-query",
)
"""The in-process questions timed on every backend, in this order."""


def result_size(result: Any) -> int:
    """Rows in a result: a table's rows, a lineage's steps, 1 for a resolved name."""
    if isinstance(result, str):
        return 1
    steps = getattr(result, "steps", None)
    return len(steps) if steps is not None else len(result)


def questions(backend: Backend, probes: Probes) -> Iterator[tuple[str, Callable[[], Any]]]:
    """The questions of :data:`QUESTIONS` as callables on ``backend``."""
    from kazkg.query import named as queries
    from kazkg.query import resolve, trace

    yield "lineage", lambda: trace.lineage(backend, probes.holder)
    yield (
        "as-of",
        lambda: queries.run(backend, AS_OF_QUERY, {"date": probes.as_of, "area": probes.area}),
    )
    yield "aggregate", lambda: backend.select(AGGREGATE)
    yield "name-label", lambda: resolve.resolve(backend, probes.label)
    yield "name-alias", lambda: resolve.resolve(backend, probes.alias)
    yield "name-fuzzy", lambda: resolve.resolve(backend, probes.fuzzy)
    yield "hardest-query", lambda: queries.run(backend, HARDEST_QUERY, {"year": probes.year})


def named_query_parameters(probes: Probes) -> dict[str, dict[str, str]]:
    """Parameters with answers in a generated graph, for every named query that takes some.

    A query missing from the result needs no parameters (or none that the probes can give).
    """
    from kazkg.query import named as queries

    values = {
        "agency": probes.holder,
        "entity": probes.holder,
        "act": probes.law,
        "party": probes.state,
        "member": probes.state,
        "centre": probes.ministry,
        "organisation": probes.international_organisation,
        "a": probes.chain[0],
        "b": probes.chain[1],
        "subject": probes.group,
        "area": probes.area,
        "date": probes.as_of,
        "from": probes.year,
        "to": str(int(probes.year) + 5),
        "year": probes.year,
        "text": probes.label.split()[-1],
    }
    found: dict[str, dict[str, str]] = {}
    for query in queries.catalogue():
        given = {p.name: values[p.name] for p in query.parameters if p.name in values}
        if all(p.name in given for p in query.parameters if p.required):
            found[query.name] = given
    return found
