"""The backend registry: ``open_backend`` picks a kind from a name or a URL, and never builds."""

from __future__ import annotations

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError, StoreError
from kazkg.query.backends import REGISTRY, describe_backends, kind_of, open_backend
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.query.backends.memory import MemoryBackend
from kazkg.query.backends.oxigraph import OxigraphBackend


@pytest.mark.parametrize(
    ("spec", "kind"), [("oxigraph", OxigraphBackend), ("memory", MemoryBackend)]
)
def test_embedded_backends_open_the_compiled_store(
    spec: str, kind: type, compiled: CompiledStore
) -> None:
    with open_backend(spec, compiled) as backend:
        assert isinstance(backend, kind)
        assert backend.triple_count() == compiled.manifest().triples


@pytest.mark.parametrize("spec", ["oxigraph", "memory"])
def test_opening_a_local_backend_without_a_store_refuses_instead_of_building(spec: str) -> None:
    with pytest.raises(StoreError, match="build it first"):
        open_backend(spec)


def test_a_url_opens_an_endpoint_without_touching_the_local_graph() -> None:
    backend = open_backend("http://127.0.0.1:9/query", timeout=3)
    assert isinstance(backend, EndpointBackend)
    assert (backend.url, backend.timeout) == ("http://127.0.0.1:9/query", 3)


def test_an_unknown_backend_lists_the_choices_from_the_registry() -> None:
    with pytest.raises(KazkgError, match="oxigraph, memory or an http"):
        open_backend("postgres")


def test_every_registered_kind_is_described_and_implemented() -> None:
    text = describe_backends()
    for name, kind in REGISTRY.items():
        assert kind.summary in text
        if kind.needs_store:
            assert kind_of(name) is kind
    assert kind_of("https://example.org/sparql").name == "endpoint"
