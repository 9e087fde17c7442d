"""The query layer in one object: open the graph on a backend, then ask it questions.

>>> import kazkg                                                         # doctest: +SKIP
>>> with kazkg.open_graph("oxigraph") as graph:                          # doctest: +SKIP
...     founders = graph.query("members-of", organisation="SCO", role="founding member")
...     steps = graph.trace("Agency for Religious Affairs", as_of="2012-06-01").steps
>>> [s.label for s in steps if s.current]                                # doctest: +SKIP
['Agency for Religious Affairs of the Republic of Kazakhstan']
>>> import pandas; pandas.DataFrame(founders.dicts())                    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING

from kazkg.query import named as queries
from kazkg.query import trace
from kazkg.query.backends import (
    DEFAULT_BACKEND,
    check_timeout,
    check_url,
    kind_of,
    open_backend,
)
from kazkg.query.backends.base import Backend
from kazkg.resources import Workspace
from kazkg.terms import ResultTable
from kazkg.vocab import GRAPH_IRI

if TYPE_CHECKING:
    from kazkg.servers.graphstore import Credentials
    from kazkg.servers.push import PushReport

PUSH_TIMEOUT = 120.0
"""Seconds :func:`push` waits for the server by default."""


class Graph:
    """The compiled graph on one backend: named queries, SPARQL, lineage and name resolution."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def query(
        self, name: str, params: Mapping[str, str | None] | None = None, /, **kwargs: str | None
    ) -> ResultTable:
        """Run the named query ``name``; parameters as a mapping or keywords (``from_`` = ``from``)."""
        given = {**(params or {}), **{key.rstrip("_"): value for key, value in kwargs.items()}}
        return queries.run(self.backend, name, given)

    def sparql(self, text: str) -> queries.QueryResult:
        """Run any SPARQL query; the standard prefixes (``kz:``, ``kzid:``, ``org:``…) are predeclared."""
        return queries.execute(self.backend, text)

    def trace(self, name: str, as_of: str | None = None) -> trace.Lineage:
        """The lineage of the body ``name`` (a name, alias, IRI or CURIE)."""
        return trace.trace(self.backend, name, as_of)

    def resolve(self, name: str) -> str:
        """The IRI of the entity ``name`` refers to."""
        from kazkg.query.resolve import resolve

        return resolve(self.backend, name)

    def with_labels(self, table: ResultTable) -> ResultTable:
        """``table`` with a ``<var>_label`` column beside each IRI column."""
        from kazkg.query.labels import with_labels

        return with_labels(self.backend, table)

    def close(self) -> None:
        """Release the backend."""
        self.backend.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_graph(
    backend: str = DEFAULT_BACKEND,
    workspace: Workspace | None = None,
    *,
    timeout: float | None = None,
    default_graph: str | None = None,
    allow_service: Iterable[str] = (),
) -> Graph:
    """Open the graph on ``backend``: ``"oxigraph"`` (default), ``"memory"`` or an endpoint URL.

    A backend that reads the local compiled store gets the store of ``workspace`` (default: the
    packaged graph), built first if it is missing or older than its inputs; an endpoint URL
    leaves the local graph untouched (``default_graph``: the named graph to query there as the
    default graph, e.g. on Virtuoso, whose default graph holds every graph).  ``timeout`` limits
    each query (seconds; ``None``: an endpoint's default, no limit for an embedded query); a
    query's ``SERVICE`` clauses may call only the endpoints in ``allow_service``.
    """
    kind = kind_of(backend)
    check_timeout(timeout)
    store = None
    if kind.needs_store:
        from kazkg.build import ensure_built

        store = ensure_built(workspace)
    return Graph(
        open_backend(
            backend,
            store,
            timeout=timeout,
            default_graph=default_graph,
            allow_service=allow_service,
        )
    )


def push(
    endpoint: str,
    graph: str = GRAPH_IRI,
    workspace: Workspace | None = None,
    *,
    store_url: str | None = None,
    timeout: float = PUSH_TIMEOUT,
    auth: Credentials | None = None,
) -> PushReport:
    """Upload the compiled graph of ``workspace`` into the named ``graph`` on ``endpoint``
    (``auth``: see :func:`kazkg.servers.graphstore.credentials`)."""
    from kazkg.build import ensure_built

    check_url("endpoint", endpoint)
    if store_url is not None:
        check_url("store_url", store_url)
    check_timeout(timeout)
    from kazkg.servers.push import push as push_compiled

    return push_compiled(
        ensure_built(workspace),
        endpoint,
        graph=graph,
        store_url=store_url,
        timeout=timeout,
        auth=auth,
    )


__all__ = ["Graph", "open_graph", "push"]
