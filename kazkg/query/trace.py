"""Lineage: the line of succession a body belongs to, in time order, with parents and evidence.

The line is the connected component of the body over ``kz:Succession`` facts
(``org:originalOrganization`` → ``org:resultingOrganization``).  Each step is one body:

* ``start`` / ``end``: when it held the line's function, as the time model bounds it
  (``kz:heldFunctionFrom`` / ``kz:heldFunctionUntil``; see :mod:`kazkg.time`), and
  ``existed_from`` / ``existed_until``: when it existed; a ``None`` bound is open;
* ``start_occasion`` / ``end_occasion``: the occasion a change is dated by when the source gives
  no date for it ("the collapse of the Soviet Union");
* ``parents``: its ``kz:Subordination`` superiors whose spans overlap the step's own;
* ``events``: the successions leading from it to later bodies, each with its kind, date or
  occasion and the quotes that state it (``event`` is the first of them).

With ``as_of``, ``current`` says whether the body held the line's function on that date and
``existed`` whether it existed (:func:`kazkg.time.held_function_on`, :func:`kazkg.time.existed_on`).
Steps come in time order: a body always before the bodies it led to, then by start date, then by
label.  :meth:`Lineage.to_json` is the stable structure ``kazkg trace --format json`` prints.

>>> from kazkg.query.backends import open_backend                      # doctest: +SKIP
>>> steps = trace(open_backend(), "Agency for Religious Affairs").steps   # doctest: +SKIP
>>> [s.start for s in steps]                                    # doctest: +SKIP
[None, None, '2008', '2011', '2014-08']
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from kazkg.build import indexes
from kazkg.errors import ParameterError, QueryError
from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.labels import labels
from kazkg.query.resolve import resolve
from kazkg.terms import Row, Term
from kazkg.time import Span, existed_on, held_function_on, not_after, parse_date, sort_key

JSON_FORMAT = 2
"""Version of the structure :meth:`Lineage.to_json` returns."""


@dataclass(frozen=True)
class Parent:
    """A superior body of a step, with the span of the subordination (``None``: open)."""

    iri: str
    label: str
    start: str | None = None
    end: str | None = None
    fact: str = ""


@dataclass(frozen=True)
class Change:
    """A succession from one body to the next: its fact, kind, date or occasion, and quotes."""

    fact: str
    to: str
    to_label: str
    kind: str | None = None
    kind_label: str | None = None
    date: str | None = None
    occasion: str | None = None
    occasion_label: str | None = None
    evidence: tuple[str, ...] = ()

    @property
    def when(self) -> str:
        """The date, else the occasion's label, else ``"date not stated"``."""
        return self.date or self.occasion_label or "date not stated"


@dataclass
class Step:
    """One body of a lineage."""

    iri: str
    label: str
    start: str | None = None
    end: str | None = None
    existed_from: str | None = None
    existed_until: str | None = None
    start_occasion: str | None = None
    end_occasion: str | None = None
    parents: list[Parent] = field(default_factory=list)
    events: list[Change] = field(default_factory=list)
    current: bool | None = None
    """Whether the body held the line's function on the lineage's ``as_of`` (``None``: no date)."""
    existed: bool | None = None
    """Whether the body existed on the lineage's ``as_of`` (``None``: no date)."""

    @property
    def event(self) -> Change | None:
        """The (first) succession leading from this body to a later one."""
        return self.events[0] if self.events else None

    @property
    def evidence(self) -> tuple[str, ...]:
        """The quotes that state :attr:`event`."""
        return self.event.evidence if self.event else ()

    @property
    def function_span(self) -> Span:
        """When the body held the line's function."""
        return Span(self.start, self.end)

    @property
    def existence(self) -> Span:
        """When the body existed."""
        return Span(self.existed_from, self.existed_until)


