"""Which quote to show for a fact: the one that names what the row is about.

A fact often carries several quotes (one names the old body, another the new one, a third the
date).  Where an answer shows one quote, it shows the one that mentions the most of the row's
entities by any of their names (label or alias), then the shortest (the most specific), then
the first in alphabetical order, so the choice is the same on every backend.

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

_QUOTE_MARKS = re.compile("[\"'“”„«»‘’`]")
_DASHES = re.compile(r"[\u2010-\u2015-]")


def fold(text: str) -> str:
    """``text`` folded for finding names in quotes: case, diacritics, quotation marks and
    hyphens ignored, single spaces.

    >>> fold("The “E-Islam”  Portal")
    'the e islam portal'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DASHES.sub(" ", _QUOTE_MARKS.sub("", text.casefold()))
    return " ".join(text.split())


def mentions(quote: str, names: Iterable[str]) -> bool:
    """Whether ``quote`` names an entity known by ``names`` (folded substring match)."""
    folded = fold(quote)
    return any(name and fold(name) in folded for name in names)


def best_quote(quotes: Iterable[str], ends: Sequence[Iterable[str]]) -> str:
    """The quote that names the most of ``ends`` (each given by its names), then the shortest,
    then the first alphabetically; ``""`` when there is none."""
    names = [list(end) for end in ends]
    ranked = sorted(set(quotes), key=lambda q: (-sum(mentions(q, end) for end in names), len(q), q))
    return ranked[0] if ranked else ""


__all__ = ["best_quote", "fold", "mentions"]
