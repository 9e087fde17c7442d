"""The questions the benchmark asks of every backend, and parameters for the named queries,
drawn from a generated graph's probes (so that they have answers in it).

>>> QUESTIONS[:3]
('lineage', 'trace', 'as-of')
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from benchmarks.generate import Probes
from kazkg.query.backends.base import Backend

HARDEST_QUERY = "changes-in-year"
"""The named query with the most work: every dated fact, its most specific kind, a quote."""

AS_OF_QUERY = "responsible-on-date"
"""The named as-of question: which body held a function (a policy area) on a date."""

QUESTIONS = (
    "lineage",
    "trace",
    "as-of",
    "aggregate",
    "aggregate-sparql",
    "name-label",
    "name-alias",
    "name-fuzzy",
    "describe",
    "hardest-query",
)
"""The in-process questions timed on every backend, in this order."""

COUNTING = frozenset({"aggregate", "aggregate-sparql"})
"""Questions that count the whole graph: their work is the graph's size, whatever the answer."""


def result_size(result: Any) -> int:
    """Rows in a result: a table's rows, a lineage's steps, a description's statements, 1 for a
    resolved name."""
    if isinstance(result, str):
        return 1
    for attribute in ("steps", "statements"):
        found = getattr(result, attribute, None)
        if found is not None:
            return len(found)
    return len(result)


def questions(backend: Backend, probes: Probes) -> Iterator[tuple[str, Callable[[], Any]]]:
    """The questions of :data:`QUESTIONS` as callables on ``backend``.

    ``aggregate`` asks the library (the embedded store reads the counts its build wrote; rdflib
    and a server count by SPARQL); ``aggregate-sparql`` always runs that one SPARQL query.
    """
    from kazkg.query import counts, describe, internal, resolve, trace
    from kazkg.query import named as queries

    yield "lineage", lambda: trace.lineage(backend, probes.holder)
    yield "trace", lambda: trace.trace(backend, probes.label)
    yield (
        "as-of",
        lambda: queries.run(backend, AS_OF_QUERY, {"date": probes.as_of, "area": probes.area}),
    )
    yield "aggregate", lambda: counts.class_counts(backend)
    yield "aggregate-sparql", lambda: internal.select(backend, "entity-fact-counts")
    yield "name-label", lambda: resolve.resolve(backend, probes.label)
    yield "name-alias", lambda: resolve.resolve(backend, probes.alias)
    yield "name-fuzzy", lambda: resolve.resolve(backend, probes.fuzzy)
    yield "describe", lambda: describe.describe(backend, probes.holder)
    yield "hardest-query", lambda: queries.run(backend, HARDEST_QUERY, {"year": probes.year})


def named_queries(backend: Backend, probes: Probes) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Every named query that has parameters with answers in a generated graph, as a callable."""
    from kazkg.query import named as queries

    for name, parameters in sorted(named_query_parameters(probes).items()):
        yield name, functools.partial(queries.run, backend, name, parameters)


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
