"""The SHACL validator that runs on the store, checked against pySHACL as the reference.

Both must report the same violations (focus node, path, message) on the shipped graph, on small
graphs that break each kind of constraint, and on a generated graph broken on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.generate import generate
from kazkg.build.load import load_turtle
from kazkg.build.reason import RuleSet, materialise
from kazkg.build.validate import ShapesError, as_violation, violations
from kazkg.errors import Violation
from kazkg.resources import Workspace, ontology_dir
from kazkg.schema import default_schema
from kazkg.vocab import KZ, KZID, ORG, RDF, RDFS, SH

SHAPES = ontology_dir() / "shapes.ttl"

PREFIXES = """@prefix kz: <https://w3id.org/kazkg/ontology#> .
@prefix kzid: <https://w3id.org/kazkg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""

VALID = (
    PREFIXES
    + """
kzid:doc a kz:SourceDocument ; rdfs:label "Doc"@en ; kz:quote "alpha" ;
    kz:sha256 "0000000000000000000000000000000000000000000000000000000000000000" .
kzid:a a kz:StateBody ; rdfs:label "Body A"@en ; kz:quote "alpha" .
kzid:b a kz:StateBody ; rdfs:label "Body B"@en ; kz:quote "beta" .
kzid:fact-a-to-b a kz:Succession ; org:originalOrganization kzid:a ; org:resultingOrganization kzid:b ;
    kz:date "2011"^^xsd:gYear ; kz:quote "alpha became beta" ; prov:wasDerivedFrom kzid:doc .
kzid:sub a kz:Subordination ; kz:subordinate kzid:a ; kz:superior kzid:b ; kz:quote "a under b" ;
    prov:wasDerivedFrom kzid:doc ; kz:startDate "2011-05"^^xsd:gYearMonth .
kzid:stat a kz:Statistic ; rdfs:label "A count"@en ; kz:quote "12 of them" ; kz:value 12 ;
    kz:unit "people" ; kz:statisticSubject kzid:a ; prov:wasDerivedFrom kzid:doc ;
    kz:date "2012-03-04"^^xsd:date .
"""
)

BROKEN = {
    # the violating graphs of tests/test_build.py
    "untyped date": VALID.replace('kz:date "2011"^^xsd:gYear', 'kz:date "in 2011"'),
    "no resulting organisation": VALID.replace("org:resultingOrganization kzid:b ;", ""),
    "dangling reference, undeclared property": VALID.replace(
        "org:resultingOrganization kzid:b", "org:resultingOrganization kzid:nowhere ; kz:dat 1"
    ),
    # one per kind of constraint, default messages included
    "label in another language": VALID.replace('"Body A"@en', '"Body A"@ru'),
    "no label, no quote": VALID + "kzid:c a kz:StateBody .",
    "quote with a language tag": VALID.replace('kz:quote "beta"', 'kz:quote "beta"@en'),
    "labelled but untyped": VALID + 'kzid:u rdfs:label "U"@en .',
    "undeclared class": VALID + 'kzid:w a kz:Nonexistent ; rdfs:label "W"@en ; kz:quote "w" .',
    "fact without evidence": VALID.replace(
        'kz:quote "alpha became beta" ; prov:wasDerivedFrom kzid:doc', "kz:occasion kzid:a"
    ),
    "derived from a non-document": VALID.replace(
        'kz:quote "a under b" ;\n    prov:wasDerivedFrom kzid:doc',
        'kz:quote "a under b" ;\n    prov:wasDerivedFrom kzid:a',
    ),
    "two dates": VALID.replace('"2011"^^xsd:gYear', '"2011"^^xsd:gYear , "2012"^^xsd:gYear'),
    "impossible day": VALID.replace('"2012-03-04"^^xsd:date', '"2012-02-30"^^xsd:date'),
    "unparsable date": VALID.replace('"2012-03-04"^^xsd:date', '"soon"^^xsd:date'),
    "birth year as integer": VALID.replace(
        'kz:quote "beta" .', 'kz:quote "beta" ; kz:birthYear 1990 .'
    ),
    "succession without date or occasion": VALID.replace('kz:date "2011"^^xsd:gYear ;', ""),
    "two subordinates, no superior": VALID.replace("kz:superior kzid:b", "kz:subordinate kzid:b"),
    "statistic value as text": VALID.replace("kz:value 12", 'kz:value "12"'),
    "statistic value as double": VALID.replace("kz:value 12", "kz:value 1.2e1"),
    "integer with a fraction": VALID.replace("kz:value 12", 'kz:value "12.5"^^xsd:integer'),
    "checksum not hex": VALID.replace(
        '"0000000000000000000000000000000000000000000000000000000000000000"', '"z"'
    ),
    "membership of an untyped node": VALID
    + """kzid:m a kz:Membership ; org:organization kzid:x ; kz:quote "m" ; prov:wasDerivedFrom kzid:doc .""",
    "assertion of a non-assertable property": VALID
    + """kzid:as a kz:Assertion ; rdf:subject kzid:a ; rdf:predicate kz:quote ; rdf:object kzid:b ;
        kz:quote "q" ; prov:wasDerivedFrom kzid:doc .""",
    "adoption without act or stage": VALID
    + """kzid:ad a kz:Adoption ; kz:quote "q" ; prov:wasDerivedFrom kzid:doc .""",
}


