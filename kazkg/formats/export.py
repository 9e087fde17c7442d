"""Serialise the compiled graph (inferred triples included) in standard formats."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError
from kazkg.schema import local_name
from kazkg.vocab import GRAPH_IRI, PREFIXES

SCHEMA_GRAPH = GRAPH_IRI + "/schema"
"""The named graph of the TriG export for what no source document states: the ontology, the
controlled terms, and the nodes only inference creates."""


def source_graph(source: str) -> str:
    """The named graph of the TriG export that holds what the source document ``source`` states.

    >>> source_graph("https://w3id.org/kazkg/id/trofimov-radicalization-of-islam-in-kazakhstan")
    'https://w3id.org/kazkg/graph/source/trofimov-radicalization-of-islam-in-kazakhstan'
    """
    return f"{GRAPH_IRI}/source/{local_name(source)}"


def _graphs_by_subject(store: ox.Store) -> dict[str, list[ox.NamedNode]]:
    """For every node a source document states, the named graphs of its sources."""
    from kazkg.query import internal
    from kazkg.query.backends.oxigraph import OxigraphBackend

    found: dict[str, list[ox.NamedNode]] = defaultdict(list)
    for node, source in internal.select(OxigraphBackend(store), "derivations").rows:
        if node is not None and source is not None:
            found[node.value].append(ox.NamedNode(source_graph(source.value)))
    return {node: sorted(set(graphs), key=str) for node, graphs in found.items()}


def _per_source(store: ox.Store) -> Iterator[ox.Quad]:
    """Every triple as a quad in the named graph of each source its subject comes from."""
    graphs = _graphs_by_subject(store)
    schema = [ox.NamedNode(SCHEMA_GRAPH)]
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        for graph in graphs.get(subject, schema):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _rdf(fmt: ox.RdfFormat) -> Callable[[CompiledStore], bytes]:
    """A writer of ``fmt``; the store yields triples grouped by subject, so Turtle stays readable.
    A dataset format (TriG) gets one named graph per source document."""

    def write(compiled: CompiledStore) -> bytes:
        if fmt == ox.RdfFormat.N_TRIPLES:
            return compiled.ntriples.read_bytes()
        store = compiled.open_oxigraph()
        if fmt.supports_datasets:
            data = ox.serialize(_per_source(store), format=fmt, prefixes=PREFIXES)
        else:
            quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            data = ox.serialize((q.triple for q in quads), format=fmt, prefixes=PREFIXES)
        return data or b""

    return write


def _graphml(compiled: CompiledStore) -> bytes:
    import networkx as nx

    from kazkg.query.backends.oxigraph import OxigraphBackend
    from kazkg.query.projection import load_network

    with OxigraphBackend.open(compiled) as backend:
        graph = load_network(backend).to_networkx()
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


EXPORTERS: dict[str, Callable[[CompiledStore], bytes]] = {
    "ttl": _rdf(ox.RdfFormat.TURTLE),
    "nt": _rdf(ox.RdfFormat.N_TRIPLES),
    "jsonld": _rdf(ox.RdfFormat.JSON_LD),
    "trig": _rdf(ox.RdfFormat.TRIG),
    "graphml": _graphml,
}
"""Export formats by name: four RDF serialisations and GraphML (entities and relations)."""


def export(compiled: CompiledStore, fmt: str) -> bytes:
    """The whole compiled graph in format ``fmt`` (one of :data:`EXPORTERS`)."""
    try:
        writer = EXPORTERS[fmt]
    except KeyError:
        raise KazkgError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}"
        ) from None
    return writer(compiled)
