"""The graph projected to entities and relations: the shape views, paths and GraphML share.

Relations are not listed here: the schema model (:mod:`kazkg.schema`) declares them.  Each kind
of fact yields its relation between the values of its subject and object roles; each
``kz:Assertion`` states its predicate between its subject and object; events and statistics link
directly through the properties whose domain is ``kz:Event`` or ``kz:Statistic``.  Every edge
keeps the fact it comes from, that fact's quotes, and the span it held (``kz:heldFrom`` /
``kz:heldUntil``); every node keeps the span it existed (``kz:existedFrom`` / ``kz:existedUntil``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.quotes import best_quote
from kazkg.schema import Schema, default_schema, local_name
from kazkg.terms import Term, preferred_label
from kazkg.time import Span
from kazkg.vocab import KZ, RDF


@dataclass(frozen=True)
class Node:
    """An entity: IRI, English label, most specific ``kz:`` class, aliases, span."""

    iri: str
    label: str
    cls: str
    """The IRI of its most specific class."""
    aliases: tuple[str, ...] = ()
    start: str | None = None
    """``kz:existedFrom``: the earliest date it existed, as far as the source tells."""
    end: str | None = None
    """``kz:existedUntil``: the latest date it still existed."""

    @property
    def kind(self) -> str:
        """The local name of its most specific class (``StateBody``)."""
        return local_name(self.cls)

    @property
    def span(self) -> Span:
        """When the entity existed."""
        return Span(self.start, self.end)

    @property
    def names(self) -> tuple[str, ...]:
        """Its label and aliases."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Edge:
    """A relation between two entities, with the fact and quote that support it."""

    source: str
    target: str
    relation: str
    relation_label: str
    fact: str
    quote: str
    """The fact's quote that best names both ends (:func:`kazkg.query.quotes.best_quote`)."""
    date: str | None = None
    """``kz:heldFrom`` of its fact: when the relation began, as far as the source tells."""
    end: str | None = None
    """``kz:heldUntil`` of its fact: when it ended, if the graph says."""
    fact_class: str = KZ.Fact
    """The most specific class of its fact (``kz:Succession``, ``kz:Attack``, ``kz:Assertion``)."""
    quotes: tuple[str, ...] = ()
    """Every quote of its fact."""

    @property
    def span(self) -> Span:
        """When the relation held."""
        return Span(self.date, self.end)


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
                end=edge.end or "",
            )
        return graph


def _v(term: Term | None) -> str | None:
    return None if term is None else term.value


def _nodes(backend: Backend, schema: Schema) -> dict[str, Node]:
    """Every entity with its label, aliases, most specific class and span."""
    classes: dict[str, set[str]] = defaultdict(set)
    spans: dict[str, tuple[str | None, str | None]] = {}
    for entity, cls, begun, ended in internal.select(backend, "entities").rows:
        if entity is None:
            continue
        if cls is not None:
            classes[entity.value].add(cls.value)
        spans.setdefault(entity.value, (_v(begun), _v(ended)))
    labels: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity, name, lang, is_label in internal.select(backend, "names").rows:
        if entity is None or name is None or entity.value not in classes:
            continue
        if is_label is not None and is_label.value in ("true", "1"):
            labels[entity.value].append((name.value, _v(lang) or None))
        else:
            aliases[entity.value].add(name.value)
    nodes: dict[str, Node] = {}
    for iri in sorted(classes):
        label = preferred_label(labels.get(iri, ()))
        if label is None:
            continue
        leaves = schema.most_specific(c for c in classes[iri] if c in schema.classes)
        start, end = spans[iri]
        most_specific = leaves[0] if leaves else KZ.Entity
        nodes[iri] = Node(iri, label, most_specific, tuple(sorted(aliases[iri])), start, end)
    return nodes


def _relation_pairs(
    schema: Schema, classes: set[str], values: dict[str, list[str]]
) -> Iterator[tuple[str, str, str]]:
    """The relations a kind of fact yields between the values of its two roles."""
    for relation in schema.relations:
        if relation.fact_class in classes:
            for source in values.get(relation.subject_role, ()):
                for target in values.get(relation.object_role, ()):
                    yield source, relation.iri, target


def _statement_pairs(values: dict[str, list[str]]) -> Iterator[tuple[str, str, str]]:
    """The triple a reified ``kz:Assertion`` states."""
    for source in values.get(RDF + "subject", ()):
        for predicate in values.get(RDF + "predicate", ()):
            for target in values.get(RDF + "object", ()):
                yield source, predicate, target


def _pairs(
    schema: Schema, fact: str, classes: set[str], values: dict[str, list[str]]
) -> Iterator[tuple[str, str, str]]:
    """``(source, relation, target)`` for each relation the fact states."""
    yield from _relation_pairs(schema, classes, values)
    if KZ.Assertion in classes:
        yield from _statement_pairs(values)
    for cls in (KZ.Event, KZ.Statistic):
        if cls in classes:
            for prop in schema.properties_with_domain(cls):
                for target in values.get(prop, ()):
                    yield fact, prop, target


def load_network(backend: Backend, schema: Schema | None = None) -> Network:
    """Project the whole graph held by ``backend``."""
    schema = schema or default_schema()
    network = Network(nodes=_nodes(backend, schema))
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    role_terms = [Term.iri(role) for role in schema.fact_roles()]
    for subject, role, value in internal.select(backend, "fact-parties", role=role_terms).rows:
        if subject is not None and role is not None and value is not None:
            values[subject.value][role.value].append(value.value)
    classes: dict[str, set[str]] = defaultdict(set)
    spans: dict[str, tuple[str | None, str | None]] = {}
    for fact_term, cls, begun, ended in internal.select(backend, "facts").rows:
        if fact_term is not None and cls is not None:
            classes[fact_term.value].add(cls.value)
            spans.setdefault(fact_term.value, (_v(begun), _v(ended)))
    quotes: dict[str, set[str]] = defaultdict(set)
    for node, quote, _ in internal.select(backend, "quotes").rows:
        if node is not None and quote is not None and node.value in values:
            quotes[node.value].add(quote.value)
    nodes = network.nodes
    for fact in sorted(values):
        kinds = classes.get(fact, set())
        leaves = schema.most_specific(k for k in kinds if k in schema.classes)
        fact_class = leaves[0] if leaves else KZ.Fact
        start, end = spans.get(fact, (None, None))
        for source, relation, target in sorted(set(_pairs(schema, fact, kinds, values[fact]))):
            if source not in nodes or target not in nodes or not quotes.get(fact):
                continue
            ends = (nodes[source].names, nodes[target].names)
            network.edges.append(
                Edge(
                    source,
                    target,
                    relation,
                    schema.property_label(relation),
                    fact,
                    best_quote(quotes[fact], ends),
                    start,
                    end,
                    fact_class,
                    tuple(sorted(quotes[fact])),
                )
            )
    network.edges.sort(key=lambda e: (e.source, e.relation, e.target, e.fact))
    return network


__all__ = ["Edge", "Network", "Node", "load_network"]
