"""Weak evidence: a relational fact whose quotes name none of the entities it links is listed by
the build with a count; the shipped graph has none."""

from __future__ import annotations

import textwrap
from pathlib import Path

from kazkg.build import BuildReport, build, evidence
from kazkg.resources import Workspace, ontology_dir
from kazkg.vocab import KZID

GRAPH = textwrap.dedent(
    """\
    @prefix kz:   <https://w3id.org/kazkg/ontology#> .
    @prefix kzid: <https://w3id.org/kazkg/id/> .
    @prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .

    kzid:tablighi a kz:ExtremistOrganization ; rdfs:label "Tablighi Jamaat"@en .
    kzid:hizb a kz:ExtremistOrganization ; rdfs:label "Hizb ut-Tahrir"@en ;
        skos:altLabel "Hizb"@en .
    kzid:kazakhstan a kz:State ; rdfs:label "Republic of Kazakhstan"@en ;
        skos:altLabel "Kazakhstan"@en .

    # the quote speaks of another organisation and never names the country: weak
    kzid:fact-weak a kz:Assertion ;
        rdf:subject kzid:tablighi ; rdf:predicate kz:operatesIn ; rdf:object kzid:kazakhstan ;
        kz:quote "Moderate radicalism is manifested in functioning of Hizb." .

    # an alias in another case, with a hyphen for a space, is a mention
    kzid:fact-named-by-alias a kz:Assertion ;
        rdf:subject kzid:hizb ; rdf:predicate kz:operatesIn ; rdf:object kzid:kazakhstan ;
        kz:quote "HIZB-UT TAHRIR is active in the south." .

    # one end named is enough
    kzid:fact-one-end a kz:Assertion ;
        rdf:subject kzid:tablighi ; rdf:predicate kz:operatesIn ; rdf:object kzid:kazakhstan ;
        kz:quote "Missionaries travel across Kazakhstan." .
    """
)


def test_a_fact_whose_quotes_name_neither_end_is_weak(tmp_path: Path) -> None:
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "facts.ttl").write_text(GRAPH, encoding="utf-8")
    workspace = Workspace(ontology=ontology_dir(), graph=tmp_path / "graph", store=tmp_path / "s")
    report = build(workspace, validate=False)
    weak = evidence.weak_evidence(report.store.open_oxigraph())
    assert [w.fact for w in weak] == [KZID.term("fact-weak")]
    assert set(weak[0].ends) == {KZID.term("tablighi"), KZID.term("kazakhstan")}
    (warning,) = evidence.weak_evidence_warnings(report.store.open_oxigraph())
    assert warning.startswith("1 facts with weak evidence") and "fact-weak" in warning


def test_the_shipped_graph_has_no_weak_evidence(build_report: BuildReport) -> None:
    assert evidence.weak_evidence(build_report.store.open_oxigraph()) == []
    assert not any("weak evidence" in warning for warning in build_report.warnings)
