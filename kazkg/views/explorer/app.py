"""The explorer's routes: pages, the JSON API, Linked Data, the SPARQL endpoint, static assets.

================================  ==========================================================
``/``                             home: search, the most connected entities, the questions
``/search?q=``                    search results; ``/api/search?q=`` the suggestions as JSON
``/entity/{id}``                  entity page (HTML), or its triples (``Accept: text/turtle``,
                                  ``application/ld+json``); ``/id/{id}`` redirects here
``/entity/{id}/timeline.svg``     the timeline of its line of succession
``/api/ego/{id}?depth=1|2``       its ego network, laid out, as JSON
``/source/{id}``, ``/sources``    a source text with its quotes highlighted; the sources
``/queries``                      the workbench: named queries with forms, SPARQL
``/schema``, ``/class/{name}``    what can be asked; the members of a class
``/graph?focus=&depth=``          the network page (``kazkg render``) with links to entity pages
``/query``                        the SPARQL 1.1 endpoint (:mod:`.endpoint`)
================================  ==========================================================

Every page is rendered by Jinja2 with autoescaping; JSON in a page sits in
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped.  Pages forbid scripts
and styles from anywhere but the server itself (Content-Security-Policy).
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kazkg import __version__
from kazkg.errors import KazkgError
from kazkg.query import internal, named
from kazkg.query.backends.oxigraph import parse_json_results
from kazkg.terms import local_name
from kazkg.views.explorer import endpoint, workbench
from kazkg.views.explorer.entity import (
    LINKED_DATA,
    ego_data,
    entity_view,
    linked_data,
    timeline_svg,
)
from kazkg.views.explorer.links import compact_iri, entity_href, iri_of, source_href, span_text
from kazkg.views.explorer.pool import QueryStopped
from kazkg.views.explorer.search import suggest
from kazkg.views.explorer.state import Explorer
from kazkg.views.network_page import script_json
from kazkg.vocab import KZ, PREFIXES

if TYPE_CHECKING:
    from jinja2 import Environment
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

HERE = Path(__file__).resolve().parent

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of every page (the network page brings its own)."""

SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def templates(explorer: Explorer) -> Environment:
    """The Jinja2 environment of the explorer's templates (autoescaping on)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        version=__version__,
        entity_href=entity_href,
        source_href=source_href,
        compact_iri=compact_iri,
        span_text=span_text,
        local_name=local_name,
        script_json=script_json,
        prefixes=PREFIXES,
        quote_href=explorer.quote_link,
        documents=explorer.documents,
    )
    return env


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """The template named ``template`` rendered for ``request``."""
    from starlette.responses import HTMLResponse

    env: Environment = request.app.state.templates
    base = f"{request.url.scheme}://{request.url.netloc}"
    context.setdefault("q", "")
    html = env.get_template(template).render(base=base, **context)
    return HTMLResponse(html, status, headers={"Content-Security-Policy": CSP, **SECURITY})


def _explorer(request: Request) -> Explorer:
    found: Explorer = request.app.state.explorer
    return found


def not_found(request: Request, message: str, guess: str = "") -> Response:
    """A 404 page, with the entities ``guess`` may mean."""
    explorer = _explorer(request)
    found = suggest(explorer.backend, explorer.schema, guess, 5) if guess else []
    return page(request, "error.html", 404, title="Not found", message=message, found=found)


# ---- home and search ------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _home_facts(explorer: Explorer) -> dict[str, Any]:
    from kazkg.query.labels import labels

    found = explorer.class_counts
    central = [
        row[0].value for row in internal.select(explorer.backend, "central-entities").rows if row[0]
    ]
    names = labels(explorer.backend, central)
    return {
        "counts": {
            "entities": found.get(KZ.Entity, 0),
            "facts": found.get(KZ.Fact, 0),
            "triples": explorer.triples,
        },
        "examples": [(iri, names.get(iri, compact_iri(iri))) for iri in central],
        "sources": explorer.sources,
    }


def home(request: Request) -> Response:
    """``/``."""
    explorer = _explorer(request)
    return page(request, "home.html", queries=named.catalogue(), **_home_facts(explorer))


def search_page(request: Request) -> Response:
    """``/search?q=``: every entity the text may mean."""
    explorer = _explorer(request)
    text = request.query_params.get("q", "")
    found = suggest(explorer.backend, explorer.schema, text, 25)
    return page(request, "search.html", q=text, found=found)


def api_search(request: Request) -> Response:
    """``/api/search?q=TEXT[&limit=N]``: suggestions as a JSON array, best first."""
    from starlette.responses import JSONResponse

    explorer = _explorer(request)
    try:
        limit = max(1, min(50, int(request.query_params.get("limit", "10"))))
    except ValueError:
        limit = 10
    found = suggest(explorer.backend, explorer.schema, request.query_params.get("q", ""), limit)
    return JSONResponse([s.to_json() for s in found], headers=endpoint.CORS)


# ---- entities -------------------------------------------------------------------------------


def _media(request: Request) -> str:
    """``text/html`` or one of the Linked Data types, as the ``Accept`` header prefers."""
    for media in endpoint.accepted(request.headers.get("accept")):
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return "text/html"
        if media in LINKED_DATA:
            return media
        if media == "application/json":
            return "application/ld+json"
    return "text/html"


def entity(request: Request) -> Response:
    """``/entity/{id}``: the entity page, or its triples."""
    from starlette.responses import Response

    explorer = _explorer(request)
    local = request.path_params["id"]
    iri = iri_of(local)
    guess = local.replace("-", " ")
    if iri is None:
        return not_found(request, "No entity has this address.", guess)
    media = _media(request)
    try:
        if media != "text/html":
            data = linked_data(explorer.backend, iri, media)
            if not data.strip():
                return Response(b"nothing is known about this IRI\n", 404, media_type="text/plain")
            headers = {"Vary": "Accept", **endpoint.CORS, **SECURITY}
            return Response(data, media_type=media, headers=headers)
        view = entity_view(explorer.backend, explorer.schema, iri)
    except KazkgError:
        return not_found(request, f"The graph says nothing about {compact_iri(iri)}.", guess)
    response = page(request, "entity.html", view=view, local=local)
    response.headers["Vary"] = "Accept"
    return response


def id_redirect(request: Request) -> Response:
    """``/id/{id}``: the IRI's document is its entity page."""
    from starlette.responses import RedirectResponse

    return RedirectResponse(f"/entity/{request.path_params['id']}", status_code=303)


