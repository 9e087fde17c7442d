"""The one model of time: dates of mixed precision, spans, and the two questions asked of them.

**Dates.** The graph dates things at the precision the source gives: a year (``2011``), a month
(``2014-08``) or a day (``2010-04-08``), as ISO strings.  Sorting compares the strings, so a year
sorts before any month of that year (``"2011" < "2011-03"``).  Whether a date falls within a
span compares both at the coarser of their two precisions, so a body that ended "in 2011" still
existed on ``2011-06-01`` as far as the source tells, and a span that started in August 2014
contains the year ``2014``.

**Spans.** A :class:`Span` bounds when something existed or held "as far as the source tells":
``start`` is the earliest date it may have begun, ``end`` the latest date it may have lasted to,
and a missing bound is open (the source sets none).  Where the source dates a change only by an
occasion ("with the collapse of the Soviet Union"), the occasion's own date is used, and for an
end its ``kz:notAfter`` bound if it has no date.

**The two questions** (:func:`existed_on` and :func:`held_function_on`) are answered from spans
the build computes once (:func:`entity_spans`, :func:`function_spans`, :func:`holding_spans`)
and writes into the compiled graph as ``kz:existedFrom``/``kz:existedUntil``,
``kz:heldFunctionFrom``/``kz:heldFunctionUntil`` and ``kz:heldFrom``/``kz:heldUntil``; every
command and every date-taking query reads those, so they cannot disagree.

>>> in_span("2012-06-01", start="2011", end="2014-08")
True
>>> in_span("2011-06-01", start="2008", end="2011")
True
>>> in_span("2012", start="2008", end="2011")
False
>>> in_span("2014", start="2014-08", end=None)
True
>>> parse_date("2014-8")
Traceback (most recent call last):
    ...
ValueError: not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): '2014-8'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kazkg.limits import shown

_ISO = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def parse_date(value: str) -> str:
    """Check that ``value`` is a real ISO date of year, month or day precision; return it.

    Only ASCII digits are accepted.  Raises ``ValueError`` naming the value otherwise.
    """
    import datetime

    text = value.strip()
    match = _ISO.match(text)
    if match is None:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {shown(value)}")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"not a real date: {shown(value)}") from None
    return text


def not_after(a: str, b: str) -> bool:
    """Whether ``a`` is on or before ``b`` when both are cut to the coarser precision.

    The same comparison, written in SPARQL, is ``(?a <= ?b || STRSTARTS(?a, ?b))``; the
    date-taking queries use exactly that.
    """
    return a <= b or a.startswith(b)


def in_span(date: str, start: str | None, end: str | None) -> bool:
    """Whether ``date`` falls within ``[start, end]``; a missing bound is open."""
    return (start is None or not_after(start, date)) and (end is None or not_after(date, end))


def sort_key(date: str | None) -> tuple[int, str]:
    """A key that sorts dates as ISO strings, with missing dates first."""
    return (0, "") if date is None else (1, date)


def precision(date: str) -> str:
    """``year``, ``month`` or ``day``: how precisely the ISO date ``date`` is given.

    >>> precision("2014-08")
    'month'
    """
    return {4: "year", 7: "month"}.get(len(date), "day")


def _later(a: str | None, b: str | None) -> str | None:
    """The later of two lower bounds (``None`` is open)."""
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: str | None, b: str | None) -> str | None:
    """The earlier of two upper bounds (``None`` is open)."""
    return b if a is None else a if b is None else min(a, b)


@dataclass(frozen=True)
class Span:
    """When something existed or held, as far as the source tells (a missing bound is open)."""

    start: str | None = None
    end: str | None = None

    def contains(self, date: str) -> bool:
        """Whether ``date`` falls within the span (compared at the coarser precision)."""
        return in_span(date, self.start, self.end)

    def within(self, other: Span) -> Span:
        """This span narrowed by ``other``'s bounds."""
        return Span(_later(self.start, other.start), _earlier(self.end, other.end))


def existed_on(span: Span, date: str) -> bool:
    """Did the entity whose existence span is ``span`` exist on ``date``?

    An entity exists from the change that created it (an establishment, the succession it
    resulted from, the first adoption step of an act, an event's own date) until the change that
    ended it (an abolition, a replacement, a succession that transformed it; a transfer of
    functions leaves it in place), as far as the source tells: a bound the source does not set
    is open.
    """
    return span.contains(date)


def held_function_on(span: Span, date: str) -> bool:
    """Did the body whose function span is ``span`` hold its line's function on ``date``?

    A body in a line of succession holds the function the line passes on from the succession
    that brought it to the body (else from the body's own start) until the first succession that
    passed it on, of any kind: a transfer of functions ends the function span of a body that
    lives on.  Where the source sets no bound, the neighbours in the line set it: a body cannot
    have held the function after its successor passed it on, nor before its predecessor got it.
    """
    return span.contains(date)


