"""``kazkg push``: upload into a writable server, twice; a closed port fails clearly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kazkg.build.store import CompiledStore
from kazkg.servers.oxigraph import free_port, serve
from kazkg.servers.push import remote_count
from kazkg.vocab import GRAPH_IRI

Run = Callable[..., Any]
pytestmark = pytest.mark.server


def test_push_twice_leaves_the_local_triple_count(kazkg: Run, compiled: CompiledStore) -> None:
    local = compiled.manifest().triples
    with serve(writable=True) as server:
        for _ in range(2):
            result = kazkg("push", "--endpoint", server.query_url)
            assert result.status == 0
            assert f"pushed {local} triples into <{GRAPH_IRI}>" in result.out
            assert remote_count(server.query_url, GRAPH_IRI) == local


def test_push_to_a_closed_port_is_one_clear_line(kazkg: Run) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = kazkg("push", "--endpoint", url, "--timeout", "5")
    assert result.status == 1
    assert result.err.startswith("kazkg: error: http://127.0.0.1:") and "unreachable" in result.err
    assert result.err.count("\n") == 1
