"""The Python vocabulary names only terms the ontology declares, each labelled and defined."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kazkg.build.load import load_turtle
from kazkg.resources import Workspace
from kazkg.vocab import KZ, OWL, RDF, RDFS, SKOS


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    load_turtle(store, Workspace.default().ontology_files())
    return store


def declared(store: ox.Store, iri: str) -> bool:
    return any(store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDF + "type"), None))


def test_every_term_in_kazkg_vocab_is_declared_in_the_ontology(ontology: ox.Store) -> None:
    terms = [
        value for name, value in vars(type(KZ)).items() if not name.startswith("_") and name != "NS"
    ]
    assert len(terms) > 40
    undeclared = [t for t in terms if not declared(ontology, t)]
    assert undeclared == []


def test_every_class_and_property_has_a_label_and_a_definition(ontology: ox.Store) -> None:
    kinds = [OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", KZ.AssertableProperty]
    terms = {
        q.subject.value
        for kind in kinds
        for q in ontology.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(kind))
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(KZ.NS)
    }
    assert len(terms) > 100
    for term in sorted(terms):
        node = ox.NamedNode(term)
        assert any(ontology.quads_for_pattern(node, ox.NamedNode(RDFS + "label"), None)), term
        assert any(ontology.quads_for_pattern(node, ox.NamedNode(SKOS + "definition"), None)), term


def test_the_ontology_maps_its_shortcuts_to_wikidata(ontology: ox.Store) -> None:
    expected = {
        "precededBy": "P1365",
        "succeededBy": "P1366",
        "foundingDate": "P571",
        "dissolutionDate": "P576",
        "subOrganizationOf": "P749",
        "memberOf": "P463",
    }
    for local, pid in expected.items():
        quad = ox.Quad(
            ox.NamedNode(KZ.NS + local),
            ox.NamedNode(RDFS + "subPropertyOf"),
            ox.NamedNode("http://www.wikidata.org/prop/direct/" + pid),
        )
        assert quad in ontology, local
