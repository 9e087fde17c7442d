"""The schema model and the terms the code and the queries use: every one is declared in the
ontology, labelled and defined; nothing in Python writes an ontology IRI by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kazkg.build.load import load_turtle
from kazkg.query.sparql import mask
from kazkg.resources import Workspace
from kazkg.schema import default_schema
from kazkg.vocab import KZ, ORG, OWL, RDF, RDFS, SKOS


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


def _queries() -> list[tuple[str, str]]:
    from kazkg.query import internal
    from kazkg.query import named as named_queries

    return [(q.path.name, q.text) for q in [*named_queries.catalogue(), *internal.all_queries()]]


@pytest.mark.parametrize(("name", "text"), _queries(), ids=[name for name, _ in _queries()])
def test_every_kz_term_a_query_uses_is_declared_in_the_ontology(
    ontology: ox.Store, name: str, text: str
) -> None:
    masked = mask(text)  # comments and strings blanked: only the query's own syntax counts
    used = set(re.findall(r"(?<![\w?$])kz:([A-Za-z][\w-]*)", masked))
    undeclared = sorted(t for t in used if not declared(ontology, KZ.NS + t))
    assert undeclared == [], f"{name} uses undeclared terms"


def test_the_schema_model_reads_relations_styles_and_inverse_names_from_the_ontology() -> None:
    model = default_schema()
    succession = model.relation(KZ.succeededBy)
    assert (succession.fact_class, succession.inverse) == (KZ.Succession, KZ.precededBy)
    assert succession.subject_role == ORG + "originalOrganization"
    assert {r.fact_class for r in model.relations} >= {KZ.Membership, KZ.Ban, KZ.Subordination}
    assert model.family(KZ.Ministry).cls == KZ.StateBody
    assert model.family(KZ.BannedOrganization).cls == KZ.BannedOrganization
    assert model.styles[-1].cls == KZ.Entity  # the fallback family
    assert [c.iri for c in model.match_classes("state-agency")] == [KZ.StateBody]


def test_python_code_writes_no_ontology_iris_by_hand() -> None:
    package = Path(__file__).resolve().parents[1] / "kazkg"
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "vocab.py"
        and re.search(r"KZ\.NS\s*\+\s*[\"']|<\{KZ\.NS\}", path.read_text())
    ]
    assert offenders == []
