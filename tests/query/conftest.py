"""Fixtures of the query tests: the real graph projected once to entities and relations."""

from __future__ import annotations

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends import open_backend
from kazkg.query.projection import Network, load_network


@pytest.fixture(scope="session")
def network(compiled: CompiledStore) -> Network:
    """The whole real graph as entities and relations."""
    with open_backend("oxigraph", compiled) as backend:
        return load_network(backend)
