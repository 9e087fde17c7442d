"""The benchmark behind ``scripts/bench``: every figure, for each size and backend, beside its
reference measured in the same run.

For each size (entities of a generated graph, :mod:`benchmarks.generate`) the harness builds
the graph, then measures on the ``memory`` backend (rdflib), the embedded ``oxigraph`` backend
and a real ``oxigraph serve`` on loopback: opening, lineage, an as-of question, an aggregate,
name resolution (label, alias, fuzzy), the hardest named query, pushing the graph to a server,
and rendering ego networks of about 300 and 3,000 entities (HTML written, then the time until
the layout has settled in headless Chromium).  On the real graph it times the commands as a
user types them, and 8 concurrent clients against ``kazkg serve``.

Every figure has a reference from the same run: rdflib running the same SPARQL (the ``memory``
backend), networkx's ``ancestors | descendants`` for lineage, ``python -c "import rdflib"`` for
command start-up, rdflib parsing the same data for loading, ``oxigraph load`` for pushing,
pyvis writing the same network for rendering, one client for the load test.  Results go to a
JSON file and a table; :func:`plot` draws cost against size on log-log axes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.explorer import generated_pages, generated_texts, suggestion_texts
from benchmarks.generate import GeneratedGraph, generate
from benchmarks.measure import (
    child_env,
    process_peak_rss,
    python_command,
    time_call,
    time_command,
)
from benchmarks.questions import QUESTIONS
from kazkg.servers.oxigraph import stop_process

DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
EGO_TARGETS = (300, 3_000)
REAL_TRACE_NAME = "Agency for Religious Affairs"
REAL_AGENCY = "agency-for-religious-affairs"

BACKENDS = ("memory", "oxigraph", "server", "virtuoso")
"""The columns: rdflib in memory, the embedded store, ``oxigraph serve`` and Virtuoso over HTTP."""

VIRTUOSO_SETTINGS = {"Parameters": {"NumberOfBuffers": "340000", "MaxDirtyBuffers": "250000"}}
"""Buffers for a throw-away Virtuoso holding millions of triples (about 2.7 GB; the packaged
configuration's 10,000 buffers make a bulk load of 3 million triples crawl)."""


@dataclass(frozen=True)
class Measure:
    """One kind of figure: its title, unit, what it is compared with, and how."""

    key: str
    title: str
    unit: str
    reference: str
    higher_is_better: bool = False


MEASURES = {
    m.key: m
    for m in (
        Measure(
            "build-cli", "kazkg build (validated) · new process", "s", "rdflib parses the Turtle"
        ),
        Measure(
            "build-cli-memory",
            "kazkg build (validated) · peak memory / triple",
            "B",
            "rdflib parse",
        ),
        Measure(
            "build-novalidate-cli",
            "kazkg build --no-validate · new process",
            "s",
            "rdflib parses the Turtle",
        ),
        Measure(
            "build-novalidate-cli-memory",
            "kazkg build --no-validate · peak memory / triple",
            "B",
            "rdflib parse",
        ),
        Measure("build", "build, no validation · in-process", "s", "rdflib parses the Turtle"),
        Measure("build-memory", "build, no validation · peak memory / triple", "B", "rdflib parse"),
        Measure("open", "open the store, first answer", "s", "rdflib parses the closure"),
        Measure("memory", "query process peak memory / triple", "B", "rdflib"),
        Measure("lineage", "lineage of a chain", "s", "networkx ancestors|descendants"),
        Measure("trace", "trace NAME (resolve + lineage)", "s", "rdflib, same code"),
        Measure("as-of", "as-of: who held a function on a date", "s", "rdflib, same SPARQL"),
        Measure("aggregate", "aggregate: entities per class, facts per kind", "s", "rdflib"),
        Measure("aggregate-sparql", "aggregate, as one SPARQL query", "s", "rdflib, same SPARQL"),
        Measure("name-label", "name resolution: label", "s", "rdflib, same code"),
        Measure("name-alias", "name resolution: alias", "s", "rdflib, same code"),
        Measure("name-fuzzy", "name resolution: fuzzy (warm)", "s", "rdflib, same code"),
        Measure("name-fuzzy-cold", "name resolution: fuzzy, first call", "s", "rdflib"),
        Measure("describe", "describe an entity", "s", "rdflib, same code"),
        Measure("hardest-query", "hardest named query (changes-in-year)", "s", "rdflib"),
        Measure("cli-trace", "kazkg trace NAME · new process", "s", "python -c 'import rdflib'"),
        Measure(
            "cli-trace-typo", "kazkg trace MISSPELT · new process", "s", "python -c 'import rdflib'"
        ),
        Measure(
            "cli-render-focus",
            "kazkg render --focus NAME --depth 2 · new process",
            "s",
            "python -c 'import rdflib'",
        ),
        Measure("push", "kazkg push whole graph + count check", "s", "oxigraph load (bulk)"),
        Measure(
            "push-virtuoso",
            "kazkg push into Virtuoso + count check",
            "s",
            "Virtuoso bulk load (ld_dir, rdf_loader_run, checkpoint)",
        ),
        Measure(
            "explorer-suggest", "explorer: suggestions (server time, median)", "s", "target 20 ms"
        ),
        Measure("explorer-suggest-first", "explorer: first suggestions after start", "s", ""),
        Measure("explorer-entity", "explorer: a body's page (server time)", "s", "target 100 ms"),
        Measure(
            "explorer-entity-hub",
            "explorer: the best-connected entity's page (server time)",
            "s",
            "",
        ),
        Measure("explorer-drawn", "explorer: a body's page drawn in Chromium", "s", "target 1 s"),
        Measure("render-300", "render ego ~300: HTML written (CLI)", "s", "pyvis write_html"),
        Measure("stable-300", "ego ~300: stabilised in Chromium", "s", "target 10 s"),
        Measure("render-3000", "render ego ~3000: HTML written (CLI)", "s", "pyvis write_html"),
        Measure("stable-3000", "ego ~3000: stabilised in Chromium", "s", "target 2 s"),
        Measure(
            "cli-query",
            "kazkg query responsible-on-date · new process",
            "s",
            "python -c 'import rdflib'",
        ),
        Measure(
            "cli-render",
            "kazkg render (whole graph) · new process",
            "s",
            "python -c 'import rdflib'",
        ),
        Measure("load-throughput", "8 clients: throughput", "req/s", "1 client", True),
        Measure("load-p50", "8 clients: p50 latency", "s", "1 client"),
        Measure("load-p99", "8 clients: p99 latency", "s", "1 client"),
    )
}
"""Every kind of figure, in the order the tables show them.  A figure taken "new process" is a
command as a user types it, timed end to end (start-up, freshness check, answer); the others are
measured inside a process that has already opened the store ("in-process")."""

NAMED = "named:"
"""The prefix of the measures that time one named query each (``named:members-of``)."""


@dataclass
class Figure:
    """One measured figure: where (size, backend), what, its value and how it was got."""

    size: str
    measure: str
    backend: str
    value: float | None
    rows: int | None = None
    samples: list[float] = field(default_factory=list)
    note: str = ""


@dataclass
class SizeInfo:
    """What one size holds."""

    size: str
    entities: int
    asserted: int
    stored: int


@dataclass
class Config:
    """What to run and where to keep the generated graphs and stores."""

    sizes: tuple[int, ...] = DEFAULT_SIZES
    seed: int = 1
    work: Path = Path("out/bench")
    budget: float = 15.0
    """Seconds one figure may spend on repeats (at least one run always happens)."""
    timeout: float = 120.0
    """Seconds one measurement may take before it is abandoned and reported as a timeout."""
    browser: bool = True
    real_graph: bool = True
    load_requests: int = 400
    virtuoso: bool = True
    """Measure Virtuoso too, where it is installed."""
    build_timeout: float = 1800.0
    """Seconds one build may take (a build at the largest size is slow; it is what is measured)."""


@dataclass
class Results:
    """Everything one run measured."""

    started: str
    machine: dict[str, Any]
    config: dict[str, Any]
    sizes: list[SizeInfo] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0
    targets: list[dict[str, Any]] = field(default_factory=list)
    """Each target checked: ``{name, measured, target, met}`` and more (see
    :func:`benchmarks.report.targets`)."""

    def get(self, size: str, measure: str, backend: str) -> Figure | None:
        """The figure measured for ``size``, ``measure`` and ``backend``, if any."""
        for figure in self.figures:
            if (figure.size, figure.measure, figure.backend) == (size, measure, backend):
                return figure
        return None

    def to_json(self) -> str:
        """Serialise."""
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Results:
        """Read what :meth:`to_json` wrote."""
        data = json.loads(text)
        data["sizes"] = [SizeInfo(**s) for s in data["sizes"]]
        data["figures"] = [Figure(**f) for f in data["figures"]]
        return cls(**data)


def machine() -> dict[str, Any]:
    """The machine and software the figures were measured on."""
    import psutil
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
    }


