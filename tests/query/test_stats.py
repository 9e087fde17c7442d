"""Network statistics over the real graph: counts, centrality, components."""

from __future__ import annotations

import networkx as nx

from kazkg.query.path import undirected
from kazkg.query.projection import Network
from kazkg.query.stats import stats
from kazkg.vocab import KZID

ARA = KZID.term("agency-for-religious-affairs")


def test_stats_count_every_entity_and_relation(network: Network) -> None:
    result = stats(network, top=5)
    assert result.entities == len(network.nodes) == sum(result.per_class.values())
    assert result.relations == len(network.edges) == sum(result.per_relation.values())
    assert sum(result.components) == len(network.nodes)
    assert result.components == sorted(result.components, reverse=True)


def test_stats_rank_the_most_connected_and_most_between_entities(network: Network) -> None:
    result = stats(network, top=5)
    degrees = sorted(
        (
            sum(1 for e in network.edges for end in (e.source, e.target) if end == iri)
            for iri in network.nodes
        ),
        reverse=True,
    )
    assert [r.score for r in result.degree] == degrees[:5]
    expected = nx.betweenness_centrality(undirected(network))
    assert [r.score for r in result.betweenness] == sorted(expected.values(), reverse=True)[:5]
    assert len(result.degree) == len(result.betweenness) == 5
