"""The network around some entities, read from their descriptions (never from the whole graph).

An entity page draws its ego network: the entity, the entities its facts name, and those facts
as relations.  Reading it from :func:`kazkg.query.describe.description` costs one description per
entity expanded, whatever the size of the graph; depth 2 also describes each neighbour (up to
:data:`EXPAND_LIMIT` of them).  The result is a :class:`~kazkg.query.projection.Network`, the
shape the network page draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kazkg.query.backends.base import Backend
from kazkg.query.describe import Description, Statement, description
from kazkg.query.projection import Edge, Network, Node
from kazkg.query.quotes import best_quote
from kazkg.schema import Schema
from kazkg.views.explorer.search import node_info
from kazkg.views.layout import LIMIT
from kazkg.vocab import KZ

EXPAND_LIMIT = 300
"""The most entities described to reach the next ring of an ego network."""


@dataclass
class _Gathered:
    """What the descriptions read so far say."""

    described: dict[str, Description] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


def _forward(schema: Schema, statement: Statement) -> tuple[str, str]:
    """The relation an ``in`` statement states, named as read from its subject."""
    if statement.direction == "in":
        for relation in schema.relations:
            if relation.inverse == statement.relation:
                return relation.iri, relation.label
    return statement.relation, schema.property_label(statement.relation)


def _edges(schema: Schema, about: Description, names: dict[str, tuple[str, ...]]) -> list[Edge]:
    """The relations ``about``'s statements state, one per other entity."""
    found = []
    for statement in about.statements:
        relation, label = _forward(schema, statement)
        for other in statement.others:
            source, target = (
                (about.iri, other.iri) if statement.direction == "out" else (other.iri, about.iri)
            )
            ends = (names.get(source, ()), names.get(target, ()))
            found.append(
                Edge(
                    source,
                    target,
                    relation,
                    label,
                    statement.fact,
                    _one_quote(statement.quotes, ends),
                    statement.start or statement.date,
                    statement.end,
                    statement.kind,
                    statement.quotes,
                )
            )
    return found


def _one_quote(quotes: tuple[str, ...], ends: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    """The quote a relation shows: its only one, else the one that best names its ends."""
    return quotes[0] if len(quotes) == 1 else best_quote(quotes, ends)


def _others(about: Description) -> set[str]:
    return {other.iri for s in about.statements for other in s.others}


def _node(about: Description) -> Node:
    return Node(
        about.iri,
        about.label,
        about.classes[0][0] if about.classes else KZ.Entity,
        tuple(about.aliases),
        about.existed.start,
        about.existed.end,
    )


def around(
    backend: Backend,
    schema: Schema,
    centres: Iterable[str],
    depth: int = 1,
    known: Iterable[Description] = (),
) -> Network:
    """The network within ``depth`` relations (1 or 2) of ``centres``: every entity their facts
    name, and (at depth 2) every entity the facts of those name, with the relations between.
    ``known`` are descriptions already read."""
    gathered = _Gathered({about.iri: about for about in known})
    frontier = sorted(set(centres))
    for ring in range(max(depth, 1)):
        expand = frontier if ring == 0 else frontier[:EXPAND_LIMIT]
        reached: set[str] = set()
        for iri in expand:
            about = gathered.described.get(iri) or description(backend, iri, schema)
            gathered.described[iri] = about
            reached |= _others(about)
        gathered.seen |= set(expand) | reached
        frontier = sorted(reached - set(gathered.described))
        if len(gathered.seen) >= LIMIT:
            break
    return _network(backend, schema, gathered)


def among(backend: Backend, schema: Schema, entities: Iterable[str]) -> Network:
    """The ``entities`` and the relations between them (for a query's result)."""
    gathered = _Gathered()
    wanted = sorted(set(entities))[:EXPAND_LIMIT]
    for iri in wanted:
        gathered.described[iri] = description(backend, iri, schema)
    gathered.seen = set(wanted)
    network = _network(backend, schema, gathered)
    return Network(
        {i: n for i, n in network.nodes.items() if i in gathered.seen},
        [e for e in network.edges if e.source in gathered.seen and e.target in gathered.seen],
    )


def _network(backend: Backend, schema: Schema, gathered: _Gathered) -> Network:
    info = node_info(backend, schema, gathered.seen - set(gathered.described))
    nodes: dict[str, Node] = {}
    for iri, about in gathered.described.items():
        if about.classes and any(schema.is_a(c, KZ.Entity) for c, _ in about.classes):
            nodes[iri] = _node(about)
    labels = {
        o.iri: o.label for a in gathered.described.values() for s in a.statements for o in s.others
    }
    for iri, found in info.items():
        if found.entity and iri not in nodes:
            nodes[iri] = Node(iri, labels.get(iri, iri), found.cls)
    names = {iri: node.names for iri, node in nodes.items()}
    edges: dict[tuple[str, str, str, str], Edge] = {}
    for about in gathered.described.values():
        for edge in _edges(schema, about, names):
            if edge.source in nodes and edge.target in nodes:
                edges.setdefault((edge.source, edge.relation, edge.target, edge.fact), edge)
    return Network(nodes, [edges[key] for key in sorted(edges)])


__all__ = ["EXPAND_LIMIT", "among", "around"]
