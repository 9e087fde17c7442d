"""The explorer: a local research workbench over the graph, served by ``kazkg serve``.

One server on loopback, read-only and offline (every asset ships in the package): search with
suggestions on every page, an entity page for each entity (its facts with their quotes, its
lineage and timeline, its ego network drawn at once), the source text with every quote
highlighted, a workbench for the named queries and for SPARQL, the schema, and the SPARQL 1.1
endpoint at ``/query``.  Built on Starlette, uvicorn and Jinja2 (the ``web`` extra); it calls the
same functions the command line calls.

* :mod:`.server` starts it (``kazkg serve``), :mod:`.app` declares its routes;
* :mod:`.endpoint` is the SPARQL protocol, :mod:`.pool` and :mod:`.worker` run each query with a
  time and memory limit;
* :mod:`.search`, :mod:`.entity`, :mod:`.ego`, :mod:`.source`, :mod:`.workbench` and
  :mod:`.schema_page` gather what each page shows.
"""