# -- child processes ---------------------------------------------------------------------------


def worker(args: list[str], timeout: float, log: Callable[[str], None]) -> Iterator[dict[str, Any]]:
    """Run ``python -m benchmarks.worker ARGS``; yield its records as they come.

    A measurement that takes longer than ``timeout`` seconds is abandoned: the child is killed
    and ``{"name": NAME, "timeout": True}`` is yielded for it.
    """
    process = subprocess.Popen(
        python_command("-m", "benchmarks.worker", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    current: str | None = None
    try:
        while True:
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                log(f"    {current}: no answer within {timeout:g} s, stopped")
                process.kill()
                yield {"name": current, "timeout": True}
                return
            if line is None:
                break
            record = json.loads(line)
            if "start" in record:
                current = record["start"]
                continue
            yield record
        process.wait()
        if process.returncode != 0:
            assert process.stderr is not None
            detail = process.stderr.read().strip().splitlines()
            log(f"    worker {args[0]} failed: {detail[-1] if detail else process.returncode}")
            if current is not None:
                yield {"name": current, "error": detail[-1] if detail else "failed"}
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# -- the benchmark ------------------------------------------------------------------------------


class Bench:
    """One benchmark run: call :meth:`run`, then read :attr:`results`."""

    def __init__(self, config: Config, log: Callable[[str], None] = print) -> None:
        self.config = config
        self.log = log
        self.results = Results(
            started=time.strftime("%Y-%m-%d %H:%M:%S %z"),
            machine=machine(),
            config={
                "sizes": list(config.sizes),
                "seed": config.seed,
                "budget": config.budget,
                "timeout": config.timeout,
            },
        )
        self.too_slow: set[tuple[str, str]] = set()
        """``(backend, question)`` pairs that ran out of time: not asked at larger sizes."""
        self.skip_notes: dict[tuple[str, str], str] = {}
        """Why a question is not asked on a backend (shown in the table)."""
        self.egos: dict[int, tuple[str, int]] = {}
        """Ego networks: target size -> (centre, depth), found once on a large enough graph."""

    # -- helpers -------------------------------------------------------------------------

    def add(self, size: str, measure: str, backend: str, value: float | None, **extra: Any) -> None:
        """Record one figure."""
        self.results.figures.append(Figure(size, measure, backend, value, **extra))

    def add_record(self, size: str, backend: str, record: dict[str, Any], measure: str) -> None:
        """Record a worker's timing record (or its timeout, or its error)."""
        if record.get("timeout"):
            self.add(size, measure, backend, None, note=f"timeout > {self.config.timeout:g} s")
        elif record.get("error"):
            self.add(size, measure, backend, None, note=f"error: {record['error']}")
        else:
            self.add(
                size,
                measure,
                backend,
                record["seconds"],
                rows=record.get("rows"),
                samples=record.get("samples", []),
            )

    def run(self) -> Results:
        """Measure every size, then the real graph."""
        started = time.perf_counter()
        self.config.work.mkdir(parents=True, exist_ok=True)
        browser = Chromium() if self.config.browser else None
        try:
            for entities in self.config.sizes:
                self.bench_size(entities, browser)
            if self.config.real_graph:
                self.bench_real_graph(browser)
        finally:
            if browser is not None:
                browser.close()
        self.results.seconds = time.perf_counter() - started
        from benchmarks.report import target_records

        self.results.targets = target_records(self.results)
        return self.results

    # -- one generated size --------------------------------------------------------------

    def generated(self, entities: int) -> GeneratedGraph:
        """The graph of this size, generated afresh (a few seconds even at 100,000 entities)."""
        directory = self.config.work / f"graph-{entities}"
        shutil.rmtree(directory, ignore_errors=True)
        return generate(directory, entities, self.config.seed)

    def bench_size(self, entities: int, browser: Chromium | None) -> None:
        """Every figure for one generated graph."""
        size = str(entities)
        config = self.config
        self.log(f"== {entities:,} entities")
        graph = self.generated(entities)
        store = config.work / f"store-{entities}"
        if not self.build_figures(size, graph, store):
            return
        self.log("  kazkg build, as a user runs it (new process)")
        self.cli_build_figures(size, graph, store)

        self.log("  reopen")
        self.keep_fresh(graph, store)
        for record in worker(
            ["reopen", str(graph.directory), str(store)], config.timeout, self.log
        ):
            self.add_record(size, "oxigraph", record, "open")

        from kazkg.build.store import current

        compiled = current(store)
        assert compiled is not None
        stored = self.stored(size)
        for backend in ("oxigraph", "memory"):
            self.log(f"  queries on {backend}")
            self.backend_figures(size, backend, backend, graph, store)
            self.keep_fresh(graph, store)
        self.log("  commands, as a user types them (new process)")
        self.cli_figures(size, graph, store)
        self.log("  queries on oxigraph serve")
        from kazkg.servers.oxigraph import serve

        began = time.perf_counter()
        with serve(compiled.ntriples) as server:
            opened = time.perf_counter() - began
            self.backend_figures(size, "server", server.query_url, graph, store)
            self.add(size, "open", "server", opened, note="oxigraph load + serve")
            self.add(size, "memory", "server", process_peak_rss(server.process.pid) / stored)

        self.log("  push")
        self.push_figures(size, compiled.ntriples)
        if self.config.virtuoso:
            self.log("  Virtuoso: bulk load, queries, push")
            self.virtuoso_figures(size, graph, store)
        self.log("  explorer (kazkg serve)")
        self.explorer_figures(size, graph, store, browser)
        self.log("  render")
        self.keep_fresh(graph, store)
        self.render_figures(size, graph, store, browser)

    def stored(self, size: str) -> int:
        """The stored triples of ``size``."""
        return next(info.stored for info in self.results.sizes if info.size == size)

    def build_figures(self, size: str, graph: GeneratedGraph, store: Path) -> bool:
        """The build without validation, in-process (up to three times), and rdflib parsing the
        same Turtle; whether the store was built."""
        config = self.config
        self.log("  build, no validation (in-process)")
        builds: list[dict[str, Any]] = []
        for attempt in range(3):
            shutil.rmtree(store, ignore_errors=True)
            for record in worker(
                ["build", str(graph.directory), str(store)], config.build_timeout, self.log
            ):
                if "seconds" in record:
                    builds.append(record)
            if not builds or sum(b["seconds"] for b in builds) > config.budget or attempt == 2:
                break
        if not builds:
            self.add(size, "build", "oxigraph", None, note="build failed")
            return False
        seconds = sorted(b["seconds"] for b in builds)
        last = builds[-1]
        stored, asserted = int(last["stored"]), int(last["asserted"])
        self.results.sizes.append(SizeInfo(size, graph.entities, asserted, stored))
        self.add(
            size, "build", "oxigraph", seconds[len(seconds) // 2], samples=seconds, rows=stored
        )
        self.add(size, "build-memory", "oxigraph", max(b["peak_rss"] for b in builds) / stored)
        turtle = [str(p) for p in graph.workspace(store).graph_files()]
        for record in worker(["parse", *turtle], config.build_timeout, self.log):
            if "seconds" in record:
                for key in ("build", "build-cli", "build-novalidate-cli"):
                    self.add(size, key, "reference", record["seconds"], rows=record["triples"])
                for key in ("build-memory", "build-cli-memory", "build-novalidate-cli-memory"):
                    self.add(size, key, "reference", record["peak_rss"] / record["triples"])
        return True

    def kazkg(self, graph: GeneratedGraph, store: Path, *argv: str) -> list[str]:
        """``kazkg`` on a generated graph (its folder is its sources folder too) and ``store``."""
        return [
            *python_command("-m", "kazkg.cli.main"),
            *("--graph-dir", str(graph.directory), "--sources", str(graph.directory)),
            *("--store", str(store)),
            *argv,
        ]

    def cli_build_figures(self, size: str, graph: GeneratedGraph, store: Path) -> None:
        """``kazkg build`` (the default: validation on) and ``kazkg build --no-validate``, each
        once, end to end in a new process, with the peak memory of that process."""
        stored = self.stored(size)
        for key, extra in (("build-cli", ()), ("build-novalidate-cli", ("--no-validate",))):
            previous = self.previous(size)
            before = self.results.get(previous, key, "oxigraph") if previous else None
            if before is not None and (before.value is None or before.note.startswith("skipped")):
                self.add(size, key, "oxigraph", None, note=before.note or "skipped")
                continue
            if before is not None and before.value is not None:
                projected = before.value * int(size) / int(before.size)
                if projected > self.config.build_timeout:
                    note = (
                        f"skipped: {format_seconds(before.value)} at {int(before.size):,} "
                        f"entities, so about {format_seconds(projected)} here"
                    )
                    self.add(size, key, "oxigraph", None, note=note)
                    continue
            argv = self.kazkg(graph, store, "build", "--quiet", *extra)
            for record in worker(["command", "--", *argv], self.config.build_timeout, self.log):
                if record.get("timeout"):
                    note = f"timeout > {self.config.build_timeout:g} s"
                    self.add(size, key, "oxigraph", None, note=note)
                elif record.get("error"):
                    self.add(size, key, "oxigraph", None, note=f"error: {record['error']}")
                else:
                    self.add(size, key, "oxigraph", record["seconds"], rows=stored)
                    self.add(size, f"{key}-memory", "oxigraph", record["peak_rss"] / stored)

    def previous(self, size: str) -> str | None:
        """The next smaller size measured, if any."""
        smaller = [s for s in self.config.sizes if s < int(size)]
        return str(max(smaller)) if smaller else None

    def cli_figures(self, size: str, graph: GeneratedGraph, store: Path) -> None:
        """``kazkg trace`` by name and misspelt, and ``kazkg render --focus NAME --depth 2``, as
        a user types them (median of a few runs, start-up included)."""
        probes = graph.probes
        html = self.config.work / f"focus-{size}.html"
        commands = {
            "cli-trace": self.kazkg(graph, store, "trace", probes.label),
            "cli-trace-typo": self.kazkg(graph, store, "trace", probes.fuzzy),
            "cli-render-focus": self.kazkg(
                graph, store, "render", "--focus", probes.label, "--depth", "2", "-o", str(html)
            ),
        }
        reference = time_command(
            python_command("-c", "import rdflib"), repeat=7, budget=self.config.budget
        )
        for key, command in commands.items():
            try:
                timing = time_command(command, repeat=5, budget=self.config.budget)
            except RuntimeError as error:
                self.add(size, key, "oxigraph", None, note=f"error: {error}")
                continue
            rows = len(page_data(html)["nodes"]) if key == "cli-render-focus" else None
            self.add(size, key, "oxigraph", timing.median, samples=timing.samples, rows=rows)
            self.add(size, key, "reference", reference.median, samples=reference.samples)

    def virtuoso_figures(self, size: str, graph: GeneratedGraph, store: Path) -> None:
        """A throw-away Virtuoso: its bulk load, the questions on it, and ``kazkg push`` into it
        (into another named graph, with the ``dba`` account)."""
        from kazkg.build.store import current
        from kazkg.servers import virtuoso
        from kazkg.servers.graphstore import Credentials
        from kazkg.servers.push import push

        reason = virtuoso.installed()
        compiled = current(store)
        if reason is not None or compiled is None:
            self.add(size, "open", "virtuoso", None, note=reason or "no store")
            return
        stored = self.stored(size)
        with virtuoso.serve(extra=VIRTUOSO_SETTINGS, timeout=300) as server:
            began = time.perf_counter()
            server.bulk_load(compiled.ntriples)
            loaded = time.perf_counter() - began
            self.add(size, "open", "virtuoso", loaded, note="bulk load")
            self.add(size, "push-virtuoso", "reference", loaded, rows=stored)
            self.backend_figures(
                size, "virtuoso", server.query_url, graph, store, default_graph=server.graph
            )
            self.add(size, "memory", "virtuoso", process_peak_rss(server.process.pid) / stored)
            admin = Credentials("dba", server.password)
            self.timed_push(
                size,
                "push-virtuoso",
                "virtuoso",
                lambda: push(
                    compiled,
                    server.query_url,
                    graph=server.graph + "/pushed",
                    timeout=self.config.build_timeout,
                    auth=admin,
                ),
            )

    def timed_push(self, size: str, measure: str, backend: str, pushing: Callable[[], Any]) -> None:
        """Time ``pushing`` (a :func:`~kazkg.servers.push.push`), up to three times within the
        budget, and record it with the triples the server then held."""
        timing = time_call(pushing, warmup=0, repeat=3, budget=self.config.budget)
        self.add(
            size,
            measure,
            backend,
            timing.median,
            samples=timing.samples,
            rows=timing.result.remote_triples,
        )

    def explorer_figures(
        self, size: str, graph: GeneratedGraph, store: Path, browser: Chromium | None
    ) -> None:
        """``kazkg serve`` on the generated graph: suggestions and entity pages (server time),
        and a body's page drawn in Chromium."""
        options = ["--graph-dir", str(graph.directory), "--sources", str(graph.directory)]
        body, hub = generated_pages(graph.probes)
        pages = {"explorer-entity": body, "explorer-entity-hub": hub}
        texts = generated_texts(graph.probes)
        self.explore([*options, "--store", str(store)], size, texts, pages, browser)

    def explore(
        self,
        options: list[str],
        size: str,
        texts: list[str],
        pages: dict[str, str],
        browser: Chromium | None,
    ) -> None:
        """Suggestions for ``texts`` and the entity ``pages`` of a ``kazkg serve`` with global
        ``options``: the server's own time (``Server-Timing``), median of repeated requests."""
        from benchmarks.explorer import serving

        repeat = 9
        try:
            with serving(options) as server:
                search = "/api/search?q="
                first, _ = server.timed(search + urllib.parse.quote(texts[0]), "application/json")
                self.add(size, "explorer-suggest-first", "oxigraph", first / 1000)
                medians = [
                    median_of(
                        functools.partial(
                            server_ms, server, search + urllib.parse.quote(text), "application/json"
                        ),
                        repeat,
                    )
                    for text in texts
                ]
                self.add(
                    size,
                    "explorer-suggest",
                    "oxigraph",
                    statistics.median(medians) / 1000,
                    samples=[m / 1000 for m in medians],
                    note=f"slowest {format_seconds_ms(max(medians))}",
                )
                for key, local in pages.items():
                    ms = median_of(
                        functools.partial(server_ms, server, f"/entity/{local}", "text/html"),
                        repeat,
                    )
                    self.add(size, key, "oxigraph", ms / 1000)
                if browser is not None and browser.available:
                    url = f"{server.base}/entity/{pages['explorer-entity']}"
                    drawn = [browser.drawn(url) for _ in range(5)]
                    if all(d is not None for d in drawn):
                        values = [float(d) for d in drawn if d is not None]
                        self.add(
                            size,
                            "explorer-drawn",
                            "oxigraph",
                            statistics.median(values),
                            samples=values,
                        )
        except (OSError, RuntimeError) as error:
            self.add(size, "explorer-entity", "oxigraph", None, note=f"error: {error}")

    def backend_figures(
        self,
        size: str,
        backend: str,
        spec: str,
        graph: GeneratedGraph,
        store: Path,
        default_graph: str | None = None,
    ) -> None:
        """Time every in-process question on one backend (in a child process).

        A question is not asked when it ran out of time at a smaller size, or when its time
        there, scaled by the size, would exceed the timeout; a question that runs out of time
        is abandoned and the others are asked in a new process.
        """
        done: set[str] = set()
        for name in self.projected_too_slow(size, backend):
            self.add(size, name, backend, None, note=self.skip_notes[(backend, name)])
            done.add(name)
        memory: dict[str, Any] | None = None
        while True:
            skip = sorted(done | {q for b, q in self.too_slow if b == backend})
            args = ["queries", spec, str(graph.directory), str(store)]
            args += ["--budget", str(self.config.budget), "--skip", ",".join(skip)]
            if default_graph is not None:
                args += ["--default-graph", default_graph]
            stopped = False
            for record in worker(args, self.config.timeout, self.log):
                name = str(record.get("name"))
                if name == "peak-rss":
                    memory = record
                elif name == "lineage-networkx":
                    self.add_record(size, "reference", record, "lineage")
                elif name == "open":
                    if backend == "memory" and "open" not in done:
                        self.add_record(size, backend, record, name)
                    done.add(name)  # oxigraph: timed by "reopen"; server: by starting it
                elif not record.get("skipped"):
                    self.add_record(size, backend, record, name)
                    done.add(name)
                    if record.get("timeout"):
                        self.too_slow.add((backend, name))
                        stopped = True
                    elif name == "name-fuzzy" and not record.get("error"):
                        self.add(size, "name-fuzzy-cold", backend, record["first"])
            if not stopped or "open" not in done or not set(QUESTIONS) - done:
                break
        if memory is not None and backend != "server":
            self.add(size, "memory", backend, memory["bytes"] / memory["triples"])
        if backend == "memory":  # rdflib running the same SPARQL is the reference
            for name in (*REFERENCED_BY_RDFLIB, "name-fuzzy-cold", "open", "memory"):
                figure = self.results.get(size, name, "memory")
                if figure is not None:
                    self.add(
                        size, name, "reference", figure.value, rows=figure.rows, note=figure.note
                    )

    def projected_too_slow(self, size: str, backend: str) -> list[str]:
        """Questions whose time at the last smaller size, scaled to this one, exceeds the timeout."""
        smaller = [s for s in self.config.sizes if s < int(size)]
        if not smaller:
            return []
        previous = str(max(smaller))
        found = []
        for name in QUESTIONS:
            figure = self.results.get(previous, name, backend)
            if figure is not None and figure.note.startswith("skipped"):
                found.append(name)  # too slow for the smaller size: all the more for this one
                self.skip_notes.setdefault((backend, name), figure.note)
                continue
            if figure is None or figure.value is None:
                continue
            projected = figure.value * int(size) / int(previous)
            if projected > self.config.timeout and (backend, name) not in self.too_slow:
                found.append(name)
                self.skip_notes[(backend, name)] = (
                    f"skipped: {format_seconds(figure.value)} at {int(previous):,} entities, "
                    f"so about {format_seconds(projected)} here"
                )
        for b, name in self.too_slow:
            if b == backend and (backend, name) not in self.skip_notes:
                self.skip_notes[(backend, name)] = (
                    f"skipped: over {self.config.timeout:g} s at a smaller size"
                )
        return found + sorted(n for b, n in self.too_slow if b == backend and n not in found)

    def keep_fresh(self, graph: GeneratedGraph, store: Path) -> None:
        """Rebuild (without validation) if the inputs changed since the store was built.

        The ontology may change while a long run goes on; a command finding its store stale
        would rebuild it, validation included, and that would be timed instead of the command.
        """
        from kazkg.build.store import current, is_fresh

        layout = graph.workspace(store)
        compiled = current(store)
        if compiled is not None and is_fresh(compiled, layout):
            return
        self.log("    the inputs changed: rebuilding the store first (not timed)")
        for _ in worker(
            ["build", str(graph.directory), str(store)], self.config.timeout * 5, self.log
        ):
            pass

    def push_figures(self, size: str, ntriples: Path) -> None:
        """``kazkg push`` into a writable server, and ``oxigraph load`` of the same file."""
        from kazkg.build.store import CompiledStore
        from kazkg.servers.oxigraph import oxigraph_binary, serve
        from kazkg.servers.push import push

        compiled = CompiledStore(ntriples.parent)
        with serve(None, writable=True) as server:
            self.timed_push(
                size,
                "push",
                "server",
                lambda: push(compiled, server.query_url, timeout=self.config.build_timeout),
            )

        def bulk_load() -> None:
            with tempfile.TemporaryDirectory(prefix="kazkg-bench-") as tmp:
                subprocess.run(
                    [str(oxigraph_binary()), "load", "--location", tmp, "--file", str(ntriples)],
                    check=True,
                    capture_output=True,
                )

        reference = time_call(bulk_load, warmup=0, repeat=3, budget=self.config.budget)
        self.add(size, "push", "reference", reference.median, samples=reference.samples)

    def ego_plan(self, graph: GeneratedGraph, store: Path) -> dict[int, tuple[str, int]]:
        """For each target size, the centre and depth whose ego network comes nearest to it.

        Found on the projected network (networkx), once: the first state is the same at every
        size, so the plan found on a graph at least three times the target holds for larger
        ones (projecting a large graph costs as much as rendering it).
        """
        from kazkg.build.store import current
        from kazkg.query.backends.oxigraph import OxigraphBackend
        from kazkg.query.path import undirected
        from kazkg.query.projection import load_network

        wanted = [t for t in EGO_TARGETS if t not in self.egos]
        if not wanted:
            return dict(self.egos)
        compiled = current(store)
        assert compiled is not None
        with OxigraphBackend.open(compiled) as backend:
            projection = undirected(load_network(backend))
        probes = graph.probes
        centres = [probes.state, probes.international_organisation, probes.ministry, probes.holder]
        plan = dict(self.egos)
        for target in wanted:
            centre, depth, _ = ego_choice(projection, centres, target)
            plan[target] = (centre, depth)
            if graph.entities >= 3 * target:
                self.egos[target] = (centre, depth)
        return plan

    def render_figures(
        self, size: str, graph: GeneratedGraph, store: Path, browser: Chromium | None
    ) -> None:
        """Ego networks of about 300 and 3,000 entities: HTML, then stabilisation in Chromium."""
        for target, (centre, depth) in sorted(self.ego_plan(graph, store).items()):
            html = self.config.work / f"ego-{size}-{target}.html"
            command = [
                *python_command("-m", "kazkg.cli.main"),
                *("--graph-dir", str(graph.directory), "--sources", str(graph.directory)),
                *("--store", str(store)),
                *("render", "--focus", centre, "--depth", str(depth), "-o", str(html)),
            ]
            timing = time_command(command, warmup=0, repeat=3, budget=self.config.budget)
            data = page_data(html)
            nodes = len(data["nodes"])
            self.add(
                size,
                f"render-{target}",
                "oxigraph",
                timing.median,
                rows=nodes,
                samples=timing.samples,
            )
            reference = time_call(
                functools.partial(write_pyvis, data), warmup=1, repeat=3, budget=self.config.budget
            )
            self.add(size, f"render-{target}", "reference", reference.median, rows=nodes)
            if browser is None or not browser.available:
                self.add(size, f"stable-{target}", "oxigraph", None, note="no Chromium")
                continue
            settled = browser.stabilise(html)
            note = "" if settled.still else "still moving after stabilisation"
            self.add(
                size, f"stable-{target}", "oxigraph", settled.seconds, rows=settled.nodes, note=note
            )

    # -- the real graph --------------------------------------------------------------------

    def bench_real_graph(self, browser: Chromium | None = None) -> None:
        """The commands a user types, timed end to end, and the load test, on the real graph."""
        self.log("== the real graph")
        home = self.config.work / "home"
        env = child_env({"KAZKG_HOME": str(home)})
        subprocess.run(
            python_command("-m", "kazkg.cli.main", "build", "--quiet"),
            env=env,
            check=True,
            capture_output=True,
        )
        kazkg = python_command("-m", "kazkg.cli.main")
        entry = shutil.which("kazkg", path=str(Path(sys.executable).parent))
        if entry:
            kazkg = [entry]
        out = self.config.work / "real-graph.html"
        commands = {
            "cli-trace": [*kazkg, "trace", REAL_TRACE_NAME],
            "cli-query": [*kazkg, "query", "responsible-on-date", "--param", "date=2012-06-01"],
            "cli-render": [*kazkg, "render", "-o", str(out)],
        }
        reference = time_command(
            python_command("-c", "import rdflib"), env=env, repeat=7, budget=self.config.budget
        )
        for key, command in commands.items():
            self.log(f"  {' '.join(command[len(kazkg) - 1 :])}")
            timing = time_command(command, env=env, repeat=7, budget=self.config.budget)
            self.add("real", key, "oxigraph", timing.median, samples=timing.samples)
            self.add("real", key, "reference", reference.median, samples=reference.samples)
        self.log("  8 clients against kazkg serve")
        self.load_figures(env, kazkg)
        self.log("  explorer (kazkg serve)")
        from kazkg.resources import default_sources_dir

        options = ["--store", str(home / "store")]
        sources = default_sources_dir()
        if sources is not None:
            options += ["--sources", str(sources)]
        texts = suggestion_texts(
            ["Agency for Religious Affairs", "Anti-Terrorism Center", "Shanghai Cooperation"],
            "ATC",
            "Agncy for Religous Affairs",
        )
        pages = {"explorer-entity": REAL_AGENCY, "explorer-entity-hub": "kazakhstan"}
        self.explore(options, "real", texts, pages, browser)

    def load_figures(self, env: dict[str, str], kazkg: list[str]) -> None:
        """8 concurrent clients against ``kazkg serve``, and 1 client as the reference."""
        from benchmarks.load import request_mix, run_load
        from kazkg.api import open_graph
        from kazkg.resources import Workspace

        workspace = Workspace.default(store=Path(env["KAZKG_HOME"]) / "store")
        with open_graph("oxigraph", workspace).backend as reference:
            mix = request_mix(reference)
        with kazkg_serve(kazkg, env) as url:
            for clients, backend in ((1, "reference"), (8, "server")):
                report = run_load(url, mix, clients=clients, requests=self.config.load_requests)
                note = (
                    "" if report.ok else f"{len(report.failures)} failed, {len(report.wrong)} wrong"
                )
                self.add(
                    "real",
                    "load-throughput",
                    backend,
                    report.throughput,
                    rows=report.requests,
                    note=note,
                )
                self.add("real", "load-p50", backend, report.p50, rows=report.requests)
                self.add("real", "load-p99", backend, report.p99, rows=report.requests)


REFERENCED_BY_RDFLIB = tuple(question for question in QUESTIONS if question != "lineage")
"""The questions whose reference is rdflib (lineage's is networkx)."""


@contextlib.contextmanager
def kazkg_serve(kazkg: list[str], env: dict[str, str]) -> Iterator[str]:
    """Run ``kazkg serve --port 0``; yield its query URL; stop it."""
    process = subprocess.Popen(
        [*kazkg, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        if "http" not in line:
            raise RuntimeError(f"kazkg serve did not start: {line or process.stderr.read()}")
        yield line.split()[-1]
    finally:
        stop_process(process, timeout=20)


def server_ms(server: Any, path: str, accept: str) -> float:
    """The server's own milliseconds for ``path`` (its ``Server-Timing``)."""
    return float(server.timed(path, accept)[0])


def median_of(measure: Callable[[], float], repeat: int) -> float:
    """The median of ``repeat`` measurements, after one untimed warm-up."""
    measure()
    return statistics.median(measure() for _ in range(repeat))


def format_seconds_ms(milliseconds: float) -> str:
    """``12.3 ms``."""
    return f"{milliseconds:.1f} ms"


def format_seconds(value: float) -> str:
    """``87 s``, ``2.5 s``."""
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"


def ego_choice(projection: Any, centres: list[str], target: int) -> tuple[str, int, set[str]]:
    """The centre and depth whose ego network is nearest ``target`` entities (in log terms)."""
    import math

    import networkx as nx

    best: tuple[float, str, int, set[str]] | None = None
    for centre in centres:
        if centre not in projection:
            continue
        for depth in range(1, 7):
            nodes = set(nx.single_source_shortest_path_length(projection, centre, cutoff=depth))
            distance = abs(math.log(len(nodes) / target))
            if best is None or distance < best[0]:
                best = (distance, centre, depth, nodes)
            if len(nodes) > target * 3:
                break
    assert best is not None
    return best[1], best[2], best[3]


def page_data(html: Path) -> dict[str, Any]:
    """The nodes and edges a rendered page draws (its embedded JSON)."""
    import re

    text = html.read_text(encoding="utf-8")
    found = re.search(r'<script id="kazkg-data" type="application/json">(.*?)</script>', text, re.S)
    if found is None:
        raise RuntimeError(f"{html}: no page data")
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def write_pyvis(data: dict[str, Any]) -> None:
    """The reference for rendering: pyvis writing the same nodes and edges with its template."""
    from pyvis.network import Network as PyvisNetwork

    page = PyvisNetwork(directed=True, cdn_resources="remote")
    for node in data["nodes"]:
        page.add_node(node["id"], label=node.get("label", node["id"]), title=node["id"])
    for edge in data["edges"]:
        page.add_edge(edge["from"], edge["to"], label=edge.get("label", ""))
    with tempfile.TemporaryDirectory(prefix="kazkg-bench-") as tmp:
        page.write_html(str(Path(tmp) / "pyvis.html"), notebook=False)


@dataclass(frozen=True)
class Settled:
    """How long a page took to settle, how many entities it drew, whether it then stayed still."""

    seconds: float | None
    nodes: int | None
    still: bool


class Chromium:
    """Headless Chromium (Debian's, driven by Playwright), opened once for the run."""

    def __init__(self, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self._playwright: Any = None
        self._browser: Any = None
        self.available = False
        with contextlib.suppress(Exception):
            from playwright.sync_api import sync_playwright

            from kazkg.views import chromium

            self._playwright = sync_playwright().start()
            self._browser = chromium.launch(self._playwright)
            self.available = True

    def stabilise(self, html: Path) -> Settled:
        """Open ``html``; seconds until its layout settled; then check it does not move."""
        page = self._browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("http*://**", lambda route: route.abort())
        try:
            began = time.perf_counter()
            page.goto(html.resolve().as_uri())
            deadline = began + self.timeout
            while not page.evaluate("window.kazkgStabilized === true"):
                if time.perf_counter() > deadline:
                    return Settled(None, None, False)
                time.sleep(0.02)
            seconds = time.perf_counter() - began
            drawn = page.evaluate("window.kazkg.drawn()")
            before = page.evaluate("JSON.stringify(window.kazkg.network.getPositions())")
            time.sleep(1.0)
            after = page.evaluate("JSON.stringify(window.kazkg.network.getPositions())")
            return Settled(seconds, int(drawn["nodes"]), before == after)
        finally:
            page.close()

    def drawn(self, url: str) -> float | None:
        """Seconds from navigation until an explorer page's network is drawn (the page's own
        ``kazkgDrawnMs``); only ``url``'s server is reachable."""
        page = self._browser.new_page(viewport={"width": 1400, "height": 900})
        allowed = url.split("/entity/")[0]
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(allowed) else route.abort()
            ),
        )
        try:
            page.goto(url)
            deadline = time.perf_counter() + self.timeout
            while not page.evaluate("window.kazkgDrawn === true"):
                if time.perf_counter() > deadline:
                    return None
                time.sleep(0.01)
            return float(page.evaluate("window.kazkgDrawnMs")) / 1000
        finally:
            page.close()

    def close(self) -> None:
        """Close the browser."""
        with contextlib.suppress(Exception):
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()


__all__ = ["DEFAULT_SIZES", "MEASURES", "QUICK_SIZES", "Bench", "Config", "Figure", "Results"]
