"""Reasoning: queries phrased in the standard vocabularies, through inverse, transitive and
chained properties, answer on the compiled store, as an OWL-RL reasoner would have them."""

from __future__ import annotations

import itertools

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.vocab import KZID, PREFIXES
from tests.samples import RELIGIOUS_AFFAIRS_LINE

HEADER = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())

CHAIN = RELIGIOUS_AFFAIRS_LINE


def values(backend: OxigraphBackend, query: str) -> list[tuple[str | None, ...]]:
    table = backend.select(HEADER + query)
    return [tuple(t.value if t else None for t in row) for row in table.rows]


def test_plain_w3c_org_query_returns_the_religious_affairs_chain_in_order(
    oxigraph_backend: OxigraphBackend,
) -> None:
    rows = values(
        oxigraph_backend,
        """SELECT ?a ?b ?date WHERE {
               ?e a org:ChangeEvent ; org:originalOrganization ?a ; org:resultingOrganization ?b .
               OPTIONAL { ?e dcterms:date ?date }
           } ORDER BY STR(?date)""",
    )
    links = [(a, b) for a, b, _ in rows]
    chain_links = [link for link in links if link[0] in CHAIN and link[1] in CHAIN]
    assert chain_links == list(itertools.pairwise(CHAIN))


def test_succession_shortcuts_and_their_inverses_are_derived(
    oxigraph_backend: OxigraphBackend,
) -> None:
    for earlier, later in itertools.pairwise(CHAIN):
        assert oxigraph_backend.ask(f"{HEADER} ASK {{ <{earlier}> kz:succeededBy <{later}> }}")
        assert oxigraph_backend.ask(f"{HEADER} ASK {{ <{later}> kz:precededBy <{earlier}> }}")
        assert oxigraph_backend.ask(f"{HEADER} ASK {{ <{earlier}> wdt:P1366 <{later}> }}")
        assert oxigraph_backend.ask(f"{HEADER} ASK {{ <{later}> wdt:P1365 <{earlier}> }}")


def test_the_transitive_succession_reaches_the_end_of_the_chain(
    oxigraph_backend: OxigraphBackend,
) -> None:
    later = values(
        oxigraph_backend, f"SELECT ?x WHERE {{ <{CHAIN[0]}> kz:succeededByTransitive ?x }}"
    )
    assert set(CHAIN[1:]) <= {x for (x,) in later}


def test_sub_organisation_is_answered_in_org_and_wikidata_terms(
    oxigraph_backend: OxigraphBackend,
) -> None:
    committee, justice = CHAIN[2], KZID + "ministry-of-justice"
    for predicate in (
        "kz:subOrganizationOf",
        "org:subOrganizationOf",
        "wdt:P749",
        "org:transitiveSubOrganizationOf",
    ):
        assert oxigraph_backend.ask(f"{HEADER} ASK {{ <{committee}> {predicate} <{justice}> }}"), (
            predicate
        )
    assert oxigraph_backend.ask(
        f"{HEADER} ASK {{ <{justice}> org:hasSubOrganization <{committee}> }}"
    )


def test_membership_is_answered_in_org_and_wikidata_terms(
    oxigraph_backend: OxigraphBackend,
) -> None:
    kazakhstan, sco = KZID + "kazakhstan", KZID + "shanghai-cooperation-organization"
    for query in (
        f"ASK {{ <{kazakhstan}> org:memberOf <{sco}> }}",
        f"ASK {{ <{kazakhstan}> wdt:P463 <{sco}> }}",
        f"ASK {{ ?m a org:Membership ; org:member <{kazakhstan}> ; org:organization <{sco}> }}",
        f"ASK {{ <{sco}> org:hasMember <{kazakhstan}> }}",
    ):
        assert oxigraph_backend.ask(HEADER + query), query


def test_classes_are_answered_in_standard_vocabularies(oxigraph_backend: OxigraphBackend) -> None:
    for query in (
        f"ASK {{ <{CHAIN[3]}> a org:Organization , org:FormalOrganization , schema:GovernmentOrganization }}",
        f"ASK {{ <{KZID}criminal-code-2014> a eli:LegalResource , schema:Legislation }}",
        "ASK { ?b a kz:BannedOrganization ; kz:bannedBy ?court . ?court a kz:Court }",
        "ASK { ?q prov:value ?quote . ?f prov:wasDerivedFrom ?doc . ?doc a prov:Entity }",
    ):
        assert oxigraph_backend.ask(HEADER + query), query


def test_reified_assertions_yield_the_triple_they_state(oxigraph_backend: OxigraphBackend) -> None:
    missing = values(
        oxigraph_backend,
        """SELECT ?st WHERE { ?st a kz:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                              FILTER NOT EXISTS { ?s ?p ?o } }""",
    )
    assert missing == []


@pytest.mark.slow
def test_the_closure_holds_everything_owlrl_derives_about_the_data(compiled: CompiledStore) -> None:
    """owlrl's full OWL-RL closure is the reference: every triple it derives about the graph's
    entities and facts, in the vocabularies the ontology names, is in the compiled store."""
    import owlrl
    import rdflib

    from kazkg.resources import Workspace

    workspace = Workspace.default()
    asserted = rdflib.Graph()
    for path in [*workspace.ontology_files(), *workspace.graph_files()]:
        asserted.parse(path, format="turtle")
    reference = rdflib.Graph()
    for triple in asserted:
        reference.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reference)
    ours = rdflib.Graph().parse(compiled.ntriples, format="nt")

    def interesting(s: object, p: object, o: object) -> bool:
        return (
            isinstance(s, rdflib.URIRef)
            and str(s).startswith(KZID)
            and isinstance(o, rdflib.URIRef)
            and str(p) != str(rdflib.OWL.sameAs)
            and str(o)
            not in (
                str(rdflib.OWL.Thing),
                str(rdflib.RDFS.Resource),
                str(rdflib.OWL.NamedIndividual),
            )
        )

    missing = {t for t in reference if interesting(*t) and t not in ours}
    assert not missing, sorted(missing)[:10]
