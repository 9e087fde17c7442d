"""Sources are first-class: each quote is checked against the document its node cites, and a
second source is its text, its declaration and its facts, with no change to the code.

The second source here is a fixture written for the tests; it is never part of the shipped graph.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kazkg.build import build
from kazkg.build.store import CompiledStore
from kazkg.errors import ValidationError
from kazkg.formats.export import export, source_graph
from kazkg.resources import Workspace, graph_dir, ontology_dir
from kazkg.vocab import KZ, KZID

SECOND_TEXT = (
    "A test report, written for the test suite only.\n\n"
    "The Test Institute for Religious Studies advised the Agency for Religious Affairs of the "
    "Republic of Kazakhstan in 2012.\n"
)

SECOND_GRAPH = """@prefix kz:      <https://w3id.org/kazkg/ontology#> .
@prefix kzid:    <https://w3id.org/kazkg/id/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

kzid:test-report a kz:SourceDocument ;
    rdfs:label "A test report"@en ;
    dcterms:identifier "test-report.txt" ;
    kz:sha256 "%(sha256)s" ;
    kz:quote "A test report, written for the test suite only." ;
    prov:wasDerivedFrom kzid:test-report .

kzid:test-institute a kz:NonGovernmentalOrganization ;
    rdfs:label "Test Institute for Religious Studies"@en ;
    kz:quote "The Test Institute for Religious Studies" ;
    prov:wasDerivedFrom kzid:test-report .

kzid:fact-test-institute-advised-the-agency a kz:Assertion ;
    rdf:subject kzid:test-institute ;
    rdf:predicate kz:cooperatesWith ;
    rdf:object kzid:agency-for-religious-affairs ;
    kz:date "2012"^^xsd:gYear ;
    kz:quote "%(quote)s" ;
    prov:wasDerivedFrom %(cites)s .
"""

GOOD_QUOTE = (
    "The Test Institute for Religious Studies advised the Agency for Religious Affairs of the "
    "Republic of Kazakhstan in 2012."
)
FIRST_SOURCE_QUOTE = (
    "In 2011, the Committee was transformed into the Agency for Religious Affairs of the "
    "Republic of Kazakhstan."
)
FACT = KZID.term("fact-test-institute-advised-the-agency")


def _workspace(
    tmp_path: Path,
    sources_dir: Path,
    *,
    quote: str = GOOD_QUOTE,
    cites: str = "kzid:test-report",
    with_text: bool = True,
) -> Workspace:
    """The shipped graph plus the second source, with a sources folder holding both texts."""
    graph = tmp_path / "graph"
    shutil.copytree(graph_dir(), graph)
    checksum = hashlib.sha256(SECOND_TEXT.encode("utf-8")).hexdigest()
    turtle = SECOND_GRAPH % {"sha256": checksum, "quote": quote, "cites": cites}
    (graph / "test-report.ttl").write_text(turtle, encoding="utf-8")
    sources = tmp_path / "sources"
    shutil.copytree(sources_dir, sources)
    if with_text:
        (sources / "test-report.txt").write_text(SECOND_TEXT, encoding="utf-8")
    return Workspace(ontology_dir(), graph, tmp_path / "store", sources)


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory: pytest.TempPathFactory, sources_dir: Path) -> CompiledStore:
    workspace = _workspace(tmp_path_factory.mktemp("two-sources"), sources_dir)
    report = build(workspace)
    assert report.quotes_checked and report.quotes_checked > 800
    return report.store


def test_a_second_source_builds_beside_the_first(two_sources: CompiledStore) -> None:
    store = two_sources.open_oxigraph()
    fact = ox.NamedNode(FACT)
    assert list(store.quads_for_pattern(fact, ox.NamedNode(KZ.quote), None))


def test_the_trig_export_puts_each_sources_facts_in_its_own_named_graph(
    two_sources: CompiledStore,
) -> None:
    quads = list(ox.parse(export(two_sources, "trig"), format=ox.RdfFormat.TRIG))
    second = ox.NamedNode(source_graph(KZID.term("test-report")))
    first = ox.NamedNode(source_graph(KZID.term("trofimov-radicalization-of-islam-in-kazakhstan")))
    subjects = {
        graph: {q.subject for q in quads if q.graph_name == graph} for graph in (first, second)
    }
    assert ox.NamedNode(FACT) in subjects[second] and ox.NamedNode(FACT) not in subjects[first]
    agency_fact = ox.NamedNode(KZID.term("fact-succession-2011-committee-to-agency"))
    assert agency_fact in subjects[first] and agency_fact not in subjects[second]


def test_the_sources_command_lists_both_with_their_status_and_facts(
    tmp_path: Path, sources_dir: Path
) -> None:
    workspace = _workspace(tmp_path, sources_dir)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kazkg.cli.main",
            *("--graph-dir", str(workspace.graph), "--store", str(workspace.store)),
            *("--sources", str(workspace.sources), "sources", "--format", "json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = {row["identifier"]: row for row in json.loads(result.stdout)}
    assert set(listed) == {"trofimov-radicalization-of-islam-in-kazakhstan.txt", "test-report.txt"}
    assert all(row["status"] == "ok" for row in listed.values())
    assert listed["test-report.txt"]["facts"] == 1
    assert listed["trofimov-radicalization-of-islam-in-kazakhstan.txt"]["facts"] > 300


def test_a_quote_placed_under_the_wrong_source_fails_naming_the_fact(
    tmp_path: Path, sources_dir: Path
) -> None:
    # verbatim in the first source, but the fact says it comes from the second
    workspace = _workspace(tmp_path, sources_dir, quote=FIRST_SOURCE_QUOTE)
    with pytest.raises(ValidationError) as raised:
        build(workspace)
    (violation,) = raised.value.violations
    assert violation.focus == FACT and "not verbatim in" in violation.message
    assert KZID.term("test-report") in violation.message


def test_a_fact_citing_an_undeclared_document_fails_naming_the_fact(
    tmp_path: Path, sources_dir: Path
) -> None:
    workspace = _workspace(tmp_path, sources_dir, cites="kzid:no-such-report")
    with pytest.raises(ValidationError) as raised:
        build(workspace)
    about_fact = [v.message for v in raised.value.violations if v.focus == FACT]
    assert any("not a declared kz:SourceDocument" in message for message in about_fact)


def test_a_declared_source_whose_text_is_missing_fails_the_build(
    tmp_path: Path, sources_dir: Path
) -> None:
    workspace = _workspace(tmp_path, sources_dir, with_text=False)
    with pytest.raises(ValidationError) as raised:
        build(workspace)
    messages = {v.focus: v.message for v in raised.value.violations}
    assert "'test-report.txt' is not in the sources folder" in messages[KZID.term("test-report")]
