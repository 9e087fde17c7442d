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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.quotes import best_quote
from kazkg.schema import Schema, default_schema, local_name
from kazkg.terms import Row, Term, preferred_label
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


def _rows(backend: Backend, name: str, parameter: str, only: Iterable[str] | None) -> list[Row]:
    """The rows of the internal query ``name``: for every node, or with ``parameter`` bound to
    each of ``only``."""
    if only is None:
        return internal.select(backend, name).rows
    return internal.select_each(backend, name, parameter, only)


def _nodes(backend: Backend, schema: Schema, only: Iterable[str] | None = None) -> dict[str, Node]:
    """Every entity (or every one of ``only``) with its label, aliases, most specific class and
    span; an entity without a label is left out."""
    wanted = None if only is None else sorted(set(only))
    classes: dict[str, set[str]] = defaultdict(set)
    spans: dict[str, tuple[str | None, str | None]] = {}
    for entity, cls, begun, ended in _rows(backend, "entities", "entity", wanted):
        if entity is None:
            continue
        if cls is not None:
            classes[entity.value].add(cls.value)
        spans.setdefault(entity.value, (_v(begun), _v(ended)))
    if wanted is not None:
        wanted = sorted(classes)
    labels: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    for entity, name, lang, is_label in _rows(backend, "names", "entity", wanted):
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


@dataclass
class _Facts:
    """What the projection reads of facts: each one's role values, kinds, span and quotes."""

    values: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    spans: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    quotes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add_parties(self, rows: Iterable[Row]) -> set[str]:
        """Add ``(fact, role, value)`` rows of facts not read before; the facts in ``rows``."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for fact, role, value in rows:
            if fact is not None and role is not None and value is not None:
                found[fact.value].append((role.value, value.value))
        for iri, pairs in found.items():
            if iri not in self.values:
                for prop, iri_value in pairs:
                    self.values[iri][prop].append(iri_value)
        return set(found)

    def add_kinds(self, rows: Iterable[Row]) -> None:
        """Add ``(fact, class, from, until)`` rows."""
        for fact, cls, begun, ended in rows:
            if fact is not None and cls is not None:
                self.classes[fact.value].add(cls.value)
                self.spans.setdefault(fact.value, (_v(begun), _v(ended)))

    def add_quotes(self, rows: Iterable[Row]) -> None:
        """Add ``(node, quote, source)`` rows of the facts read."""
        for node, quote, _ in rows:
            if node is not None and quote is not None and node.value in self.values:
                self.quotes[node.value].add(quote.value)

    def pairs(self, schema: Schema, fact: str) -> set[tuple[str, str, str]]:
        """``(source, relation, target)`` for each relation ``fact`` states."""
        return set(_pairs(schema, fact, self.classes.get(fact, set()), self.values[fact]))


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


def _edges(schema: Schema, nodes: dict[str, Node], facts: _Facts) -> list[Edge]:
    """The relations between ``nodes`` the facts read state, each with its fact's quotes; a
    fact without a quote states none."""
    edges: list[Edge] = []
    for fact in sorted(facts.values):
        kinds = facts.classes.get(fact, set())
        leaves = schema.most_specific(k for k in kinds if k in schema.classes)
        fact_class = leaves[0] if leaves else KZ.Fact
        start, end = facts.spans.get(fact, (None, None))
        quotes = facts.quotes.get(fact)
        for source, relation, target in sorted(facts.pairs(schema, fact)):
            if source not in nodes or target not in nodes or not quotes:
                continue
            ends = (nodes[source].names, nodes[target].names)
            edges.append(
                Edge(
                    source,
                    target,
                    relation,
                    schema.property_label(relation),
                    fact,
                    best_quote(quotes, ends),
                    start,
                    end,
                    fact_class,
                    tuple(sorted(quotes)),
                )
            )
    edges.sort(key=lambda e: (e.source, e.relation, e.target, e.fact))
    return edges


def _role_terms(schema: Schema) -> list[Term]:
    return [Term.iri(role) for role in schema.fact_roles()]


def load_network(backend: Backend, schema: Schema | None = None) -> Network:
    """Project the whole graph held by ``backend``."""
    schema = schema or default_schema()
    facts = _Facts()
    facts.add_parties(internal.select(backend, "fact-parties", role=_role_terms(schema)).rows)
    facts.add_kinds(internal.select(backend, "facts").rows)
    facts.add_quotes(internal.select(backend, "quotes").rows)
    nodes = _nodes(backend, schema)
    return Network(nodes, _edges(schema, nodes, facts))


def _step(backend: Backend, schema: Schema, facts: _Facts, frontier: set[str]) -> set[str]:
    """Read the facts that name the entities of ``frontier`` (and those entities that are facts
    themselves); return the entities one relation away from the frontier."""
    named = {
        row[0].value
        for row in internal.select_each(backend, "facts-around", "entity", frontier)
        if row[0] is not None
    }
    new = (named | frontier) - set(facts.values)
    roles = set(schema.fact_roles())
    rows = internal.select_each(backend, "fact-values", "fact", new)
    facts.add_parties(row for row in rows if row[1] is not None and row[1].value in roles)
    read = new & set(facts.values)
    facts.add_kinds(internal.select_each(backend, "facts", "fact", read))
    facts.add_quotes(internal.select_each(backend, "quotes", "node", read))
    found: set[str] = set()
    for fact in (named | frontier) & set(facts.values):
        for source, _, target in facts.pairs(schema, fact):
            if source in frontier:
                found.add(target)
            if target in frontier:
                found.add(source)
    return found


def load_neighbourhood(
    backend: Backend, focus: Iterable[str], depth: int, schema: Schema | None = None
) -> Network:
    """Project only the part of the graph around ``focus``: every entity within ``depth``
    relations of a focus entity, every relation of each, and the entities at their other ends.

    It reads what it keeps, one step out at a time, so its cost follows the size of the part,
    not of the graph.  :func:`kazkg.query.selection.select` with the same focus and depth (and
    any other filter) chooses from it exactly what it chooses from :func:`load_network`.
    """
    schema = schema or default_schema()
    facts = _Facts()
    nodes = _nodes(backend, schema, focus)
    within = set(nodes)
    frontier = set(nodes)
    for hop in range(max(depth, 0) + 1):
        if not frontier:
            break
        reached = _step(backend, schema, facts, frontier) - set(nodes)
        added = _nodes(backend, schema, reached)
        nodes.update(added)
        if hop < depth:
            frontier = set(added)
            within |= frontier
    edges = [e for e in _edges(schema, nodes, facts) if e.source in within or e.target in within]
    kept = within | {e.source for e in edges} | {e.target for e in edges}
    return Network({iri: nodes[iri] for iri in sorted(kept)}, edges)


__all__ = ["Edge", "Network", "Node", "load_neighbourhood", "load_network"]
