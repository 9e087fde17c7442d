"""Choose part of the network: an ego network, some classes, some relations, a date, a query.

The names a user types are matched against the ontology, never against a list kept here: a
class matches by its local name, its label or any ``skos:altLabel`` (``Law``, ``state body``),
and includes its subclasses; a relation matches by the local name or label of its property
(``succeededBy``, ``member of``) or of the kind of fact it comes from (``succession``,
``membership``).  Matching ignores case, spaces, hyphens and underscores.

>>> normalise_name("Sub-organisation of")
'suborganisationof'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.query.projection import Edge, Network
from kazkg.terms import ResultTable
from kazkg.time import in_span, not_after, parse_date
from kazkg.vocab import KZ, ORG, RDFS, SKOS


def normalise_name(name: str) -> str:
    """``name`` lower-cased, with everything but letters and digits removed."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


@dataclass(frozen=True)
class ClassInfo:
    """A ``kz:`` class: local name, English label, the names it answers to, its superclasses."""

    name: str
    label: str
    names: frozenset[str]
    ancestors: frozenset[str]
    """Local names of the class itself and of all its ``kz:`` superclasses."""


@dataclass(frozen=True)
class Lifespan:
    """When an entity existed (or, for events and statistics, when they came to be)."""

    start: str | None = None
    end: str | None = None

    def contains(self, date: str) -> bool:
        """Whether the entity existed at ``date`` as far as the graph tells."""
        return in_span(date, self.start, self.end)


@dataclass
class Vocabulary:
    """What the names in a selection can refer to, read from the ontology and the data."""

    classes: dict[str, ClassInfo] = field(default_factory=dict)
    """Classes by local name."""
    fact_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    """For each fact IRI, the normalised names of the kinds of fact it is."""
    lifespans: dict[str, Lifespan] = field(default_factory=dict)
    """For each entity with a known start or end, its span."""
    parent_relations: frozenset[str] = frozenset()
    """Properties that link a body to the body it is part of (sub-properties of
    ``org:subOrganizationOf``)."""

    def class_label(self, name: str) -> str:
        """The English label of class ``name`` (its local name when it has none)."""
        info = self.classes.get(name)
        return info.label if info is not None else name

    def lifespan(self, iri: str) -> Lifespan:
        """The span of entity ``iri`` (open on both sides when unknown)."""
        return self.lifespans.get(iri, Lifespan())


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _values(table: ResultTable) -> Iterable[tuple[str, ...]]:
    for row in table.rows:
        yield tuple("" if term is None else term.value for term in row)


def load_vocabulary(backend: Backend) -> Vocabulary:
    """Read classes, kinds of fact and entity lifespans from ``backend``."""
    vocabulary = Vocabulary()
    names: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    ancestors: dict[str, set[str]] = defaultdict(set)
    for cls, label, alt in _values(
        backend.select(
            f"""SELECT ?c ?label ?alt WHERE {{
                ?c a <http://www.w3.org/2002/07/owl#Class> .
                FILTER(STRSTARTS(STR(?c), "{KZ.NS}"))
                OPTIONAL {{ ?c <{RDFS}label> ?label . FILTER(LANG(?label) = "en") }}
                OPTIONAL {{ ?c <{SKOS}altLabel> ?alt }}
            }}"""
        )
    ):
        name = _local(cls)
        names[name] |= {normalise_name(n) for n in (name, label, alt) if n}
        labels.setdefault(name, label or name)
        ancestors[name].add(name)
    for cls, parent in _values(
        backend.select(
            f"""SELECT ?c ?parent WHERE {{ ?c <{RDFS}subClassOf> ?parent .
                FILTER(STRSTARTS(STR(?c), "{KZ.NS}") && STRSTARTS(STR(?parent), "{KZ.NS}")) }}"""
        )
    ):
        ancestors[_local(cls)].add(_local(parent))
    for name, found in ancestors.items():
        vocabulary.classes[name] = ClassInfo(
            name, labels.get(name, name), frozenset(names[name]), frozenset(found)
        )

    kinds: dict[str, set[str]] = defaultdict(set)
    for fact, cls, label in _values(
        backend.select(
            f"""SELECT ?fact ?c ?label WHERE {{
                ?fact a ?c . ?c <{RDFS}subClassOf> <{KZ.Fact}> .
                FILTER(?c != <{KZ.Fact}> && STRSTARTS(STR(?c), "{KZ.NS}"))
                OPTIONAL {{ ?c <{RDFS}label> ?label . FILTER(LANG(?label) = "en") }}
            }}"""
        )
    ):
        kinds[fact] |= {normalise_name(n) for n in (_local(cls), label) if n}
    vocabulary.fact_kinds = {fact: frozenset(found) for fact, found in kinds.items()}
    vocabulary.lifespans = _lifespans(backend)
    vocabulary.parent_relations = frozenset(
        row[0]
        for row in _values(
            backend.select(
                f"SELECT DISTINCT ?p WHERE {{ ?p <{RDFS}subPropertyOf>+ <{ORG}subOrganizationOf> }}"
            )
        )
    )
    return vocabulary


