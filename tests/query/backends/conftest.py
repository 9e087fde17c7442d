"""The compiled graph on every backend: rdflib in memory, embedded Oxigraph, and a real
``oxigraph serve-read-only`` on a free loopback port, started once per session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.base import Backend

BACKEND_NAMES = ("memory", "oxigraph", "server")


@pytest.fixture(scope="session")
def backends(
    compiled: CompiledStore,
    each_backend: Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]],
) -> Iterator[dict[str, Backend]]:
    """One open backend of each kind over the same compiled graph."""
    with each_backend(compiled) as opened:
        yield opened


@pytest.fixture(params=BACKEND_NAMES)
def backend(request: pytest.FixtureRequest, backends: dict[str, Backend]) -> Backend:
    """Each backend in turn."""
    return backends[request.param]
