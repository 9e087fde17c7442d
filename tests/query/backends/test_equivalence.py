"""Every named query, ``trace``, ``path``, ``DESCRIBE`` and render selection gives the same
answer, in the same order, on every backend."""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from rdflib import OWL, Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from kazkg.query import named as queries
from kazkg.query.backends.base import Backend
from kazkg.query.labels import with_labels
from kazkg.query.path import shortest_path
from kazkg.query.projection import load_network
from kazkg.query.resolve import resolve
from kazkg.query.selection import choose
from kazkg.query.trace import trace
from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZ

NAMED = [q.name for q in queries.catalogue()]


@pytest.fixture(scope="module")
def answers(backends: dict[str, Backend]) -> dict[str, dict[str, ResultTable]]:
    """Each named query, run with its example parameters, on each backend."""
    return {
        name: {
            kind: queries.run(backend, name, queries.get(name).example)
            for kind, backend in backends.items()
        }
        for name in NAMED
    }


@pytest.mark.server
@pytest.mark.parametrize("name", NAMED)
def test_named_query_has_identical_results_on_every_backend(
    name: str, answers: dict[str, dict[str, ResultTable]]
) -> None:
    results = answers[name]
    reference = results["oxigraph"]
    assert reference.rows, f"the example of {name} should have answers in the graph"
    for kind, table in results.items():
        assert table.variables == reference.variables, kind
        assert table.as_set() == reference.as_set(), kind


@pytest.mark.server
@pytest.mark.parametrize("name", NAMED)
def test_named_query_orders_rows_identically_on_every_backend(
    name: str, answers: dict[str, dict[str, ResultTable]]
) -> None:
    results = answers[name]
    for kind, table in results.items():
        assert table.rows == results["oxigraph"].rows, kind


@pytest.mark.server
def test_labels_beside_iris_are_the_same_on_every_backend(
    answers: dict[str, dict[str, ResultTable]], backends: dict[str, Backend]
) -> None:
    table = answers["members-of"]["oxigraph"]
    labelled = {kind: with_labels(backend, table) for kind, backend in backends.items()}
    reference = labelled["oxigraph"]
    assert len(reference.variables) > len(table.variables)
    for kind, found in labelled.items():
        assert (found.variables, found.rows) == (reference.variables, reference.rows), kind


@pytest.mark.server
def test_literals_keep_the_same_datatype_and_language_on_every_backend(
    backends: dict[str, Backend],
) -> None:
    query = """SELECT ?label ?date ?quote WHERE {
        <https://w3id.org/kazkg/id/fact-succession-2014-agency-to-committee>
            <https://w3id.org/kazkg/ontology#date> ?date ; <https://w3id.org/kazkg/ontology#quote> ?quote .
        <https://w3id.org/kazkg/id/agency-for-religious-affairs> <http://www.w3.org/2000/01/rdf-schema#label> ?label .
    }"""
    rows = {kind: backend.select(query).as_set() for kind, backend in backends.items()}
    assert all(found == rows["oxigraph"] for found in rows.values()), rows.keys()
    (label, date, quote) = next(iter(rows["oxigraph"]))
    assert label is not None and label.lang == "en"
    assert date is not None and date.datatype is not None and date.datatype.endswith("#gYearMonth")
    assert quote is not None and quote.datatype is not None and quote.datatype.endswith("#string")


@pytest.mark.server
def test_large_integers_and_blank_nodes_come_back_alike_on_every_backend(
    backends: dict[str, Backend],
) -> None:
    value = """SELECT ?v WHERE {
        <https://w3id.org/kazkg/id/stat-global-cybersecurity-spending-2013>
            <https://w3id.org/kazkg/ontology#value> ?v }"""
    chain = """SELECT ?chain WHERE { <https://w3id.org/kazkg/ontology#responsibleFor>
        <http://www.w3.org/2002/07/owl#propertyChainAxiom> ?chain }"""
    for kind, backend in backends.items():
        assert backend.select(value).rows == [
            (Term.literal("69000000000", "http://www.w3.org/2001/XMLSchema#integer"),)
        ], kind
        ((node,),) = backend.select(chain).rows
        assert node is not None and node.kind == "bnode", kind
        assert re.fullmatch(r"_:[A-Za-z0-9_]+", node.n3()), (kind, node.n3())


@pytest.mark.server
def test_construct_gives_the_same_triples_on_every_backend(backends: dict[str, Backend]) -> None:
    query = """CONSTRUCT { ?s ?p ?o } WHERE {
        VALUES ?s { <https://w3id.org/kazkg/id/agency-for-religious-affairs> } ?s ?p ?o }"""
    triples = {
        kind: set(backend.construct(query).decode().splitlines())
        for kind, backend in backends.items()
    }
    assert triples["oxigraph"]
    for kind, found in triples.items():
        assert found == triples["oxigraph"], kind


