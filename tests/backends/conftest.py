"""The compiled graph on every backend: rdflib in memory, embedded Oxigraph, and a real
``oxigraph serve-read-only`` on a free loopback port, started once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kazkg.backends.base import Backend
from kazkg.backends.endpoint import EndpointBackend
from kazkg.backends.memory import MemoryBackend
from kazkg.backends.oxigraph import OxigraphBackend
from kazkg.server import RunningServer, serve
from kazkg.store import CompiledStore

BACKEND_NAMES = ("memory", "oxigraph", "endpoint")


@pytest.fixture(scope="session")
def read_only_server(compiled: CompiledStore) -> Iterator[RunningServer]:
    """A read-only Oxigraph server holding the compiled graph."""
    with serve(compiled.ntriples) as server:
        yield server


@pytest.fixture(scope="session")
def backends(
    compiled: CompiledStore, read_only_server: RunningServer
) -> Iterator[dict[str, Backend]]:
    """One open backend of each kind over the same compiled graph."""
    opened: dict[str, Backend] = {
        "memory": MemoryBackend.open(compiled),
        "oxigraph": OxigraphBackend.open(compiled),
        "endpoint": EndpointBackend(read_only_server.query_url, timeout=60),
    }
    yield opened
    for backend in opened.values():
        backend.close()


@pytest.fixture(params=BACKEND_NAMES)
def backend(request: pytest.FixtureRequest, backends: dict[str, Backend]) -> Backend:
    """Each backend in turn."""
    return backends[request.param]
