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

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kazkg.schema import Schema, default_schema
from kazkg.vocab import KZ, RDF


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
    def from_schema(cls, schema: Schema, own_namespace: str = KZ.NS) -> RuleSet:
        """The rules the axioms of ``schema`` imply (``rdfs:domain`` / ``rdfs:range`` only of the
        properties in ``own_namespace``: the standard vocabularies' are not restated)."""
        rules = cls()
        for iri, info in schema.classes.items():
            supers = set(info.ancestors - {iri})
            if supers:
                rules.superclasses[iri] = supers
        for iri, prop in schema.properties.items():
            if prop.superproperties:
                rules.superproperties[iri] = set(prop.superproperties)
            rules.inverses |= {(iri, other) for other in prop.inverses}
            if prop.symmetric:
                rules.symmetric.add(iri)
            if prop.transitive:
                rules.transitive.add(iri)
            if prop.chain is not None:
                rules.chains.add((prop.chain[0], prop.chain[1], iri))
            if iri.startswith(own_namespace):
                rules.domains |= {(iri, c) for c in prop.domains}
                rules.ranges |= {(iri, c) for c in prop.ranges}
        return rules

    def rules(self) -> list[Rule]:
        """One :class:`Rule` per axiom (grouped by what it reads), in evaluation order.

        Property rules come first, then the ``rdfs:domain`` / ``rdfs:range`` rules, then the
        subclass rules, so types are derived once the properties have settled.
        """
        out = [
            Rule(
                "?s ?p ?o",
                f"?st a <{KZ.Assertion}> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; "
                f"<{RDF}object> ?o",
                reads=frozenset(
                    {_type_key(KZ.Assertion), RDF + "subject", RDF + "predicate", RDF + "object"}
                ),
                writes=None,
                idempotent=False,
            )
        ]
        out += [
            Rule(f"?y <{q}> ?x", f"?x <{p}> ?y FILTER(!isLiteral(?y))", frozenset({p}), _writes(q))
            for p, q in sorted(self.inverses)
        ]
        out += [
            Rule(f"?y <{p}> ?x", f"?x <{p}> ?y", frozenset({p}), _writes(p))
            for p in sorted(self.symmetric)
        ]
        out += [
            Rule(
                f"?x <{r}> ?z",
                f"?x <{p1}> ?y . ?y <{p2}> ?z",
                frozenset({p1, p2}),
                _writes(r),
                idempotent=r not in (p1, p2),
            )
            for p1, p2, r in sorted(self.chains)
        ]
        out += [
            Rule(_each("?x <{}> ?y .", qs), f"?x <{p}> ?y", frozenset({p}), _writes(*qs))
            for p, qs in sorted(self.superproperties.items())
        ]
        out += [
            Rule(f"?x <{p}> ?z", f"?x <{p}>/<{p}>+ ?z", frozenset({p}), _writes(p))
            for p in sorted(self.transitive)
        ]
        for pairs, pattern in (
            (self.domains, "?x <{}> ?y"),
            (self.ranges, "?z <{}> ?x FILTER(isIRI(?x))"),
        ):
            classes: dict[str, set[str]] = defaultdict(set)
            for p, c in pairs:
                classes[p].add(c)
            out += [
                Rule(
                    _each("?x a <{}> .", cs),
                    pattern.format(p),
                    frozenset({p}),
                    frozenset(_type_key(c) for c in cs),
                    stratum=1,
                )
                for p, cs in sorted(classes.items())
            ]
        out += [
            Rule(
                _each("?x a <{}> .", ds),
                f"?x a <{c}>",
                frozenset({_type_key(c)}),
                frozenset(_type_key(d) for d in ds),
                stratum=2,
            )
            for c, ds in sorted(self.superclasses.items())
        ]
        return out

    def updates(self) -> list[str]:
        """The SPARQL updates that apply these rules once."""
        return [rule.update for rule in self.rules()]


def _each(template: str, terms: Iterable[str]) -> str:
    return " ".join(template.format(term) for term in sorted(terms))


def _type_key(cls: str) -> str:
    """What a rule reads or writes when it reads or writes ``?x rdf:type cls``."""
    return f"{RDF}type {cls}"


def _writes(*predicates: str) -> frozenset[str] | None:
    """The keys a rule deriving ``predicates`` writes (``None``: any, if one is ``rdf:type``)."""
    return None if RDF + "type" in predicates else frozenset(predicates)


@dataclass(frozen=True)
class Rule:
    """``template`` holds wherever ``pattern`` matches; and the keys the rule reads and writes.

    A key is a predicate IRI, or ``"<rdf:type> <class>"`` for the instances of one class;
    ``writes=None`` means it may write anything.  An ``idempotent`` rule derives nothing new
    when run again on its own output.  Rules of a lower ``stratum`` run first.
    """

    template: str
    pattern: str
    reads: frozenset[str]
    writes: frozenset[str] | None
    stratum: int = 0
    idempotent: bool = True

    @property
    def update(self) -> str:
        """The SPARQL update that applies the rule."""
        return f"INSERT {{ {self.template} }} WHERE {{ {self.pattern} }}"

    @property
    def probe(self) -> str:
        """An ASK query: would the update derive anything new?"""
        return f"ASK {{ {self.pattern} FILTER NOT EXISTS {{ {self.template} }} }}"

    def feeds(self, other: Rule) -> bool:
        """Whether what this rule derives can be read by ``other``."""
        if other is self and self.idempotent:
            return False
        if self.writes is None:
            return True
        if not self.writes.isdisjoint(other.reads):
            return True
        return RDF + "type" in other.reads and any(k.startswith(RDF + "type ") for k in self.writes)


def materialise(store: ox.Store, rules: RuleSet | None = None, max_rounds: int = 20) -> int:
    """Apply ``rules`` (by default, those of the ontology in ``store``) until a fixpoint.

    Semi-naive at the level of predicates: every rule runs once, then again only when a rule
    that writes what it reads has derived something since, so a large graph pays for each rule
    about once instead of once per round.  A rule is applied only if its ASK probe finds
    something new (``len(store)`` would scan the whole store).  ``max_rounds`` bounds how often
    one rule may run.  Returns the number of triples added.
    """
    rules = rules or RuleSet.from_schema(default_schema())
    ordered = rules.rules()
    dependants = [[j for j, other in enumerate(ordered) if rule.feeds(other)] for rule in ordered]
    pending = [(rule.stratum, i) for i, rule in enumerate(ordered)]
    heapq.heapify(pending)
    queued = set(range(len(ordered)))
    runs = [0] * len(ordered)
    start = len(store)
    while pending:
        _, i = heapq.heappop(pending)
        queued.discard(i)
        runs[i] += 1
        if runs[i] > max_rounds or not store.query(ordered[i].probe):
            continue
        store.update(ordered[i].update)
        for j in dependants[i]:
            if j not in queued:
                queued.add(j)
                heapq.heappush(pending, (ordered[j].stratum, j))
    return len(store) - start
