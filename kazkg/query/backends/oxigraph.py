"""The embedded pyoxigraph backend: the compiled store opened read-only from disk."""

from __future__ import annotations

import pyoxigraph as ox

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.terms import ResultTable, Row, Term


def to_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Term | None:
    """Convert a pyoxigraph term to a plain :class:`Term`."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term("literal", term.value, term.datatype.value, term.language)
    raise QueryError(f"unsupported term in result: {term}")


class OxigraphBackend(Backend):
    """SPARQL on the embedded, persistent pyoxigraph store of a compiled build."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def open(cls, compiled: CompiledStore) -> OxigraphBackend:
        """Open ``compiled``'s store read-only."""
        return cls(compiled.open_oxigraph())

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
        variables = [v.value for v in result.variables]
        rows: list[Row] = [tuple(to_term(row[i]) for i in range(len(variables))) for row in result]
        return ResultTable(variables, rows)

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
