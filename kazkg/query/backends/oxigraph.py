"""The embedded pyoxigraph backend: the compiled store opened read-only from disk."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend, Options
from kazkg.query.backends.bounded import run_bounded
from kazkg.query.sparql import check_service
from kazkg.terms import ResultTable, Row, Term


def table_of(solutions: ox.QuerySolutions) -> ResultTable:
    """pyoxigraph's solutions as a :class:`ResultTable` (the endpoint and memory backends parse
    their answers with pyoxigraph and come through here too).

    A term that comes back in many rows (a class, a relation, a busy entity) is converted once
    and shared: terms are immutable, and the build reads millions of cells this way.
    """
    variables = [v.value for v in solutions.variables]
    seen: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Term | None] = {}

    def term(value: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Term | None:
        if value is None:
            return None
        if value not in seen:
            seen[value] = Term.from_oxigraph(value)
        return seen[value]

    rows: list[Row] = [tuple(map(term, row)) for row in solutions]
    return ResultTable(variables, rows)


def parse_json_results(body: bytes) -> ResultTable | bool:
    """A SPARQL JSON results document as a table (SELECT) or a boolean (ASK)."""
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return table_of(parsed)


def _triples(result: ox.QueryTriples) -> bytes:
    data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    return data or b""


class OxigraphBackend(Backend):
    """SPARQL on the embedded, persistent pyoxigraph store of a compiled build.

    With ``options.timeout``, each query is given up after that many seconds and Ctrl-C stops
    it at once (see :mod:`kazkg.query.backends.bounded`); a ``SERVICE`` clause may call only
    the endpoints in ``options.allow_service``.
    """

    name = "oxigraph"

    def __init__(
        self,
        store: ox.Store | None = None,
        options: Options | None = None,
        *,
        opener: Callable[[], ox.Store] | None = None,
    ) -> None:
        if (store is None) == (opener is None):
            raise ValueError("give either a store or an opener")
        self._store = store
        self._opener = opener
        self._opening = threading.Lock()
        self.options = options or Options()

    @classmethod
    def open(cls, compiled: CompiledStore, options: Options | None = None) -> OxigraphBackend:
        """The backend over ``compiled``'s store, opened read-only on its first query: a
        question the indexes its build wrote answer (a lineage, a name) never opens it."""
        backend = cls(options=options, opener=compiled.open_oxigraph)
        backend.compiled = compiled
        return backend

    @property
    def is_open(self) -> bool:
        """Whether the store has been opened (a question the indexes answer leaves it closed)."""
        return self._store is not None

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (opened now if it was not yet)."""
        if self._store is None:
            with self._opening:
                if self._store is None:
                    assert self._opener is not None
                    self._store = self._opener()
        return self._store

    def _run(self, query: str, kind: type, what: str, convert: Callable[[Any], object]) -> object:
        """Evaluate ``query`` (and read its whole result) within the time limit; check that it
        is of the form ``kind`` (``what`` names it for the error) and convert the result."""
        check_service(query, self.options.allow_service)

        def work() -> object:
            try:
                result = self.store.query(query, use_default_graph_as_union=True)
                if not isinstance(result, kind):
                    raise QueryError(f"not {what} query")
                return convert(result)
            except SyntaxError as error:
                raise QueryError(f"SPARQL syntax error: {error.msg or error}") from None
            except OSError as error:
                raise QueryError(f"query failed: {error}") from None

        return run_bounded(work, self.options.timeout)

    def select(self, query: str) -> ResultTable:
        """Run a SELECT query."""
        table = self._run(query, ox.QuerySolutions, "a SELECT", table_of)
        assert isinstance(table, ResultTable)
        return table

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        return bool(self._run(query, ox.QueryBoolean, "an ASK", bool))

    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query."""
        data = self._run(query, ox.QueryTriples, "a CONSTRUCT or DESCRIBE", _triples)
        assert isinstance(data, bytes)
        return data

    def triple_count(self) -> int:
        """Triples in the store."""
        return len(self.store)


def connect(spec: str, store: CompiledStore | None, options: Options) -> OxigraphBackend:
    """Open the embedded backend over ``store`` (the registry's entry point)."""
    assert store is not None  # the registry checks it
    return OxigraphBackend.open(store, options)
