"""How fast the explorer answers: ``python -m benchmarks.explorer`` (``scripts/bench-explorer``).

Measured on a real ``kazkg serve`` over loopback, as a browser uses it, on the real graph and on
a generated graph (default 100,000 entities; built without validation):

* **suggestions**: server time of ``/api/search`` (its ``Server-Timing`` header) for partial
  names, abbreviations and typos, median of repeated requests; and the first request after
  start, which builds the name index;
* **entity page**: server time of ``/entity/{id}`` for a body of a line of succession and for
  the best-connected entity (a state with thousands of facts at 100,000 entities);
* **drawn in Chromium**: from navigation until the page's ego network is drawn (the page's own
  ``kazkgDrawnMs``), median of several loads;
* **3,000-entity page**: an ego network of about 3,000 entities from a 10,000-entity graph,
  written by :func:`kazkg.views.network_page.render_html`, opened from disk: time until it is
  drawn and still, with the layout computed before the page was written, and (the reference)
  laid out by vis-network's physics in the browser as before.

Targets: suggestions < 20 ms, entity page < 100 ms (medians), the Agency's page drawn < 1 s,
a 3,000-entity page usable < 2 s.  Figures are printed as ``name, measured, target, met`` and
written to ``--json``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kazkg.views import chromium

AGENCY = "agency-for-religious-affairs"

PAGE_TIMEOUT_MS = 60_000
"""How long a page may take to be drawn before the measurement fails (Playwright's timeout)."""


@dataclass
class Figure:
    """One measured figure beside its target."""

    name: str
    measured: float | None
    unit: str
    target: float | None
    note: str = ""

    @property
    def met(self) -> bool | None:
        """Whether the target is met (``None``: no target, or not measured)."""
        if self.measured is None or self.target is None:
            return None
        return self.measured < self.target

    def line(self) -> str:
        """One line of the printed table."""
        value = "-" if self.measured is None else f"{self.measured:.1f} {self.unit}"
        target = "" if self.target is None else f"< {self.target:g} {self.unit}"
        met = {True: "met", False: "MISSED", None: ""}[self.met]
        return f"{self.name:<58} {value:>12} {target:>12} {met:>6}  {self.note}"


@dataclass
class Server:
    """A running ``kazkg serve``."""

    base: str
    process: subprocess.Popen[str]

    def timed(self, path: str, accept: str = "text/html") -> tuple[float, bytes]:
        """The server's own time for ``path`` (milliseconds, from ``Server-Timing``), and the body."""
        request = urllib.request.Request(self.base + path, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=600) as response:
            body = response.read()
            header = response.headers.get("Server-Timing", "")
        return float(header.split("dur=")[1]), body


@contextlib.contextmanager
def serving(global_options: Sequence[str]) -> Iterator[Server]:
    """``kazkg <global options> serve --port 0`` until the block ends."""
    command = [sys.executable, "-m", "kazkg.cli.main", *global_options, "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        if "http" not in line:
            raise RuntimeError(f"kazkg serve did not start: {line}{process.stderr.read()}")
        yield Server(line.split()[-1].removesuffix("/query"), process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def median_ms(measure: Callable[[], float], repeat: int) -> float:
    """The median of ``repeat`` measurements, after one warm-up."""
    measure()
    return statistics.median(measure() for _ in range(repeat))


class Browser:
    """Headless Chromium, the network beyond loopback blocked."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = chromium.launch(self._playwright)

    def _page(self, allowed: str) -> Any:
        page = self._browser.new_page(viewport={"width": 1400, "height": 900})

        def route(route: Any) -> None:
            url = route.request.url
            (route.continue_ if url.startswith(allowed) else route.abort)()

        page.route("**/*", route)
        return page

    def drawn_ms(self, url: str) -> float:
        """Milliseconds from navigation until the page's network is drawn."""
        page = self._page(url.split("/entity/")[0])
        try:
            page.goto(url)
            page.wait_for_function("window.kazkgDrawn === true", timeout=PAGE_TIMEOUT_MS)
            return float(page.evaluate("window.kazkgDrawnMs"))
        finally:
            page.close()

    def usable_ms(self, html: Path) -> tuple[float, int]:
        """Milliseconds from navigation until a network page is drawn and still; entities drawn."""
        page = self._page("file:")
        try:
            page.goto(html.resolve().as_uri())
            page.wait_for_function("window.kazkgStabilized === true", timeout=PAGE_TIMEOUT_MS)
            ms = float(page.evaluate("performance.now()"))
            return ms, int(page.evaluate("window.kazkg.drawn().nodes"))
        finally:
            page.close()

    def close(self) -> None:
        """Close the browser."""
        self._browser.close()
        self._playwright.stop()


def build(graph: Path, store: Path) -> float:
    """Build ``graph`` into ``store`` without validation (unless it is built); seconds taken."""
    began = time.perf_counter()
    command = [sys.executable, "-m", "kazkg.cli.main", "--graph-dir", str(graph)]
    command += ["--sources", str(graph), "--store", str(store), "build", "--no-validate"]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - began


def generated(work: Path, entities: int, seed: int) -> tuple[Path, Any]:
    """A generated graph of ``entities`` in ``work`` (made once), and its probes."""
    from benchmarks.generate import METADATA_FILE, generate, read_generated

    folder = work / f"graph-{entities}-{seed}"
    if (folder / METADATA_FILE).is_file():
        return folder, read_generated(folder)
    return folder, generate(folder, entities=entities, seed=seed)


def suggestion_texts(labels: Sequence[str], alias: str, typo: str) -> list[str]:
    """Partial names (a first word and a half), an abbreviation and a typo."""
    texts = [alias, typo]
    for label in labels:
        words = label.split()
        texts.append(" ".join(words[:2])[: max(4, len(" ".join(words[:2])) - 2)])
    return texts


def generated_texts(probes: Any) -> list[str]:
    """Suggestion texts for a generated graph: its probes' label and ministry, cut short, its
    alias and its misspelt name."""
    ministry = probes.ministry.split("/")[-1].replace("-", " ")
    return suggestion_texts([probes.label, ministry], probes.alias, probes.fuzzy)


def generated_pages(probes: Any) -> tuple[str, str]:
    """The entity pages to time on a generated graph: a body of a line of succession, and the
    best-connected entity (the first state)."""
    return probes.holder.split("/id/")[-1], probes.state.split("/id/")[-1]


def _page_ms(server: Server, path: str, accept: str = "text/html") -> float:
    return server.timed(path, accept)[0]


def server_figures(
    server: Server, size: str, texts: Sequence[str], pages: dict[str, str], repeat: int
) -> list[Figure]:
    """Suggestions and entity pages, server time."""
    first, _ = server.timed("/api/search?q=" + urllib.parse.quote(texts[0]), "application/json")
    figures = [
        Figure(f"{size}: first suggestions after start (builds the index)", first, "ms", None)
    ]
    per_text = [
        median_ms(
            functools.partial(
                _page_ms, server, "/api/search?q=" + urllib.parse.quote(text), "application/json"
            ),
            repeat,
        )
        for text in texts
    ]
    figures.append(
        Figure(
            f"{size}: suggestions, server time (median of {len(texts)} texts)",
            statistics.median(per_text),
            "ms",
            20,
            f"slowest {max(per_text):.1f} ms",
        )
    )
    for what, local in pages.items():
        ms = median_ms(functools.partial(_page_ms, server, f"/entity/{local}"), repeat)
        figures.append(Figure(f"{size}: entity page, server time: {what}", ms, "ms", 100))
        deeper = median_ms(functools.partial(_page_ms, server, f"/api/ego/{local}?depth=2"), 3)
        figures.append(Figure(f"{size}: ego network depth 2 (JSON): {what}", deeper, "ms", None))
    return figures


def page_figures(work: Path, browser: Browser, seed: int) -> list[Figure]:
    """A page of about 3,000 entities: laid out before, and by the browser's physics."""
    import networkx as nx

    from kazkg.build.store import current
    from kazkg.query.backends.oxigraph import OxigraphBackend
    from kazkg.query.projection import load_network
    from kazkg.query.selection import Selection, select
    from kazkg.schema import default_schema
    from kazkg.views.network_page import render_html

    folder, _ = generated(work, 10_000, seed)
    store = work / f"store-10000-{seed}"
    build(folder, store)
    compiled = current(store)
    assert compiled is not None
    with OxigraphBackend.open(compiled) as backend:
        network = load_network(backend)
    graph = nx.Graph([(e.source, e.target) for e in network.edges])
    centre = max(graph.degree, key=lambda pair: pair[1])[0]
    depth = next(
        (
            d
            for d in range(1, 40)
            if len(nx.single_source_shortest_path_length(graph, centre, d)) >= 2800
        ),
        40,
    )
    ego = select(network, default_schema(), Selection(focus=(centre,), depth=depth))
    figures = []
    for name, places in (
        ("laid out before the page loads", None),
        ("physics in the browser (before)", {}),
    ):
        began = time.perf_counter()
        html = render_html(ego, default_schema(), focus=(centre,), places=places)
        written = time.perf_counter() - began
        path = work / f"page-3000-{'placed' if places is None else 'physics'}.html"
        path.write_text(html, encoding="utf-8")
        samples = [browser.usable_ms(path) for _ in range(3)]
        ms = statistics.median(s[0] for s in samples)
        target = 2000 if places is None else None
        note = f"{samples[0][1]} entities; page written in {written:.1f} s"
        figures.append(
            Figure(
                f"{len(ego.nodes)}-entity page usable in Chromium: {name}", ms, "ms", target, note
            )
        )
    return figures


def run(args: argparse.Namespace) -> list[Figure]:
    """Every figure."""
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    browser = None if args.no_browser or not chromium.installed() else Browser()
    figures: list[Figure] = []
    try:
        from kazkg.resources import default_sources_dir

        sources = default_sources_dir()
        real_options = ["--store", str(work / "store-real")]
        if sources is not None:
            real_options += ["--sources", str(sources)]
        subprocess.run(
            [sys.executable, "-m", "kazkg.cli.main", *real_options, "build"],
            check=True,
            capture_output=True,
        )
        with serving(real_options) as server:
            texts = suggestion_texts(
                ["Agency for Religious Affairs", "Anti-Terrorism Center", "Shanghai Cooperation"],
                "ATC",
                "Agncy for Religous Affairs",
            )
            pages = {
                "the Agency for Religious Affairs": AGENCY,
                "Republic of Kazakhstan (hub)": "kazakhstan",
            }
            figures += server_figures(server, "real graph", texts, pages, args.repeat)
            if browser is not None:
                ms = statistics.median(
                    browser.drawn_ms(f"{server.base}/entity/{AGENCY}") for _ in range(5)
                )
                figures.append(
                    Figure("real graph: the Agency's page drawn in Chromium", ms, "ms", 1000)
                )
        folder, graph = generated(work, args.entities, args.seed)
        store = work / f"store-{args.entities}-{args.seed}"
        seconds = build(folder, store)
        size = f"{args.entities:,} entities"
        options = ["--graph-dir", str(folder), "--sources", str(folder), "--store", str(store)]
        with serving(options) as server:
            texts = generated_texts(graph.probes)
            body, hub = generated_pages(graph.probes)
            local = {
                "a body of a line of succession": body,
                "a state (the best-connected entity)": hub,
            }
            figures += server_figures(server, size, texts, local, args.repeat)
            if browser is not None:
                url = f"{server.base}/entity/{local['a body of a line of succession']}"
                ms = statistics.median(browser.drawn_ms(url) for _ in range(5))
                figures.append(Figure(f"{size}: a body's page drawn in Chromium", ms, "ms", 1000))
        figures.append(Figure(f"{size}: build without validation (once)", seconds, "s", None))
        if browser is not None:
            figures += page_figures(work, browser, args.seed)
    finally:
        if browser is not None:
            browser.close()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the explorer benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="bench-explorer", description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000, help="generated graph size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15, help="requests per median")
    parser.add_argument("--work", type=Path, default=Path("out/bench-explorer"))
    parser.add_argument("--json", type=Path, default=Path("out/bench-explorer.json"))
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    args = parser.parse_args(argv)
    figures = run(args)
    print(f"{'figure':<58} {'measured':>12} {'target':>12} {'':>6}")
    for figure in figures:
        print(figure.line())
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    records = [{**asdict(f), "met": f.met} for f in figures]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"machine": machine, "figures": records}, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