@dataclass
class Lineage:
    """The whole line of succession of ``entity``, in time order."""

    entity: str
    steps: list[Step]
    as_of: str | None = None

    def step(self, iri: str) -> Step:
        """The step of body ``iri``."""
        for step in self.steps:
            if step.iri == iri:
                return step
        raise KeyError(iri)

    def to_json(self) -> dict[str, Any]:
        """The lineage as plain JSON data (the structure is documented in docs/querying.md)."""
        return {
            "format": JSON_FORMAT,
            "entity": self.entity,
            "as_of": self.as_of,
            "steps": [_step_json(s) for s in self.steps],
        }


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "iri": change.fact,
        "kind": change.kind_label,
        "date": change.date,
        "occasion": change.occasion_label,
        "next": {"iri": change.to, "label": change.to_label},
        "evidence": list(change.evidence),
    }


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "iri": step.iri,
        "label": step.label,
        "start": step.start,
        "end": step.end,
        "existed_from": step.existed_from,
        "existed_until": step.existed_until,
        "start_occasion": step.start_occasion,
        "end_occasion": step.end_occasion,
        "current": step.current,
        "existed": step.existed,
        "parents": [
            {"iri": p.iri, "label": p.label, "start": p.start, "end": p.end} for p in step.parents
        ],
        "event": _change_json(step.event) if step.event else None,
        "evidence": list(step.evidence),
        "events": [_change_json(c) for c in step.events],
    }


def _v(term: Term | None) -> str | None:
    return None if term is None else term.value


def changes_from(rows: Iterable[Row]) -> dict[str, list[Change]]:
    """The successions in ``rows`` (``lineage-successions`` columns), by original body, in date
    order.

    Labels (``to_label``, ``kind_label``, ``occasion_label``) are left empty; :func:`assemble`
    fills them in.  Where a fact names several values for one column, the least is kept, so the
    result does not depend on the order of the rows.
    """
    found: dict[tuple[str, str], set[tuple[str, str, str, str]]] = defaultdict(set)
    quotes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact, source, target, kind, date, occasion, quote in rows:
        if fact is None or source is None or target is None:
            continue
        key = (source.value, fact.value)
        found[key].add((target.value, _v(kind) or "", _v(date) or "", _v(occasion) or ""))
        if quote is not None:
            quotes[key].add(quote.value)
    changes: dict[tuple[str, str], Change] = {}
    for key, candidates in found.items():
        to, kind_iri, when, occasion_iri = min(candidates)
        changes[key] = Change(
            fact=key[1],
            to=to,
            to_label="",
            kind=kind_iri or None,
            date=when or None,
            occasion=occasion_iri or None,
            evidence=tuple(sorted(quotes[key])),
        )
    by_source: dict[str, list[Change]] = defaultdict(list)
    for key, change in sorted(changes.items(), key=lambda item: (sort_key(item[1].date), item[0])):
        by_source[key[0]].append(change)
    return by_source


def bodies_from(rows: Iterable[Row]) -> dict[str, dict[str, str | None]]:
    """The spans of each body, and the occasion of its abolition (``lineage-bodies`` columns);
    the earliest value of each, where there are several."""
    keys = ("existed_from", "existed_until", "start", "end", "end_occasion")
    found: dict[str, dict[str, str | None]] = {}
    for body, *values in rows:
        if body is None:
            continue
        info = found.setdefault(body.value, dict.fromkeys(keys))
        for key, term in zip(keys, values, strict=True):
            value = _v(term)
            if value is not None and (info[key] is None or value < str(info[key])):
                info[key] = value
    return found


def parents_from(rows: Iterable[Row], names: dict[str, str]) -> dict[str, list[Parent]]:
    """The superiors of each body (``lineage-parents`` columns), with the spans the
    subordinations held, labelled from ``names``."""
    parents: dict[str, set[Parent]] = defaultdict(set)
    for body, fact, parent, start, end in rows:
        if body is None or parent is None:
            continue
        name = names.get(parent.value, parent.value)
        parents[body.value].add(Parent(parent.value, name, _v(start), _v(end), _v(fact) or ""))
    return {
        iri: sorted(found, key=lambda p: (sort_key(p.start), sort_key(p.end), p.label, p.iri))
        for iri, found in parents.items()
    }


def members_of(iri: str, changes: dict[str, list[Change]]) -> list[str]:
    """The bodies of the line: ``iri``, and every body a succession leads from or to."""
    return sorted({iri} | set(changes) | {c.to for per in changes.values() for c in per})


def named_in(
    changes: dict[str, list[Change]], bodies: dict[str, dict[str, str | None]]
) -> set[str]:
    """The kinds of change, occasions and abolition occasions a line needs labels for."""
    found = {c.kind for per in changes.values() for c in per if c.kind}
    found |= {c.occasion for per in changes.values() for c in per if c.occasion}
    found |= {str(b["end_occasion"]) for b in bodies.values() if b["end_occasion"]}
    return found


def _overlaps(parent: Parent, span: Span) -> bool:
    """Whether a subordination's span overlaps ``span`` (missing bounds are open)."""
    starts_in_time = parent.start is None or span.end is None or not_after(parent.start, span.end)
    ends_in_time = parent.end is None or span.start is None or not_after(span.start, parent.end)
    return starts_in_time and ends_in_time


