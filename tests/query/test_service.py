"""``SERVICE`` makes the engine call another server: refused on every backend unless the endpoint
is allowed, however the query spells it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest

from kazkg.build.store import CompiledStore
from kazkg.cli.main import main
from kazkg.errors import ParameterError
from kazkg.query.backends import Backend, open_backend
from kazkg.query.named import execute
from kazkg.query.sparql import check_service
from kazkg.resources import Workspace
from kazkg.servers.oxigraph import serve

Backends = Callable[[CompiledStore], AbstractContextManager[dict[str, Backend]]]

REMOTE = "http://127.0.0.1:9/sparql"
"""An endpoint nothing listens on: a query that reached it would fail differently."""


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * WHERE {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{REMOTE}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE # a comment\n <{REMOTE}> {{ ?s ?p ?o }} }}",
        "PREFIX r: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
        f"SELECT * WHERE {{ \\u0053ERVICE <{REMOTE}> {{ ?s ?p ?o }} }}",
        f"# \\u000A SERVICE <{REMOTE}> {{ }}\nSELECT * WHERE {{ ?s ?p ?o }}",
        "SELECT * WHERE { BIND(<http://127.0.0.1:9/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_however_it_is_written(query: str) -> None:
    with pytest.raises(ParameterError) as refused:
        check_service(query)
    assert refused.value.parameter == "allow_service"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/sparql> { }" }',
        "# SERVICE <http://127.0.0.1:9/sparql>\nSELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    ],
)
def test_the_word_service_elsewhere_is_not_a_service_call(query: str) -> None:
    check_service(query)


def test_service_is_refused_on_every_backend(
    compiled: CompiledStore, each_backend: Backends
) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }}"
    with each_backend(compiled) as backends:
        for name, backend in backends.items():
            with pytest.raises(ParameterError, match="allow_service") as refused:
                execute(backend, query)
            assert REMOTE in str(refused.value), name


def test_an_allowed_endpoint_is_called(compiled: CompiledStore) -> None:
    with serve(compiled.ntriples) as server:
        url = server.query_url
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
        with open_backend("oxigraph", compiled, allow_service=[url]) as backend:
            table = backend.select(query)
        count = table.rows[0][0]
        assert count is not None and int(count.value) == compiled.manifest().triples
        with (
            open_backend("oxigraph", compiled, allow_service=[REMOTE]) as backend,
            pytest.raises(ParameterError, match=url),
        ):
            backend.select(query)


def test_the_command_line_names_the_option(
    workspace: Workspace, compiled: CompiledStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--store", str(workspace.store)]
    query = f"SELECT * WHERE {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }}"
    assert main([*store, "sparql", query]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kazkg: error: --allow-service: SERVICE <http://127.0.0.1:9/")
    silent = f"ASK {{ SERVICE SILENT <{REMOTE}> {{ ?s ?p ?o }} }}"
    assert main([*store, "sparql", "--allow-service", REMOTE, silent]) == 0


def test_an_allowed_endpoint_must_be_a_url(compiled: CompiledStore) -> None:
    with pytest.raises(ParameterError, match="allow_service"):
        open_backend("oxigraph", compiled, allow_service=["not a url"])