def reasoned(turtle: str, tmp_path: Path) -> ox.Store:
    """The ontology and ``turtle`` in a store, reasoned as the build reasons."""
    data = tmp_path / "data.ttl"
    data.write_text(turtle, encoding="utf-8")
    workspace = Workspace(ontology=ontology_dir(), graph=tmp_path, store=tmp_path / "store")
    store = ox.Store()
    load_turtle(store, [*workspace.ontology_files(), data])
    materialise(store, RuleSet.from_schema(default_schema()))
    return store


def pyshacl_violations(store: ox.Store, shapes: Path) -> list[Violation]:
    """The reference: pySHACL on an rdflib copy of the graph, its report read as the build reads it."""
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(
        data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt"
    )
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, rdflib.Graph)
    sh = rdflib.Namespace(SH)
    found = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        if report.value(result, sh.resultSeverity) != sh.Violation:
            continue
        path, message, value = (
            report.value(result, term) for term in (sh.resultPath, sh.resultMessage, sh.value)
        )
        found.append(
            as_violation(
                str(report.value(result, sh.focusNode)),
                None if path is None else str(path),
                None if message is None else str(message),
                None if value is None else str(value),
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))


def same_as_pyshacl(store: ox.Store, shapes: Path = SHAPES) -> list[Violation]:
    """The violations found in ``store``, asserted equal to pySHACL's on the same graph."""
    found = violations(store, shapes)
    assert found == pyshacl_violations(store, shapes)
    return found


def test_the_shipped_graph_conforms_for_both(workspace: Workspace) -> None:
    store = ox.Store()
    load_turtle(store, [*workspace.ontology_files(), *workspace.graph_files()])
    materialise(store, RuleSet.from_schema(default_schema()))
    assert same_as_pyshacl(store) == []


def test_the_valid_fixture_conforms_for_both(tmp_path: Path) -> None:
    assert same_as_pyshacl(reasoned(VALID, tmp_path)) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_gives_the_same_violations(case: str, tmp_path: Path) -> None:
    found = same_as_pyshacl(reasoned(BROKEN[case], tmp_path))
    assert found, case


@pytest.mark.parametrize("year", ["20x1", "201", "2011-13", "2011-1"])
def test_an_ill_formed_year_or_month_is_a_violation_though_rdflib_does_not_check_it(
    year: str, tmp_path: Path
) -> None:
    datatype = "gYearMonth" if "-" in year else "gYear"
    broken = VALID.replace('"2011"^^xsd:gYear', f'"{year}"^^xsd:{datatype}')
    found = violations(reasoned(broken, tmp_path), ontology_dir() / "shapes.ttl")
    assert [(v.focus, v.path) for v in found] == [(KZID.term("fact-a-to-b"), KZ.date)]


def test_every_broken_graph_at_once(tmp_path: Path) -> None:
    everything = VALID + "\n".join(
        text[len(VALID) :] for text in BROKEN.values() if text.startswith(VALID)
    )
    found = same_as_pyshacl(reasoned(everything, tmp_path))
    messages = {v.message for v in found}
    assert f"Less than 1 values on <{KZID}ad>->kz:stage" in messages
    assert any(m.startswith("Value does not have class kz:Organization") for m in messages)


