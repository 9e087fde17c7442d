"""Serialise the compiled graph (inferred triples included) in standard formats."""

from __future__ import annotations

import io
from collections.abc import Callable

import pyoxigraph as ox

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError
from kazkg.vocab import PREFIXES

GRAPH_IRI = "https://w3id.org/kazkg/graph"
"""The named graph the TriG export (and ``kazkg push``) puts the triples in."""


def _rdf(fmt: ox.RdfFormat, named: bool = False) -> Callable[[CompiledStore], bytes]:
    """A writer of ``fmt``; the store yields triples grouped by subject, so Turtle stays readable."""

    def write(compiled: CompiledStore) -> bytes:
        if fmt == ox.RdfFormat.N_TRIPLES:
            return compiled.ntriples.read_bytes()
        store = compiled.open_oxigraph()
        quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if named:
            graph = ox.NamedNode(GRAPH_IRI)
            data = ox.serialize(
                (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads),
                format=fmt,
                prefixes=PREFIXES,
            )
        else:
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
    "trig": _rdf(ox.RdfFormat.TRIG, named=True),
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
