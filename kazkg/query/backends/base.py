"""The one small interface every backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from kazkg.terms import ResultTable

if TYPE_CHECKING:
    from kazkg.build.store import CompiledStore


@dataclass(frozen=True)
class Options:
    """How to open a backend: options that only some kinds use."""

    timeout: float | None = None
    """Seconds to wait for a remote endpoint (and the limit of one embedded query)."""
    default_graph: str | None = None
    """For an endpoint: the named graph to query as the default graph."""
    allow_service: tuple[str, ...] = ()
    """The endpoints a query's ``SERVICE`` clauses may call (none by default); see
    :func:`kazkg.query.sparql.check_service`."""


class Backend(ABC):
    """A read-only SPARQL store holding the compiled graph (ontology, data and inferences)."""

    name: str = "backend"
    compiled: CompiledStore | None = None
    """The compiled store it reads, if it reads one: its name index and the indexes of
    :mod:`kazkg.build.indexes` are found there (the embedded backend)."""

    @abstractmethod
    def select(self, query: str) -> ResultTable:
        """Run a SELECT query; return its variables and rows as plain :class:`Term` values."""

    @abstractmethod
    def ask(self, query: str) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query; return the triples as N-Triples."""

    @abstractmethod
    def triple_count(self) -> int:
        """How many triples the store holds."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store (files, connections)."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
