"""Graph analytics over the entities and relations (networkx): shortest paths and statistics.

Both work on the projection of :mod:`kazkg.query.projection`, read as an undirected graph: a path may
follow a relation against its direction (``A ← member of ─ B``), and each hop keeps the fact and
quote it rests on.

>>> from kazkg.query.projection import Edge, Network, Node
>>> net = Network(
...     nodes={i: Node(i, i.upper(), "StateBody") for i in ("a", "b", "c")},
...     edges=[Edge("a", "b", "r", "succeeded by", "f1", "A became B.", "2011"),
...            Edge("c", "b", "r", "sub-organisation of", "f2", "C was part of B.")],
... )
>>> [(hop.source_label, hop.relation_label, hop.forward) for hop in shortest_path(net, "a", "c").hops]
[('A', 'succeeded by', True), ('B', 'sub-organisation of', False)]
>>> stats(net).components
[3]
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kazkg.errors import QueryError
from kazkg.query.projection import Edge, Network

if TYPE_CHECKING:
    import networkx as nx


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


def undirected(network: Network) -> nx.Graph:
    """The network as a simple undirected ``networkx.Graph`` (parallel relations merged)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(network.nodes)
    graph.add_edges_from((e.source, e.target) for e in network.edges if e.source != e.target)
    return graph


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


@dataclass(frozen=True)
class Ranked:
    """An entity with a score."""

    iri: str
    label: str
    kind: str
    score: float


@dataclass
class Stats:
    """Counts and centrality of the network."""

    entities: int
    relations: int
    per_class: dict[str, int] = field(default_factory=dict)
    """Entities per most specific class, largest first."""
    per_relation: dict[str, int] = field(default_factory=dict)
    """Relations per property label, largest first."""
    degree: list[Ranked] = field(default_factory=list)
    """The entities with the most relations (score: number of relations)."""
    betweenness: list[Ranked] = field(default_factory=list)
    """The entities on the most shortest paths (score: normalised betweenness centrality)."""
    components: list[int] = field(default_factory=list)
    """Sizes of the connected components, largest first."""

    def to_json(self) -> dict[str, object]:
        """The statistics as plain JSON-ready data."""
        return {
            "entities": self.entities,
            "relations": self.relations,
            "per_class": self.per_class,
            "per_relation": self.per_relation,
            "degree": [r.__dict__ for r in self.degree],
            "betweenness": [r.__dict__ for r in self.betweenness],
            "components": self.components,
        }


def _ranked(network: Network, scores: dict[str, float], top: int) -> list[Ranked]:
    order = sorted(scores, key=lambda iri: (-scores[iri], network.nodes[iri].label))
    return [
        Ranked(iri, network.nodes[iri].label, network.nodes[iri].kind, scores[iri])
        for iri in order[:top]
    ]


def _by_count(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def stats(network: Network, top: int = 10) -> Stats:
    """Counts per class and relation, the ``top`` most central entities, the components."""
    import networkx as nx

    graph = undirected(network)
    degree: Counter[str] = Counter({iri: 0 for iri in network.nodes})
    for edge in network.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    betweenness = nx.betweenness_centrality(graph) if len(graph) > 2 else {}
    return Stats(
        entities=len(network.nodes),
        relations=len(network.edges),
        per_class=_by_count(Counter(node.kind for node in network.nodes.values())),
        per_relation=_by_count(Counter(edge.relation_label for edge in network.edges)),
        degree=_ranked(network, {k: float(v) for k, v in degree.items()}, top),
        betweenness=_ranked(network, betweenness, top),
        components=sorted((len(c) for c in nx.connected_components(graph)), reverse=True),
    )