@functools.lru_cache(maxsize=256)
def _timeline(explorer: Explorer, iri: str) -> bytes | None:
    return timeline_svg(explorer.backend, iri)


def entity_timeline(request: Request) -> Response:
    """``/entity/{id}/timeline.svg``."""
    from starlette.responses import Response

    iri = iri_of(request.path_params["id"])
    try:
        svg = _timeline(_explorer(request), iri) if iri else None
    except KazkgError:
        svg = None
    if svg is None:
        return Response(b"no line of succession\n", 404, media_type="text/plain")
    headers = {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        **SECURITY,
    }
    return Response(svg, media_type="image/svg+xml", headers=headers)


def api_ego(request: Request) -> Response:
    """``/api/ego/{id}?depth=1|2``: the ego network, laid out, as the network page's data."""
    from starlette.responses import JSONResponse

    explorer = _explorer(request)
    iri = iri_of(request.path_params["id"])
    depth = 2 if request.query_params.get("depth") == "2" else 1
    if iri is None:
        return JSONResponse({"error": "no such entity"}, 404)
    try:
        data = ego_data(explorer.backend, explorer.schema, iri, depth)
    except KazkgError as error:
        return JSONResponse({"error": str(error)}, 404)
    return JSONResponse(data)


# ---- sources, schema, network ---------------------------------------------------------------


def source(request: Request) -> Response:
    """``/source/{id}``: the text with its quotes highlighted."""
    from kazkg.views.explorer.source import source_view

    explorer = _explorer(request)
    iri = iri_of(request.path_params["id"])
    view = source_view(explorer.backend, explorer.schema, explorer.sources, iri) if iri else None
    if view is None:
        return not_found(request, "No source document has this address.")
    quotes = {
        anchor: {"quote": text, "facts": [{"href": b.href, "label": b.label} for b in backed]}
        for anchor, (text, backed) in view.quotes.items()
    }
    return page(request, "source.html", view=view, quotes_json=script_json(quotes))


def sources_page(request: Request) -> Response:
    """``/sources``."""
    return page(request, "sources.html", sources=_explorer(request).sources)


@functools.lru_cache(maxsize=4)
def _schema_view(explorer: Explorer) -> Any:
    from kazkg.views.explorer.schema_page import schema_view

    return schema_view(explorer.backend, explorer.schema)


def schema(request: Request) -> Response:
    """``/schema``: what can be asked."""
    return page(request, "schema.html", view=_schema_view(_explorer(request)))


def class_page(request: Request) -> Response:
    """``/class/{name}``: the members of a class."""
    from kazkg.views.explorer.schema_page import members

    explorer = _explorer(request)
    name = request.path_params["name"]
    iri = KZ.NS + name
    info = explorer.schema.classes.get(iri)
    if info is None:
        return not_found(request, f"The ontology has no class {name!r}.")
    found = members(explorer.backend, iri)
    count = explorer.class_counts.get(iri, len(found))
    return page(request, "class.html", info=info, name=name, members=found, count=count)


