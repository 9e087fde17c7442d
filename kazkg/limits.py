"""Limits on what users give and on how much of it a message repeats.

A value typed for a name or a parameter is checked for length before any work is done with it,
a query is checked for size before it is parsed, and an error message quotes at most
:data:`SHOWN` characters of what was typed.

>>> shown("Agency for Religious Affairs")
"'Agency for Religious Affairs'"
>>> len(shown("x" * 10_000)) <= SHOWN + 3
True
"""

from __future__ import annotations

from kazkg.errors import ParameterError

MAX_VALUE = 1_000
"""Characters a name, an IRI or a parameter value may have."""

MAX_QUERY = 1_000_000
"""Bytes a SPARQL query may have (inline, from a file or from standard input)."""

SHOWN = 80
"""Characters of a user's value an error message repeats."""


def shown(value: str, limit: int = SHOWN) -> str:
    """``value`` quoted for a message (``repr``, so control characters are escaped), cut to
    about ``limit`` characters with ``…`` where it was cut."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def cut(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters, with ``…`` where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_value(parameter: str, value: str, *, query: str | None = None) -> str:
    """``value`` if it is at most :data:`MAX_VALUE` characters long; otherwise a
    :class:`~kazkg.errors.ParameterError` naming ``parameter`` (and ``query``, for a named
    query's parameter) that quotes only the start of it."""
    if len(value) > MAX_VALUE:
        raise ParameterError(
            parameter,
            f"{len(value):,} characters is too long (at most {MAX_VALUE:,}): {shown(value)}",
            query=query,
        )
    return value


__all__ = ["MAX_QUERY", "MAX_VALUE", "SHOWN", "check_value", "cut", "shown"]
