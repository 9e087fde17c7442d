"""The explorer over HTTP: a real ``kazkg serve`` on loopback, asked as a browser, a notebook or
a Linked Data client would ask it."""

from __future__ import annotations

import json
import urllib.parse

import pytest
import rdflib
from bs4 import BeautifulSoup
from rdflib.compare import isomorphic

from kazkg.build.store import CompiledStore
from kazkg.query import named
from kazkg.query.backends import Backend
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.query.describe import description
from kazkg.query.resolve import resolve
from kazkg.vocab import KZID, RDFS
from tests.views.conftest import HOSTILE_LABEL, HOSTILE_QUOTE
from tests.views.serving import Served, fetch

pytestmark = pytest.mark.server

ARA = KZID.term("agency-for-religious-affairs")
SUCCESSOR = KZID.term("committee-on-religious-affairs-2014")


def soup(reply_text: str) -> BeautifulSoup:
    return BeautifulSoup(reply_text, "html.parser")


# ---- search -------------------------------------------------------------------------------


def test_suggestions_for_a_partial_name_put_the_entity_first_with_its_class(served: Served) -> None:
    reply = served.get("/api/search?q=" + urllib.parse.quote("Agency for Rel"))
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    found = json.loads(reply.body)
    assert found[0]["iri"] == ARA
    assert found[0]["class"] == "state body"
    assert found[0]["description"]
    assert set(found[0]) >= {"iri", "label", "class", "description", "score"}
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True)


def test_suggestions_know_acronyms_and_articles(served: Served) -> None:
    atc = json.loads(served.get("/api/search?q=ATC").body)
    assert atc[0]["label"].startswith("Anti-Terrorism Center")
    article = json.loads(served.get("/api/search?q=" + urllib.parse.quote("art. 179")).body)
    assert article[0]["iri"] == KZID.term("criminal-code-2014-art-179")


def test_an_empty_search_suggests_nothing(served: Served) -> None:
    assert json.loads(served.get("/api/search?q=").body) == []
    assert json.loads(served.get("/api/search?q=%20%20").body) == []


def test_the_search_page_lists_what_a_name_may_mean(served: Served) -> None:
    page = soup(served.get("/search?q=Agency").text)
    assert "/entity/agency-for-religious-affairs" in [
        a["href"] for a in page.select("ol.results a")
    ]


# ---- entity pages ---------------------------------------------------------------------------


def test_an_entity_page_shows_its_facts_quotes_and_neighbours(
    served: Served, oxigraph_backend: Backend
) -> None:
    reply = served.get("/entity/agency-for-religious-affairs")
    assert reply.status == 200
    page = soup(reply.text)
    about = description(oxigraph_backend, ARA)
    assert page.h1.get_text(strip=True) == about.label
    quotes = {q.get_text(strip=True).strip("“”") for q in page.select(".quote-text")}
    assert {q for s in about.statements for q in s.quotes} <= quotes
    links = {a["href"] for a in page.select(".statements a")}
    assert "/entity/committee-on-religious-affairs-2014" in links
    contexts = [a["href"] for a in page.select("a.in-context")]
    assert contexts and all(h.startswith("/source/trofimov-") and "#q-" in h for h in contexts)
    assert (
        page.select_one("ol.steps li.current a")["href"] == "/entity/agency-for-religious-affairs"
    )
    assert page.select_one("figure.timeline img")["src"].endswith("/timeline.svg")
    assert "default-src 'none'" in reply.headers["Content-Security-Policy"]


def test_the_ego_network_is_laid_out_before_the_page_is_sent(served: Served) -> None:
    page = soup(served.get("/entity/agency-for-religious-affairs").text)
    data = json.loads(page.find("script", id="ego-data").string)
    ids = {n["id"] for n in data["nodes"]}
    assert ARA in ids and SUCCESSOR in ids
    assert data["placed"] and all("x" in n and "y" in n for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    deeper = json.loads(served.get("/api/ego/agency-for-religious-affairs?depth=2").body)
    assert ids < {n["id"] for n in deeper["nodes"]}


def test_the_timeline_picture_is_an_svg(served: Served) -> None:
    reply = served.get("/entity/agency-for-religious-affairs/timeline.svg")
    assert reply.status == 200 and reply.headers["Content-Type"] == "image/svg+xml"
    assert b"<svg" in reply.body and b"Committee" in reply.body


def test_a_fact_has_a_page_with_its_parties(served: Served) -> None:
    page = soup(served.get("/entity/fact-succession-2011-committee-to-agency").text)
    parties = {a["href"] for a in page.select("ul.parties a")}
    assert "/entity/agency-for-religious-affairs" in parties
    assert page.select(".quote-text")


def test_an_unknown_entity_is_not_found_with_suggestions(served: Served) -> None:
    reply = served.get("/entity/agency-for-religious-affair")
    assert reply.status == 404
    assert "/entity/agency-for-religious-affairs" in reply.text
    assert served.get("/entity/%3Cscript%3E").status == 404


# ---- Linked Data ----------------------------------------------------------------------------


def _graph(reply_body: bytes, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=reply_body, format=fmt)


def test_the_entity_url_gives_its_triples_as_turtle_and_json_ld(
    served: Served, oxigraph_backend: Backend
) -> None:
    turtle = served.get("/entity/agency-for-religious-affairs", headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
    jsonld = served.get(
        "/entity/agency-for-religious-affairs", headers={"Accept": "application/ld+json"}
    )
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    from_turtle, from_jsonld = _graph(turtle.body, "turtle"), _graph(jsonld.body, "json-ld")
    assert isomorphic(from_turtle, from_jsonld)
    subject = rdflib.URIRef(ARA)
    assert set(from_turtle.subjects()) == {subject}
    label = description(oxigraph_backend, ARA).label
    assert (subject, rdflib.URIRef(RDFS + "label"), rdflib.Literal(label, lang="en")) in from_turtle
    count = oxigraph_backend.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{ARA}> ?p ?o }}")
    assert len(from_turtle) == int(count.rows[0][0].value)  # type: ignore[union-attr]


