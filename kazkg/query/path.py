"""Paths: the chains of relations linking two entities, each hop with the fact and quote it rests
on.  The network is read as undirected: a path may follow a relation against its direction
(``A ← member of ─ B``).

:func:`shortest_path` counts hops.  :func:`ranked_paths` ranks paths by how specific they are:
a hop costs :data:`FACT_HOP` along a relation stated by a kind of fact (a succession, a
membership, a ban, an event's participant or place, a statistic) and :data:`GENERIC_HOP` along a
plain assertion (located in, operates in); passing through an entity costs the base-2 logarithm
of its degree, so a hub (the state, the President) costs more than an event that links only a
few entities.  So Jund al-Khalifa reaches Atyrau through the 2011 bombings it claimed, not through
the Republic of Kazakhstan.

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
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kazkg.errors import QueryError
from kazkg.query.projection import Edge, Network
from kazkg.vocab import KZ

FACT_HOP = 1.0
"""The cost of a hop along a relation that a kind of fact states."""

GENERIC_HOP = 2.0
"""The cost of a hop along a plain assertion (``kz:Assertion``: located in, operates in...)."""

TOP = 3
"""How many paths :func:`ranked_paths` gives by default."""

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
    """A chain of relations between two entities."""

    source: str
    target: str
    hops: tuple[Hop, ...]
    cost: float = 0.0
    """How unspecific it is (see the module's documentation); lower is better."""

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
            "cost": round(self.cost, 3),
            "hops": [hop.__dict__ for hop in self.hops],
        }


def hop_cost(edge: Edge) -> float:
    """What following ``edge`` costs: :data:`GENERIC_HOP` for a plain assertion, else
    :data:`FACT_HOP`."""
    return GENERIC_HOP if edge.fact_class == KZ.Assertion else FACT_HOP


def _evidence(edges: list[Edge], source: str, target: str) -> tuple[Edge, bool]:
    """The edge to show for a hop: the most specific relation, running forward if any, then by
    relation and fact."""
    candidates = [
        (edge, edge.source == source)
        for edge in edges
        if {edge.source, edge.target} == {source, target}
    ]
    return min(candidates, key=lambda c: (hop_cost(c[0]), not c[1], c[0].relation_label, c[0].fact))


def _by_pair(network: Network) -> dict[frozenset[str], list[Edge]]:
    """The edges between each pair of entities."""
    by_pair: dict[frozenset[str], list[Edge]] = {}
    for edge in network.edges:
        by_pair.setdefault(frozenset((edge.source, edge.target)), []).append(edge)
    return by_pair


def _path(
    network: Network,
    by_pair: dict[frozenset[str], list[Edge]],
    entities: Sequence[str],
    cost: float = 0.0,
) -> Path:
    """The :class:`Path` through ``entities``, each hop with its evidence."""
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
    return Path(entities[0], entities[-1], tuple(hops), cost)


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
    return _path(network, _by_pair(network), entities)


def hub_cost(degree: int) -> float:
    """What passing through an entity with ``degree`` neighbours costs.

    >>> hub_cost(1), hub_cost(46) > hub_cost(5)
    (0.0, True)
    """
    return math.log2(max(degree, 1))


def weighted(network: Network, avoid: Iterable[str] = ()) -> nx.Graph:
    """The network as an undirected graph whose edge ``weight`` is the cost of the hop (its
    most specific relation) plus half the cost of passing through each end, without the
    entities in ``avoid``; each node keeps its ``degree`` in the whole network."""
    import networkx as nx

    plain = undirected(network)
    degree = dict(plain.degree())
    graph = nx.Graph()
    graph.add_nodes_from((n, {"degree": degree[n]}) for n in sorted(set(plain.nodes) - set(avoid)))
    for pair, edges in sorted(_by_pair(network).items(), key=lambda kv: sorted(kv[0])):
        if len(pair) != 2 or not pair <= graph.nodes:
            continue
        a, b = sorted(pair)
        through = (hub_cost(degree[a]) + hub_cost(degree[b])) / 2
        graph.add_edge(a, b, weight=min(hop_cost(e) for e in edges) + through)
    return graph


def _simple_paths(graph: nx.Graph, source: str, target: str, top: int) -> list[list[str]]:
    """The ``top`` cheapest simple paths from ``source`` to ``target`` in ``graph``."""
    import networkx as nx

    try:
        return list(
            itertools.islice(nx.shortest_simple_paths(graph, source, target, "weight"), top)
        )
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []


def _through(graph: nx.Graph, source: str, via: str, target: str, top: int) -> Iterator[list[str]]:
    """Simple paths from ``source`` to ``target`` through ``via``: the cheapest ``top`` on each
    side, joined where they do not cross."""
    for first in _simple_paths(graph, source, via, top):
        for second in _simple_paths(graph, via, target, top):
            if not set(first[:-1]) & set(second):
                yield first + second[1:]


def ranked_paths(
    network: Network,
    source: str,
    target: str,
    top: int = TOP,
    *,
    via: str | None = None,
    avoid: Iterable[str] = (),
) -> list[Path]:
    """The ``top`` most specific chains of relations from ``source`` to ``target`` (see the
    module's documentation), best first; only those through ``via`` if given, none through an
    entity in ``avoid``.

    Raises :class:`~kazkg.errors.QueryError` naming the entities when one is unknown, avoided or
    when no chain links them.
    """
    ends = [source, target, *([via] if via else [])]
    for iri in ends:
        if iri not in network.nodes:
            raise QueryError(f"not an entity of the graph: {iri}")
    avoided = set(avoid)
    for iri in ends:
        if iri in avoided:
            raise QueryError(f"{network.nodes[iri].label!r} is both asked for and avoided")
    graph = weighted(network, avoided)
    if source == target:
        return [Path(source, target, ())]
    found = (
        list(_through(graph, source, via, target, top))
        if via
        else _simple_paths(graph, source, target, top)
    )
    if not found:
        through = f" through {network.nodes[via].label!r}" if via else ""
        raise QueryError(
            f"no chain of relations links {network.nodes[source].label!r} "
            f"and {network.nodes[target].label!r}{through}"
        )
    by_pair = _by_pair(network)
    scored = sorted(
        ((_path_cost(graph, entities), entities) for entities in found),
        key=lambda c: (c[0], len(c[1]), c[1]),
    )
    return [_path(network, by_pair, entities, cost) for cost, entities in scored[:top]]


def _path_cost(graph: nx.Graph, entities: Sequence[str]) -> float:
    """The cost of a path: its hops and the entities it passes through (not its two ends)."""
    total = float(sum(graph[a][b]["weight"] for a, b in itertools.pairwise(entities)))
    ends = {entities[0], entities[-1]}
    return total - sum(hub_cost(graph.nodes[n]["degree"]) for n in ends) / 2
