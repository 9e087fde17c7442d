"""The compiled graph on every backend: rdflib in memory, embedded Oxigraph, a real
``oxigraph serve-read-only`` on a free loopback port, and the test run's Virtuoso."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.base import Backend
from kazkg.servers.virtuoso import RunningVirtuoso

BACKEND_NAMES = ("memory", "oxigraph", "server", "virtuoso")


@pytest.fixture(scope="session")
def backends(
    compiled: CompiledStore,
    each_backend: Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]],
) -> Iterator[dict[str, Backend]]:
    """One open backend of each kind over the same compiled graph."""
    with each_backend(compiled) as opened:
        yield opened


@pytest.fixture(params=BACKEND_NAMES)
def backend(
    request: pytest.FixtureRequest,
    backends: dict[str, Backend],
    virtuoso_or_reason: RunningVirtuoso | str,
) -> Backend:
    """Each backend in turn (Virtuoso is skipped, with the reason, where it is not installed)."""
    if request.param not in backends:
        pytest.skip(str(virtuoso_or_reason))
    return backends[request.param]
