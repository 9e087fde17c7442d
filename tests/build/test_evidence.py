"""Every fact in the graph carries evidence, and every quote is verbatim in the source."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kazkg.build import BuildReport, evidence
from kazkg.build.load import load_turtle
from kazkg.resources import Workspace
from kazkg.vocab import KZ, KZID, PROV, RDF


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


def test_every_quote_is_verbatim_in_the_source_it_cites(
    build_report: BuildReport, workspace: Workspace
) -> None:
    closure = build_report.store.open_oxigraph()
    declared = evidence.sources(closure, workspace)
    violations, checked = evidence.check_quotes(closure, declared)
    assert violations == [] and checked > 800


def test_the_recorded_checksum_is_the_source_texts(
    build_report: BuildReport, workspace: Workspace, source_path: Path
) -> None:
    declared = evidence.sources(build_report.store.open_oxigraph(), workspace)
    assert [(s.identifier, s.status) for s in declared] == [(source_path.name, "ok")]
    assert evidence.check_sources(declared, folder_given=True) == []


def test_every_link_between_entities_comes_from_a_quoted_fact(
    asserted: ox.Store, build_report: BuildReport
) -> None:
    closure = build_report.store.open_oxigraph()
    links = evidence.asserted_links(asserted)
    assert len(links) > 500
    assert evidence.check_relations_have_evidence(links, closure) == []


def _source(store: ox.Store, text: str) -> evidence.Source:
    """A source document declared in ``store`` whose text is ``text``."""

    class Text(evidence.Source):
        @property
        def text(self) -> str | None:
            return text

    return Text(KZID.term("doc"), "doc.txt", "Doc", evidence.sha256(text), 1)


def test_a_quote_that_is_not_in_the_source_it_cites_is_reported() -> None:
    store = ox.Store()
    node = ox.NamedNode(KZID.term("fact-x"))
    doc = ox.NamedNode(KZID.term("doc"))
    store.add(ox.Quad(doc, ox.NamedNode(RDF + "type"), ox.NamedNode(KZ.SourceDocument)))
    store.add(ox.Quad(node, ox.NamedNode(KZ.quote), ox.Literal("words the source never said")))
    store.add(ox.Quad(node, ox.NamedNode(KZ.quote), ox.Literal("with other words.")))
    store.add(ox.Quad(node, ox.NamedNode(PROV + "wasDerivedFrom"), doc))
    violations, checked = evidence.check_quotes(
        store, [_source(store, "A text.\nA text with other words.")]
    )
    assert checked == 2
    assert [(v.focus, v.path) for v in violations] == [(node.value, KZ.quote)]
    assert "not verbatim" in violations[0].message and "never said" in violations[0].message


def test_a_link_without_a_quoted_fact_is_reported() -> None:
    a, b = KZID.term("a"), KZID.term("b")
    violations = evidence.check_relations_have_evidence([(a, KZ.succeededBy, b)], ox.Store())
    assert len(violations) == 1
    assert violations[0].focus == a and b in violations[0].message
