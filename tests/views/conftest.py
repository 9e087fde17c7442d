"""Fixtures for the views: the real network, a tiny hostile graph, headless Chromium."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kazkg.build import build
from kazkg.build.store import CompiledStore, current
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.projection import Network, load_network
from kazkg.resources import Workspace
from kazkg.schema import Schema, default_schema
from kazkg.views import chromium
from tests.views.serving import Served, running

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = "</script><script>alert(2)</script> & “quoted”"
HOSTILE_TURTLE = textwrap.dedent(
    """\
    @prefix kz:   <https://w3id.org/kazkg/ontology#> .
    @prefix kzid: <https://w3id.org/kazkg/id/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

    kzid:hostile-body a kz:StateBody ;
        rdfs:label "<img src=x onerror=alert(1)>"@en ;
        skos:altLabel "<b>bold</b>"@en ;
        kz:quote "<img src=x onerror=alert(1)>" .

    kzid:parent-ministry a kz:Ministry ;
        rdfs:label "Ministry of \\"Tests\\" & Checks"@en ;
        kz:quote "Ministry of Tests" .

    kzid:fact-hostile-subordination a kz:Subordination ;
        kz:subordinate kzid:hostile-body ;
        kz:superior kzid:parent-ministry ;
        kz:startDate "2011"^^xsd:gYear ;
        kz:quote "</script><script>alert(2)</script> & “quoted”" .
    """
)


@dataclass
class Loaded:
    """A network with its schema, read from a compiled store."""

    network: Network
    schema: Schema
    label: str = ""
    """The hostile entity's label (hostile graph only)."""
    quote: str = ""
    """The hostile relation's quote (hostile graph only)."""


@pytest.fixture(scope="session")
def real(compiled: CompiledStore) -> Loaded:
    """The whole real graph, projected."""
    with OxigraphBackend.open(compiled) as backend:
        return Loaded(load_network(backend), default_schema())


@pytest.fixture(scope="session")
def hostile_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The hostile graph, compiled into a store of its own."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "graph").mkdir()
    (root / "graph" / "hostile.ttl").write_text(HOSTILE_TURTLE, encoding="utf-8")
    workspace = Workspace.default(graph=root / "graph", store=root / "store")
    build(workspace, validate=False)
    return workspace


@pytest.fixture(scope="session")
def hostile(hostile_workspace: Workspace) -> Loaded:
    """A two-entity graph whose label and quote are HTML and script."""
    compiled = current(hostile_workspace.store)
    assert compiled is not None
    with OxigraphBackend.open(compiled) as backend:
        return Loaded(load_network(backend), default_schema(), HOSTILE_LABEL, HOSTILE_QUOTE)


@pytest.fixture(scope="session")
def served(workspace: Workspace, compiled: CompiledStore) -> Iterator[Served]:
    """``kazkg serve`` over the real graph, for the whole session."""
    with running(workspace) as server:
        yield server


@pytest.fixture(scope="session")
def hostile_served(hostile_workspace: Workspace) -> Iterator[Served]:
    """``kazkg serve`` over the graph whose label and quote are markup."""
    with running(hostile_workspace) as server:
        yield server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept for people to look at (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass
class Watched:
    """A browser tab, and what happened while it ran."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)

    def watch(self, allowed: Callable[[str], bool]) -> None:
        """Block (and note) every request ``allowed`` refuses; note errors and dialogs."""

        def route(route: Any) -> None:
            if allowed(route.request.url):
                route.continue_()
            else:
                self.remote_requests.append(route.request.url)
                route.abort()

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("dialog", on_dialog)

    def assert_clean(self) -> None:
        """Nothing went wrong, ran unasked, or reached for the network."""
        assert self.console_errors == []
        assert self.dialogs == []
        assert self.remote_requests == []


def poll(page: Any, script: str, what: str, timeout_ms: int = 120_000) -> None:
    """Wait until ``script`` is true in ``page`` (the pages' CSP forbids the eval
    ``wait_for_function`` relies on)."""
    waited = 0
    while not page.evaluate(script):
        if waited > timeout_ms:
            raise AssertionError(f"{what} never happened")
        page.wait_for_timeout(50)
        waited += 50


@dataclass
class OpenedPage(Watched):
    """A page opened from disk with the network blocked, and what happened while it ran."""

    def drawn(self) -> dict[str, int]:
        """Entities and relations vis-network draws now."""
        counts: dict[str, int] = self.page.evaluate("window.kazkg.drawn()")
        return counts

    def screen_position(self, node_id: str) -> tuple[float, float]:
        """Where on the screen the centre of entity ``node_id`` is drawn."""
        x, y = self.page.evaluate(
            """(id) => {
                const network = window.kazkg.network;
                const point = network.canvasToDOM(network.getPositions([id])[id]);
                const box = document.querySelector('#kazkg-canvas canvas').getBoundingClientRect();
                return [box.left + point.x, box.top + point.y];
            }""",
            node_id,
        )
        return float(x), float(y)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright."""
    if not chromium.installed():
        pytest.skip(
            f"{chromium.CHROMIUM} is missing (scripts/test installs Debian's chromium as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = chromium.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture()
def open_page(browser: Any) -> Iterator[Callable[[Path], OpenedPage]]:
    """Open an HTML file with every http(s) request blocked; wait until the workspace settles."""
    contexts: list[Any] = []

    def opener(path: Path) -> OpenedPage:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        opened = OpenedPage(context.new_page())
        opened.watch(lambda url: not url.startswith(("http://", "https://")))
        opened.page.goto(path.resolve().as_uri())
        poll(opened.page, "window.kazkgStabilized === true", "the network settling")
        return opened

    yield opener
    for context in contexts:
        context.close()


@dataclass
class Visit(Watched):
    """A browser tab on a served explorer: every request that does not go to it is blocked."""

    base: str = ""

    def go(self, path: str) -> Any:
        """Open ``path`` of the server and wait until it has loaded."""
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return response

    def wait_drawn(self, selector: str = ".network", other_than: str | None = None) -> int:
        """Wait until the network in ``selector`` is drawn (with a count of entities other than
        ``other_than``, if given); how many entities it shows."""
        drawn = f"document.querySelector({json.dumps(selector)}).getAttribute('data-drawn')"
        test = f"{drawn} !== null" + (
            f" && {drawn} !== {json.dumps(other_than)}" if other_than else ""
        )
        poll(self.page, test, f"the network {selector} drawn", 30_000)
        return int(self.page.get_attribute(selector, "data-drawn"))


@pytest.fixture()
def visit(browser: Any) -> Iterator[Callable[[str], Visit]]:
    """``visit(base_url)``: a tab on the explorer at ``base_url``, the rest of the web blocked."""
    contexts: list[Any] = []

    def opener(base: str) -> Visit:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        opened = Visit(context.new_page(), base=base)
        opened.watch(lambda url: url == base or url.startswith(base + "/"))
        return opened

    yield opener
    for context in contexts:
        context.close()
