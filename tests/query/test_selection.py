"""Selecting part of the network: ego networks, classes, relations, dates, named queries."""

from __future__ import annotations

from typing import Any

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.projection import Network, load_network
from kazkg.query.selection import (
    Selection,
    choose,
    entities_in,
    select,
)
from kazkg.schema import Schema, default_schema
from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZ, KZID

ARA = KZID.term("agency-for-religious-affairs")


@pytest.fixture(scope="module")
def loaded(compiled: CompiledStore) -> tuple[Network, Schema]:
    with OxigraphBackend.open(compiled) as backend:
        return load_network(backend), default_schema()


def neighbours(network: Network, iri: str) -> set[str]:
    return {e.target for e in network.edges if e.source == iri} | {
        e.source for e in network.edges if e.target == iri
    }


def test_the_default_selection_keeps_everything(loaded: tuple[Network, Schema]) -> None:
    network, schema = loaded
    kept = select(network, schema, Selection())
    assert kept.nodes == network.nodes and kept.edges == network.edges


def test_an_ego_network_holds_the_focus_and_what_lies_within_depth(
    loaded: tuple[Network, Schema],
) -> None:
    network, schema = loaded
    assert set(select(network, schema, Selection(focus=(ARA,), depth=0)).nodes) == {ARA}
    one = select(network, schema, Selection(focus=(ARA,), depth=1))
    assert set(one.nodes) == {ARA} | neighbours(network, ARA)
    assert all(e.source in one.nodes and e.target in one.nodes for e in one.edges)
    two = select(network, schema, Selection(focus=(ARA,), depth=2))
    assert set(two.nodes) == set(one.nodes).union(*(neighbours(network, n) for n in one.nodes))


def test_types_keep_a_class_and_its_subclasses_named_any_way(
    loaded: tuple[Network, Schema],
) -> None:
    network, schema = loaded
    bodies = select(network, schema, Selection(types=("StateBody",)))
    assert bodies.nodes
    assert all(KZ.StateBody in schema.ancestors(n.cls) for n in bodies.nodes.values())
    assert "Ministry" in {n.kind for n in bodies.nodes.values()}
    assert select(network, schema, Selection(types=("state body",))).nodes == bodies.nodes
    with pytest.raises(QueryError, match="types: no class is called 'Nonsense'; classes: "):
        select(network, schema, Selection(types=("Nonsense",)))


def test_relations_are_named_by_property_or_by_kind_of_fact(
    loaded: tuple[Network, Schema],
) -> None:
    network, schema = loaded
    by_kind = select(network, schema, Selection(relations=("succession",)))
    assert by_kind.edges and {e.relation for e in by_kind.edges} == {KZ.succeededBy}
    assert set(by_kind.nodes) == {e.source for e in by_kind.edges} | {
        e.target for e in by_kind.edges
    }
    for name in ("succeededBy", "succeeded by", "Succession"):
        assert select(network, schema, Selection(relations=(name,))).edges == by_kind.edges
    both = select(network, schema, Selection(relations=("succession", "membership")))
    assert {e.relation for e in both.edges} == {KZ.succeededBy, KZ.memberOf}
    with pytest.raises(QueryError, match="relations: no relation is called 'sucession'"):
        select(network, schema, Selection(relations=("sucession",)))


def test_as_of_keeps_only_what_existed_then(loaded: tuple[Network, Schema]) -> None:
    network, schema = loaded
    line = select(network, schema, Selection(relations=("succession",)))
    dated = {iri: network.nodes[iri].span for iri in line.nodes}
    date = "2012-06-01"
    then = select(network, schema, Selection(as_of=date))
    assert ARA in then.nodes
    for iri, span in dated.items():
        assert (iri in then.nodes) == span.contains(date)
    assert any(not span.contains(date) for span in dated.values())
    assert all(e.date is None or e.date[:4] <= "2012" for e in then.edges)


def test_a_bad_date_or_depth_or_focus_is_a_one_line_error(
    loaded: tuple[Network, Schema],
) -> None:
    network, schema = loaded
    with pytest.raises(QueryError, match="as_of: not an ISO date"):
        select(network, schema, Selection(as_of="June 2012"))
    with pytest.raises(QueryError, match="depth: must be 0 or more"):
        select(network, schema, Selection(focus=(ARA,), depth=-1))
    with pytest.raises(QueryError, match="not an entity of the graph"):
        select(network, schema, Selection(focus=(KZID.term("no-such-thing"),)))


def test_a_query_result_names_its_entities_and_the_ends_of_its_facts(
    loaded: tuple[Network, Schema],
) -> None:
    network, _ = loaded
    edge = next(e for e in network.edges if e.source != ARA and e.target != ARA)
    table = ResultTable(
        ["x", "y", "z"],
        [(Term.iri(ARA), Term.iri(edge.fact), Term.literal("2011")), (None, None, None)],
    )
    assert entities_in(table, network) == [ARA, edge.source, edge.target]


def test_choose_resolves_names_and_runs_named_queries(oxigraph_backend: OxigraphBackend) -> None:
    around = choose(oxigraph_backend, focus=["Agency for Religious Affairs"])
    assert around.focus == (ARA,)
    assert set(around.network.nodes) == {ARA} | neighbours(around.context, ARA)
    assert "around Agency for Religious Affairs" in around.description

    banned = choose(oxigraph_backend, query="banned-organisations")
    assert banned.focus and set(banned.network.nodes) == set(banned.focus)
    assert {"BannedOrganization", "Court"} <= {n.kind for n in banned.network.nodes.values()}


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_around_a_focus_only_its_neighbourhood_is_read_and_the_same_part_is_chosen(
    oxigraph_backend: OxigraphBackend, loaded: tuple[Network, Schema], depth: int
) -> None:
    network, schema = loaded
    filters: list[dict[str, Any]] = [
        {},
        {"relations": ("succession", "subordination")},
        {"as_of": "2005"},
        {"types": ("StateBody", "Law")},
    ]
    for iri in sorted(network.nodes)[::9]:
        for extra in filters:
            view = choose(oxigraph_backend, focus=[iri], depth=depth, **extra)
            whole = select(network, schema, Selection(focus=(iri,), depth=depth, **extra))
            assert list(view.network.nodes.items()) == list(whole.nodes.items())
            assert view.network.edges == whole.edges
            touching = {e for e in network.edges if {e.source, e.target} & set(whole.nodes)}
            assert touching <= set(view.context.edges) <= set(network.edges)
    if depth <= 1:
        view = choose(oxigraph_backend, focus=[ARA], depth=depth)
        assert len(view.context.nodes) < len(network.nodes) / 4


def test_a_relation_that_is_not_near_the_focus_keeps_the_focus_alone(
    oxigraph_backend: OxigraphBackend,
) -> None:
    view = choose(oxigraph_backend, focus=["Agency for Religious Affairs"], relations=["ban"])
    assert set(view.network.nodes) == {ARA} and not view.network.edges
    with pytest.raises(QueryError, match="relations: no relation is called 'bann'"):
        choose(oxigraph_backend, focus=["Agency for Religious Affairs"], relations=["bann"])
