"""``push``: the compiled graph replaces a named graph on a writable server, and is counted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import EndpointError
from kazkg.formats.export import GRAPH_IRI
from kazkg.servers.oxigraph import HOST, RunningServer, free_port, serve
from kazkg.servers.push import push, remote_count

pytestmark = pytest.mark.server


@pytest.fixture()
def writable() -> Iterator[RunningServer]:
    with serve(writable=True) as server:
        yield server


def test_pushing_twice_leaves_exactly_the_local_triple_count(
    compiled: CompiledStore, writable: RunningServer
) -> None:
    local = compiled.manifest().triples
    for _ in range(2):
        report = push(compiled, writable.query_url)
        assert (report.local_triples, report.remote_triples, report.graph) == (
            local,
            local,
            GRAPH_IRI,
        )
        assert remote_count(writable.query_url, GRAPH_IRI) == local


def test_a_push_replaces_only_its_own_named_graph(
    compiled: CompiledStore, writable: RunningServer
) -> None:
    push(compiled, writable.base_url, graph="https://example.org/first")
    push(compiled, writable.base_url, graph="https://example.org/second")
    local = compiled.manifest().triples
    assert remote_count(writable.query_url, "https://example.org/first") == local
    assert remote_count(writable.query_url, "https://example.org/second") == local


def test_pushing_to_a_closed_port_fails_with_one_line_naming_the_url(
    compiled: CompiledStore,
) -> None:
    url = f"http://{HOST}:{free_port()}"
    with pytest.raises(EndpointError) as raised:
        push(compiled, url, timeout=5)
    message = str(raised.value)
    assert message.startswith(f"{url}/store") and "unreachable" in message and "\n" not in message


def test_pushing_to_a_read_only_server_is_refused(compiled: CompiledStore) -> None:
    with serve() as server, pytest.raises(EndpointError, match="upload refused"):
        push(compiled, server.query_url)


def test_a_store_url_on_another_server_than_the_count_is_refused(
    compiled: CompiledStore, writable: RunningServer
) -> None:
    push(compiled, writable.query_url)  # the count alone would now pass unnoticed
    with serve(writable=True) as other:
        with pytest.raises(EndpointError, match="is not on the server of") as raised:
            push(compiled, writable.query_url, store_url=other.store_url)
        assert "\n" not in str(raised.value)
        assert remote_count(other.query_url, GRAPH_IRI) == 0


def test_a_graph_name_must_be_an_iri(compiled: CompiledStore, writable: RunningServer) -> None:
    with pytest.raises(EndpointError, match="--graph: not a valid IRI"):
        push(compiled, writable.query_url, graph="not an iri")