def _lifespans(backend: Backend) -> dict[str, Lifespan]:
    """Starts and ends of entities, from the facts that create and end them.

    An entity starts when it is established, results from a succession or an act is adopted,
    and ends when it is abolished, replaced, or transformed into its successor (a transfer of
    functions leaves the original in place).  Events and statistics start at their own date.
    A fact dated only by its occasion takes the occasion's date.
    """
    dated = f"""OPTIONAL {{ ?f <{KZ.date}>|<{KZ.startDate}> ?own }}
                OPTIONAL {{ ?f <{KZ.occasion}>/(<{KZ.date}>|<{KZ.startDate}>) ?occasion }}
                BIND(COALESCE(?own, ?occasion) AS ?d) FILTER(BOUND(?d))"""
    starts = backend.select(
        f"""SELECT ?e (MIN(STR(?d)) AS ?date) WHERE {{
            {{ ?f <{KZ.NS}establishedEntity> ?e }}
            UNION {{ ?f a <{KZ.Succession}> ; <{ORG}resultingOrganization> ?e }}
            UNION {{ ?f <{KZ.NS}adoptedAct> ?e }}
            UNION {{ ?f a <{KZ.Event}> . BIND(?f AS ?e) }}
            UNION {{ ?f a <{KZ.Statistic}> . BIND(?f AS ?e) }}
            {dated}
        }} GROUP BY ?e"""
    )
    ends = backend.select(
        f"""SELECT ?e (MAX(STR(?d)) AS ?date) WHERE {{
            {{ ?f <{KZ.NS}abolishedEntity> ?e }}
            UNION {{ ?f <{KZ.NS}replacedAct> ?e }}
            UNION {{ ?f a <{KZ.Succession}> ; <{ORG}originalOrganization> ?e .
                     FILTER NOT EXISTS {{ ?f <{KZ.changeKind}> <{KZ.TransferOfFunctions}> }} }}
            {dated}
        }} GROUP BY ?e"""
    )
    spans: dict[str, Lifespan] = {}
    for entity, date in _values(starts):
        spans[entity] = Lifespan(start=date)
    for entity, date in _values(ends):
        spans[entity] = Lifespan(start=spans.get(entity, Lifespan()).start, end=date)
    return spans


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


def _match_classes(network: Network, vocabulary: Vocabulary, wanted: Iterable[str]) -> set[str]:
    """Local names of the classes the user named; an error listing the classes in use if none."""
    matched: set[str] = set()
    for name in wanted:
        key = normalise_name(name)
        found = {c.name for c in vocabulary.classes.values() if key in c.names}
        if not found:
            used = {a for node in network.nodes.values() for a in _ancestors(vocabulary, node.kind)}
            known = ", ".join(sorted(used))
            raise QueryError(f"--types: no class is called {name!r}; classes: {known}")
        matched |= found
    return matched


def edge_names(edge: Edge, vocabulary: Vocabulary) -> frozenset[str]:
    """The normalised names an edge answers to: its property's and its kind of fact's."""
    own = {normalise_name(_local(edge.relation)), normalise_name(edge.relation_label)}
    return frozenset(own) | vocabulary.fact_kinds.get(edge.fact, frozenset())


