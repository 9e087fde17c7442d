"""``open_backend`` picks a backend from a name or a URL."""

from __future__ import annotations

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError
from kazkg.query.backends import open_backend
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.query.backends.memory import MemoryBackend
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.resources import Workspace


@pytest.mark.parametrize(
    ("spec", "kind"), [("oxigraph", OxigraphBackend), ("memory", MemoryBackend)]
)
def test_embedded_backends_open_the_compiled_store(
    spec: str, kind: type, workspace: Workspace, compiled: CompiledStore
) -> None:
    with open_backend(spec, workspace) as backend:
        assert isinstance(backend, kind)
        assert backend.triple_count() == compiled.manifest().triples


def test_a_url_opens_an_endpoint_without_touching_the_local_graph() -> None:
    backend = open_backend("http://127.0.0.1:9/query", timeout=3)
    assert isinstance(backend, EndpointBackend)
    assert (backend.url, backend.timeout) == ("http://127.0.0.1:9/query", 3)


def test_an_unknown_backend_lists_the_choices() -> None:
    with pytest.raises(KazkgError, match="oxigraph, memory or an http"):
        open_backend("postgres")
