"""Fixtures shared by the whole suite: the real graph, built once into a temporary store, and
every kind of backend over it."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from kazkg.build import BuildReport, build
from kazkg.build.store import CompiledStore
from kazkg.query.backends import REGISTRY, Backend, open_backend
from kazkg.resources import Workspace, default_sources_dir
from kazkg.servers.oxigraph import serve
from kazkg.servers.virtuoso import RunningVirtuoso

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


@pytest.fixture(scope="session")
def virtuoso_or_reason() -> Iterator[RunningVirtuoso | str]:
    """One throw-away Virtuoso for the whole run (empty; see :mod:`kazkg.servers.virtuoso`), or
    the reason it cannot run here."""
    from kazkg.servers.virtuoso import installed
    from kazkg.servers.virtuoso import serve as serve_virtuoso

    reason = installed()
    if reason is not None:
        yield f"Virtuoso is not available: {reason}"
        return
    with serve_virtuoso() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(virtuoso_or_reason: RunningVirtuoso | str) -> RunningVirtuoso:
    """The test run's Virtuoso; tests that need it are skipped, with the reason, where it is
    not installed."""
    if isinstance(virtuoso_or_reason, str):
        pytest.skip(virtuoso_or_reason)
    return virtuoso_or_reason


Server = Callable[[CompiledStore], AbstractContextManager[tuple[str, str | None]]]
"""A real SPARQL server the endpoint kind is tested against: given a compiled store, it serves
it on loopback and yields its query URL and the named graph to query as the default graph."""


@contextlib.contextmanager
def _oxigraph_server(compiled: CompiledStore) -> Iterator[tuple[str, str | None]]:
    with serve(compiled.ntriples) as server:
        yield server.query_url, None


_loaded = itertools.count(1)


def _virtuoso_server(virtuoso: RunningVirtuoso) -> Server:
    """``compiled`` bulk-loaded into a named graph of its own on the test run's Virtuoso."""

    @contextlib.contextmanager
    def loaded(compiled: CompiledStore) -> Iterator[tuple[str, str | None]]:
        graph = f"https://w3id.org/kazkg/test-graph/{next(_loaded)}"
        virtuoso.bulk_load(compiled.ntriples, graph)
        try:
            yield virtuoso.query_url, graph
        finally:
            virtuoso.isql(f"SPARQL CLEAR GRAPH <{graph}>;\n")

    return loaded


def servers(virtuoso_or_reason: RunningVirtuoso | str) -> dict[str, Server]:
    """The real servers, by the key their backend gets: ``server`` (``oxigraph serve``) and
    ``virtuoso`` (left out where Virtuoso is not installed)."""
    found: dict[str, Server] = {"server": _oxigraph_server}
    if not isinstance(virtuoso_or_reason, str):
        found["virtuoso"] = _virtuoso_server(virtuoso_or_reason)
    return found


@pytest.fixture(scope="session")
def each_backend(
    virtuoso_or_reason: RunningVirtuoso | str,
) -> Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]]:
    """Opens a compiled store on every registered kind of backend: the local kinds by their
    names (``memory``, ``oxigraph``), the endpoint kind once per real server of
    :func:`servers` (``server``, ``virtuoso``); closes them after."""

    @contextlib.contextmanager
    def opened_on_each(compiled: CompiledStore) -> Iterator[dict[str, Backend]]:
        with contextlib.ExitStack() as stack:
            opened: dict[str, Backend] = {}
            for name, kind in REGISTRY.items():
                if kind.needs_store:
                    opened[name] = stack.enter_context(open_backend(name, compiled))
                    continue
                for key, start in servers(virtuoso_or_reason).items():
                    url, graph = stack.enter_context(start(compiled))
                    backend = open_backend(url, timeout=60, default_graph=graph)
                    opened[key] = stack.enter_context(backend)
            yield opened

    return opened_on_each
