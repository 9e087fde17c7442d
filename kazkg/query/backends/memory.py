"""The in-memory backend: the compiled closure parsed into an rdflib graph, queried by rdflib.

rdflib is imported only when this backend is opened, so the other backends never pay for it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError, StoreError
from kazkg.limits import cut
from kazkg.query.backends.base import Backend, Options
from kazkg.query.backends.bounded import run_bounded
from kazkg.query.sparql import check_service
from kazkg.terms import ResultTable

if TYPE_CHECKING:
    import rdflib

T = TypeVar("T")


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Keep rdflib's warnings (an IRI it cannot write) off the terminal: the error that follows
    says what went wrong, on one line."""
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _syntax_error(error: Any) -> QueryError:
    """A one-line message with the position of a pyparsing error."""
    message = str(getattr(error, "msg", error)).splitlines()[0]
    return QueryError(f"SPARQL syntax error at {error.lineno}:{error.col}: {message}")


class MemoryBackend(Backend):
    """SPARQL with rdflib's engine over an in-memory copy of the compiled graph."""

    name = "memory"

    def __init__(self, graph: rdflib.Graph, options: Options | None = None) -> None:
        self.graph = graph
        self.options = options or Options()

    @classmethod
    def open(cls, compiled: CompiledStore, options: Options | None = None) -> MemoryBackend:
        """Parse ``compiled``'s N-Triples into memory."""
        import rdflib

        graph = rdflib.Graph()
        try:
            graph.parse(str(compiled.ntriples), format="nt")
        except (OSError, rdflib.exceptions.ParserError) as error:
            raise StoreError(f"{compiled.ntriples}: cannot load ({error})") from None
        return cls(graph, options)

    def _run(self, query: str, kinds: tuple[str, ...], convert: Callable[[Any], T]) -> T:
        """Parse and evaluate ``query`` within the time limit, check it is of one of ``kinds``,
        convert the result."""
        check_service(query, self.options.allow_service)
        return run_bounded(lambda: self._evaluate(query, kinds, convert), self.options.timeout)

    def _evaluate(self, query: str, kinds: tuple[str, ...], convert: Callable[[Any], T]) -> T:
        from pyparsing import ParseException

        try:
            with _quiet_rdflib():
                result = self.graph.query(query)
                if result.type not in kinds:
                    raise QueryError(f"not a {' or '.join(kinds)} query")
                return convert(result)
        except ParseException as error:
            raise _syntax_error(error) from None
        except QueryError:
            raise
        except Exception as error:  # rdflib raises plain Exceptions for evaluation errors
            message = cut(" ".join(str(error).split()), 200)
            raise QueryError(f"query failed: {type(error).__name__}: {message}") from None

    def select(self, query: str) -> ResultTable:
        """Run a SELECT query."""

        def table(result: Any) -> ResultTable:
            import pyoxigraph as ox

            from kazkg.query.backends.oxigraph import table_of

            # rdflib lists an empty solution for a GROUP BY that matched nothing; like its own
            # row iterator, keep only solutions that bind something.
            result.bindings = [solution for solution in result.bindings if solution]
            solutions = ox.parse_query_results(
                result.serialize(format="json"), ox.QueryResultsFormat.JSON
            )
            assert isinstance(solutions, ox.QuerySolutions)
            return table_of(solutions)

        return self._run(query, ("SELECT",), table)

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        return self._run(query, ("ASK",), lambda result: bool(result.askAnswer))

    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query; return N-Triples."""

        def ntriples(result: Any) -> bytes:
            data = result.serialize(format="nt")
            return data if isinstance(data, bytes) else str(data).encode("utf-8")

        return self._run(query, ("CONSTRUCT", "DESCRIBE"), ntriples)

    def triple_count(self) -> int:
        """Triples in memory."""
        return len(self.graph)

    def close(self) -> None:
        """Drop the in-memory graph."""
        self.graph = None  # type: ignore[assignment]


def connect(spec: str, store: CompiledStore | None, options: Options) -> MemoryBackend:
    """Load ``store`` into rdflib (the registry's entry point)."""
    assert store is not None  # the registry checks it
    return MemoryBackend.open(store, options)