def test_an_id_redirects_to_its_entity_page(served: Served) -> None:
    reply = served.get("/id/agency-for-religious-affairs", follow=False)
    assert reply.status == 303
    assert reply.headers["location"] == "/entity/agency-for-religious-affairs"


# ---- sources, schema, workbench ---------------------------------------------------------


def test_the_source_view_highlights_every_quote_with_its_anchor(
    served: Served, source_path: object, oxigraph_backend: Backend
) -> None:
    page = soup(served.get("/source/trofimov-radicalization-of-islam-in-kazakhstan").text)
    about = description(oxigraph_backend, ARA)
    quote = about.statements[0].quotes[0]
    marked = "".join(m.get_text() for m in page.select("#source-text mark"))
    assert quote in page.select_one("#source-text").get_text()
    assert quote.split()[0] in marked
    from kazkg.views.explorer.links import quote_anchor

    assert page.find(id=quote_anchor(quote)) is not None
    data = json.loads(page.find("script", id="quote-data").string)
    assert any(f["href"] for f in data[quote_anchor(quote)]["facts"])


def test_the_schema_page_counts_and_aligns_the_classes(served: Served) -> None:
    page = soup(served.get("/schema").text)
    row = page.find("tr", id="StateBody")
    assert row is not None and int(row.select_one("td.number").get_text()) > 40
    assert "org:Organization" in row.get_text()
    relations = page.get_text()
    assert "wdt:P1366" in relations and "succeeded by" in relations
    members = soup(served.get("/class/StateBody").text)
    assert "/entity/agency-for-religious-affairs" in [
        a["href"] for a in members.select(".members a")
    ]


def test_the_workbench_runs_a_named_query_with_an_entity_name(
    served: Served, oxigraph_backend: Backend
) -> None:
    query = "/queries?name=members-of&organisation=SCO&run=1"
    page = soup(served.get(query).text)
    expected = named.run(oxigraph_backend, "members-of", {"organisation": "SCO"})
    assert len(page.select("table.results tbody tr")) == len(expected.rows)
    assert "/entity/kazakhstan" in [a["href"] for a in page.select("table.results a")]
    assert page.select("table.results q") and page.select("table.results a.in-context")
    sco = resolve(oxigraph_backend, "SCO")
    assert f"<{sco}>" in page.select_one("textarea[name=query]").get_text()  # the SPARQL run
    network = json.loads(page.find("script", id="result-network-data").string)
    assert KZID.term("kazakhstan") in {n["id"] for n in network["nodes"]}
    csv = served.get(page.select_one(".downloads a").get("href"))
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == len(expected.rows) + 1


def test_a_bad_parameter_is_reported_on_the_form(served: Served) -> None:
    page = soup(served.get("/queries?name=parent-on-date&agency=ATC&date=soon&run=1").text)
    assert "date" in page.select_one(".error").get_text()


def test_the_workbench_runs_edited_sparql_with_the_prefixes_declared(served: Served) -> None:
    body = urllib.parse.urlencode({"query": "SELECT ?b WHERE { ?b a kz:Ministry } LIMIT 3"})
    reply = fetch(
        served.base + "/queries/sparql",
        method="POST",
        data=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert len(soup(reply.text).select("table.results tbody tr")) == 3


def test_a_date_column_gives_a_time_line(served: Served) -> None:
    page = soup(served.get("/queries?name=acts-adopted&from=2005&to=2015&run=1").text)
    assert page.select("svg.timeline rect")


# ---- hostile text ---------------------------------------------------------------------------


def test_markup_in_labels_and_quotes_reaches_pages_as_text(hostile_served: Served) -> None:
    reply = hostile_served.get("/entity/hostile-body")
    assert reply.status == 200
    assert HOSTILE_LABEL not in reply.text and "<script>alert" not in reply.text
    page = soup(reply.text)
    assert page.h1.get_text() == HOSTILE_LABEL
    assert page.find_all("img") == [] and page.find_all("b") == []
    assert any(HOSTILE_QUOTE in q.get_text() for q in page.select(".quote-text"))
    found = json.loads(hostile_served.get("/api/search?q=" + urllib.parse.quote("<img")).body)
    assert found[0]["label"] == HOSTILE_LABEL


def test_every_class_page_of_the_schema_answers(served: Served) -> None:
    page = soup(served.get("/schema").text)
    names = [a["href"] for a in page.select("table.schema a")][:5]
    assert names and all(served.get(n).status == 200 for n in names)
    assert served.get("/class/NoSuchClass").status == 404


def test_the_endpoint_answers_the_same_as_the_store(
    served: Served, compiled: CompiledStore
) -> None:
    assert EndpointBackend(served.query_url).triple_count() == compiled.manifest().triples