def test_a_generated_graph_broken_on_purpose(tmp_path: Path) -> None:
    graph = generate(tmp_path / "graph", entities=100, seed=5)
    workspace = graph.workspace(tmp_path / "store")
    store = ox.Store()
    load_turtle(store, [*workspace.ontology_files(), *workspace.graph_files()])
    materialise(store, RuleSet.from_schema(default_schema()))
    assert same_as_pyshacl(store) == []
    entity, fact = _first(store, KZ.Entity), _first(store, KZ.Succession)
    store.update(f"""
        DELETE WHERE {{ <{entity}> <{RDFS}label> ?label }} ;
        INSERT DATA {{
            <{fact}> <{KZ.date}> "soon" ; <{ORG}resultingOrganization> <{KZID}nowhere> ;
                <{KZ.NS}bogus> 1 .
        }}""")
    found = same_as_pyshacl(store)
    assert {(v.focus, v.path) for v in found} >= {
        (entity, RDFS + "label"),
        (fact, KZ.date),
        (fact, ORG + "resultingOrganization"),
        (fact, KZ.NS + "bogus"),
    }


def _first(store: ox.Store, cls: str) -> str:
    solutions = store.query(f"SELECT ?x WHERE {{ ?x <{RDF}type> <{cls}> }} ORDER BY ?x LIMIT 1")
    assert isinstance(solutions, ox.QuerySolutions)
    (row,) = list(solutions)
    assert isinstance(row[0], ox.NamedNode)
    return row[0].value


# --- shapes beyond the shipped ones: other targets, severities, an unreasoned graph -----------

OTHER_SHAPES = (
    PREFIXES
    + """
ex:ByObject a sh:NodeShape ; sh:targetObjectsOf ex:points ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:pattern "^n" ; sh:flags "i" ] .
ex:ByNode a sh:NodeShape ; sh:targetNode ex:x , ex:missing ;
    sh:property [ sh:path ex:name ; sh:maxCount 0 ] .
ex:Warned a sh:NodeShape ; sh:targetClass ex:Thing ; sh:severity sh:Warning ;
    sh:property [ sh:path ex:name ; sh:minCount 5 ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ;
    sh:property [ sh:path ex:name ; sh:minCount 5 ] .
ex:Named a sh:NodeShape ; sh:targetSubjectsOf ex:name ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "{$this} is named {?value}" ;
        sh:select "SELECT $this ?value WHERE { $this ex:name ?value FILTER(STRSTARTS(?value, 'o')) }" ;
        sh:prefixes ex:prefixes ] ,
      [ a sh:SPARQLConstraint ; sh:deactivated true ; sh:select "SELECT $this WHERE { }" ] .
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:Thing a rdfs:Class , sh:NodeShape ;
    sh:property [ sh:path ex:kind ; sh:class ex:Kind , ex:Sort ] ,
      [ sh:path ex:label ; sh:languageIn ( "en" "kk" ) ; sh:minCount 2 ] ,
      [ sh:path ex:size ; sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] ) ;
        sh:or ( [ sh:datatype xsd:integer ] ) ] .
"""
)

OTHER_DATA = (
    PREFIXES
    + """
ex:Special rdfs:subClassOf ex:Thing .
ex:x a ex:Special ; ex:points ex:y , ex:z ; ex:name "Name" , "nom" ;
    ex:kind ex:k ; ex:label "X"@en-GB , "X"@ru ; ex:size 1.5 .
ex:k a ex:Kind .
ex:y ex:name "other" .
"""
)


def test_other_targets_severities_and_subclasses_match_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(OTHER_SHAPES, encoding="utf-8")
    store = ox.Store()
    store.load(
        OTHER_DATA.encode(), format=ox.RdfFormat.TURTLE
    )  # not reasoned: ex:x is only Special
    found = same_as_pyshacl(store, shapes)
    assert {v.focus for v in found} == {"http://example.org/" + n for n in ("x", "y", "z")}
    # the warned shape's property shape is of severity violation; the deactivated one is not run
    assert sum("Less than 5" in v.message for v in found) == 1
    assert "http://example.org/y is named other" in {v.message for v in found}


def test_an_unsupported_shacl_term_is_an_error_not_a_silent_pass(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:nodeKind sh:IRI .",
        encoding="utf-8",
    )
    with pytest.raises(ShapesError, match="nodeKind"):
        violations(ox.Store(), shapes)