def _time_order(steps: dict[str, Step], successors: dict[str, set[str]]) -> list[Step]:
    """Predecessors before successors; among ready steps, earliest start date, then label."""
    indegree = dict.fromkeys(steps, 0)
    for targets in successors.values():
        for target in targets:
            indegree[target] += 1

    def key(iri: str) -> tuple[tuple[int, str], str, str]:
        return (sort_key(steps[iri].start), steps[iri].label, iri)

    ready = [key(iri) for iri, degree in indegree.items() if degree == 0]
    heapq.heapify(ready)
    ordered: list[Step] = []
    while ready:
        iri = heapq.heappop(ready)[2]
        ordered.append(steps[iri])
        for target in sorted(successors.get(iri, ())):
            indegree[target] -= 1
            if indegree[target] == 0:
                heapq.heappush(ready, key(target))
    seen = {s.iri for s in ordered}
    cycles = sorted((s for s in steps.values() if s.iri not in seen), key=lambda s: key(s.iri))
    return ordered + cycles


def _check_date(as_of: str | None) -> str | None:
    if as_of is None:
        return None
    try:
        return parse_date(as_of)
    except ValueError as error:
        raise ParameterError("as_of", str(error)) from None


def _steps(
    iri: str,
    changes: dict[str, list[Change]],
    bodies: dict[str, dict[str, str | None]],
    names: dict[str, str],
) -> tuple[dict[str, Step], dict[str, set[str]]]:
    """One step per body of the line, with its labels, spans and changes; and the successors."""
    in_line = bool(changes)
    steps: dict[str, Step] = {}
    for member in members_of(iri, changes):
        info = bodies.get(member, {})
        steps[member] = Step(
            member,
            names.get(member, member),
            start=info.get("start" if in_line else "existed_from"),
            end=info.get("end" if in_line else "existed_until"),
            existed_from=info.get("existed_from"),
            existed_until=info.get("existed_until"),
        )
        abolished_on = info.get("end_occasion")
        if abolished_on:
            steps[member].end_occasion = names.get(abolished_on, abolished_on)
    successors: dict[str, set[str]] = defaultdict(set)
    for source, per_source in changes.items():
        for change in per_source:
            target = steps[change.to]
            named = replace(
                change,
                to_label=target.label,
                kind_label=names.get(change.kind) if change.kind else None,
                occasion_label=names.get(change.occasion) if change.occasion else None,
            )
            steps[source].events.append(named)
            successors[source].add(target.iri)
            if named.date is None and named.occasion_label:
                target.start_occasion = target.start_occasion or named.occasion_label
                steps[source].end_occasion = steps[source].end_occasion or named.occasion_label
    return steps, successors


def assemble(
    iri: str,
    changes: dict[str, list[Change]],
    bodies: dict[str, dict[str, str | None]],
    names: dict[str, str],
    parents: dict[str, list[Parent]],
) -> Lineage:
    """The lineage of ``iri`` (no date marked) from what its line holds: its successions
    (:func:`changes_from`), the spans of its bodies (:func:`bodies_from`), labels, and parents
    (:func:`parents_from`).  A pure function: the queries and the build's index both end here."""
    if iri not in names and not changes:
        raise QueryError(f"no body {iri} in the graph")
    steps, successors = _steps(iri, changes, bodies, names)
    for member, step in steps.items():
        step.parents = [p for p in parents.get(member, []) if _overlaps(p, step.existence)]
    return Lineage(iri, _time_order(steps, successors))


def _queried(backend: Backend, iri: str) -> Lineage:
    """The lineage of ``iri`` asked of ``backend`` in four queries."""
    table = internal.select(backend, "lineage-successions", start=[Term.iri(iri)])
    changes = changes_from(table.rows)
    members = [Term.iri(member) for member in members_of(iri, changes)]
    bodies = bodies_from(internal.select(backend, "lineage-bodies", body=members).rows)
    superiors = internal.select(backend, "lineage-parents", body=members).rows
    wanted = {m.value for m in members} | named_in(changes, bodies)
    wanted |= {row[2].value for row in superiors if row[2] is not None}
    names = labels(backend, wanted)
    return assemble(iri, changes, bodies, names, parents_from(superiors, names))


