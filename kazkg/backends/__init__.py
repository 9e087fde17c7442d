"""Stores that answer SPARQL over the compiled graph: ``memory`` (rdflib), ``oxigraph``
(embedded pyoxigraph) and any SPARQL 1.1 endpoint URL.  See :mod:`kazkg.backends.base`.

>>> from kazkg.backends import open_backend   # doctest: +SKIP
>>> with open_backend("oxigraph") as backend:   # doctest: +SKIP
...     backend.ask("ASK { ?s ?p ?o }")
True
"""

from __future__ import annotations

from kazkg.backends.base import Backend
from kazkg.errors import KazkgError
from kazkg.resources import Layout

BACKENDS = ("oxigraph", "memory")
"""The embedded backends by name; any ``http://`` or ``https://`` URL names an endpoint."""

DEFAULT_BACKEND = "oxigraph"


def open_backend(
    spec: str = DEFAULT_BACKEND,
    layout: Layout | None = None,
    *,
    timeout: float | None = None,
    default_graph: str | None = None,
) -> Backend:
    """Open the backend ``spec`` names over the graph of ``layout`` (default: the packaged one).

    ``oxigraph`` opens the compiled store read-only, ``memory`` loads it into rdflib; both build
    it first if it is missing or older than its sources.  A URL opens a remote SPARQL endpoint
    (``timeout`` in seconds, ``default_graph`` to query one named graph as the default graph);
    the local graph is not touched then.
    """
    if spec.startswith(("http://", "https://")):
        from kazkg.backends.endpoint import DEFAULT_TIMEOUT, EndpointBackend
        from kazkg.terms import valid_iri

        if default_graph is not None and not valid_iri(default_graph):
            raise KazkgError(f"--default-graph: not a valid IRI: {default_graph!r}")

        return EndpointBackend(
            spec, timeout=timeout or DEFAULT_TIMEOUT, default_graph=default_graph
        )
    if spec not in BACKENDS:
        raise KazkgError(
            f"unknown backend {spec!r}; use {', '.join(BACKENDS)} or an http(s) SPARQL endpoint URL"
        )
    if default_graph is not None:
        raise KazkgError(f"--default-graph is for an endpoint URL, not the {spec} backend")
    from kazkg.build import ensure_built

    compiled = ensure_built(layout)
    if spec == "memory":
        from kazkg.backends.memory import MemoryBackend

        return MemoryBackend.open(compiled)
    from kazkg.backends.oxigraph import OxigraphBackend

    return OxigraphBackend.open(compiled)


__all__ = ["BACKENDS", "DEFAULT_BACKEND", "Backend", "open_backend"]
