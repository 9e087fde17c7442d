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

from collections.abc import Mapping
from types import TracebackType

from kazkg import queries, trace
from kazkg.backends import DEFAULT_BACKEND, open_backend
from kazkg.backends.base import Backend
from kazkg.export import GRAPH_IRI
from kazkg.graphstore import Credentials
from kazkg.push import DEFAULT_TIMEOUT as PUSH_TIMEOUT
from kazkg.push import PushReport
from kazkg.resources import Layout
from kazkg.terms import ResultTable


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
        from kazkg.resolve import resolve

        return resolve(self.backend, name)

    def with_labels(self, table: ResultTable) -> ResultTable:
        """``table`` with a ``<var>_label`` column beside each IRI column."""
        from kazkg.formatting import with_labels

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
    layout: Layout | None = None,
    *,
    timeout: float | None = None,
    default_graph: str | None = None,
) -> Graph:
    """Open the graph on ``backend``: ``"oxigraph"`` (default), ``"memory"`` or an endpoint URL
    (``default_graph``: the named graph to query there as the default graph, e.g. on Virtuoso)."""
    return Graph(open_backend(backend, layout, timeout=timeout, default_graph=default_graph))


def push(
    endpoint: str,
    graph: str = GRAPH_IRI,
    layout: Layout | None = None,
    *,
    store_url: str | None = None,
    timeout: float = PUSH_TIMEOUT,
    auth: Credentials | None = None,
) -> PushReport:
    """Upload the compiled graph of ``layout`` into the named ``graph`` on ``endpoint``
    (``auth``: see :func:`kazkg.graphstore.credentials`)."""
    from kazkg.build import ensure_built
    from kazkg.push import push as push_compiled

    return push_compiled(
        ensure_built(layout), endpoint, graph=graph, store_url=store_url, timeout=timeout, auth=auth
    )


__all__ = ["Graph", "open_graph", "push"]
