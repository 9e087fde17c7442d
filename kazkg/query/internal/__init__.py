"""The library's own SPARQL: the few generic queries that labels, names, trace, the projection,
the build's time model and its evidence checks need.

They live here as ``.rq`` files with the same header as the named queries in ``queries/`` (title,
description, parameters) and use prefixed names only, so a test can check every ``kz:`` term
against the ontology.  Parameters are bound as terms by :func:`kazkg.query.sparql.bind_values`;
a ``terms`` parameter takes several.

>>> [p.name for p in query("labels").parameters]
['node']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.query.named import NamedQuery, parse
from kazkg.query.sparql import Binding, bind_values
from kazkg.terms import ResultTable, Row, Term

FOLDER = Path(__file__).resolve().parent
"""Where the internal ``.rq`` files are."""

CHUNK = 400
"""How many IRIs :func:`select_each` binds in one query."""


@cache
def query(name: str) -> NamedQuery:
    """The internal query ``name`` (the stem of its ``.rq`` file)."""
    path = FOLDER / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no internal query {name!r}")
    return parse(path)


def select(backend: Backend, name: str, /, **bindings: Binding) -> ResultTable:
    """Run the internal SELECT query ``name`` on ``backend`` with ``bindings`` for its parameters.

    Every declared parameter that is required must be given; an undeclared one is an error.
    """
    named = query(name)
    declared = {p.name: p for p in named.parameters}
    unknown = set(bindings) - set(declared)
    if unknown:
        raise QueryError(f"internal query {name!r} has no parameter {sorted(unknown)[0]!r}")
    missing = [p for p, info in declared.items() if info.required and p not in bindings]
    if missing:
        raise QueryError(f"internal query {name!r} needs parameter {missing[0]!r}")
    return backend.select(bind_values(named.text, bindings))


def select_each(
    backend: Backend, name: str, parameter: str, iris: Iterable[str], /, **bindings: Binding
) -> list[Row]:
    """The rows of :func:`select` with ``parameter`` bound to each of ``iris`` (a ``terms``
    parameter), asked :data:`CHUNK` IRIs at a time so that no query grows too long."""
    wanted = sorted(set(iris))
    rows: list[Row] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = [Term.iri(iri) for iri in wanted[start : start + CHUNK]]
        rows += select(backend, name, **bindings, **{parameter: chunk}).rows
    return rows


def all_queries() -> list[NamedQuery]:
    """Every internal query, by name."""
    return [query(path.stem) for path in sorted(FOLDER.glob("*.rq"))]


__all__ = ["CHUNK", "FOLDER", "all_queries", "query", "select", "select_each"]
