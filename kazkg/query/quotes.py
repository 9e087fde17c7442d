"""Which quote to show for a fact: the one that names what the row is about.

A fact often carries several quotes (one names the old body, another the new one, a third the
date).  Where an answer shows one quote, it shows the one that mentions the most of the row's
entities by any of their names (label or alias) and states the most of its dates and figures,
then the shortest (the most specific), then the first in alphabetical order, so the choice is
the same on every backend.

>>> best_quote(
...     ["In 2011, the Committee was transformed.", "delegated to the Ministry of Culture"],
...     [["Ministry of Culture"], ["Committee for Religious Affairs", "Committee"]],
... )
'delegated to the Ministry of Culture'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

_QUOTE_MARKS = re.compile("[\"'“”„«»‘’`]")
_DASHES = re.compile(r"[\u2010-\u2015-]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` folded for finding names in quotes: case, diacritics, quotation marks and
    hyphens ignored, single spaces.

    >>> fold("The “E-Islam”  Portal")
    'the e islam portal'
    """
    return " ".join(_DASHES.sub(" ", _QUOTE_MARKS.sub("", plain(text).casefold())).split())


def plain(text: str) -> str:
    """``text`` without diacritics (``"Almaty"`` for ``"Almatý"``); ASCII text is returned as is.

    >>> plain("Almatý")
    'Almaty'
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def mentions(quote: str, names: Iterable[str]) -> bool:
    """Whether ``quote`` names an entity known by ``names`` (folded substring match)."""
    folded = fold(quote)
    return any(name and fold(name) in folded for name in names)


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_DATE = re.compile(r"^([0-9]{4})(-[0-9]{2}){0,2}$")
_INTEGER = re.compile(r"^[0-9]+$")
_WORDS = re.compile(r"[^\W_]+")


def states(quote: str, value: str) -> bool:
    """Whether ``quote`` states ``value``: a date by its year, a small number as a digit or a
    word, other text by all its words of three letters or more.

    >>> states("three people were arrested", "3"), states("in March 2005", "2005-03")
    (True, True)
    >>> states("three people were arrested", "people arrested")
    True
    """
    present = set(_WORDS.findall(fold(quote)))
    date = _DATE.match(value)
    if date:
        return date.group(1) in present
    if _INTEGER.match(value):
        number = int(value)
        return value in present or (
            number < len(_NUMBER_WORDS) and _NUMBER_WORDS[number] in present
        )
    wanted = [w for w in _WORDS.findall(fold(value)) if len(w) >= 3]
    return bool(wanted) and all(w in present for w in wanted)


def ranked_quotes(
    quotes: Iterable[str], ends: Sequence[Iterable[str]], details: Iterable[str] = ()
) -> list[str]:
    """``quotes`` in order of preference: those that name the most of ``ends`` (each given by
    its names) and state the most of ``details`` (a row's dates, figures and words: see
    :func:`states`) first, then the shortest, then alphabetically."""
    distinct = set(quotes)
    if len(distinct) <= 1:
        return list(distinct)
    names = [list(end) for end in ends]
    values = [d for d in details if d]

    def score(quote: str) -> int:
        return sum(mentions(quote, end) for end in names) + sum(states(quote, v) for v in values)

    return sorted(distinct, key=lambda q: (-score(q), len(q), q))


def best_quote(
    quotes: Iterable[str], ends: Sequence[Iterable[str]], details: Iterable[str] = ()
) -> str:
    """The first of :func:`ranked_quotes`; ``""`` when there is none."""
    ranked = ranked_quotes(quotes, ends, details)
    return ranked[0] if ranked else ""


__all__ = ["best_quote", "fold", "mentions", "plain", "ranked_quotes", "states"]
