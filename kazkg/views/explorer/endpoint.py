"""The SPARQL 1.1 endpoint at ``/query``: the SPARQL 1.1 Protocol, read-only, with CORS.

* ``GET /query?query=…`` and ``POST /query`` (a form with ``query=…``, or the query itself as
  ``application/sparql-query``), with ``default-graph-uri`` and ``named-graph-uri``;
* the answer's format follows the ``Accept`` header: SPARQL results as JSON, XML, CSV or TSV;
  graphs as Turtle, N-Triples, JSON-LD or RDF/XML (``406`` when none is acceptable);
* the standard prefixes (``kz:``, ``kzid:``, ``org:``, …) are declared for the query when it uses
  them without declaring them;
* updates are refused (``403``), and so is ``SERVICE`` (calls to other endpoints) unless the
  server allows it; a query runs at most the time limit (``503`` after it) in a worker process
  that is ended when it overruns or its client goes away (see :mod:`.pool`);
* every answer allows any origin (``Access-Control-Allow-Origin: *``), and ``OPTIONS`` answers the
  preflight, so notebooks and pages elsewhere can query it.

>>> accepted("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1")
['application/sparql-results+json', 'text/csv', '*/*']
>>> uses_service("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
True
>>> uses_service('SELECT ?service WHERE { ?service kz:quote "SERVICE" }')
False
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kazkg.errors import QueryError
from kazkg.query.sparql import mask, shift_position, with_prefixes
from kazkg.views.explorer.pool import Answer, ClientGone, QueryStopped

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from kazkg.views.explorer.state import Explorer

MAX_QUERY = 256 * 1024
"""The longest query text accepted, in bytes."""

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Content-Type, Content-Length",
}
"""Headers on every answer of the endpoint."""

_PREFLIGHT = {
    **CORS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Max-Age": "86400",
}
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(
    r"(?<![\w?$:.-])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)


class ProtocolError(QueryError):
    """A request the endpoint refuses, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def accepted(header: str | None) -> list[str]:
    """The media types an ``Accept`` header asks for, most wanted first (``q=0`` dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "*/*").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)] or ["*/*"]


def uses_service(query: str) -> bool:
    """Whether ``query`` calls another endpoint (a ``SERVICE`` clause)."""
    return bool(_SERVICE.search(mask(query)))


def _looks_like_update(query: str) -> bool:
    """Whether ``query`` is an update rather than a query (it starts with an update keyword)."""
    body = re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", mask(query))
    return bool(_UPDATE.match(body.lstrip()))


@dataclass
class Protocol:
    """One request to the endpoint, read."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _single(values: list[str], name: str) -> str:
    if len(values) != 1:
        raise ProtocolError(400, f"give exactly one '{name}' parameter ({len(values)} given)")
    return values[0]


async def read(request: Request) -> Protocol:
    """The query a request carries; a :class:`ProtocolError` for an update or a bad request."""
    graphs = {
        "default-graph-uri": request.query_params.getlist("default-graph-uri"),
        "named-graph-uri": request.query_params.getlist("named-graph-uri"),
    }
    if request.method == "GET":
        if "update" in request.query_params:
            raise ProtocolError(403, "updates are refused: this endpoint is read-only")
        text = _single(request.query_params.getlist("query"), "query")
    else:
        text = await _posted(request, graphs)
    if len(text.encode("utf-8")) > MAX_QUERY:
        raise ProtocolError(413, f"the query is longer than {MAX_QUERY // 1024} KB")
    if _looks_like_update(text):
        raise ProtocolError(403, "updates are refused: this endpoint is read-only")
    return Protocol(text, graphs["default-graph-uri"], graphs["named-graph-uri"])


async def body_of(request: Request) -> bytes:
    """The request's body, refused beyond :data:`MAX_QUERY` bytes (and a little for a form)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > 4 * MAX_QUERY:
            raise ProtocolError(413, f"the query is longer than {MAX_QUERY // 1024} KB")
    return body


async def form_of(request: Request) -> dict[str, list[str]]:
    """An ``application/x-www-form-urlencoded`` body, field by field."""
    text = (await body_of(request)).decode("utf-8", errors="replace")
    return urllib.parse.parse_qs(text, keep_blank_values=True, max_num_fields=64)


async def _posted(request: Request, graphs: dict[str, list[str]]) -> str:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-update":
        raise ProtocolError(403, "updates are refused: this endpoint is read-only")
    if kind == "application/sparql-query":
        return (await body_of(request)).decode("utf-8", errors="replace")
    if kind == "application/x-www-form-urlencoded":
        form = await form_of(request)
        if "update" in form:
            raise ProtocolError(403, "updates are refused: this endpoint is read-only")
        for name in graphs:
            graphs[name] += form.get(name, [])
        return _single(form.get("query", []), "query")
    raise ProtocolError(
        415,
        "send the query as ?query=, as the form field 'query' (application/x-www-form-urlencoded)"
        " or as application/sparql-query",
    )


def prepare(explorer: Explorer, text: str) -> tuple[str, int]:
    """``text`` with the standard prefixes it uses declared, checked against what is refused."""
    if uses_service(text) and not explorer.allow_service:
        raise ProtocolError(
            403,
            "SERVICE is refused: this server does not call other endpoints "
            "(start it with kazkg serve --allow-service to allow it)",
        )
    return with_prefixes(text)


async def disconnected(request: Request) -> None:
    """Complete when the client of ``request`` goes away."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def run(
    explorer: Explorer,
    text: str,
    accept: list[str],
    request: Request | None = None,
    graphs: tuple[list[str], list[str]] = ([], []),
) -> Answer:
    """Run ``text`` (standard prefixes added) in a worker, answering in one of ``accept``."""
    full, shift = prepare(explorer, text)
    job: dict[str, Any] = {
        "query": full,
        "accept": accept,
        "default_graph": graphs[0] or None,
        "named_graphs": graphs[1] or None,
    }
    gone = disconnected(request) if request is not None else None
    answer = await explorer.pool.run(job, gone)
    if answer.status == 400 and shift:
        message = shift_position(answer.body.decode("utf-8", errors="replace"), shift)
        return Answer(400, answer.media_type, message.encode("utf-8"))
    return answer


async def query(request: Request) -> Response:
    """``/query``: the SPARQL 1.1 Protocol."""
    from starlette.responses import PlainTextResponse, RedirectResponse, Response

    explorer: Explorer = request.app.state.explorer
    if request.method == "OPTIONS":
        asked = request.headers.get("access-control-request-headers")
        headers = {**_PREFLIGHT, "Access-Control-Allow-Headers": asked or "Content-Type, Accept"}
        return Response(status_code=204, headers=headers)
    wants_page = "text/html" in request.headers.get("accept", "")
    if request.method == "GET" and not request.query_params and wants_page:
        return RedirectResponse("/queries#sparql", status_code=303)
    try:
        protocol = await read(request)
        answer = await run(
            explorer,
            protocol.query,
            accepted(request.headers.get("accept")),
            request,
            (protocol.default_graphs, protocol.named_graphs),
        )
    except ProtocolError as error:
        return PlainTextResponse(str(error) + "\n", error.status, headers=CORS)
    except QueryStopped as error:
        return PlainTextResponse(str(error) + "\n", error.status, headers=CORS)
    except ClientGone:
        return Response(status_code=499)  # nobody is left to read it
    return Response(answer.body, answer.status, media_type=answer.media_type, headers=CORS)


__all__ = ["CORS", "MAX_QUERY", "ProtocolError", "accepted", "query", "read", "run", "uses_service"]
