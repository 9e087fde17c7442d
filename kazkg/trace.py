"""Lineage: the line of succession a body belongs to, in time order, with parents and evidence.

The line is the connected component of the body over ``kz:Succession`` facts
(``org:originalOrganization`` → ``org:resultingOrganization``).  Each step is one body:

* ``start``: the date of the succession it resulted from, else its ``kz:foundingDate``; when the
  change has no date but an occasion ("with the collapse of the Soviet Union"), ``start`` is
  ``None`` and ``start_occasion`` names the occasion;
* ``end``: the date of the succession it was the original of, else its ``kz:dissolutionDate``
  (``end_occasion`` likewise);
* ``parents``: its ``kz:Subordination`` superiors whose spans overlap the step's own;
* ``events``: the successions leading from it to later bodies, each with its kind, date or
  occasion and the quotes that state it (``event`` is the first of them).

Steps come in time order: a body always before the bodies it led to, then by start date as an
ISO string (see :mod:`kazkg.dates`), then by label.  Three indexed lookups, whatever the size of
the graph.  :meth:`Lineage.to_json` is the stable structure ``kazkg trace --format json`` prints.

>>> from kazkg.backends import open_backend                      # doctest: +SKIP
>>> steps = trace(open_backend(), "Agency for Religious Affairs").steps   # doctest: +SKIP
>>> [s.start for s in steps]                                    # doctest: +SKIP
[None, None, '2008', '2011', '2014-08']
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from kazkg.backends.base import Backend
from kazkg.dates import in_span, not_after, sort_key
from kazkg.errors import QueryError
from kazkg.querytext import bind_clauses
from kazkg.resolve import resolve
from kazkg.terms import Term
from kazkg.vocab import KZ, ORG, RDFS

JSON_FORMAT = 1
"""Version of the structure :meth:`Lineage.to_json` returns."""


@dataclass(frozen=True)
class Parent:
    """A superior body of a step, with the span of the subordination (``None``: not stated)."""

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
    start_occasion: str | None = None
    end_occasion: str | None = None
    parents: list[Parent] = field(default_factory=list)
    events: list[Change] = field(default_factory=list)
    current: bool | None = None
    """Whether the body existed on the lineage's ``as_of`` date (``None`` without one)."""

    @property
    def event(self) -> Change | None:
        """The (first) succession leading from this body to a later one."""
        return self.events[0] if self.events else None

    @property
    def evidence(self) -> tuple[str, ...]:
        """The quotes that state :attr:`event`."""
        return self.event.evidence if self.event else ()


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

        def change(c: Change) -> dict[str, Any]:
            return {
                "iri": c.fact,
                "kind": c.kind_label,
                "date": c.date,
                "occasion": c.occasion_label,
                "next": {"iri": c.to, "label": c.to_label},
                "evidence": list(c.evidence),
            }

        return {
            "format": JSON_FORMAT,
            "entity": self.entity,
            "as_of": self.as_of,
            "steps": [
                {
                    "iri": s.iri,
                    "label": s.label,
                    "start": s.start,
                    "end": s.end,
                    "start_occasion": s.start_occasion,
                    "end_occasion": s.end_occasion,
                    "current": s.current,
                    "parents": [
                        {"iri": p.iri, "label": p.label, "start": p.start, "end": p.end}
                        for p in s.parents
                    ],
                    "event": change(s.event) if s.event else None,
                    "evidence": list(s.evidence),
                    "events": [change(c) for c in s.events],
                }
                for s in self.steps
            ],
        }


def _v(term: Term | None) -> str | None:
    return None if term is None else term.value


