"""Pure writers: query results, lineages and the whole graph as text or bytes, one module per
format family.  Nothing here queries a store; labels come from :mod:`kazkg.query.labels`."""
