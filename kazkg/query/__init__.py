"""Query: backends that answer SPARQL over a compiled graph, and the questions asked of them.

:mod:`~kazkg.query.backends` (a registry of stores: memory, oxigraph, any SPARQL endpoint),
:mod:`~kazkg.query.named` (the named queries in ``queries/*.rq``), :mod:`~kazkg.query.resolve`
(names to IRIs), :mod:`~kazkg.query.trace` (lineages), :mod:`~kazkg.query.projection` (the graph
as entities and relations), :mod:`~kazkg.query.selection`, :mod:`~kazkg.query.path` and
:mod:`~kazkg.query.stats`.  Each is a set of functions of a backend and parameters that return
plain dataclasses.
"""
