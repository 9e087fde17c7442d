"""Write the time model's spans into the reasoned graph (see :mod:`kazkg.time`).

The build reads every dated change once, computes when each entity existed, when each body of a
line of succession held the line's function, and when each fact held, and states the bounds as
typed literals (``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``, at the precision of the date
they come from):

============================  ============================================================
``kz:existedFrom/Until``      on every entity that a change begins or ends
``kz:heldFunctionFrom/Until`` on every body of a line of succession
``kz:heldFrom/Until``         on every fact with a bound (its own dates within its parties')
============================  ============================================================

Every command and every date-taking query reads these triples, so "on date D" means the same
everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from kazkg.query import internal
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.schema import Schema
from kazkg.terms import Term
from kazkg.time import (
    Change,
    Dating,
    Handover,
    Holding,
    Span,
    entity_spans,
    function_spans,
    holding_spans,
    precision,
)
from kazkg.vocab import KZ, XSD

_DATATYPES = {"year": XSD + "gYear", "month": XSD + "gYearMonth", "day": XSD + "date"}


def _value(term: Term | None) -> str | None:
    return None if term is None else term.value


def _truth(term: Term | None) -> bool:
    return term is not None and term.value in ("true", "1")


def _dating(date: Term | None, occasion: Term | None, not_after: Term | None) -> Dating:
    return Dating(_value(date), _value(occasion), _value(not_after))


def fact_parties(backend: OxigraphBackend, schema: Schema) -> dict[str, set[str]]:
    """The entities each fact links, through the roles the schema declares."""
    role_terms = [Term.iri(role) for role in schema.fact_roles()]
    table = internal.select(backend, "fact-parties", role=role_terms)
    parties: dict[str, set[str]] = defaultdict(set)
    for fact, _, value in table.rows:
        if fact is not None and value is not None:
            parties[fact.value].add(value.value)
    return parties


def compute(backend: OxigraphBackend, schema: Schema) -> tuple[dict[str, Span], ...]:
    """The existence, function and holding spans of the graph ``backend`` holds."""
    changes = [
        Change(entity.value, _truth(begins), _dating(date, occasion, not_after))
        for entity, begins, date, occasion, not_after in internal.select(
            backend, "time-changes"
        ).rows
        if entity is not None
    ]
    existence = entity_spans(changes)
    handovers = [
        Handover(source.value, target.value, _dating(date, occasion, not_after))
        for source, target, date, occasion, not_after in internal.select(
            backend, "time-handovers"
        ).rows
        if source is not None and target is not None
    ]
    function = function_spans(handovers, existence)
    parties = fact_parties(backend, schema)
    starts: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, list[str]] = defaultdict(list)
    follows: dict[str, bool] = {}
    for fact, start, end, occasion, passes in internal.select(backend, "time-holdings").rows:
        if fact is None:
            continue
        follows[fact.value] = _truth(passes)
        begun = _value(start) or _value(occasion)
        if begun is not None:
            starts[fact.value].append(begun)
        if end is not None:
            ends[fact.value].append(end.value)
    holdings = [
        Holding(
            fact,
            tuple(sorted(p for p in parties.get(fact, ()) if p != fact)),
            Dating(min(starts[fact], default=None)),
            Dating(max(ends[fact], default=None)),
            passes,
        )
        for fact, passes in sorted(follows.items())
    ]
    return existence, function, holding_spans(holdings, existence, function)


def _literal(date: str) -> ox.Literal:
    return ox.Literal(date, datatype=ox.NamedNode(_DATATYPES[precision(date)]))


def _quads(spans: Mapping[str, Span], start: str, end: str) -> Iterator[ox.Quad]:
    for node, span in sorted(spans.items()):
        subject = ox.NamedNode(node)
        if span.start is not None:
            yield ox.Quad(subject, ox.NamedNode(start), _literal(span.start))
        if span.end is not None:
            yield ox.Quad(subject, ox.NamedNode(end), _literal(span.end))


def write_spans(store: ox.Store, schema: Schema) -> int:
    """Compute the spans of the graph in ``store`` and add them to it; return how many triples
    were added."""
    existence, function, holding = compute(OxigraphBackend(store), schema)
    quads = [
        *_quads(existence, KZ.existedFrom, KZ.existedUntil),
        *_quads(function, KZ.heldFunctionFrom, KZ.heldFunctionUntil),
        *_quads(holding, KZ.heldFrom, KZ.heldUntil),
    ]
    before = len(store)
    store.extend(quads)
    return len(store) - before


__all__ = ["compute", "fact_parties", "write_spans"]
