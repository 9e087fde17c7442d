"""The graph projected to entities and relations: the shape views, paths and GraphML share.

Relations are not listed by hand: they are read from the ontology.  Each two-link property
chain ``P = (inverse of subject-role, object-role)`` declares a kind of fact and its shortcut
``P``; each ``kz:Assertion`` states its predicate; events and statistics link directly through
the properties whose domain is ``kz:Event`` or ``kz:Statistic``.  Every edge keeps the fact it
comes from and that fact's quote.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kazkg.backends.base import Backend
from kazkg.vocab import KZ, OWL, RDF, RDFS, SKOS


@dataclass(frozen=True)
class Node:
    """An entity: IRI, English label, most specific ``kz:`` class, aliases and dates."""

    iri: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Edge:
    """A relation between two entities, with the fact and quote that support it."""

    source: str
    target: str
    relation: str
    relation_label: str
    fact: str
    quote: str
    date: str | None = None
    end: str | None = None
    """When the relation ended (``kz:endDate`` of its fact), if the graph says."""


@dataclass
class Network:
    """Entities and relations of the graph."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def to_networkx(self) -> object:
        """A ``networkx.MultiDiGraph`` with node and edge attributes (strings only, GraphML-safe)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for node in self.nodes.values():
            graph.add_node(
                node.iri,
                label=node.label,
                kind=node.kind,
                aliases="; ".join(node.aliases),
                start=node.start or "",
                end=node.end or "",
            )
        for edge in self.edges:
            graph.add_edge(
                edge.source,
                edge.target,
                key=edge.fact + "|" + edge.relation,
                relation=edge.relation,
                label=edge.relation_label,
                fact=edge.fact,
                quote=edge.quote,
                date=edge.date or "",
            )
        return graph


def _v(term: object) -> str:
    return "" if term is None else str(term)


def relation_kinds(backend: Backend) -> list[tuple[str, str, str]]:
    """``(subject role, object role, shortcut)`` for every fact kind the ontology declares."""
    table = backend.select(
        f"""SELECT DISTINCT ?subjectRole ?objectRole ?shortcut WHERE {{
            ?shortcut <{OWL}propertyChainAxiom> ?list .
            ?list <{RDF}first> ?inverse ; <{RDF}rest> ?rest .
            ?rest <{RDF}first> ?objectRole ; <{RDF}rest> <{RDF}nil> .
            {{ ?inverse <{OWL}inverseOf> ?subjectRole }} UNION {{ ?subjectRole <{OWL}inverseOf> ?inverse }}
            ?shortcut a <{OWL}ObjectProperty> .
            FILTER(STRSTARTS(STR(?shortcut), "{KZ.NS}"))
        }} ORDER BY ?shortcut"""
    )
    return [(_v(a), _v(b), _v(c)) for a, b, c in table.rows]


def load_network(backend: Backend) -> Network:
    """Project the whole graph held by ``backend``."""
    network = Network()
    nodes = backend.select(
        f"""SELECT ?e ?label ?type ?alt ?start ?end WHERE {{
            ?e a <{KZ.Entity}> ; <{RDFS}label> ?label .
            FILTER(LANG(?label) = "en")
            OPTIONAL {{ ?e a ?type . FILTER(STRSTARTS(STR(?type), "{KZ.NS}"))
                       FILTER NOT EXISTS {{ ?e a ?sub . ?sub <{RDFS}subClassOf> ?type . FILTER(?sub != ?type) }} }}
            OPTIONAL {{ ?e <{SKOS}altLabel> ?alt }}
            OPTIONAL {{ ?e <{KZ.NS}foundingDate> ?start }}
            OPTIONAL {{ ?e <{KZ.NS}dissolutionDate> ?end }}
        }}"""
    )
    aliases: dict[str, set[str]] = defaultdict(set)
    base: dict[str, tuple[str, str, str | None, str | None]] = {}
    for row in nodes.rows:
        iri, label, kind, alt, start, end = (_v(term) for term in row)
        previous = base.get(iri)
        kind_name = (KZ.NS.local(kind) or "Entity") if kind else "Entity"
        if previous is None or (previous[1] == "Entity" and kind):
            base[iri] = (label, kind_name, start or None, end or None)
        if alt:
            aliases[iri].add(alt)
    for iri, (label, kind_name, founded, dissolved) in base.items():
        network.nodes[iri] = Node(
            iri, label, kind_name, tuple(sorted(aliases[iri])), founded, dissolved
        )

    labels = {
        _v(p): _v(label)
        for p, label in backend.select(
            f"""SELECT ?p ?label WHERE {{ ?p a <{OWL}ObjectProperty> ; <{RDFS}label> ?label .
                FILTER(STRSTARTS(STR(?p), "{KZ.NS}")) }}"""
        ).rows
    }
    values = " ".join(f"(<{s}> <{o}> <{p}>)" for s, o, p in relation_kinds(backend))
    rows = backend.select(
        f"""SELECT ?fact ?s ?o ?p (MIN(?q) AS ?quote) (MIN(?d) AS ?date)
                  (MAX(?e) AS ?end) WHERE {{
            {{ VALUES (?sr ?or ?p) {{ {values} }} ?fact ?sr ?s ; ?or ?o . }}
            UNION
            {{ ?fact a <{KZ.Assertion}> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o . }}
            UNION
            {{ ?p <{RDFS}domain> ?d0 . VALUES ?d0 {{ <{KZ.Event}> <{KZ.Statistic}> }}
               ?fact ?p ?o . BIND(?fact AS ?s) }}
            ?fact <{KZ.quote}> ?quote0 . BIND(STR(?quote0) AS ?q)
            OPTIONAL {{ ?fact <{KZ.date}>|<{KZ.startDate}> ?date0 . BIND(STR(?date0) AS ?d) }}
            OPTIONAL {{ ?fact <{KZ.endDate}> ?end0 . BIND(STR(?end0) AS ?e) }}
        }} GROUP BY ?fact ?s ?o ?p"""
    )
    for row in rows.rows:
        fact, source, target, relation, quote, date, end = (_v(term) for term in row)
        if source in network.nodes and target in network.nodes:
            network.edges.append(
                Edge(
                    source,
                    target,
                    relation,
                    labels.get(relation, KZ.NS.local(relation) or relation),
                    fact,
                    quote,
                    date or None,
                    end or None,
                )
            )
    network.edges.sort(key=lambda e: (e.source, e.relation, e.target, e.fact))
    return network
