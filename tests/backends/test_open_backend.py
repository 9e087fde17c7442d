"""``open_backend`` picks a backend from a name or a URL."""

from __future__ import annotations

import pytest

from kazkg.backends import open_backend
from kazkg.backends.endpoint import EndpointBackend
from kazkg.backends.memory import MemoryBackend
from kazkg.backends.oxigraph import OxigraphBackend
from kazkg.errors import KazkgError
from kazkg.resources import Layout
from kazkg.store import CompiledStore


@pytest.mark.parametrize(
    ("spec", "kind"), [("oxigraph", OxigraphBackend), ("memory", MemoryBackend)]
)
def test_embedded_backends_open_the_compiled_store(
    spec: str, kind: type, layout: Layout, compiled: CompiledStore
) -> None:
    with open_backend(spec, layout) as backend:
        assert isinstance(backend, kind)
        assert backend.triple_count() == compiled.manifest().triples


def test_a_url_opens_an_endpoint_without_touching_the_local_graph() -> None:
    backend = open_backend("http://127.0.0.1:9/query", timeout=3)
    assert isinstance(backend, EndpointBackend)
    assert (backend.url, backend.timeout) == ("http://127.0.0.1:9/query", 3)


def test_an_unknown_backend_lists_the_choices() -> None:
    with pytest.raises(KazkgError, match="oxigraph, memory or an http"):
        open_backend("postgres")


def test_a_default_graph_is_for_an_endpoint_and_must_be_an_iri(layout: Layout) -> None:
    backend = open_backend(
        "http://127.0.0.1:9/sparql", default_graph="https://w3id.org/kazkg/graph"
    )
    assert isinstance(backend, EndpointBackend)
    assert backend.default_graph == "https://w3id.org/kazkg/graph"
    with pytest.raises(KazkgError, match="--default-graph: not a valid IRI"):
        open_backend("http://127.0.0.1:9/sparql", default_graph="not an iri")
    with pytest.raises(KazkgError, match="--default-graph is for an endpoint URL"):
        open_backend("oxigraph", layout, default_graph="https://w3id.org/kazkg/graph")
