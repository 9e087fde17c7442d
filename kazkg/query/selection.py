"""Choose part of the network: an ego network, some classes, some relations, a date, a query.

The names a user types are matched by the schema model, never against a list kept here: a class
matches by its local name, its label or any ``skos:altLabel`` (``Law``, ``state body``) and
includes its subclasses; a relation matches by the local name or label of its property
(``succeededBy``, ``member of``) or of the kind of fact it comes from (``succession``,
``membership``, ``attack``).  Matching ignores case, spaces, hyphens and underscores.  A date keeps
what existed then (:func:`kazkg.time.existed_on`) and the relations that held then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kazkg.errors import ParameterError, QueryError
from kazkg.limits import shown
from kazkg.query.backends.base import Backend
from kazkg.query.projection import Edge, Network
from kazkg.schema import Schema, default_schema, local_name, normalise_name
from kazkg.terms import ResultTable
from kazkg.time import existed_on, parse_date
from kazkg.vocab import KZ


@dataclass(frozen=True)
class Selection:
    """Which part of the network to keep.  The default keeps everything."""

    focus: tuple[str, ...] = ()
    """IRIs of the entities to centre on (ego network); empty for the whole graph."""
    depth: int = 1
    """How many relations away from the focus to go."""
    types: tuple[str, ...] = ()
    """Class names to keep (with their subclasses); empty for all."""
    relations: tuple[str, ...] = ()
    """Relation or fact-kind names to keep; empty for all."""
    as_of: str | None = None
    """Keep only entities and relations that existed at this ISO date."""


def _match_classes(network: Network, schema: Schema, wanted: Iterable[str]) -> set[str]:
    """IRIs of the classes the user named; an error listing the classes in use if none."""
    matched: set[str] = set()
    for name in wanted:
        found = {info.iri for info in schema.match_classes(name, within=KZ.Entity)}
        if not found:
            used = {
                local_name(c)
                for node in network.nodes.values()
                for c in schema.ancestors(node.cls)
                if c.startswith(KZ.NS)
            }
            raise ParameterError(
                "types", f"no class is called {shown(name)}; classes: {', '.join(sorted(used))}"
            )
        matched |= found
    return matched


def edge_names(edge: Edge, schema: Schema) -> frozenset[str]:
    """The normalised names an edge answers to: its property's, and its kind of fact's."""
    own = {normalise_name(local_name(edge.relation)), normalise_name(edge.relation_label)}
    for cls in schema.ancestors(edge.fact_class):
        info = schema.classes.get(cls)
        if info is not None and schema.is_a(cls, KZ.Fact) and cls != KZ.Fact:
            own |= info.names
    return frozenset(own)


def relation_names(schema: Schema) -> frozenset[str]:
    """The normalised names any relation could answer to: every property's, and every kind of
    fact's (a part of the graph may hold no relation of a kind the graph has)."""
    names = {
        normalise_name(name)
        for iri in schema.properties
        for name in (local_name(iri), schema.property_label(iri))
    }
    for cls, info in schema.classes.items():
        if schema.is_a(cls, KZ.Fact) and cls != KZ.Fact:
            names |= info.names
    return frozenset(names)


def _check_relation_names(network: Network, schema: Schema, wanted: Iterable[str]) -> set[str]:
    """The normalised names the user asked for; an error for a name no relation answers to."""
    known = set(relation_names(schema)).union(*(edge_names(e, schema) for e in network.edges))
    keys: set[str] = set()
    for name in wanted:
        key = normalise_name(name)
        if key not in known:
            relations = sorted({e.relation_label for e in network.edges})
            kinds = sorted(
                {
                    schema.class_label(c)
                    for e in network.edges
                    for c in schema.ancestors(e.fact_class)
                    if schema.is_a(c, KZ.Fact) and c != KZ.Fact
                }
            )
            raise ParameterError(
                "relations",
                f"no relation is called {shown(name)}; relations: {', '.join(relations)}; "
                f"kinds of fact: {', '.join(kinds)}",
            )
        keys.add(key)
    return keys


def check_as_of(value: str) -> str:
    """``value`` if it is an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), else a one-line error."""
    try:
        return parse_date(value)
    except ValueError as error:
        raise ParameterError("as_of", str(error)) from None


def select(network: Network, schema: Schema, selection: Selection) -> Network:
    """The part of ``network`` that ``selection`` asks for.

    Filters apply first (date, classes, relations); then, with a focus, only what lies within
    ``depth`` relations of a focus entity (in either direction) along the remaining edges is
    kept.  Focus entities are always kept.  With a relation filter and no focus, entities left
    without any relation are dropped.
    """
    missing = [iri for iri in selection.focus if iri not in network.nodes]
    if missing:
        raise QueryError(f"not an entity of the graph: {missing[0]}")
    if selection.depth < 0:
        raise ParameterError("depth", f"must be 0 or more, got {selection.depth}")
    focus = set(selection.focus)
    as_of = check_as_of(selection.as_of) if selection.as_of is not None else None

    nodes = set(network.nodes)
    if as_of is not None:
        nodes = {iri for iri in nodes if existed_on(network.nodes[iri].span, as_of)}
    if selection.types:
        classes = _match_classes(network, schema, selection.types)
        nodes = {iri for iri in nodes if classes & schema.ancestors(network.nodes[iri].cls)}
    nodes |= focus

    keys = (
        _check_relation_names(network, schema, selection.relations) if selection.relations else None
    )
    edges = [
        edge
        for edge in network.edges
        if edge.source in nodes
        and edge.target in nodes
        and (as_of is None or edge.span.contains(as_of))
        and (keys is None or bool(keys & edge_names(edge, schema)))
    ]

    if focus:
        nodes = _within(focus, edges, selection.depth)
        edges = [e for e in edges if e.source in nodes and e.target in nodes]
    elif keys is not None:
        nodes = {e.source for e in edges} | {e.target for e in edges}

    return Network(
        nodes={iri: node for iri, node in network.nodes.items() if iri in nodes},
        edges=edges,
    )


