"""The embedded backend: its store is opened when a question needs it, and only then."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kazkg.build.store import CompiledStore
from kazkg.query import trace
from kazkg.query.backends import open_backend
from kazkg.query.backends.oxigraph import OxigraphBackend


def test_a_lineage_the_index_answers_never_opens_the_store(compiled: CompiledStore) -> None:
    with open_backend("oxigraph", compiled) as backend:
        assert isinstance(backend, OxigraphBackend)
        line = trace.trace(backend, "Agency for Religious Affairs", as_of="2012-06-01")
        assert len(line.steps) == 5
        assert not backend.is_open


def test_the_first_query_opens_the_store_once(compiled: CompiledStore) -> None:
    with open_backend("oxigraph", compiled) as backend:
        assert isinstance(backend, OxigraphBackend)
        assert not backend.is_open
        assert backend.ask("ASK { ?s ?p ?o }")
        assert backend.is_open
        opened = backend.store
        assert backend.ask("ASK { ?s ?p ?o }") and backend.store is opened


def test_a_backend_takes_a_store_or_an_opener() -> None:
    with pytest.raises(ValueError, match="either"):
        OxigraphBackend()
    with pytest.raises(ValueError, match="either"):
        OxigraphBackend(ox.Store(), opener=ox.Store)