def graph(request: Request) -> Response:
    """``/graph``: the network page (as ``kazkg render`` writes it), linked to entity pages."""
    from starlette.responses import HTMLResponse

    from kazkg.query.selection import choose
    from kazkg.views.layout import LIMIT
    from kazkg.views.network_page import render_html

    explorer = _explorer(request)
    params = request.query_params
    focus = [f for f in params.getlist("focus") if f.strip()]
    entities = explorer.class_counts.get(KZ.Entity, 0)
    if not focus and entities > LIMIT:
        message = f"The graph has {entities} entities, too many to draw at once: add ?focus=NAME."
        return page(request, "error.html", 400, title="Choose a focus", message=message, found=[])
    try:
        depth = int(params["depth"]) if params.get("depth") and focus else None
        view = choose(explorer.backend, focus=focus, depth=depth, as_of=params.get("as_of") or None)
    except (KazkgError, ValueError) as error:
        return page(
            request, "error.html", 400, title="Cannot draw this", message=str(error), found=[]
        )
    title = "kazkg: " + (view.description or "the whole graph")
    html = render_html(
        view.network, view.schema, title=title, context=view.context, focus=view.focus, links=True
    )
    return HTMLResponse(html, headers=SECURITY)


# ---- the workbench --------------------------------------------------------------------------


def _timeout_text(explorer: Explorer) -> str:
    limit = explorer.limits.timeout
    return f"{limit:g} s" if limit else "no time limit"


async def _answer(request: Request, outcome: workbench.Outcome) -> workbench.Outcome:
    """Run ``outcome.sparql`` in a worker and fill in what to show."""
    from starlette.concurrency import run_in_threadpool

    explorer = _explorer(request)
    accept = ["application/sparql-results+json", "text/turtle"]
    try:
        answer = await endpoint.run(explorer, outcome.sparql, accept, request)
    except (endpoint.ProtocolError, QueryStopped) as error:
        outcome.error = str(error)
        return outcome
    if answer.status != 200:
        outcome.error = answer.body.decode("utf-8", errors="replace").strip()
        return outcome
    if answer.media_type == "text/turtle":
        outcome.graph = answer.body.decode("utf-8", errors="replace")
        return outcome
    outcome.downloads = workbench.downloads(outcome.query, outcome.params, outcome.sparql)
    result = parse_json_results(answer.body)
    return await run_in_threadpool(workbench.outcome_of, explorer, outcome, result)


def _workbench(request: Request, **context: Any) -> Response:
    explorer = _explorer(request)
    context.setdefault("selected", None)
    context.setdefault("outcome", None)
    context.setdefault("values", {})
    context.setdefault(
        "sparql",
        "SELECT ?body ?label WHERE {\n  ?body a kz:StateBody ; rdfs:label ?label .\n}\nLIMIT 20\n",
    )
    return page(
        request,
        "queries.html",
        queries=named.catalogue(),
        timeout=_timeout_text(explorer),
        **context,
    )


async def queries(request: Request) -> Response:
    """``/queries[?name=NAME&PARAM=VALUE…&run=1]``: the catalogue, a query's form, its answer."""
    from starlette.concurrency import run_in_threadpool

    explorer = _explorer(request)
    name = request.query_params.get("name")
    if not name:
        return _workbench(request)
    try:
        query = named.get(name)
    except KazkgError as error:
        return _workbench(request, outcome=workbench.Outcome("", error=str(error)))
    given = {
        p.name: request.query_params[p.name]
        for p in query.parameters
        if p.name in request.query_params
    }
    values = given if "run" in request.query_params else {**query.example, **given}
    context: dict[str, Any] = {"selected": query, "values": values, "sparql": query.text}
    if "run" not in request.query_params:
        return _workbench(request, **context)
    outcome = workbench.Outcome(query.text, query=query, params=values)
    try:
        await run_in_threadpool(workbench.bind, explorer, outcome)
    except KazkgError as error:
        outcome.error = str(error)
    else:
        outcome = await _answer(request, outcome)
    return _workbench(request, outcome=outcome, **{**context, "sparql": outcome.sparql})


async def sparql(request: Request) -> Response:
    """``/queries/sparql``: run the SPARQL typed in the workbench's editor."""
    if request.method == "POST":
        try:
            text = "".join((await endpoint.form_of(request)).get("query", [])[:1])
        except endpoint.ProtocolError as error:
            return _workbench(request, outcome=workbench.Outcome("", error=str(error)))
    else:
        text = request.query_params.get("query", "")
    if not text.strip():
        return _workbench(request)
    outcome = await _answer(request, workbench.Outcome(text))
    return _workbench(request, outcome=outcome, sparql=text)