def _successions(backend: Backend, iri: str) -> dict[str, list[Change]]:
    """The successions of the component of ``iri``, by original body, in date order.

    ``to_label`` is left as the IRI; :func:`lineage` fills in the labels.
    """
    table = backend.select(
        f"""SELECT ?fact ?from ?to ?kind ?kindLabel ?date ?occasion ?occasionLabel ?quote WHERE {{
            {bind_clauses({"start": Term.iri(iri)})}
            ?start (<{KZ.succeededBy}>|<{KZ.precededBy}>)* ?from .
            ?fact a <{KZ.Succession}> ; <{ORG}originalOrganization> ?from ; <{ORG}resultingOrganization> ?to .
            OPTIONAL {{ ?fact <{KZ.changeKind}> ?kind . OPTIONAL {{ ?kind <{RDFS}label> ?kindLabel }} }}
            OPTIONAL {{ ?fact <{KZ.date}> ?date }}
            OPTIONAL {{ ?fact <{KZ.occasion}> ?occasion . OPTIONAL {{ ?occasion <{RDFS}label> ?occasionLabel }} }}
            OPTIONAL {{ ?fact <{KZ.quote}> ?quote }}
        }}"""
    )
    found: dict[tuple[str, str], Change] = {}
    quotes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact, source, target, kind, kind_label, date, occasion, occasion_label, quote in table.rows:
        if fact is None or source is None or target is None:
            continue
        key = (source.value, fact.value)
        found.setdefault(
            key,
            Change(
                fact.value,
                target.value,
                target.value,
                _v(kind),
                _v(kind_label),
                _v(date),
                _v(occasion),
                _v(occasion_label),
            ),
        )
        if quote is not None:
            quotes[key].add(quote.value)
    by_source: dict[str, list[Change]] = defaultdict(list)
    for key, change in sorted(found.items(), key=lambda item: (sort_key(item[1].date), item[0])):
        by_source[key[0]].append(replace(change, evidence=tuple(sorted(quotes[key]))))
    return by_source


def _bodies(backend: Backend, iris: list[str]) -> dict[str, dict[str, str | None]]:
    """Label, founding and dissolution date (or occasion) of each body."""
    table = backend.select(
        f"""SELECT ?e ?label ?founded ?dissolved ?endOccasionLabel WHERE {{
            VALUES ?e {{ {" ".join(Term.iri(i).n3() for i in iris)} }}
            OPTIONAL {{ ?e <{RDFS}label> ?label . FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }}
            OPTIONAL {{ ?e <{KZ.NS}foundingDate> ?founded }}
            OPTIONAL {{ ?e <{KZ.NS}dissolutionDate> ?dissolved }}
            OPTIONAL {{ ?abolition <{KZ.NS}abolishedEntity> ?e ; <{KZ.occasion}> ?o . ?o <{RDFS}label> ?endOccasionLabel }}
        }}"""
    )
    found: dict[str, dict[str, str | None]] = {}
    for e, label, founded, dissolved, occasion in table.rows:
        if e is None:
            continue
        info = found.setdefault(
            e.value, {"label": None, "founded": None, "dissolved": None, "occasion": None}
        )
        for key, term in (
            ("label", label),
            ("founded", founded),
            ("dissolved", dissolved),
            ("occasion", occasion),
        ):
            value = _v(term)
            if value is not None and (info[key] is None or value < str(info[key])):
                info[key] = value
    return found


def _parents(backend: Backend, iris: list[str]) -> dict[str, list[Parent]]:
    """The superiors of each body, with the spans of the subordinations."""
    table = backend.select(
        f"""SELECT ?e ?fact ?parent ?label ?start ?end WHERE {{
            VALUES ?e {{ {" ".join(Term.iri(i).n3() for i in iris)} }}
            ?fact a <{KZ.Subordination}> ; <{KZ.subordinate}> ?e ; <{KZ.superior}> ?parent .
            OPTIONAL {{ ?parent <{RDFS}label> ?label . FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }}
            OPTIONAL {{ ?fact <{KZ.startDate}> ?start }}
            OPTIONAL {{ ?fact <{KZ.endDate}> ?end }}
        }}"""
    )
    parents: dict[str, set[Parent]] = defaultdict(set)
    for e, fact, parent, label, start, end in table.rows:
        if e is not None and parent is not None:
            parents[e.value].add(
                Parent(parent.value, _v(label) or parent.value, _v(start), _v(end), _v(fact) or "")
            )
    return {
        iri: sorted(found, key=lambda p: (sort_key(p.start), sort_key(p.end), p.label, p.iri))
        for iri, found in parents.items()
    }