def mark(found: Lineage, as_of: str | None) -> Lineage:
    """``found`` with each step marked as holding the line's function (``current``) and existing
    (``existed``) on ``as_of`` or not (nothing is marked without a date)."""
    found.as_of = as_of
    for step in found.steps:
        if as_of is not None:
            step.current = held_function_on(step.function_span, as_of)
            step.existed = existed_on(step.existence, as_of)
    return found


def lineage(backend: Backend, iri: str, as_of: str | None = None) -> Lineage:
    """The lineage of the body ``iri``; with ``as_of`` (an ISO date), mark who held the line's
    function then (``current``) and who existed (``existed``).

    Read from the lineage index the build wrote beside the store (:mod:`kazkg.build.indexes`)
    when the backend has one and the body is in it; asked of the backend otherwise."""
    as_of = _check_date(as_of)
    found = indexes.lineage_of(backend, iri)
    return mark(found if found is not None else _queried(backend, iri), as_of)


def trace(backend: Backend, name: str, as_of: str | None = None) -> Lineage:
    """Resolve ``name`` (a name, alias, IRI or CURIE; see :mod:`kazkg.query.resolve`), then
    trace it."""
    return lineage(backend, resolve(backend, name), as_of)


# -- every line at once (for the build's index) ------------------------------------------------


def _lines(links: Iterable[Row]) -> list[set[str]]:
    """The lines of succession from the ``kz:inLineWith`` pairs: each body's line is the bodies
    it is in line with.  A line that some body of it does not see whole (were the property not
    symmetric and transitive) is left out: its lineage would depend on where it is asked from.
    """
    line_of: dict[str, set[str]] = defaultdict(set)
    for a, b in links:
        if a is not None and b is not None:
            line_of[a.value].add(b.value)
    lines: list[set[str]] = []
    seen: set[str] = set()
    for body in sorted(line_of):
        if body in seen:
            continue
        line = line_of[body]
        seen |= line
        if body in line and all(line_of.get(other) == line for other in line):
            lines.append(line)
    return lines


def every_line(backend: Backend) -> Iterator[tuple[list[str], Lineage]]:
    """Every line of succession in ``backend``'s graph, worked out at once: for each, the bodies
    whose :func:`lineage` it is (no date marked) and that lineage, as asked from its first body.

    A body is listed only where asking from it gives exactly this lineage: it is on the line
    and some succession leads from or to it.
    """
    by_source: dict[str, list[Row]] = defaultdict(list)
    for row in internal.select(backend, "lineage-every-succession").rows:
        if row[1] is not None:
            by_source[row[1].value].append(row)
    found: list[tuple[list[str], dict[str, list[Change]]]] = []
    for line in _lines(internal.select(backend, "lineage-links").rows):
        changes = changes_from(row for body in sorted(line) for row in by_source.get(body, ()))
        ends = set(changes) | {c.to for per in changes.values() for c in per}
        listed = sorted(line & ends)
        if listed:
            found.append((listed, changes))
    members = {m for listed, changes in found for m in members_of(listed[0], changes)}
    bodies = bodies_from(internal.select_each(backend, "lineage-bodies", "body", members))
    superiors = internal.select_each(backend, "lineage-parents", "body", members)
    wanted = members | {row[2].value for row in superiors if row[2] is not None}
    wanted |= named_in({s: c for _, changes in found for s, c in changes.items()}, bodies)
    names = labels(backend, wanted)
    parents = parents_from(superiors, names)
    for listed, changes in found:
        yield listed, assemble(listed[0], changes, bodies, names, parents)


# -- a lineage as plain data (the index stores it so) ------------------------------------------


def to_record(found: Lineage) -> dict[str, Any]:
    """Every field of ``found``'s steps as plain data; :func:`from_record` reads it back."""
    return {"entity": found.entity, "steps": [asdict(step) for step in found.steps]}


def from_record(record: dict[str, Any], entity: str | None = None) -> Lineage:
    """The lineage :func:`to_record` wrote (as asked from ``entity``, if given)."""
    steps = []
    for data in record["steps"]:
        parents = [Parent(**p) for p in data["parents"]]
        events = [Change(**{**c, "evidence": tuple(c["evidence"])}) for c in data["events"]]
        steps.append(Step(**{**data, "parents": parents, "events": events}))
    return Lineage(entity or record["entity"], steps)


__all__ = [
    "Change",
    "Lineage",
    "Parent",
    "Step",
    "assemble",
    "every_line",
    "from_record",
    "lineage",
    "mark",
    "to_record",
    "trace",
]
