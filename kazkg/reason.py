"""Materialise the ontology's entailments in a store, so queries need no reasoner.

The rules are the part of OWL 2 RL the ontology uses, read from its axioms and run as SPARQL
updates inside pyoxigraph until nothing new is derived:

* ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` (and ``owl:equivalent*``), transitively;
* ``owl:inverseOf``, ``owl:SymmetricProperty``, ``owl:TransitiveProperty``;
* ``owl:propertyChainAxiom`` of two links (how fact nodes yield their direct shortcuts);
* ``rdfs:domain`` / ``rdfs:range`` of the ontology's own properties;
* reified ``kz:Assertion`` statements yield the triple they state.

The test suite checks the result against owlrl's full OWL-RL closure on the real graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kazkg.vocab import KZ, OWL, RDF, RDFS


def _iri(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


def _closure(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Transitive closure of a relation given as adjacency sets (excluding the node itself)."""
    result: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen and node != start:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        result[start] = seen
    return result


@dataclass
class RuleSet:
    """The rules one ontology implies, ready to run on a store."""

    superclasses: dict[str, set[str]] = field(default_factory=dict)
    superproperties: dict[str, set[str]] = field(default_factory=dict)
    inverses: set[tuple[str, str]] = field(default_factory=set)
    symmetric: set[str] = field(default_factory=set)
    transitive: set[str] = field(default_factory=set)
    chains: set[tuple[str, str, str]] = field(default_factory=set)
    domains: set[tuple[str, str]] = field(default_factory=set)
    ranges: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def from_store(cls, store: ox.Store, own_namespace: str = KZ.NS) -> RuleSet:
        """Read the axioms present in ``store`` (the ontology must be loaded in it)."""
        rules = cls()
        sub_class: dict[str, set[str]] = defaultdict(set)
        sub_prop: dict[str, set[str]] = defaultdict(set)

        def pairs(predicate: str) -> Iterable[tuple[str, str]]:
            for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
                s, o = _iri(quad.subject), _iri(quad.object)
                if s and o:
                    yield s, o

        for s, o in pairs(RDFS + "subClassOf"):
            sub_class[s].add(o)
        for s, o in pairs(OWL + "equivalentClass"):
            sub_class[s].add(o)
            sub_class[o].add(s)
        for s, o in pairs(RDFS + "subPropertyOf"):
            sub_prop[s].add(o)
        for s, o in pairs(OWL + "equivalentProperty"):
            sub_prop[s].add(o)
            sub_prop[o].add(s)
        for s, o in pairs(OWL + "inverseOf"):
            rules.inverses.add((s, o))
            rules.inverses.add((o, s))
        for s, o in pairs(RDF + "type"):
            if o == OWL + "SymmetricProperty":
                rules.symmetric.add(s)
            elif o == OWL + "TransitiveProperty":
                rules.transitive.add(s)
        for s, o in pairs(RDFS + "domain"):
            if s.startswith(own_namespace):
                rules.domains.add((s, o))
        for s, o in pairs(RDFS + "range"):
            if s.startswith(own_namespace):
                rules.ranges.add((s, o))
        rules.chains = set(_read_chains(store))
        rules.superclasses = {k: v for k, v in _closure(sub_class).items() if v}
        rules.superproperties = {k: v for k, v in _closure(sub_prop).items() if v}
        return rules

    def updates(self) -> list[str]:
        """The SPARQL updates that apply these rules once."""
        out: list[str] = []

        def values(rows: Iterable[tuple[str, ...]]) -> str:
            return " ".join("(" + " ".join(f"<{x}>" for x in row) + ")" for row in sorted(rows))

        class_pairs = [(c, d) for c, ds in self.superclasses.items() for d in ds]
        if class_pairs:
            out.append(
                f"INSERT {{ ?x a ?d }} WHERE {{ VALUES (?c ?d) {{ {values(class_pairs)} }} ?x a ?c }}"
            )
        prop_pairs = [(p, q) for p, qs in self.superproperties.items() for q in qs]
        if prop_pairs:
            out.append(
                "INSERT { ?x ?q ?y } WHERE { "
                f"VALUES (?p ?q) {{ {values(prop_pairs)} }} ?x ?p ?y }}"
            )
        if self.inverses:
            out.append(
                "INSERT { ?y ?q ?x } WHERE { "
                f"VALUES (?p ?q) {{ {values(self.inverses)} }} ?x ?p ?y FILTER(!isLiteral(?y)) }}"
            )
        if self.symmetric:
            out.append(
                "INSERT { ?y ?p ?x } WHERE { "
                f"VALUES (?p) {{ {values((p,) for p in self.symmetric)} }} ?x ?p ?y }}"
            )
        out.extend(
            f"INSERT {{ ?x <{p}> ?z }} WHERE {{ ?x <{p}>/<{p}>+ ?z }}" for p in sorted(self.transitive)
        )
        if self.chains:
            out.append(
                "INSERT { ?x ?r ?z } WHERE { "
                f"VALUES (?p1 ?p2 ?r) {{ {values(self.chains)} }} ?x ?p1 ?y . ?y ?p2 ?z }}"
            )
        if self.domains:
            out.append(
                "INSERT { ?x a ?c } WHERE { "
                f"VALUES (?p ?c) {{ {values(self.domains)} }} ?x ?p ?y }}"
            )
        if self.ranges:
            out.append(
                "INSERT { ?y a ?c } WHERE { "
                f"VALUES (?p ?c) {{ {values(self.ranges)} }} ?x ?p ?y FILTER(isIRI(?y)) }}"
            )
        out.append(
            "INSERT { ?s ?p ?o } WHERE { "
            f"?st a <{KZ.Assertion}> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o }}"
        )
        return out


def _read_chains(store: ox.Store) -> Iterable[tuple[str, str, str]]:
    """Two-link property chains: ``P owl:propertyChainAxiom (p1 p2)`` as ``(p1, p2, P)``."""
    query = f"""
        SELECT ?p ?first ?second WHERE {{
            ?p <{OWL}propertyChainAxiom> ?list .
            ?list <{RDF}first> ?first ; <{RDF}rest> ?rest .
            ?rest <{RDF}first> ?second ; <{RDF}rest> <{RDF}nil> .
        }}"""
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        p, first, second = (_iri(row[i]) for i in range(3))  # type: ignore[arg-type]
        if p and first and second:
            yield first, second, p


def materialise(store: ox.Store, rules: RuleSet | None = None, max_rounds: int = 20) -> int:
    """Apply ``rules`` (by default, those of the ontology in ``store``) until a fixpoint.

    Returns the number of triples added.
    """
    rules = rules or RuleSet.from_store(store)
    updates = rules.updates()
    before = start = len(store)
    for _ in range(max_rounds):
        for update in updates:
            store.update(update)
        after = len(store)
        if after == before:
            break
        before = after
    return len(store) - start
