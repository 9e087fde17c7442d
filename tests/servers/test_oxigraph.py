"""A real ``oxigraph serve-read-only`` on loopback: loaded, answering, read-only, stopped."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.servers.oxigraph import HOST, ServerError, free_port, serve

pytestmark = pytest.mark.server


def listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((HOST, port)) == 0


def test_the_server_holds_every_compiled_triple_and_stops_afterwards(
    compiled: CompiledStore,
) -> None:
    with serve(compiled.ntriples) as server:
        assert server.base_url.startswith(f"http://{HOST}:")
        assert EndpointBackend(server.query_url).triple_count() == compiled.manifest().triples
        port = int(server.base_url.rsplit(":", 1)[1])
        location = server.location
    assert server.process.poll() is not None
    assert not listening(port)
    assert not location.exists()


def test_the_server_listens_on_the_port_asked_for(compiled: CompiledStore) -> None:
    port = free_port()
    with serve(compiled.ntriples, port=port) as server:
        assert server.query_url == f"http://{HOST}:{port}/query"
        assert listening(port)


def test_a_read_only_server_refuses_updates(compiled: CompiledStore) -> None:
    with serve(compiled.ntriples) as server:
        request = urllib.request.Request(
            f"{server.base_url}/update",
            data=b"DROP ALL",
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
        assert EndpointBackend(server.query_url).triple_count() == compiled.manifest().triples


def test_a_writable_server_starts_empty() -> None:
    with serve(writable=True) as server:
        assert EndpointBackend(server.query_url).triple_count() == 0


def test_a_file_that_does_not_load_is_a_one_line_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with (
        pytest.raises(ServerError, match=r"oxigraph load .*broken.nt failed") as raised,
        serve(broken),
    ):
        pass
    assert "\n" not in str(raised.value)


def test_a_port_already_in_use_is_a_clear_error(compiled: CompiledStore) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((HOST, 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with (
            pytest.raises(ServerError, match=f"{HOST}:{port}"),
            serve(compiled.ntriples, port=port, timeout=10),
        ):
            pass


def test_a_port_where_another_server_answers_is_an_error(compiled: CompiledStore) -> None:
    with serve(writable=True) as other:
        port = int(other.base_url.rsplit(":", 1)[1])
        with (
            pytest.raises(ServerError, match=f"{HOST}:{port}"),
            serve(compiled.ntriples, port=port, timeout=10),
        ):
            pass
        assert EndpointBackend(other.query_url).triple_count() == 0


def test_the_answer_must_come_from_the_started_process(compiled: CompiledStore) -> None:
    from kazkg.servers.oxigraph import answers_from

    with serve(compiled.ntriples) as server, serve(writable=True) as other:
        port = int(server.base_url.rsplit(":", 1)[1])
        assert answers_from(server.process.pid, port) is True
        assert answers_from(other.process.pid, port) is False
