"""Paths: the chain of relations linking two entities, each hop with the fact and quote it rests
on.  The network is read as undirected: a path may follow a relation against its direction
(``A ← member of ─ B``).

>>> from kazkg.query.projection import Edge, Network, Node
>>> from kazkg.vocab import KZ
>>> net = Network(
...     nodes={i: Node(i, i.upper(), KZ.StateBody) for i in ("a", "b", "c")},
...     edges=[Edge("a", "b", "r", "succeeded by", "f1", "A became B.", "2011"),
...            Edge("c", "b", "r", "sub-organisation of", "f2", "C was part of B.")],
... )
>>> [(hop.source_label, hop.relation_label, hop.forward) for hop in shortest_path(net, "a", "c").hops]
[('A', 'succeeded by', True), ('B', 'sub-organisation of', False)]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kazkg.errors import QueryError
from kazkg.query.projection import Edge, Network

if TYPE_CHECKING:
    import networkx as nx


def undirected(network: Network) -> nx.Graph:
    """The network as a simple undirected ``networkx.Graph`` (parallel relations merged)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(network.nodes)
    graph.add_edges_from((e.source, e.target) for e in network.edges if e.source != e.target)
    return graph


@dataclass(frozen=True)
class Hop:
    """One step of a path: from one entity to the next along one relation, with its evidence."""

    source: str
    source_label: str
    target: str
    target_label: str
    relation: str
    relation_label: str
    forward: bool
    """``True`` if the relation runs from ``source`` to ``target``, ``False`` if against it."""
    fact: str
    quote: str
    date: str | None = None


@dataclass(frozen=True)
class Path:
    """The shortest chain of relations between two entities."""

    source: str
    target: str
    hops: tuple[Hop, ...]

    @property
    def entities(self) -> list[str]:
        """The IRIs along the path, both ends included."""
        return [self.source] + [hop.target for hop in self.hops]

    def to_json(self) -> dict[str, object]:
        """The path as plain JSON-ready data."""
        return {
            "source": self.source,
            "target": self.target,
            "length": len(self.hops),
            "hops": [hop.__dict__ for hop in self.hops],
        }


def _evidence(edges: list[Edge], source: str, target: str) -> tuple[Edge, bool]:
    """The edge to show for a hop: one running forward if any, then by relation and fact."""
    candidates = [
        (edge, edge.source == source)
        for edge in edges
        if {edge.source, edge.target} == {source, target}
    ]
    return min(candidates, key=lambda c: (not c[1], c[0].relation_label, c[0].fact))


def shortest_path(network: Network, source: str, target: str) -> Path:
    """The shortest chain of relations linking entity ``source`` to entity ``target``.

    Ties between paths of the same length are broken the same way every time.  Raises
    :class:`~kazkg.errors.QueryError` naming the entities when one is unknown or no path exists.
    """
    import networkx as nx

    for iri in (source, target):
        if iri not in network.nodes:
            raise QueryError(f"not an entity of the graph: {iri}")
    graph = undirected(network)
    try:
        entities = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        raise QueryError(
            f"no chain of relations links {network.nodes[source].label!r} "
            f"and {network.nodes[target].label!r}"
        ) from None
    by_pair: dict[frozenset[str], list[Edge]] = {}
    for edge in network.edges:
        by_pair.setdefault(frozenset((edge.source, edge.target)), []).append(edge)
    hops = []
    for a, b in itertools.pairwise(entities):
        edge, forward = _evidence(by_pair[frozenset((a, b))], a, b)
        hops.append(
            Hop(
                a,
                network.nodes[a].label,
                b,
                network.nodes[b].label,
                edge.relation,
                edge.relation_label,
                forward,
                edge.fact,
                edge.quote,
                edge.date,
            )
        )
    return Path(source, target, tuple(hops))