@pytest.mark.server
def test_every_backend_counts_the_same_triples(backends: dict[str, Backend]) -> None:
    counts = {kind: backend.triple_count() for kind, backend in backends.items()}
    assert len(set(counts.values())) == 1, counts


@pytest.mark.server
def test_trace_gives_the_same_lineage_on_every_backend(backends: dict[str, Backend]) -> None:
    lineages = {
        kind: trace(backend, "Agency for Religious Affairs", as_of="2012-06-01")
        for kind, backend in backends.items()
    }
    reference = lineages["oxigraph"]
    assert len(reference.steps) > 1
    for kind, lineage in lineages.items():
        assert lineage.steps == reference.steps, kind


def test_virtuoso_is_among_the_backends(
    backends: dict[str, Backend], virtuoso_or_reason: object
) -> None:
    if "virtuoso" not in backends:
        pytest.skip(str(virtuoso_or_reason))
    assert set(backends) == {"memory", "oxigraph", "server", "virtuoso"}


def _graph(ntriples: bytes) -> Graph:
    graph = Graph()
    graph.parse(data=ntriples.decode("utf-8"), format="nt")
    return graph


@pytest.mark.server
@pytest.mark.parametrize(
    "query",
    [
        "DESCRIBE kzid:agency-for-religious-affairs kz:responsibleFor",
        "DESCRIBE ?x WHERE { ?x a kz:Ban }",
        "DESCRIBE ?p WHERE { ?p a owl:ObjectProperty ; owl:propertyChainAxiom ?chain }",
    ],
)
def test_describe_gives_the_same_triples_on_every_backend(
    backends: dict[str, Backend], query: str
) -> None:
    described = {
        kind: _graph(cast(bytes, queries.execute(backend, query)))
        for kind, backend in backends.items()
    }
    reference = described["oxigraph"]
    assert len(reference) > 0
    for kind, graph in described.items():
        assert isomorphic(graph, reference), kind


@pytest.mark.server
def test_describe_follows_blank_nodes_however_deep(backends: dict[str, Backend]) -> None:
    for kind, backend in backends.items():
        graph = _graph(cast(bytes, queries.execute(backend, "DESCRIBE kz:responsibleFor")))
        chain = graph.value(URIRef(KZ.NS.term("responsibleFor")), OWL.propertyChainAxiom)
        assert chain is not None and [str(p) for p in Collection(graph, chain)] == [
            KZ.NS.term("responsibleAgentIn"),
            KZ.NS.term("area"),
        ], kind


@pytest.mark.server
def test_the_network_with_its_spans_is_the_same_on_every_backend(
    backends: dict[str, Backend],
) -> None:
    loaded = {kind: load_network(backend) for kind, backend in backends.items()}
    network = loaded["oxigraph"]
    assert network.edges and any(node.start for node in network.nodes.values())
    for kind, other in loaded.items():
        assert other.nodes == network.nodes, kind
        assert other.edges == network.edges, kind


@pytest.mark.server
@pytest.mark.parametrize(
    "selection",
    [
        {"focus": ["Agency for Religious Affairs"], "depth": 2, "as_of": "2012-06-01"},
        {"query": "banned-organisations", "depth": 1},
        {"types": ["state body"], "relations": ["succession", "subordination"]},
    ],
    ids=["ego-as-of", "query", "types-relations"],
)
def test_a_render_selection_is_the_same_on_every_backend(
    backends: dict[str, Backend], selection: dict[str, Any]
) -> None:
    views = {kind: choose(backend, **selection) for kind, backend in backends.items()}
    reference = views["oxigraph"]
    assert reference.network.nodes
    for kind, view in views.items():
        assert view.focus == reference.focus, kind
        assert view.description == reference.description, kind
        assert view.network.nodes == reference.network.nodes, kind
        assert view.network.edges == reference.network.edges, kind


@pytest.mark.server
@pytest.mark.parametrize(
    ("source", "target"),
    [("Agency for Religious Affairs", "SCO"), ("Hizb ut-Tahrir", "Ministry of Justice")],
)
def test_path_gives_the_same_hops_on_every_backend(
    backends: dict[str, Backend], source: str, target: str
) -> None:
    paths = {
        kind: shortest_path(
            load_network(backend), resolve(backend, source), resolve(backend, target)
        ).to_json()
        for kind, backend in backends.items()
    }
    reference = paths["oxigraph"]
    assert reference["length"]
    for kind, path in paths.items():
        assert path == reference, kind