@dataclass(frozen=True)
class Dating:
    """When a change happened, as the source gives it: its own date, or an occasion's."""

    date: str | None = None
    occasion_date: str | None = None
    occasion_not_after: str | None = None
    """The latest date the source allows for an occasion it does not date."""

    @property
    def earliest(self) -> str | None:
        """The earliest the change may have happened (``None``: no lower bound)."""
        return self.date or self.occasion_date

    @property
    def latest(self) -> str | None:
        """The latest the change may have happened (``None``: no upper bound)."""
        return self.date or self.occasion_date or self.occasion_not_after


@dataclass(frozen=True)
class Change:
    """A fact that begins or ends an entity: ``begins`` tells which."""

    entity: str
    begins: bool
    dating: Dating


@dataclass(frozen=True)
class Handover:
    """A succession: the line's function passes from ``source`` to ``target``."""

    source: str
    target: str
    dating: Dating


@dataclass(frozen=True)
class Holding:
    """A fact that holds over a time (a subordination, membership, responsibility, relation)."""

    fact: str
    parties: tuple[str, ...]
    """The entities it links; it cannot hold outside their lives."""
    start: Dating = field(default_factory=Dating)
    end: Dating = field(default_factory=Dating)
    follows_function: bool = False
    """Whether it passes with the line's function (a responsibility): then the parties' function
    spans bound it, where they have one."""


def entity_spans(changes: Iterable[Change]) -> dict[str, Span]:
    """The existence span of every entity some change begins or ends.

    The earliest date any beginning allows is the start; the latest date any ending allows is
    the end; a change the source does not date leaves its side open.
    """
    starts: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for change in changes:
        seen.add(change.entity)
        bound = change.dating.earliest if change.begins else change.dating.latest
        if bound is not None:
            (starts if change.begins else ends)[change.entity].append(bound)
    return {
        entity: Span(min(starts[entity], default=None), max(ends[entity], default=None))
        for entity in sorted(seen)
    }


def function_spans(handovers: Iterable[Handover], existence: Mapping[str, Span]) -> dict[str, Span]:
    """The function span of every body in a line of succession (see :func:`held_function_on`)."""
    given = list(handovers)
    into: dict[str, list[Handover]] = defaultdict(list)
    out_of: dict[str, list[Handover]] = defaultdict(list)
    for handover in given:
        into[handover.target].append(handover)
        out_of[handover.source].append(handover)
    bodies = sorted(set(into) | set(out_of))
    spans: dict[str, Span] = {}
    for body in bodies:
        own = existence.get(body, Span())
        starts = [h.dating.earliest for h in into[body] if h.dating.earliest is not None]
        ends = [h.dating.latest for h in out_of[body] if h.dating.latest is not None]
        start = min(starts) if starts else own.start
        end = min(ends) if ends else (None if out_of[body] else own.end)
        spans[body] = Span(start, end)
    return _bounded_by_neighbours(spans, into, out_of)


def _bounded_by_neighbours(
    spans: dict[str, Span],
    into: Mapping[str, list[Handover]],
    out_of: Mapping[str, list[Handover]],
) -> dict[str, Span]:
    """Close open bounds from the line: no later than a successor's end, no earlier than a
    predecessor's start (repeated until nothing changes; lines are short)."""
    changed = True
    while changed:
        changed = False
        for body, span in spans.items():
            end, start = span.end, span.start
            if end is None:
                later = [spans[h.target].start or spans[h.target].end for h in out_of[body]]
                known = [d for d in later if d is not None]
                end = min(known) if known else None
            if start is None:
                earlier = [spans[h.source].start for h in into[body]]
                known = [d for d in earlier if d is not None]
                start = max(known) if known else None
            if (start, end) != (span.start, span.end):
                spans[body] = Span(start, end)
                changed = True
    return spans


def holding_spans(
    holdings: Iterable[Holding],
    existence: Mapping[str, Span],
    function: Mapping[str, Span],
) -> dict[str, Span]:
    """The span of every fact that holds over a time: its own dates, within its parties' lives
    (and, for a fact that follows the function, within their function spans)."""
    spans: dict[str, Span] = {}
    for holding in holdings:
        span = Span(holding.start.earliest, holding.end.latest)
        for party in holding.parties:
            span = span.within(existence.get(party, Span()))
            if holding.follows_function and party in function:
                span = span.within(function[party])
        spans[holding.fact] = span
    return spans


__all__ = [
    "Change",
    "Dating",
    "Handover",
    "Holding",
    "Span",
    "entity_spans",
    "existed_on",
    "function_spans",
    "held_function_on",
    "holding_spans",
    "in_span",
    "not_after",
    "parse_date",
    "precision",
    "sort_key",
]
