"""Shortest paths with evidence and network statistics over the real graph."""

from __future__ import annotations

import networkx as nx
import pytest

from kazkg.errors import QueryError
from kazkg.query.path import shortest_path, undirected
from kazkg.query.projection import Edge, Network, Node
from kazkg.vocab import KZ, KZID

ARA = KZID.term("agency-for-religious-affairs")
SCO = KZID.term("shanghai-cooperation-organization")


def test_a_path_is_a_chain_of_real_relations_each_with_its_quote(network: Network) -> None:
    path = shortest_path(network, ARA, SCO)
    assert path.entities[0] == ARA and path.entities[-1] == SCO
    assert len(path.hops) == nx.shortest_path_length(undirected(network), ARA, SCO)
    facts = {(e.source, e.target, e.fact): e for e in network.edges}
    for hop in path.hops:
        ends = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
        edge = facts[(*ends, hop.fact)]
        assert (hop.relation_label, hop.quote, hop.date) == (
            edge.relation_label,
            edge.quote,
            edge.date,
        )
        assert hop.quote


def test_a_path_from_an_entity_to_itself_has_no_hops(network: Network) -> None:
    assert shortest_path(network, ARA, ARA).hops == ()


def test_no_path_and_unknown_entities_are_one_line_errors() -> None:
    island = Network(nodes={i: Node(i, i.upper(), KZ.StateBody) for i in ("a", "b")})
    with pytest.raises(QueryError, match="no chain of relations links 'A' and 'B'"):
        shortest_path(island, "a", "b")
    with pytest.raises(QueryError, match="not an entity of the graph: c"):
        shortest_path(island, "a", "c")


def test_a_hop_prefers_a_relation_running_its_way() -> None:
    net = Network(
        nodes={i: Node(i, i, KZ.StateBody) for i in ("a", "b")},
        edges=[
            Edge("b", "a", "r1", "against", "f1", "B to A."),
            Edge("a", "b", "r2", "with", "f2", "A to B."),
        ],
    )
    (hop,) = shortest_path(net, "a", "b").hops
    assert (hop.relation_label, hop.forward) == ("with", True)
