"""A remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever).

Queries go through SPARQLWrapper: JSON results for SELECT and ASK, Turtle (re-serialised as
N-Triples) for CONSTRUCT and DESCRIBE, a form-encoded POST once a query is too long for a URL,
the chosen default graph as ``default-graph-uri``, and a timeout, so an unreachable or slow
server gives a one-line :class:`~kazkg.errors.EndpointError` naming it.

Answers are made comparable with the embedded stores: an answer the server cut at its result
limit (Virtuoso's ``ResultSetMaxRows``, announced only by an ``X-SPARQL-MaxRows`` header) is an
error, not a short table, and Virtuoso's spellings of blank nodes (``nodeID://b1``), large
integers (``xsd:decimal`` without a fraction) and booleans (``1``, ``0``) are read back as the
terms they stand for.
"""

from __future__ import annotations

import ast
import contextlib
import html
import re
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kazkg.errors import EndpointError, ParameterError, QueryError
from kazkg.query.backends.base import Backend, Options
from kazkg.query.sparql import check_service, mask, query_form
from kazkg.terms import ResultTable, Row, Term, valid_iri

if TYPE_CHECKING:
    from SPARQLWrapper import SPARQLWrapper

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a connection or for the next bytes of an answer."""

POST_OVER = 1500
"""Queries longer than this many characters are sent in the body of a form-encoded POST
(``application/x-www-form-urlencoded``) instead of in the URL of a GET.  Virtuoso never answers a
POST of ``application/sparql-query``, so that form of the protocol is not used."""

XSD = "http://www.w3.org/2001/XMLSchema#"

TRUNCATION_HEADER = "X-SPARQL-MaxRows"
"""The header with which Virtuoso says it cut an answer at its ``ResultSetMaxRows``."""


def error_text(body: bytes, limit: int = 300) -> str:
    """The explanation in an error response, on one line, cut at ``limit`` characters: the text
    of an HTML page without its markup and its status heading (Virtuoso puts the reason for a
    refusal below them), else the first line that is not empty.

    >>> error_text(b"<html><head><title>Failed</title></head><body><h1>HTTP/1.1 403 Forbidden</h1>"
    ...            b"<xmp>SQ110: Permission denied\\n for delete</xmp></body></html>")
    'SQ110: Permission denied for delete'
    >>> error_text(b"Virtuoso 37000 Error SP030: syntax error\\n\\nSPARQL query:\\nSELECT")
    'Virtuoso 37000 Error SP030: syntax error'
    """
    text = body.decode("utf-8", "replace")
    if re.search(r"<(html|body|h1|xmp|p)\b", text, re.IGNORECASE):
        text = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"(?is)<h1\b.*?</h1\s*>", " ", text)
        line = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())
    else:
        line = next((" ".join(part.split()) for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


@contextlib.contextmanager
def network_errors(url: str, timeout: float, refusal: str = "") -> Iterator[None]:
    """Turn an HTTP error, a refused connection or a time-out into a one-line
    :class:`~kazkg.errors.EndpointError` naming ``url`` (an HTTP error is prefixed with
    ``refusal``, e.g. ``"upload refused"``)."""
    try:
        yield
    except urllib.error.HTTPError as error:
        detail = error_text(error.read())
        suffix = f": {detail}" if detail else ""
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


def comparable(term: Term | None) -> Term | None:
    """``term`` as the embedded stores give it, undoing Virtuoso's rewrites: an integer beyond 32
    bits comes back as an ``xsd:decimal`` without a fraction, a boolean as 1 or 0.

    >>> comparable(Term.literal("69000000000", XSD + "decimal")).datatype
    'http://www.w3.org/2001/XMLSchema#integer'
    >>> comparable(Term.literal("1", XSD + "boolean")).value
    'true'
    """
    if term is None or term.kind != "literal":
        return term
    if term.datatype == XSD + "decimal" and re.fullmatch(r"[+-]?[0-9]+", term.value):
        return Term("literal", term.value, XSD + "integer", None)
    if term.datatype == XSD + "boolean" and term.value in ("0", "1"):
        return Term("literal", "true" if term.value == "1" else "false", term.datatype, None)
    return term


_VIRTUOSO_BNODE = re.compile(rb'(?<!\\)"nodeID://')


def parse_results(body: bytes) -> ResultTable | bool:
    """A SPARQL JSON results document as a table (or an ASK answer), parsed by pyoxigraph, with
    Virtuoso's blank node spelling (``nodeID://b1``) read as the blank node ``b1`` and its
    rewritten literals made :func:`comparable`."""
    from kazkg.query.backends.oxigraph import parse_json_results

    table = parse_json_results(_VIRTUOSO_BNODE.sub(b'"', body))
    if isinstance(table, bool):
        return table
    rows: list[Row] = [tuple(comparable(term) for term in row) for row in table.rows]
    return ResultTable(table.variables, rows)


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
    return error_text(text.encode("utf-8")) or type(error).__name__


@dataclass(frozen=True)
class Answer:
    """An endpoint's answer: its body, media type, ``Server`` header, and the row count it says
    it cut the answer at (``X-SPARQL-MaxRows``), if it did."""

    body: bytes
    media: str
    server: str
    cut_at: int | None


def own_limit(query: str) -> int | None:
    """The ``LIMIT`` of ``query`` itself (after its last closing brace), if it has one.

    >>> own_limit("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 100")
    100
    >>> own_limit("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } }") is None
    True
    """
    masked = mask(query)
    found = re.search(r"\bLIMIT\s+(\d+)", masked[masked.rfind("}") + 1 :], re.IGNORECASE)
    return int(found.group(1)) if found else None


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
        self._limit: int | None = None

    def _wrapper(self, query: str, return_format: str) -> SPARQLWrapper:
        from SPARQLWrapper import GET, POST, URLENCODED, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, defaultGraph=self.default_graph)
        wrapper.setQuery(query)
        wrapper.queryType = query_form(query)  # SPARQLWrapper's own guess misreads e.g. ?created
        wrapper.setReturnFormat(return_format)
        if len(query) > POST_OVER:
            wrapper.setMethod(POST)
            wrapper.setRequestMethod(URLENCODED)
        else:
            wrapper.setMethod(GET)
        wrapper.setTimeout(int(max(1, round(self.timeout))))
        return wrapper

    def _request(self, query: str, return_format: str) -> Answer:
        """Send ``query``; return the answer, or raise a one-line error."""
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        check_service(query, self.allow_service)
        try:
            with network_errors(self.url, self.timeout):
                response = self._wrapper(query, return_format).query().response
                body: bytes = response.read()
                headers = response.headers
        except QueryBadFormed as error:
            raise QueryError(f"{self.url}: {_server_message(error)}") from None
        except SPARQLWrapperException as error:
            raise EndpointError(
                f"{self.url}: {type(error).__name__}: {_server_message(error)}"
            ) from None
        media = (headers.get("Content-Type", "") or "").split(";")[0].strip()
        cut = headers.get(TRUNCATION_HEADER)
        limit = int(cut) if cut is not None and cut.strip().isdigit() else None
        return Answer(body, media, (headers.get("Server") or "").strip(), limit)

    def _cut(self, rows: int) -> EndpointError:
        return EndpointError(
            f"{self.url}: the server cut the answer at {rows} rows, its result limit "
            "(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini); "
            "raise the limit or ask for less"
        )

    def _results(self, query: str) -> ResultTable | bool:
        answer = self._request(query, "json")
        own = own_limit(query)
        if answer.cut_at is not None and (own is None or own > answer.cut_at):
            raise self._cut(answer.cut_at)
        try:
            return parse_results(answer.body)
        except (SyntaxError, ValueError) as error:
            raise EndpointError(
                f"{self.url}: answer is not SPARQL JSON results ({error})"
            ) from None

    def _virtuoso_limit(self) -> int | None:
        """Virtuoso's ``ResultSetMaxRows``, read once through its built-in SQL function."""
        if self._limit is None:
            table = self.select(
                'SELECT (<bif:virtuoso_ini_item_value>("SPARQL", "ResultSetMaxRows") AS ?n) '
                "WHERE {}"
            )
            value = table.rows[0][0] if table.rows else None
            self._limit = int(value.value) if value is not None and value.value.isdigit() else 0
        return self._limit or None

    def select(self, query: str) -> ResultTable:
        """Run a SELECT query."""
        result = self._results(query)
        if isinstance(result, bool):
            raise QueryError("not a SELECT query")
        return result

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        result = self._results(query)
        if not isinstance(result, bool):
            raise QueryError("not an ASK query")
        return result

    def construct(self, query: str) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query; return N-Triples."""
        import pyoxigraph as ox

        answer = self._request(query, "turtle")
        fmt = ox.RdfFormat.from_media_type(answer.media) or ox.RdfFormat.TURTLE
        try:
            triples = list(ox.parse(answer.body, format=fmt))
        except SyntaxError:
            raise QueryError(
                f"{self.url}: the answer is not RDF; is this a CONSTRUCT or DESCRIBE query?"
            ) from None
        if answer.server.startswith("Virtuoso"):  # it cuts a graph silently, one triple over
            limit = self._virtuoso_limit()
            if limit is not None and len(triples) > limit:
                raise self._cut(limit)
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""

    def triple_count(self) -> int:
        """Triples the endpoint holds in its default graph (or the chosen default graph)."""
        table = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        first = table.rows[0][0] if table.rows else None
        return int(first.value) if first is not None else 0


def connect(spec: str, store: object, options: Options) -> EndpointBackend:
    """Open the endpoint at URL ``spec`` (the registry's entry point; the store is not used)."""
    if options.default_graph is not None and not valid_iri(options.default_graph):
        raise ParameterError("default_graph", f"not a valid IRI: {options.default_graph!r}")
    return EndpointBackend(
        spec,
        timeout=options.timeout or DEFAULT_TIMEOUT,
        default_graph=options.default_graph,
        allow_service=options.allow_service,
    )
