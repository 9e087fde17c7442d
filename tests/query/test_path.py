"""Shortest paths with evidence and network statistics over the real graph."""

from __future__ import annotations

import networkx as nx
import pytest

from kazkg.errors import QueryError
from kazkg.query.path import Path, ranked_paths, shortest_path, undirected
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


# --- ranked paths --------------------------------------------------------------------------


def _through(path: Path) -> list[str]:
    return path.entities[1:-1]


@pytest.mark.parametrize(
    ("source", "target", "via", "not_via"),
    [
        ("jund-al-khalifa", "atyrau", "atyrau-bombings-2011", "kazakhstan"),
        ("hizb-ut-tahrir", "agency-for-religious-affairs", "court-of-astana", "kazakhstan"),
        ("tablighi-jamaat", "saryarka-district-court-of-astana", None, "kazakhstan"),
    ],
)
def test_the_best_path_goes_through_specific_facts_not_hubs(
    network: Network, source: str, target: str, via: str | None, not_via: str
) -> None:
    paths = ranked_paths(network, KZID.term(source), KZID.term(target))
    best = paths[0]
    if via is not None:
        assert KZID.term(via) in _through(best)
    assert KZID.term(not_via) not in _through(best)
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)
    assert len({p.entities[1:-1].__repr__() for p in paths}) == len(paths)


def test_the_hop_count_alone_would_go_through_the_state(network: Network) -> None:
    hizb, ara = KZID.term("hizb-ut-tahrir"), KZID.term("agency-for-religious-affairs")
    assert KZID.term("kazakhstan") in _through(shortest_path(network, hizb, ara))
    assert KZID.term("kazakhstan") not in _through(ranked_paths(network, hizb, ara)[0])


def test_via_and_avoid(network: Network) -> None:
    atc = KZID.term("anti-terrorism-center-kazakhstan")
    through = ranked_paths(network, ARA, SCO, 3, via=atc)
    assert through and all(atc in _through(p) for p in through)
    around = ranked_paths(network, ARA, SCO, 3, avoid=[atc])
    assert around and all(atc not in _through(p) for p in around)
    with pytest.raises(QueryError, match="both asked for and avoided"):
        ranked_paths(network, ARA, SCO, avoid=[SCO])


def test_a_fact_hop_beats_an_assertion_and_a_small_node_beats_a_hub() -> None:
    nodes = {i: Node(i, i.upper(), KZ.StateBody) for i in "abcdhxyz"}
    edges = [
        # b is linked to a by a plain assertion, to z by a membership: a - b - z costs more than
        # a - d - z, all through facts; a - h - z passes through a hub h (linked to c, x, y too)
        Edge("a", "b", "r", "located in", "f1", "A in B.", fact_class=KZ.Assertion),
        Edge("b", "z", "r", "member of", "f9", "Z in B.", fact_class=KZ.Membership),
        Edge("a", "h", "r", "member of", "f2", "A in H.", fact_class=KZ.Membership),
        Edge("h", "z", "r", "member of", "f3", "Z in H.", fact_class=KZ.Membership),
        Edge("x", "h", "r", "member of", "f4", "X in H.", fact_class=KZ.Membership),
        Edge("y", "h", "r", "member of", "f5", "Y in H.", fact_class=KZ.Membership),
        Edge("c", "h", "r", "member of", "f6", "C in H.", fact_class=KZ.Membership),
        Edge("a", "d", "r", "member of", "f7", "A in D.", fact_class=KZ.Membership),
        Edge("d", "z", "r", "member of", "f8", "Z in D.", fact_class=KZ.Membership),
    ]
    net = Network(nodes=nodes, edges=edges)
    best, second, third = ranked_paths(net, "a", "z", 3)
    assert best.entities == ["a", "d", "z"]
    assert second.entities == ["a", "b", "z"] and third.entities == ["a", "h", "z"]
    assert best.cost < second.cost < third.cost
