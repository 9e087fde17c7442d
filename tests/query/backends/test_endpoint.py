"""A SPARQL endpoint over HTTP: long queries, and one-line errors for dead, slow or bad input."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from kazkg.errors import EndpointError, QueryError
from kazkg.query.backends.base import Backend
from kazkg.query.backends.endpoint import POST_OVER, EndpointBackend
from kazkg.servers.oxigraph import HOST, free_port
from kazkg.terms import Term

pytestmark = pytest.mark.server


@pytest.fixture(params=["server", "virtuoso"])
def endpoint(
    request: pytest.FixtureRequest, backends: dict[str, Backend], virtuoso_or_reason: object
) -> Backend:
    """The Oxigraph server, then Virtuoso (skipped, with the reason, where it is missing)."""
    if request.param not in backends:
        pytest.skip(str(virtuoso_or_reason))
    return backends[request.param]


@pytest.fixture()
def silent_server() -> Iterator[str]:
    """A loopback port that accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{listener.getsockname()[1]}/query"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


def test_a_query_too_long_for_a_url_is_sent_by_post(endpoint: Backend) -> None:
    names = [Term.literal(f"name {i:05d}") for i in range(POST_OVER // 5)]
    query = "SELECT ?v WHERE { VALUES ?v { " + " ".join(t.n3() for t in names) + " } }"
    assert len(query) > POST_OVER
    assert len(endpoint.select(query)) == len(names)


def test_an_unreachable_endpoint_is_one_line_naming_the_url() -> None:
    url = f"http://{HOST}:{free_port()}/query"
    with pytest.raises(EndpointError) as raised:
        EndpointBackend(url, timeout=5).ask("ASK {}")
    message = str(raised.value)
    assert message.startswith(url) and "unreachable" in message and "\n" not in message


def test_a_silent_endpoint_times_out_with_one_line_naming_the_url(silent_server: str) -> None:
    with pytest.raises(EndpointError) as raised:
        EndpointBackend(silent_server, timeout=1).select("SELECT * WHERE { ?s ?p ?o }")
    message = str(raised.value)
    assert message.startswith(silent_server) and "no answer within 1 s" in message


def test_a_syntax_error_from_the_server_is_a_query_error(endpoint: Backend) -> None:
    with pytest.raises(QueryError) as raised:
        endpoint.select("SELECT ?s WHERE { ?s ?p }")
    assert "\n" not in str(raised.value)


def test_only_http_urls_are_endpoints() -> None:
    with pytest.raises(EndpointError, match="not an http"):
        EndpointBackend("ftp://example.org/sparql")


def test_a_default_graph_limits_the_endpoint_to_one_named_graph(endpoint: Backend) -> None:
    assert isinstance(endpoint, EndpointBackend)
    empty = EndpointBackend(endpoint.url, default_graph="https://w3id.org/kazkg/no-such-graph")
    assert empty.triple_count() == 0
    assert endpoint.triple_count() > 0


def test_virtuoso_without_a_default_graph_answers_over_its_system_graphs_too(
    backends: dict[str, Backend], virtuoso_or_reason: object
) -> None:
    if "virtuoso" not in backends:
        pytest.skip(str(virtuoso_or_reason))
    chosen = backends["virtuoso"]
    assert isinstance(chosen, EndpointBackend)
    union = EndpointBackend(chosen.url)
    assert union.triple_count() > chosen.triple_count() == backends["oxigraph"].triple_count()
