"""Generated graphs: 1,000 entities built and validated once; 400 entities (one state) on every
backend (Virtuoso too), where rdflib answers the heaviest named queries in seconds rather than a
minute."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from benchmarks.generate import GeneratedGraph, generate
from kazkg.build import BuildReport, build
from kazkg.build.store import CompiledStore
from kazkg.query.backends.base import Backend
from kazkg.query.backends.oxigraph import OxigraphBackend

ENTITIES = 1_000
SMALL = 400
SEED = 3


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedGraph:
    """A generated graph of :data:`ENTITIES` entities."""
    return generate(tmp_path_factory.mktemp("generated") / "graph", ENTITIES, SEED)


@pytest.fixture(scope="session")
def generated_build(
    generated: GeneratedGraph, tmp_path_factory: pytest.TempPathFactory
) -> BuildReport:
    """The generated graph built and validated (SHACL, evidence, quotes) like the real one."""
    store: Path = tmp_path_factory.mktemp("generated-store")
    return build(generated.workspace(store))


@pytest.fixture(scope="session")
def generated_oxigraph(generated_build: BuildReport) -> Iterator[Backend]:
    """The generated graph on the embedded store."""
    with OxigraphBackend.open(generated_build.store) as backend:
        yield backend


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> GeneratedGraph:
    """A generated graph of one state (:data:`SMALL` entities)."""
    return generate(tmp_path_factory.mktemp("small") / "graph", SMALL, SEED)


@pytest.fixture(scope="session")
def small_backends(
    small: GeneratedGraph,
    tmp_path_factory: pytest.TempPathFactory,
    each_backend: Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]],
) -> Iterator[dict[str, Backend]]:
    """The small generated graph on rdflib, embedded Oxigraph, a real Oxigraph server and the
    test run's Virtuoso (where it is installed)."""
    compiled = build(small.workspace(tmp_path_factory.mktemp("small-store")), validate=False).store
    with each_backend(compiled) as opened:
        yield opened
