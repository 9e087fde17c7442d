"""The embedded pyoxigraph backend: the compiled store opened read-only from disk."""

from __future__ import annotations

import pyoxigraph as ox

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend, Options
from kazkg.terms import ResultTable, Row, Term


def table_of(solutions: ox.QuerySolutions) -> ResultTable:
    """pyoxigraph's solutions as a :class:`ResultTable` (the endpoint and memory backends parse
    their answers with pyoxigraph and come through here too)."""
    variables = [v.value for v in solutions.variables]
    rows: list[Row] = [
        tuple(Term.from_oxigraph(row[i]) for i in range(len(variables))) for row in solutions
    ]
    return ResultTable(variables, rows)


class OxigraphBackend(Backend):
    """SPARQL on the embedded, persistent pyoxigraph store of a compiled build."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def open(cls, compiled: CompiledStore) -> OxigraphBackend:
        """Open ``compiled``'s store read-only (its build-time indexes too)."""
        backend = cls(compiled.open_oxigraph())
        backend.compiled = compiled
        return backend

    def _run(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error.msg or error}") from None
        except OSError as error:
            raise QueryError(f"query failed: {error}") from None

    def select(self, query: str) -> ResultTable:
        """Run a SELECT query."""
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return table_of(result)

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query."""
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        return data or b""

    def triple_count(self) -> int:
        """Triples in the store."""
        return len(self.store)


def connect(spec: str, store: CompiledStore | None, options: Options) -> OxigraphBackend:
    """Open the embedded backend over ``store`` (the registry's entry point)."""
    assert store is not None  # the registry checks it
    return OxigraphBackend.open(store)
