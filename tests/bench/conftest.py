"""A generated graph of 1,000 entities, built and validated once, on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kazkg.backends.base import Backend
from kazkg.backends.endpoint import EndpointBackend
from kazkg.backends.memory import MemoryBackend
from kazkg.backends.oxigraph import OxigraphBackend
from kazkg.bench.generate import GeneratedGraph, generate
from kazkg.build import BuildReport, build
from kazkg.server import serve

ENTITIES = 1_000
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
    return build(generated.layout(store))


@pytest.fixture(scope="session")
def generated_backends(generated_build: BuildReport) -> Iterator[dict[str, Backend]]:
    """The generated graph on rdflib, embedded Oxigraph and a real Oxigraph server."""
    compiled = generated_build.store
    with serve(compiled.ntriples) as server:
        opened: dict[str, Backend] = {
            "memory": MemoryBackend.open(compiled),
            "oxigraph": OxigraphBackend.open(compiled),
            "server": EndpointBackend(server.query_url, timeout=60),
        }
        yield opened
        for backend in opened.values():
            backend.close()
