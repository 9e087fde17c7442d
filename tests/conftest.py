"""Fixtures shared by the whole suite: the real graph, built once into a temporary store."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from kazkg.backends.base import Backend
from kazkg.backends.endpoint import EndpointBackend
from kazkg.backends.memory import MemoryBackend
from kazkg.backends.oxigraph import OxigraphBackend
from kazkg.build import BuildReport, build
from kazkg.resources import Layout, find_source_text
from kazkg.server import serve
from kazkg.store import CompiledStore
from kazkg.virtuoso import RunningVirtuoso


@pytest.fixture(scope="session")
def source_path() -> Path:
    """The source document's text; tests that need it are skipped where it is absent."""
    path = find_source_text()
    if path is None or not path.is_file():
        pytest.skip("the source text is not available beside the checkout")
    return path


@pytest.fixture(scope="session")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """The packaged ontology and graph, compiled into a store of the test session's own."""
    return Layout.default(store=tmp_path_factory.mktemp("kazkg-home") / "store")


@pytest.fixture(scope="session")
def build_report(layout: Layout) -> BuildReport:
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


@pytest.fixture(scope="session")
def virtuoso_or_reason() -> Iterator[RunningVirtuoso | str]:
    """One throw-away Virtuoso for the whole run (empty; see :mod:`kazkg.virtuoso`), or the
    reason it cannot run here."""
    from kazkg.virtuoso import installed
    from kazkg.virtuoso import serve as serve_virtuoso

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


_loaded = itertools.count(1)


@contextlib.contextmanager
def _virtuoso_graph(
    virtuoso: RunningVirtuoso | str, compiled: CompiledStore
) -> Iterator[dict[str, Backend]]:
    """``compiled`` bulk-loaded into a named graph of its own on the test run's Virtuoso, as the
    endpoint's default graph; nothing where Virtuoso is not available."""
    if isinstance(virtuoso, str):
        yield {}
        return
    graph = f"https://w3id.org/kazkg/test-graph/{next(_loaded)}"
    virtuoso.bulk_load(compiled.ntriples, graph)
    try:
        yield {"virtuoso": EndpointBackend(virtuoso.query_url, timeout=60, default_graph=graph)}
    finally:
        virtuoso.isql(f"SPARQL CLEAR GRAPH <{graph}>;\n")


@pytest.fixture(scope="session")
def each_backend(
    virtuoso_or_reason: RunningVirtuoso | str,
) -> Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]]:
    """Opens a compiled store on rdflib in memory, embedded Oxigraph, a real read-only
    ``oxigraph serve`` on a free loopback port and the test run's Virtuoso (bulk-loaded into a
    named graph of its own), keyed ``memory``, ``oxigraph``, ``server`` and ``virtuoso`` (left
    out where Virtuoso is not installed); closes them after."""

    @contextlib.contextmanager
    def opened_on_each(compiled: CompiledStore) -> Iterator[dict[str, Backend]]:
        with (
            serve(compiled.ntriples) as server,
            _virtuoso_graph(virtuoso_or_reason, compiled) as remote,
        ):
            opened: dict[str, Backend] = {
                "memory": MemoryBackend.open(compiled),
                "oxigraph": OxigraphBackend.open(compiled),
                "server": EndpointBackend(server.query_url, timeout=60),
                **remote,
            }
            try:
                yield opened
            finally:
                for backend in opened.values():
                    backend.close()

    return opened_on_each
