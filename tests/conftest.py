"""Fixtures shared by the whole suite: the real graph, built once into a temporary store."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from kazkg.build import BuildReport, build
from kazkg.build.store import CompiledStore
from kazkg.query.backends.base import Backend
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.query.backends.memory import MemoryBackend
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.resources import Workspace, find_source_text
from kazkg.servers.oxigraph import serve


@pytest.fixture(scope="session")
def source_path() -> Path:
    """The source document's text; tests that need it are skipped where it is absent."""
    path = find_source_text()
    if path is None or not path.is_file():
        pytest.skip("the source text is not available beside the checkout")
    return path


@pytest.fixture(scope="session")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The packaged ontology and graph, compiled into a store of the test session's own."""
    return Workspace.default(store=tmp_path_factory.mktemp("kazkg-home") / "store")


@pytest.fixture(scope="session")
def build_report(layout: Workspace) -> BuildReport:
    """The report of building (and validating) the real graph once per session."""
    return build(layout)


@pytest.fixture(scope="session")
def compiled(build_report: BuildReport) -> CompiledStore:
    """The compiled store of the real graph."""
    return build_report.store


@pytest.fixture()
def oxigraph_backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    """The embedded backend over the real graph."""
    with OxigraphBackend.open(compiled) as backend:
        yield backend


@contextlib.contextmanager
def _each_backend(compiled: CompiledStore) -> Iterator[dict[str, Backend]]:
    with serve(compiled.ntriples) as server:
        opened: dict[str, Backend] = {
            "memory": MemoryBackend.open(compiled),
            "oxigraph": OxigraphBackend.open(compiled),
            "server": EndpointBackend(server.query_url, timeout=60),
        }
        try:
            yield opened
        finally:
            for backend in opened.values():
                backend.close()


@pytest.fixture(scope="session")
def each_backend() -> Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]]:
    """Opens a compiled store on rdflib in memory, embedded Oxigraph and a real read-only
    ``oxigraph serve`` on a free loopback port, keyed ``memory``, ``oxigraph`` and ``server``;
    closes them after."""
    return _each_backend
