"""The Python API: one object to query, trace and resolve on any backend."""

from __future__ import annotations

import pytest

import kazkg
from kazkg.api import Graph, open_graph
from kazkg.build.store import CompiledStore
from kazkg.resources import Workspace
from kazkg.terms import ResultTable
from kazkg.vocab import KZID


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_a_graph_answers_named_queries_sparql_and_traces(
    backend: str, workspace: Workspace, compiled: CompiledStore
) -> None:
    with open_graph(backend, workspace) as graph:
        adopted = graph.query("acts-adopted", from_="2011", to="2011")
        assert adopted == graph.query("acts-adopted", {"from": "2011", "to": "2011"})
        assert adopted.rows
        count = graph.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a kz:Ministry }")
        assert isinstance(count, ResultTable)
        steps = graph.trace("Agency for Religious Affairs", as_of="2012-06-01").steps
        assert [s.iri for s in steps if s.current] == [KZID.term("agency-for-religious-affairs")]
        assert graph.resolve("SCO") == KZID.term("shanghai-cooperation-organization")


def test_rows_become_plain_dicts_for_dataframes(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    with open_graph("oxigraph", workspace) as graph:
        table = graph.with_labels(graph.query("banned-organisations"))
    records = table.dicts()
    assert records and all(isinstance(r["organisation_label"], str) for r in records)


def test_the_api_is_exported_from_the_package() -> None:
    assert kazkg.open_graph is open_graph
    assert kazkg.Graph is Graph