def _check_relation_names(
    network: Network, vocabulary: Vocabulary, wanted: Iterable[str]
) -> set[str]:
    """The normalised names the user asked for; an error for a name no edge answers to."""
    known = set().union(*(edge_names(e, vocabulary) for e in network.edges))
    keys: set[str] = set()
    for name in wanted:
        key = normalise_name(name)
        if key not in known:
            relations = sorted({e.relation_label for e in network.edges})
            kinds = sorted(
                info.label
                for info in vocabulary.classes.values()
                if "Fact" in info.ancestors and info.names & known and info.name != "Fact"
            )
            raise QueryError(
                f"--relations: no relation is called {name!r}; relations: "
                f"{', '.join(relations)}; kinds of fact: {', '.join(kinds)}"
            )
        keys.add(key)
    return keys


def check_as_of(value: str) -> str:
    """``value`` if it is an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), else a one-line error."""
    try:
        return parse_date(value)
    except ValueError as error:
        raise QueryError(f"--as-of: {error}") from None


def select(network: Network, vocabulary: Vocabulary, selection: Selection) -> Network:
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
        raise QueryError(f"--depth must be 0 or more, got {selection.depth}")
    focus = set(selection.focus)
    as_of = check_as_of(selection.as_of) if selection.as_of is not None else None

    nodes = set(network.nodes)
    if as_of is not None:
        nodes = {iri for iri in nodes if vocabulary.lifespan(iri).contains(as_of)}
    if selection.types:
        classes = _match_classes(network, vocabulary, selection.types)
        nodes = {iri for iri in nodes if classes & _ancestors(vocabulary, network.nodes[iri].kind)}
    nodes |= focus

    keys = (
        _check_relation_names(network, vocabulary, selection.relations)
        if selection.relations
        else None
    )
    edges = [
        edge
        for edge in network.edges
        if edge.source in nodes
        and edge.target in nodes
        and (as_of is None or edge.date is None or not_after(edge.date, as_of))
        and (as_of is None or edge.end is None or not_after(as_of, edge.end))
        and (keys is None or bool(keys & edge_names(edge, vocabulary)))
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


def _ancestors(vocabulary: Vocabulary, kind: str) -> frozenset[str]:
    info = vocabulary.classes.get(kind)
    return info.ancestors if info is not None else frozenset({kind})


def _within(focus: set[str], edges: list[Edge], depth: int) -> set[str]:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(focus)
    graph.add_edges_from((e.source, e.target) for e in edges)
    reached: set[str] = set()
    for center in focus:
        reached |= set(nx.single_source_shortest_path_length(graph, center, cutoff=depth))
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
    """The whole network it was selected from."""
    vocabulary: Vocabulary
    focus: tuple[str, ...]
    """IRIs of the entities the view is centred on (named, or returned by a query)."""
    description: str
    """One line saying what was selected, e.g. ``around Agency for Religious Affairs (depth 1)``."""


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
) -> View:
    """Load the network from ``backend`` and select part of it.

    ``focus`` are entity names (resolved as ``kazkg trace`` resolves them: label, alias or IRI);
    ``query`` names a named query (run with ``params``) whose entities join the focus.  Without
    either, the whole graph is kept.  ``depth`` defaults to 1 around named entities and 0
    around a query's entities.
    """
    from kazkg.query.projection import load_network
    from kazkg.query.resolve import resolve

    network = load_network(backend)
    vocabulary = load_vocabulary(backend)
    centre = [resolve(backend, name) for name in focus]
    parts: list[str] = []
    if centre:
        parts.append(
            "around " + ", ".join(network.nodes[i].label for i in centre if i in network.nodes)
        )
    if query is not None:
        from kazkg.query import named as queries

        found = entities_in(queries.run(backend, query, dict(params or {})), network)
        if not found:
            raise QueryError(f"query {query!r} returned no entity of the graph")
        centre += [iri for iri in found if iri not in centre]
        parts.append(f"entities of query {query!r}")
    if depth is not None and not centre:
        raise QueryError("--depth needs --focus or --query: it counts relations from them")
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
        select(network, vocabulary, selection), network, vocabulary, tuple(centre), "; ".join(parts)
    )
