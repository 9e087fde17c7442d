"""Upload the compiled graph to a SPARQL server with the SPARQL 1.1 Graph Store Protocol.

The triples replace the content of one named graph (HTTP ``PUT``), so pushing twice leaves
the same graph; the server is then asked how many triples that graph holds, and a count that
differs from the local one is an error.

>>> endpoint_urls("http://127.0.0.1:7878/query")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
>>> endpoint_urls("http://localhost:3030/ds/sparql")
('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/data')
>>> endpoint_urls("http://127.0.0.1:7878")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from kazkg.build.store import CompiledStore
from kazkg.errors import EndpointError
from kazkg.terms import Term
from kazkg.vocab import GRAPH_IRI

DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class PushReport:
    """What a push did: where the graph went and the triple counts on both sides."""

    query_url: str
    store_url: str
    graph: str
    local_triples: int
    remote_triples: int


def endpoint_urls(url: str) -> tuple[str, str]:
    """The query URL and the Graph Store Protocol URL of a server, from either or its base URL.

    ``…/query`` pairs with ``…/store`` (Oxigraph), ``…/sparql`` with ``…/data`` (Fuseki); any
    other URL is taken as an Oxigraph server's base URL.
    """
    base = url.rstrip("/")
    if base.endswith("/query"):
        return base, base.removesuffix("/query") + "/store"
    if base.endswith("/sparql"):
        return base, base.removesuffix("/sparql") + "/data"
    return base + "/query", base + "/store"


def _put(store_url: str, graph: str, data: bytes, timeout: float) -> None:
    target = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(
        target, data=data, method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    from kazkg.query.backends.endpoint import network_errors

    with (
        network_errors(store_url, timeout, refusal="upload refused"),
        urllib.request.urlopen(request, timeout=timeout) as response,
    ):
        response.read()


def remote_count(query_url: str, graph: str, timeout: float = DEFAULT_TIMEOUT) -> int:
    """How many triples the named ``graph`` holds on the server."""
    from kazkg.query.backends.endpoint import EndpointBackend

    iri = Term.iri(graph).n3()
    table = EndpointBackend(query_url, timeout=timeout).select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}"
    )
    value = table.rows[0][0] if table.rows else None
    return int(value.value) if value is not None else 0


def push(
    compiled: CompiledStore,
    endpoint: str,
    *,
    graph: str = GRAPH_IRI,
    store_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PushReport:
    """Replace the named ``graph`` on the server at ``endpoint`` with the compiled graph.

    ``endpoint`` is the server's query URL or base URL (see :func:`endpoint_urls`);
    ``store_url`` overrides the derived Graph Store Protocol URL.  Raises
    :class:`~kazkg.errors.EndpointError` if the server is unreachable, refuses the upload, or
    then holds a different number of triples than the local graph.
    """
    try:
        Term.iri(graph)
    except ValueError:
        raise EndpointError(f"--graph: not a valid IRI: {graph!r}") from None
    query_url, derived_store = endpoint_urls(endpoint)
    store_url = store_url or derived_store
    local = compiled.manifest().triples
    _put(store_url, graph, compiled.ntriples.read_bytes(), timeout)
    remote = remote_count(query_url, graph, timeout)
    if remote != local:
        raise EndpointError(
            f"{query_url}: graph <{graph}> holds {remote} triples after the upload, expected {local}"
        )
    return PushReport(query_url, store_url, graph, local, remote)
