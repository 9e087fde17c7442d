"""The ontology's terms and the standard namespaces, as plain IRI strings.

Kept free of rdflib so that the fast query path (open a compiled store, trace, query) does not
pay rdflib's import time.  ``tests/test_vocab.py`` checks that every term named here is declared
in ``ontology/kazkg.ttl``, so a typo is caught instead of silently minting a new IRI.

>>> KZ.Succession
'https://w3id.org/kazkg/ontology#Succession'
>>> KZID.term("agency-for-religious-affairs")
'https://w3id.org/kazkg/id/agency-for-religious-affairs'
"""

from __future__ import annotations

from typing import Final


class Namespace(str):
    """An IRI prefix; ``ns.term(local)`` and ``ns + local`` give full IRIs."""

    __slots__ = ()

    def term(self, local: str) -> str:
        """Return the IRI of ``local`` in this namespace."""
        return f"{self}{local}"

    def local(self, iri: str) -> str | None:
        """Return the local part of ``iri`` if it lies in this namespace, else ``None``."""
        return iri[len(self) :] if iri.startswith(self) else None


RDF: Final = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS: Final = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL: Final = Namespace("http://www.w3.org/2002/07/owl#")
XSD: Final = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS: Final = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS: Final = Namespace("http://purl.org/dc/terms/")
ORG: Final = Namespace("http://www.w3.org/ns/org#")
PROV: Final = Namespace("http://www.w3.org/ns/prov#")
ELI: Final = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA: Final = Namespace("https://schema.org/")
FOAF: Final = Namespace("http://xmlns.com/foaf/0.1/")
WDT: Final = Namespace("http://www.wikidata.org/prop/direct/")
SH: Final = Namespace("http://www.w3.org/ns/shacl#")

KZID: Final = Namespace("https://w3id.org/kazkg/id/")
"""Where the graph's entities and facts live."""

ONTOLOGY_IRI: Final = "https://w3id.org/kazkg/ontology"

GRAPH_IRI: Final = "https://w3id.org/kazkg/graph"
"""The named graph ``kazkg push`` puts the whole graph in; the TriG export names one graph per
source document below it."""

PREFIXES: Final[dict[str, str]] = {
    "kz": "https://w3id.org/kazkg/ontology#",
    "kzid": str(KZID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "eli": str(ELI),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "wdt": str(WDT),
}
"""Prefixes declared for every query and every serialisation."""


class _KZ:
    """Terms of the kazkg ontology (``kz:``) used by the code."""

    NS: Final = Namespace("https://w3id.org/kazkg/ontology#")

    # classes
    Entity: Final = NS + "Entity"
    Fact: Final = NS + "Fact"
    SourceDocument: Final = NS + "SourceDocument"
    Concept: Final = NS + "Concept"
    Organization: Final = NS + "Organization"
    StateBody: Final = NS + "StateBody"
    Ministry: Final = NS + "Ministry"
    Court: Final = NS + "Court"
    RegionalUnit: Final = NS + "RegionalUnit"
    ExtremistOrganization: Final = NS + "ExtremistOrganization"
    BannedOrganization: Final = NS + "BannedOrganization"
    InternationalOrganization: Final = NS + "InternationalOrganization"
    Person: Final = NS + "Person"
    Place: Final = NS + "Place"
    State: Final = NS + "State"
    NormativeAct: Final = NS + "NormativeAct"
    Law: Final = NS + "Law"
    CodeArticle: Final = NS + "CodeArticle"
    InternationalInstrument: Final = NS + "InternationalInstrument"
    Event: Final = NS + "Event"
    Statistic: Final = NS + "Statistic"
    Succession: Final = NS + "Succession"
    Subordination: Final = NS + "Subordination"
    Membership: Final = NS + "Membership"
    Establishment: Final = NS + "Establishment"
    Abolition: Final = NS + "Abolition"
    Ban: Final = NS + "Ban"
    Adoption: Final = NS + "Adoption"
    Amendment: Final = NS + "Amendment"
    Replacement: Final = NS + "Replacement"
    ArticleRenumbering: Final = NS + "ArticleRenumbering"
    PartyStatus: Final = NS + "PartyStatus"
    Responsibility: Final = NS + "Responsibility"
    Assertion: Final = NS + "Assertion"
    AssertableProperty: Final = NS + "AssertableProperty"
    PolicyArea: Final = NS + "PolicyArea"

    # properties
    quote: Final = NS + "quote"
    sha256: Final = NS + "sha256"
    date: Final = NS + "date"
    startDate: Final = NS + "startDate"
    endDate: Final = NS + "endDate"
    occasion: Final = NS + "occasion"
    changeKind: Final = NS + "changeKind"
    succeededBy: Final = NS + "succeededBy"
    precededBy: Final = NS + "precededBy"
    subordinate: Final = NS + "subordinate"
    superior: Final = NS + "superior"
    subOrganizationOf: Final = NS + "subOrganizationOf"
    responsibleAgent: Final = NS + "responsibleAgent"
    area: Final = NS + "area"
    responsibleFor: Final = NS + "responsibleFor"
    memberOf: Final = NS + "memberOf"
    factClass: Final = NS + "factClass"
    existedFrom: Final = NS + "existedFrom"
    existedUntil: Final = NS + "existedUntil"
    heldFunctionFrom: Final = NS + "heldFunctionFrom"
    heldFunctionUntil: Final = NS + "heldFunctionUntil"
    heldFrom: Final = NS + "heldFrom"
    heldUntil: Final = NS + "heldUntil"
    notAfter: Final = NS + "notAfter"
    displayColor: Final = NS + "displayColor"
    displayShape: Final = NS + "displayShape"
    displayOrder: Final = NS + "displayOrder"
    legendLabel: Final = NS + "legendLabel"

    # controlled terms
    ReligiousAffairs: Final = NS + "ReligiousAffairs"
    Transformation: Final = NS + "Transformation"
    TransferOfFunctions: Final = NS + "TransferOfFunctions"
    Reorganisation: Final = NS + "Reorganisation"


KZ: Final = _KZ()
