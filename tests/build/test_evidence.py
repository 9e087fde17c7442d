"""Every fact in the graph carries evidence, and every quote is verbatim in the source."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kazkg.build import BuildReport, evidence
from kazkg.build.load import load_turtle
from kazkg.resources import Workspace
from kazkg.vocab import KZ


@pytest.fixture(scope="module")
def asserted(workspace: Workspace) -> ox.Store:
    """What the graph files state, without the ontology or inferences."""
    store = ox.Store()
    load_turtle(store, workspace.graph_files())
    return store


def test_the_graph_has_one_file_per_domain(workspace: Workspace) -> None:
    names = {path.stem for path in workspace.graph_files()}
    assert {
        "agencies",
        "legislation",
        "organisations",
        "international",
        "events",
        "sources",
    } <= names


def test_every_quote_is_verbatim_in_the_source(asserted: ox.Store, source_path: Path) -> None:
    text = evidence.read_source(source_path)
    quotes = list(asserted.quads_for_pattern(None, ox.NamedNode(KZ.quote), None))
    assert len(quotes) > 300
    assert evidence.check_quotes(asserted, text) == []


def test_the_recorded_checksum_is_the_source_texts(asserted: ox.Store, source_path: Path) -> None:
    texts = {source_path.name: evidence.read_source(source_path)}
    assert evidence.source_identifiers(asserted) == [source_path.name]
    assert evidence.check_checksums(asserted, texts) == []


def test_every_link_between_entities_comes_from_a_quoted_fact(
    asserted: ox.Store, build_report: BuildReport
) -> None:
    closure = build_report.store.open_oxigraph()
    assert evidence.check_relations_have_evidence(asserted, closure) == []


def test_a_quote_that_is_not_in_the_source_is_reported() -> None:
    store = ox.Store()
    node = ox.NamedNode("https://w3id.org/kazkg/id/fact-x")
    store.add(ox.Quad(node, ox.NamedNode(KZ.quote), ox.Literal("words the source never said")))
    violations = evidence.check_quotes(store, "a text with other words")
    assert [(v.focus, v.path) for v in violations] == [(node.value, KZ.quote)]
    assert "not verbatim" in violations[0].message


def test_a_link_without_a_quoted_fact_is_reported() -> None:
    asserted = ox.Store()
    a = ox.NamedNode("https://w3id.org/kazkg/id/a")
    b = ox.NamedNode("https://w3id.org/kazkg/id/b")
    asserted.add(ox.Quad(a, ox.NamedNode(KZ.succeededBy), b))
    violations = evidence.check_relations_have_evidence(asserted, ox.Store())
    assert len(violations) == 1
    assert violations[0].focus == a.value and b.value in violations[0].message
