"""Stores that answer SPARQL over the compiled graph: ``memory`` (rdflib), ``oxigraph``
(embedded pyoxigraph) and any SPARQL 1.1 endpoint URL.  See :mod:`kazkg.backends.base`."""