def _within(focus: set[str], edges: list[Edge], depth: int) -> set[str]:
    """The entities at most ``depth`` relations (either way) from an entity of ``focus``."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    reached, frontier = set(focus), set(focus)
    for _ in range(depth):
        frontier = {other for node in frontier for other in neighbours[node]} - reached
        if not frontier:
            break
        reached |= frontier
    return reached


def entities_in(table: ResultTable, network: Network) -> list[str]:
    """The entities a query result names: its IRIs that are entities, and the ends of its facts."""
    by_fact: dict[str, list[str]] = defaultdict(list)
    for edge in network.edges:
        by_fact[edge.fact].extend((edge.source, edge.target))
    found: dict[str, None] = {}
    for row in table.rows:
        for term in row:
            if term is None or term.kind != "iri":
                continue
            if term.value in network.nodes:
                found[term.value] = None
            for iri in by_fact.get(term.value, ()):
                found[iri] = None
    return list(found)


@dataclass
class View:
    """A selected part of the graph with what is needed to draw or measure it."""

    network: Network
    """The selected entities and relations."""
    context: Network
    """The network it was selected from: the whole graph, or around a focus the part read."""
    schema: Schema
    focus: tuple[str, ...]
    """IRIs of the entities the view is centred on (named, or returned by a query)."""
    description: str
    """One line saying what was selected, e.g. ``around Agency for Religious Affairs (depth 1)``."""


def _load(backend: Backend, schema: Schema, centre: list[str], depth: int | None) -> Network:
    """The neighbourhood of ``centre`` that a focus of ``depth`` (default 1) needs, or the
    whole network without a centre."""
    from kazkg.query.projection import load_neighbourhood, load_network

    if centre and (depth is None or depth >= 0):
        return load_neighbourhood(backend, centre, 1 if depth is None else depth, schema)
    return load_network(backend, schema)


def choose(
    backend: Backend,
    *,
    focus: Iterable[str] = (),
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    depth: int | None = None,
    types: Iterable[str] = (),
    relations: Iterable[str] = (),
    as_of: str | None = None,
    schema: Schema | None = None,
) -> View:
    """Load the network from ``backend`` and select part of it.

    ``focus`` are entity names (resolved as ``kazkg trace`` resolves them: label, alias or IRI);
    ``query`` names a named query (run with ``params``) whose entities join the focus.  Without
    either, the whole graph is kept.  ``depth`` defaults to 1 around named entities and 0
    around a query's entities.  Around named entities (without a query) only their
    neighbourhood is read (:func:`~kazkg.query.projection.load_neighbourhood`), and the view's
    ``context`` is that neighbourhood: every relation of each entity kept, with both its ends.
    """
    from kazkg.query.resolve import resolve

    schema = schema or default_schema()
    centre = [resolve(backend, name) for name in focus]
    network = _load(backend, schema, centre if query is None else [], depth)
    parts: list[str] = []
    if centre:
        parts.append(
            "around " + ", ".join(network.nodes[i].label for i in centre if i in network.nodes)
        )
    if query is not None:
        from kazkg.query import named

        found = entities_in(named.run(backend, query, dict(params or {})), network)
        if not found:
            raise QueryError(f"query {query!r} returned no entity of the graph")
        centre += [iri for iri in found if iri not in centre]
        parts.append(f"entities of query {query!r}")
    elif params:
        raise ParameterError("params", "parameters are for a query: name the query too")
    if depth is not None and not centre:
        raise ParameterError("depth", "needs a focus or a query: it counts relations from them")
    hops = depth if depth is not None else (1 if focus else 0)
    if centre:
        parts[-1] += f" (depth {hops})"
    if as_of is not None:
        parts.append(f"as of {as_of}")
    if types:
        parts.append("classes " + ", ".join(types))
    if relations:
        parts.append("relations " + ", ".join(relations))
    selection = Selection(
        focus=tuple(centre),
        depth=hops,
        types=tuple(types),
        relations=tuple(relations),
        as_of=as_of,
    )
    return View(
        select(network, schema, selection), network, schema, tuple(centre), "; ".join(parts)
    )


__all__ = [
    "Selection",
    "View",
    "check_as_of",
    "choose",
    "edge_names",
    "entities_in",
    "relation_names",
    "select",
]
