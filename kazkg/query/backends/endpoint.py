"""A remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever).

Queries go through SPARQLWrapper: JSON results for SELECT and ASK, Turtle (re-serialised as
N-Triples) for CONSTRUCT and DESCRIBE, POST once a query is too long for a URL, and a timeout,
so an unreachable or slow server gives a one-line :class:`~kazkg.errors.EndpointError` naming it.
"""

from __future__ import annotations

import ast
import contextlib
import json
import urllib.error
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kazkg.errors import EndpointError, QueryError
from kazkg.query.backends.base import Backend, Options
from kazkg.query.sparql import check_service, query_form
from kazkg.terms import ResultTable

if TYPE_CHECKING:
    from SPARQLWrapper import SPARQLWrapper

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a connection or for the next bytes of an answer."""

POST_OVER = 1500
"""Queries longer than this many characters are sent in the body of a POST (as
``application/sparql-query``) instead of in the URL of a GET."""


@contextlib.contextmanager
def network_errors(url: str, timeout: float, refusal: str = "") -> Iterator[None]:
    """Turn an HTTP error, a refused connection or a time-out into a one-line
    :class:`~kazkg.errors.EndpointError` naming ``url`` (an HTTP error is prefixed with
    ``refusal``, e.g. ``"upload refused"``)."""
    try:
        yield
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        suffix = f": {detail[0]}" if detail else ""
        prefix = f"{refusal}: " if refusal else ""
        raise EndpointError(f"{url}: {prefix}HTTP {error.code} {error.reason}{suffix}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise EndpointError(f"{url}: no answer within {timeout:g} s") from None
        raise EndpointError(f"{url}: unreachable ({error.reason})") from None
    except TimeoutError:
        raise EndpointError(f"{url}: no answer within {timeout:g} s") from None
    except OSError as error:
        raise EndpointError(f"{url}: unreachable ({error})") from None


def _server_message(error: Exception) -> str:
    """The first line of the server's own explanation inside a SPARQLWrapper exception."""
    text = str(error)
    _, _, response = text.partition("Response:\n")
    if response:
        try:
            raw = ast.literal_eval(response.strip())
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        except (ValueError, SyntaxError):
            text = response
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


class EndpointBackend(Backend):
    """SPARQL over HTTP against the query URL of any SPARQL 1.1 endpoint."""

    name = "endpoint"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        default_graph: str | None = None,
        allow_service: tuple[str, ...] = (),
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise EndpointError(f"{url}: not an http(s) URL")
        self.url = url
        self.timeout = timeout
        self.default_graph = default_graph
        self.allow_service = allow_service

    def _wrapper(self, query: str, return_format: str) -> SPARQLWrapper:
        from SPARQLWrapper import GET, POST, POSTDIRECTLY, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, defaultGraph=self.default_graph)
        wrapper.setQuery(query)
        wrapper.queryType = query_form(query)  # SPARQLWrapper's own guess misreads e.g. ?created
        wrapper.setReturnFormat(return_format)
        if len(query) > POST_OVER:
            wrapper.setMethod(POST)
            wrapper.setRequestMethod(POSTDIRECTLY)
        else:
            wrapper.setMethod(GET)
        wrapper.setTimeout(int(max(1, round(self.timeout))))
        return wrapper

    def _request(self, query: str, return_format: str) -> tuple[bytes, str]:
        """Send ``query``; return the raw answer and its media type, or raise a one-line error."""
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        check_service(query, self.allow_service)
        try:
            with network_errors(self.url, self.timeout):
                response = self._wrapper(query, return_format).query().response
                body: bytes = response.read()
                media = response.headers.get("Content-Type", "") or ""
        except QueryBadFormed as error:
            raise QueryError(f"{self.url}: {_server_message(error)}") from None
        except SPARQLWrapperException as error:
            raise EndpointError(
                f"{self.url}: {type(error).__name__}: {_server_message(error)}"
            ) from None
        return body, media.split(";")[0].strip()

    def _json(self, query: str) -> dict[str, Any]:
        body, _ = self._request(query, "json")
        try:
            data: dict[str, Any] = json.loads(body)
        except ValueError:
            raise EndpointError(f"{self.url}: answer is not SPARQL JSON results") from None
        return data

    def select(self, query: str) -> ResultTable:
        """Run a SELECT query; the answer is parsed by pyoxigraph's SPARQL JSON results parser."""
        import pyoxigraph as ox

        from kazkg.query.backends.oxigraph import table_of

        body, _ = self._request(query, "json")
        try:
            solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as error:
            raise EndpointError(
                f"{self.url}: answer is not SPARQL JSON results ({error})"
            ) from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return table_of(solutions)

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        data = self._json(query)
        if "boolean" not in data:
            raise QueryError("not an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query; return N-Triples."""
        import pyoxigraph as ox

        body, media = self._request(query, "turtle")
        fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE
        try:
            data = ox.serialize(ox.parse(body, format=fmt), format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError:
            raise QueryError(
                f"{self.url}: the answer is not RDF; is this a CONSTRUCT or DESCRIBE query?"
            ) from None
        return data or b""

    def triple_count(self) -> int:
        """Triples the endpoint holds in its default graph (or the chosen default graph)."""
        table = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        first = table.rows[0][0] if table.rows else None
        return int(first.value) if first is not None else 0


def connect(spec: str, store: object, options: Options) -> EndpointBackend:
    """Open the endpoint at URL ``spec`` (the registry's entry point; the store is not used)."""
    return EndpointBackend(
        spec,
        timeout=options.timeout or DEFAULT_TIMEOUT,
        default_graph=options.default_graph,
        allow_service=options.allow_service,
    )
