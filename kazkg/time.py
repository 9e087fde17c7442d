"""Dates of mixed precision, compared as ISO strings.

The graph dates things at the precision the source gives: a year (``2011``), a month
(``2014-08``) or a day (``2010-04-08``).  Sorting compares the ISO strings, so a year sorts before
any month of that year (``"2011" < "2011-03"``).  Whether a date falls within a span compares
both at the coarser of their two precisions, so a body that ended "in 2011" still existed on
``2011-06-01`` as far as the source tells, and a span that started in August 2014 contains the
year ``2014``.

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

import datetime
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(value: str) -> str:
    """Check that ``value`` is a real ISO date of year, month or day precision; return it.

    Raises ``ValueError`` naming the value otherwise.
    """
    match = _ISO.match(value.strip())
    if match is None:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"not a real date: {value!r}") from None
    return value.strip()


def not_after(a: str, b: str) -> bool:
    """Whether ``a`` is on or before ``b`` when both are cut to the coarser precision."""
    return a <= b or a.startswith(b)


def in_span(date: str, start: str | None, end: str | None) -> bool:
    """Whether ``date`` falls within ``[start, end]``; a missing bound is open."""
    return (start is None or not_after(start, date)) and (end is None or not_after(date, end))


def sort_key(date: str | None) -> tuple[int, str]:
    """A key that sorts dates as ISO strings, with missing dates first."""
    return (0, "") if date is None else (1, date)
