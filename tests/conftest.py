"""Fixtures shared by the whole suite: the real graph, built once into a temporary store, and
every kind of backend over it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from kazkg.build import BuildReport, build
from kazkg.build.store import CompiledStore
from kazkg.query.backends import REGISTRY, Backend, open_backend
from kazkg.resources import Workspace, default_sources_dir
from kazkg.servers.oxigraph import serve

SOURCE_NAME = "trofimov-radicalization-of-islam-in-kazakhstan.txt"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of source texts; tests that need it are skipped where it is absent."""
    folder = default_sources_dir()
    if folder is None or not (folder / SOURCE_NAME).is_file():
        pytest.skip("the source text is not available beside the checkout")
    return folder


@pytest.fixture(scope="session")
def source_path(sources_dir: Path) -> Path:
    """The source document's text."""
    return sources_dir / SOURCE_NAME


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The packaged ontology and graph, compiled into a store of the test session's own."""
    return Workspace.default(store=tmp_path_factory.mktemp("kazkg-home") / "store")


@pytest.fixture(scope="session")
def build_report(workspace: Workspace) -> BuildReport:
    """The report of building (and validating) the real graph once per session."""
    return build(workspace)


@pytest.fixture(scope="session")
def compiled(build_report: BuildReport) -> CompiledStore:
    """The compiled store of the real graph."""
    return build_report.store


@pytest.fixture()
def oxigraph_backend(compiled: CompiledStore) -> Iterator[Backend]:
    """The embedded backend over the real graph."""
    with open_backend("oxigraph", compiled) as backend:
        yield backend


SERVERS: dict[str, Callable[[Path], AbstractContextManager[str]]] = {}
"""Real SPARQL servers the endpoint kind is tested against, by the key its backend gets:
each starts on loopback over N-Triples and yields its query URL."""


@contextlib.contextmanager
def _oxigraph_server(ntriples: Path) -> Iterator[str]:
    with serve(ntriples) as server:
        yield server.query_url


SERVERS["server"] = _oxigraph_server


@contextlib.contextmanager
def _each_backend(compiled: CompiledStore) -> Iterator[dict[str, Backend]]:
    """Every registered kind of backend over ``compiled``: the local kinds by their names, the
    endpoint kind once per real server in :data:`SERVERS`."""
    with contextlib.ExitStack() as stack:
        opened: dict[str, Backend] = {}
        for name, kind in REGISTRY.items():
            if kind.needs_store:
                opened[name] = stack.enter_context(open_backend(name, compiled))
                continue
            for key, start in SERVERS.items():
                url = stack.enter_context(start(compiled.ntriples))
                opened[key] = stack.enter_context(open_backend(url, timeout=60))
        yield opened


@pytest.fixture(scope="session")
def each_backend() -> Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]]:
    """Opens a compiled store on every registered kind of backend (rdflib in memory, embedded
    Oxigraph, and the endpoint kind against a real ``oxigraph serve`` on a free loopback port,
    keyed ``memory``, ``oxigraph`` and ``server``); closes them after."""
    return _each_backend