def _overlaps(parent: Parent, step: Step) -> bool:
    """Whether a subordination's span overlaps the step's (missing bounds are open)."""
    starts_in_time = parent.start is None or step.end is None or not_after(parent.start, step.end)
    ends_in_time = parent.end is None or step.start is None or not_after(step.start, parent.end)
    return starts_in_time and ends_in_time


def _time_order(steps: dict[str, Step], successors: dict[str, set[str]]) -> list[Step]:
    """Predecessors before successors; among ready steps, earliest start date, then label."""
    indegree = {iri: 0 for iri in steps}
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
    ordered += sorted(
        (s for s in steps.values() if s.iri not in seen), key=lambda s: key(s.iri)
    )  # cycles
    return ordered


def _mark(ordered: list[Step], successors: dict[str, set[str]], as_of: str) -> None:
    """Set ``current`` on each step: did the body exist on ``as_of``?

    A missing start or end is bounded by the dates of the bodies before or after it in the line
    (a body cannot outlive the start of its successor's successor); with no such date it is open.
    """
    predecessors: dict[str, set[str]] = defaultdict(set)
    for source, targets in successors.items():
        for target in targets:
            predecessors[target].add(source)
    position = {s.iri: i for i, s in enumerate(ordered)}
    latest_before: dict[str, str | None] = {}
    for step in ordered:
        bounds = [latest_before.get(p) for p in predecessors[step.iri]]
        bounds += [
            by.start or by.end for by in (ordered[position[p]] for p in predecessors[step.iri])
        ]
        known = [b for b in bounds if b]
        latest_before[step.iri] = step.start or (max(known) if known else None)
    earliest_after: dict[str, str | None] = {}
    for step in reversed(ordered):
        later = [ordered[position[t]] for t in successors.get(step.iri, ())]
        candidates = [c for t in later for c in (t.start, t.end, earliest_after.get(t.iri)) if c]
        earliest_after[step.iri] = step.end or (min(candidates) if candidates else None)
    for step in ordered:
        step.current = in_span(as_of, latest_before[step.iri], earliest_after[step.iri])


def lineage(backend: Backend, iri: str, as_of: str | None = None) -> Lineage:
    """The lineage of the body ``iri``; with ``as_of`` (an ISO date), mark who existed then."""
    if as_of is not None:
        from kazkg.dates import parse_date

        try:
            as_of = parse_date(as_of)
        except ValueError as error:
            raise QueryError(f"--as-of: {error}") from None
    changes = _successions(backend, iri)
    members = sorted({iri} | set(changes) | {c.to for per in changes.values() for c in per})
    bodies = _bodies(backend, members)
    if iri not in bodies or (bodies[iri]["label"] is None and not changes):
        raise QueryError(f"no body {iri} in the graph")
    steps = {m: Step(m, bodies.get(m, {}).get("label") or m) for m in members}
    successors: dict[str, set[str]] = defaultdict(set)
    for source, per_source in changes.items():
        for change in per_source:
            target = steps[change.to]
            steps[source].events.append(replace(change, to_label=target.label))
            successors[source].add(target.iri)
            if change.date is not None and (target.start is None or change.date < target.start):
                target.start, target.start_occasion = change.date, None
            elif change.date is None and target.start is None and change.occasion_label:
                target.start_occasion = change.occasion_label
    for m, step in steps.items():
        info = bodies.get(m, {})
        if step.start is None and step.start_occasion is None:
            step.start = info.get("founded")
        dated_ends = [c.date for c in step.events if c.date]
        step.end = min(dated_ends) if dated_ends else info.get("dissolved")
        if step.end is None:
            occasions = [c.occasion_label for c in step.events if c.occasion_label]
            step.end_occasion = occasions[0] if occasions else info.get("occasion")
    all_parents = _parents(backend, members)
    for m, step in steps.items():
        step.parents = [p for p in all_parents.get(m, []) if _overlaps(p, step)]
    ordered = _time_order(steps, successors)
    if as_of is not None:
        _mark(ordered, successors, as_of)
    return Lineage(iri, ordered, as_of)


def trace(backend: Backend, name: str, as_of: str | None = None) -> Lineage:
    """Resolve ``name`` (a name, alias, IRI or CURIE; see :mod:`kazkg.resolve`), then trace it."""
    return lineage(backend, resolve(backend, name), as_of)
