"""Statistics of the network: counts per class and relation, the most central entities, the
connected components (networkx).

>>> from kazkg.query.projection import Edge, Network, Node
>>> from kazkg.vocab import KZ
>>> net = Network(
...     nodes={i: Node(i, i.upper(), KZ.StateBody) for i in ("a", "b", "c")},
...     edges=[Edge("a", "b", "r", "succeeded by", "f1", "A became B.", "2011"),
...            Edge("c", "b", "r", "sub-organisation of", "f2", "C was part of B.")],
... )
>>> stats(net).components
[3]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kazkg.errors import ParameterError
from kazkg.query.path import undirected
from kazkg.query.projection import Network


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
    if top < 0:
        raise ParameterError("top", f"must be 0 or more, not {top}")
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