async def download(request: Request) -> Response:
    """``/queries/download?(name=NAME&PARAM=VALUE…|sparql=TEXT)&format=csv|json``."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import PlainTextResponse, Response

    explorer = _explorer(request)
    params = dict(request.query_params)
    fmt = params.pop("format", "csv")
    if fmt not in workbench.DOWNLOADS:
        return PlainTextResponse("format: csv or json\n", 400)
    try:
        if "name" in params:
            query = named.get(params.pop("name"))
            workbench.check_form(query, params)
            outcome = workbench.Outcome("", query=query, params=params)
            await run_in_threadpool(workbench.bind, explorer, outcome)
            text, stem = outcome.sparql, query.name
        else:
            text, stem = params.get("sparql", ""), "query"
        answer = await endpoint.run(explorer, text, [workbench.DOWNLOADS[fmt]], request)
    except (KazkgError, endpoint.ProtocolError) as error:
        return PlainTextResponse(str(error) + "\n", getattr(error, "status", 400))
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'}
    if answer.status != 200:
        headers = {}
    return Response(answer.body, answer.status, media_type=answer.media_type, headers=headers)


# ---- static assets --------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _asset(name: str) -> tuple[bytes, str]:
    """A script or stylesheet the explorer shares with the network page."""
    from kazkg.views.network_page import _ASSETS, vis_assets

    if name == "common.js":
        return (_ASSETS / name).read_bytes(), "text/javascript"
    assets = vis_assets()
    if name == "vis-network.min.js":
        return assets.js.encode("utf-8"), "text/javascript"
    return assets.css.encode("utf-8"), "text/css"


def shared_asset(request: Request) -> Response:
    """vis-network's script and stylesheet (as the pyvis package ships them), and the script
    the explorer shares with the network page."""
    from starlette.responses import Response

    body, media = _asset(request.url.path.rsplit("/", 1)[1])
    headers = {"Cache-Control": "max-age=86400", **SECURITY}
    return Response(body, media_type=media, headers=headers)


# ---- the application ------------------------------------------------------------------------

ROUTES: list[tuple[str, Callable[..., Any], tuple[str, ...]]] = [
    ("/", home, ("GET",)),
    ("/search", search_page, ("GET",)),
    ("/api/search", api_search, ("GET",)),
    ("/entity/{id}", entity, ("GET",)),
    ("/entity/{id}/timeline.svg", entity_timeline, ("GET",)),
    ("/id/{id}", id_redirect, ("GET",)),
    ("/api/ego/{id}", api_ego, ("GET",)),
    ("/source/{id}", source, ("GET",)),
    ("/sources", sources_page, ("GET",)),
    ("/schema", schema, ("GET",)),
    ("/class/{name}", class_page, ("GET",)),
    ("/graph", graph, ("GET",)),
    ("/queries", queries, ("GET",)),
    ("/queries/sparql", sparql, ("GET", "POST")),
    ("/queries/download", download, ("GET",)),
    ("/query", endpoint.query, ("GET", "POST", "OPTIONS")),
    ("/static/vis/vis-network.min.js", shared_asset, ("GET",)),
    ("/static/vis/vis-network.min.css", shared_asset, ("GET",)),
    ("/static/common.js", shared_asset, ("GET",)),
]
"""Every route: path, handler, methods."""


class ServerTiming:
    """ASGI middleware: every answer says how long the server took to prepare it, in a
    ``Server-Timing: app;dur=MILLISECONDS`` header (browsers' developer tools show it)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()

        async def timed(message: Any) -> None:
            if message["type"] == "http.response.start":
                spent = (time.perf_counter() - began) * 1000
                headers = [
                    *message.get("headers", []),
                    (b"server-timing", f"app;dur={spent:.2f}".encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed)


ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
"""Host names a request may name (a page elsewhere cannot rebind its own name to this server)."""


def create_app(explorer: Explorer) -> Starlette:
    """The explorer as an ASGI application; its query workers start and stop with it."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await explorer.pool.start()
        try:
            yield
        finally:
            await explorer.pool.close()

    routes: list[Any] = [
        Route(path, handler, methods=list(methods)) for path, handler, methods in ROUTES
    ]
    routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(ServerTiming),
            Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS),
        ],
    )
    app.state.explorer = explorer
    app.state.templates = templates(explorer)
    return app


__all__ = ["ALLOWED_HOSTS", "CSP", "ROUTES", "create_app", "page", "templates"]
