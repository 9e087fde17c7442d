"""Dates of mixed precision: ISO-string order, containment at the coarser precision."""

from __future__ import annotations

import pytest

from kazkg.time import in_span, not_after, parse_date, sort_key


@pytest.mark.parametrize("value", ["2011", "2014-08", "2010-04-08", "2012-02-29"])
def test_iso_dates_of_any_precision_are_accepted(value: str) -> None:
    assert parse_date(value) == value


@pytest.mark.parametrize(
    "value", ["2011-13", "2013-02-29", "11", "2014-8", "2014/08/01", "", "2014-08-01T00:00"]
)
def test_anything_else_is_rejected(value: str) -> None:
    with pytest.raises(ValueError, match=repr(value).replace("\\", "\\\\").replace("(", "\\(")):
        parse_date(value)


def test_a_year_sorts_before_its_months_and_missing_dates_first() -> None:
    assert sorted(["2011-03", None, "2011", "2010-12-31"], key=sort_key) == [
        None,
        "2010-12-31",
        "2011",
        "2011-03",
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2011", "2011-06", True),
        ("2011-06", "2011", True),
        ("2011-06", "2011-05", False),
        ("2010", "2011-01", True),
    ],
)
def test_not_after_compares_at_the_coarser_precision(a: str, b: str, expected: bool) -> None:
    assert not_after(a, b) is expected


@pytest.mark.parametrize(
    ("date", "start", "end", "expected"),
    [
        ("2012-06-01", "2011", "2014-08", True),
        ("2011-06-01", "2008", "2011", True),
        ("2012", "2008", "2011", False),
        ("2014", "2014-08", None, True),
        ("2014-07", "2014-08", None, False),
        ("1990", None, None, True),
    ],
)
def test_a_date_is_in_a_span_when_it_overlaps_it_at_the_coarser_precision(
    date: str, start: str | None, end: str | None, expected: bool
) -> None:
    assert in_span(date, start, end) is expected
