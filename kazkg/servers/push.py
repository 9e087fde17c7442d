"""Upload the compiled graph to a SPARQL server with the SPARQL 1.1 Graph Store Protocol.

The triples replace the content of one named graph (HTTP ``PUT``), so pushing twice leaves
the same graph (an Oxigraph server takes them with its bulk loader, not in one transaction:
queries during the upload may see part of the graph); the server is then asked how many triples that graph holds, and a count that
differs from the local one is an error.  The Graph Store URL is found from the query URL (see
:mod:`kazkg.servers.graphstore`, which also recognises Virtuoso and signs in), and a Graph Store URL
given by hand must belong to the same server as the query URL, so that the count reads the
server that took the upload.

>>> endpoint_urls("http://127.0.0.1:7878/query")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
>>> endpoint_urls("http://127.0.0.1:7878")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from kazkg.build.store import CompiledStore
from kazkg.errors import EndpointError
from kazkg.servers.graphstore import (
    PASSWORD_ENV,
    VIRTUOSO_OPEN_STORE,
    VIRTUOSO_STORE,
    Credentials,
    endpoint_urls,
    same_server,
    send,
    server_software,
)
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


def upload_url(store_url: str, graph: str, server: str | None) -> str:
    """The Graph Store URL that replaces ``graph``: with Oxigraph's ``no_transaction`` flag when
    the server says it is Oxigraph, so that it takes the upload with its bulk loader.

    >>> upload_url("http://h:7878/store", "https://w3id.org/kazkg/graph", "Oxigraph/0.5.13")
    'http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fkazkg%2Fgraph&no_transaction'
    >>> upload_url("http://h:3030/ds/data", "urn:g", "Apache Jena Fuseki (5.1.0)")
    'http://h:3030/ds/data?graph=urn%3Ag'
    """
    target = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    if server is not None and server.startswith("Oxigraph/"):
        target += "&no_transaction"
    return target


def _put(
    store_url: str, target: str, compiled: CompiledStore, timeout: float, auth: Credentials | None
) -> None:
    from kazkg.query.backends.endpoint import network_errors

    path = compiled.ntriples
    try:
        with (
            network_errors(store_url, timeout, refusal="upload refused"),
            path.open("rb") as body,
        ):
            send("PUT", target, body, path.stat().st_size, "application/n-triples", timeout, auth)
    except EndpointError as error:
        hint = _refusal_hint(str(error), store_url, auth)
        if hint is None:
            raise
        raise EndpointError(f"{error}; {hint}") from None


def _refusal_hint(message: str, store_url: str, auth: Credentials | None) -> str | None:
    """What to do about a refused upload, where kazkg can tell."""
    if "HTTP 401" in message:
        if auth is not None:
            return f"the server did not accept user {auth.user!r} with that password"
        return (
            "this Graph Store needs a user: give --user "
            f"(the password is read from {PASSWORD_ENV} or asked for)"
        )
    if "HTTP 403" in message and store_url.endswith(VIRTUOSO_OPEN_STORE):
        return (
            f"give --user to upload through {VIRTUOSO_STORE}, or let anonymous users write "
            '(isql: GRANT SPARQL_UPDATE TO "SPARQL")'
        )
    return None


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
    auth: Credentials | None = None,
) -> PushReport:
    """Replace the named ``graph`` on the server at ``endpoint`` with the compiled graph.

    ``endpoint`` is the server's query URL or base URL (see
    :func:`~kazkg.servers.graphstore.endpoint_urls`); ``store_url`` overrides the derived Graph Store
    Protocol URL but must be on the same server; ``auth`` signs in (HTTP digest or basic).
    Raises :class:`~kazkg.errors.EndpointError` if the server is unreachable, refuses the upload,
    or then holds a different number of triples than the local graph.
    """
    try:
        Term.iri(graph)
    except ValueError:
        raise EndpointError(f"--graph: not a valid IRI: {graph!r}") from None
    server = server_software(endpoint, min(timeout, 10.0))
    query_url, derived_store = endpoint_urls(
        endpoint, server=server, user=auth.user if auth else None
    )
    if store_url is not None and not same_server(query_url, store_url):
        raise EndpointError(
            f"--store-url {store_url} is not on the server of {query_url}; the triple count "
            "after the upload must be read from the server that took it"
        )
    store_url = store_url or derived_store
    local = compiled.manifest().triples
    _put(store_url, upload_url(store_url, graph, server), compiled, timeout, auth)
    remote = remote_count(query_url, graph, timeout)
    if remote != local:
        raise EndpointError(
            f"{query_url}: graph <{graph}> holds {remote} triples after the upload, expected {local}"
        )
    return PushReport(query_url, store_url, graph, local, remote)
