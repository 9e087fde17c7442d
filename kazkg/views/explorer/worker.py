"""A query worker: one process that answers SPARQL queries on the compiled store, one at a time.

The explorer's endpoint runs every query a client sends in a worker (see
:mod:`kazkg.views.explorer.pool`), so that a query that runs too long, takes too much memory or
whose client has gone away can be stopped by ending its process, which frees its core at once.
A worker opens the store read-only, limits its own memory (``RLIMIT_DATA``), says ``ready``,
then reads requests from standard input and writes answers to standard output:

* a request is one line of JSON: ``{"query": TEXT, "accept": [MEDIA TYPE, ...],
  "default_graph": [IRI, ...] | null, "named_graphs": [IRI, ...] | null}``;
* an answer is one line of JSON, ``{"status": 200, "type": MEDIA TYPE, "length": N}``, then
  ``N`` bytes of body (the results, or a one-line error as ``text/plain``).

Usage: ``python -m kazkg.views.explorer.worker STORE_DIR MEMORY_BYTES``.

>>> choose(["text/csv", "*/*"], RESULT_TYPES)
'text/csv'
>>> choose(["application/*"], GRAPH_TYPES)
'application/n-triples'
>>> choose(["image/png"], RESULT_TYPES) is None
True
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import IO, Any

import pyoxigraph as ox

from kazkg.vocab import PREFIXES

RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
"""Media types a SELECT or ASK answer can be written in, best first, and pyoxigraph's format."""

GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "application/x-turtle": "TURTLE",
    "text/plain": "N_TRIPLES",
    "text/n3": "N3",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
    "application/json": "JSON_LD",
    "application/xml": "RDF_XML",
}
"""Media types a CONSTRUCT or DESCRIBE answer can be written in, best first."""

_CANONICAL = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}


def choose(accepted: Sequence[str], offered: dict[str, str]) -> str | None:
    """The first media type the client accepts (in its order of preference, wildcards
    included) that ``offered`` has; ``None`` if there is none."""
    for wanted in accepted:
        if wanted in ("*/*", "*"):
            return next(iter(offered))
        if wanted.endswith("/*"):
            family = wanted[:-1]
            found = next((t for t in offered if t.startswith(family)), None)
            if found is not None:
                return found
        elif wanted in offered:
            return wanted
    return None


def _graphs(iris: list[str] | None) -> list[Any] | None:
    return None if not iris else [ox.NamedNode(iri) for iri in iris]


def answer(store: ox.Store, request: dict[str, Any]) -> tuple[int, str, bytes]:
    """Run one request on ``store``: the status, the media type and the body."""
    try:
        result = store.query(
            request["query"],
            default_graph=_graphs(request.get("default_graph")),
            named_graphs=_graphs(request.get("named_graphs")),
        )
    except SyntaxError as error:
        return 400, "text/plain", f"SPARQL syntax error: {error}".encode()
    accepted = request.get("accept") or ["*/*"]
    if isinstance(result, ox.QueryTriples):
        media = choose(accepted, GRAPH_TYPES)
        if media is None:
            return 406, "text/plain", b"no acceptable format for a graph: ask for text/turtle"
        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        body = ox.serialize(result, format=fmt, prefixes=PREFIXES) or b""
        return 200, ("application/n-triples" if media == "text/plain" else media), body
    media = choose(accepted, RESULT_TYPES)
    if media is None:
        message = b"no acceptable format for query results: ask for application/sparql-results+json"
        return 406, "text/plain", message
    body = result.serialize(format=getattr(ox.QueryResultsFormat, RESULT_TYPES[media])) or b""
    return 200, _CANONICAL.get(media, media), body


def _write(out: IO[bytes], status: int, media: str, body: bytes) -> None:
    head = {"status": status, "type": media, "length": len(body)}
    out.write(json.dumps(head).encode() + b"\n" + body)
    out.flush()


def _limit_memory(limit: int) -> None:
    """Make allocations beyond ``limit`` bytes fail (the process then ends)."""
    if limit <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this system: the time limit still holds
        return

    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def serve(location: str, memory: int, requests: IO[bytes], out: IO[bytes]) -> None:
    """Open the store at ``location``, then answer ``requests`` until they end."""
    _limit_memory(memory)
    store = ox.Store.read_only(location)
    out.write(b"ready\n")
    out.flush()
    for line in requests:
        try:
            status, media, body = answer(store, json.loads(line))
        except MemoryError:
            status, media, body = 507, "text/plain", b"the query needs more memory than allowed"
        except (OSError, ValueError, KeyError, TypeError) as error:
            status, media, body = 500, "text/plain", f"query failed: {error}".encode()
        _write(out, status, media, body)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a worker on the store folder and memory limit given as arguments."""
    location, memory = argv if argv is not None else sys.argv[1:]
    try:
        serve(location, int(memory), sys.stdin.buffer, sys.stdout.buffer)
    except OSError as error:
        print(f"cannot open the store {location}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
