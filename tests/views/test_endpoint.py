"""The SPARQL endpoint at ``/query``: the SPARQL 1.1 Protocol as outside clients speak it
(SPARQLWrapper, rdflib's SPARQLStore, plain HTTP), read-only, with CORS."""

from __future__ import annotations

import json
import urllib.parse

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kazkg.build.store import CompiledStore
from kazkg.query import named
from kazkg.query.backends import Backend
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.vocab import KZID, PREFIXES
from tests.views.serving import Served, fetch

pytestmark = pytest.mark.server

LINEAGE = named.get("lineage")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture()
def endpoint(served: Served) -> Served:
    """``kazkg serve`` over the real graph."""
    return served


def post(server: Served, data: bytes, headers: dict[str, str]) -> object:
    return fetch(server.query_url, method="POST", data=data, headers=headers)


@pytest.mark.parametrize("query", [q for q in named.catalogue() if q.example], ids=lambda q: q.name)
def test_every_named_query_answers_as_the_embedded_store_does(
    endpoint: Served, oxigraph_backend: Backend, query: named.NamedQuery
) -> None:
    text = named.bind(query, query.example, oxigraph_backend)
    remote = EndpointBackend(endpoint.query_url, timeout=60)
    if query.form == "SELECT":
        assert remote.select(text).as_set() == oxigraph_backend.select(text).as_set()
    else:
        assert named.execute(remote, text) == named.execute(oxigraph_backend, text)


def test_sparqlwrapper_selects_asks_and_constructs(
    endpoint: Served, oxigraph_backend: Backend
) -> None:
    client = SPARQLWrapper(endpoint.query_url)
    client.setReturnFormat(JSON)
    text = named.bind(LINEAGE, LINEAGE.example, oxigraph_backend)
    client.setQuery(text)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert len(rows) == len(oxigraph_backend.select(text).rows)
    client.setQuery("ASK { kzid:agency-for-religious-affairs kz:succeededBy ?x }")
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]
    client.setMethod("POST")
    client.setQuery("CONSTRUCT { ?a kz:succeededBy ?b } WHERE { ?a kz:succeededBy ?b }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    expected = oxigraph_backend.select(
        f"PREFIX kz: <{PREFIXES['kz']}> SELECT * WHERE {{ ?a kz:succeededBy ?b }}"
    )
    assert len(graph) == len(expected.rows) > 0


def test_rdflib_sparqlstore_reads_the_graph(endpoint: Served, oxigraph_backend: Backend) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint.query_url, returnFormat="json"))
    query = f"SELECT ?label WHERE {{ <{KZID}kazakhstan> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
    assert {str(row[0]) for row in graph.query(query)} == {
        t.value for (t,) in oxigraph_backend.select(query).rows if t is not None
    }


def test_the_answer_format_follows_the_accept_header(endpoint: Served) -> None:
    query = "?query=" + urllib.parse.quote(
        "SELECT ?b WHERE { ?b a kz:Ministry } ORDER BY ?b LIMIT 2"
    )
    csv = endpoint.get("/query" + query, headers={"Accept": "text/csv"})
    assert csv.headers["Content-Type"].startswith("text/csv") and csv.text.startswith("b\r\n")
    xml = endpoint.get("/query" + query, headers={"Accept": "application/sparql-results+xml"})
    assert b"<sparql" in xml.body
    tsv = endpoint.get("/query" + query, headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.startswith("?b")
    wanted = endpoint.get("/query" + query, headers={"Accept": "image/png"})
    assert wanted.status == 406
    graph = endpoint.get(
        "/query?query=" + urllib.parse.quote("DESCRIBE kzid:kazakhstan"),
        headers={"Accept": "application/ld+json"},
    )
    assert len(rdflib.Graph().parse(data=graph.body, format="json-ld")) > 10


def test_a_query_may_be_posted_as_a_form_or_as_itself(endpoint: Served) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?b a kz:Ministry }"
    accept = {"Accept": "application/sparql-results+json"}
    as_form = post(endpoint, urllib.parse.urlencode({"query": text}).encode(), {**FORM, **accept})
    as_itself = post(
        endpoint, text.encode(), {"Content-Type": "application/sparql-query", **accept}
    )
    assert as_form.status == as_itself.status == 200  # type: ignore[attr-defined]
    assert json.loads(as_form.body) == json.loads(as_itself.body)  # type: ignore[attr-defined]


def test_a_syntax_error_is_a_400_naming_the_place(endpoint: Served) -> None:
    reply = endpoint.get("/query?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s a kz:Ministry"))
    assert reply.status == 400 and "syntax" in reply.text.lower()


def test_cors_lets_pages_elsewhere_query(endpoint: Served) -> None:
    preflight = fetch(
        endpoint.query_url,
        method="OPTIONS",
        headers={
            "Origin": "https://notebook.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    answer = endpoint.get("/query?query=ASK%7B%7D", headers={"Origin": "https://notebook.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("method", "data", "headers", "path"),
    [
        ("POST", b"DROP ALL", {"Content-Type": "application/sparql-update"}, ""),
        ("POST", b"update=DROP%20ALL", FORM, ""),
        ("POST", b"query=DROP%20ALL", FORM, ""),
        ("POST", b"query=INSERT%20DATA%20%7B%3Ca%3E%20%3Cb%3E%20%3Cc%3E%7D", FORM, ""),
        ("GET", None, {}, "?update=DROP%20ALL"),
        ("GET", None, {}, "?query=CLEAR%20DEFAULT"),
    ],
    ids=[
        "sparql-update",
        "update-field",
        "update-as-query",
        "insert-as-query",
        "get-update",
        "get-clear",
    ],
)
def test_updates_are_refused_and_change_nothing(
    endpoint: Served,
    compiled: CompiledStore,
    method: str,
    data: bytes | None,
    headers: dict[str, str],
    path: str,
) -> None:
    reply = fetch(endpoint.query_url + path, method=method, data=data, headers=headers)
    assert reply.status == 403 and "read-only" in reply.text
    assert EndpointBackend(endpoint.query_url).triple_count() == compiled.manifest().triples


def test_service_calls_to_other_endpoints_are_refused(endpoint: Served) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    reply = endpoint.get("/query?query=" + urllib.parse.quote(text))
    assert reply.status == 403 and "SERVICE" in reply.text


def test_a_browser_asking_for_the_endpoint_gets_the_editor(endpoint: Served) -> None:
    reply = endpoint.get("/query", headers={"Accept": "text/html"}, follow=False)
    assert reply.status == 303 and reply.headers["location"].startswith("/queries")


def test_a_request_naming_another_host_is_refused(endpoint: Served) -> None:
    reply = endpoint.get("/query?query=ASK%7B%7D", headers={"Host": "attacker.example"})
    assert reply.status == 400
