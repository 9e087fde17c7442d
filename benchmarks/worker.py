"""Measurements that run in a child process of their own, so each has its own peak memory.

``python -m benchmarks.worker TASK ...`` prints one JSON object per line: ``{"start": NAME}``
before a measurement and ``{"name": NAME, ...}`` after it, so the parent can stop a
measurement that runs too long and keep the others.  Tasks:

* ``build GRAPH STORE``: build the generated graph (no validation) into ``STORE``;
* ``reopen GRAPH STORE``: open the already-built store and answer a first query;
* ``queries SPEC GRAPH STORE``: open the backend ``SPEC`` (``memory``, ``oxigraph`` or a URL)
  and time every question of :data:`benchmarks.questions.QUESTIONS` on it (on ``oxigraph``,
  every named query too, as ``named:NAME``);
* ``parse FILE...``: rdflib parsing Turtle files into its in-memory store (a reference);
* ``command -- ARGV...``: run ``ARGV`` once as a new process (a command as a user types it):
  its wall time and the peak memory of that process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import Probes, read_generated
from benchmarks.measure import Timing, current_rss, peak_rss, time_call
from benchmarks.questions import named_queries, questions, result_size
from kazkg.query.backends.base import Backend
from kazkg.vocab import KZ

BUILDS_AN_INDEX = frozenset({"name-fuzzy"})
"""Questions whose first call reads every name into memory: their first and later calls are
timed apart."""


def emit(record: dict[str, Any]) -> None:
    """Print one JSON line for the parent."""
    print(json.dumps(record), flush=True)


def _timing_record(name: str, timing: Timing, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "seconds": timing.median,
        "samples": timing.samples,
        "first": timing.first,
        **extra,
    }


def _networkx_lineage(backend: Any, probes: Probes) -> dict[str, Any]:
    """networkx's ``ancestors | descendants`` of the same body over the succession graph."""
    import networkx as nx

    graph = nx.DiGraph()
    table = backend.select(f"SELECT ?a ?b WHERE {{ ?a <{KZ.succeededBy}> ?b }}")
    graph.add_edges_from((a.value, b.value) for a, b in table.rows if a and b)
    holder = probes.holder
    timing = time_call(
        lambda: nx.ancestors(graph, holder) | nx.descendants(graph, holder) | {holder}
    )
    return _timing_record("lineage-networkx", timing, rows=len(timing.result))


def open_compiled(spec: str, store: Path, default_graph: str | None = None) -> Backend:
    """The backend ``spec`` over the store as it is (never rebuilt: that is the harness's job)."""
    from kazkg.build.store import current
    from kazkg.errors import StoreError
    from kazkg.query.backends.endpoint import EndpointBackend
    from kazkg.query.backends.memory import MemoryBackend
    from kazkg.query.backends.oxigraph import OxigraphBackend

    if spec.startswith(("http://", "https://")):
        return EndpointBackend(spec, timeout=600, default_graph=default_graph)
    compiled = current(store)
    if compiled is None:
        raise StoreError(f"{store}: no compiled store")
    return MemoryBackend.open(compiled) if spec == "memory" else OxigraphBackend.open(compiled)


def run_queries(
    spec: str,
    graph_dir: Path,
    store: Path,
    budget: float,
    skip: frozenset[str],
    default_graph: str | None = None,
) -> None:
    """Open the backend ``spec`` and time every question on it (but those in ``skip``).

    The memory used so far is reported after opening and after each question, so that it is
    known even if the parent stops a question that takes too long.
    """
    generated = read_generated(graph_dir)
    import rdflib  # noqa: F401 - imported by every backend's process alike: not the store's memory

    baseline = current_rss()
    emit({"start": "open"})
    began = time.perf_counter()
    backend = open_compiled(spec, store, default_graph)
    backend.ask("ASK { ?s ?p ?o }")
    emit({"name": "open", "seconds": time.perf_counter() - began, "samples": [], "rows": 1})
    triples = backend.triple_count()

    def memory() -> None:
        emit({"name": "peak-rss", "bytes": peak_rss() - baseline, "triples": triples})

    memory()
    for name, question in questions(backend, generated.probes):
        if name in skip:
            emit({"name": name, "skipped": True})
            continue
        emit({"start": name})
        if name in BUILDS_AN_INDEX:  # the first call builds what later calls reuse: time both
            began = time.perf_counter()
            question()
            first = time.perf_counter() - began
            timing = time_call(question, warmup=0, budget=budget)
            emit(_timing_record(name, timing, rows=result_size(timing.result)) | {"first": first})
        else:
            timing = time_call(question, budget=budget)
            emit(_timing_record(name, timing, rows=result_size(timing.result)))
        memory()
    if spec == "oxigraph":
        emit({"start": "lineage-networkx"})
        emit(_networkx_lineage(backend, generated.probes))
        for name, query in named_queries(backend, generated.probes):
            if f"named:{name}" in skip:
                continue
            emit({"start": f"named:{name}"})
            timing = time_call(query, budget=budget / 3)
            emit(_timing_record(f"named:{name}", timing, rows=result_size(timing.result)))
    backend.close()


def run_build(graph_dir: Path, store: Path) -> None:
    """Build the generated graph without validation."""
    from kazkg.build import build

    layout = read_generated(graph_dir).workspace(store)
    baseline = current_rss()
    emit({"start": "build"})
    report = build(layout, validate=False)
    emit(
        {
            "name": "build",
            "seconds": report.seconds,
            "samples": [report.seconds],
            "stored": report.manifest.triples,
            "asserted": report.manifest.asserted_triples,
            "peak_rss": peak_rss() - baseline,
        }
    )


def run_reopen(graph_dir: Path, store: Path, budget: float) -> None:
    """Open the already-built store as a command does (freshness check included), then ask."""
    from kazkg.api import open_graph

    workspace = read_generated(graph_dir).workspace(store)

    def reopen() -> int:
        with open_graph("oxigraph", workspace).backend as backend:
            return int(backend.ask("ASK { ?s ?p ?o }"))

    emit({"start": "reopen"})
    timing = time_call(reopen, warmup=0, budget=budget)
    emit(_timing_record("reopen", timing, rows=1, peak_rss=peak_rss()))


def run_parse(files: list[Path]) -> None:
    """rdflib parsing ``files`` (Turtle) into its in-memory store."""
    import rdflib

    baseline = current_rss()
    emit({"start": "rdflib-parse"})
    began = time.perf_counter()
    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    seconds = time.perf_counter() - began
    emit(
        {
            "name": "rdflib-parse",
            "seconds": seconds,
            "samples": [seconds],
            "triples": len(graph),
            "peak_rss": peak_rss() - baseline,
        }
    )


def run_command(argv: list[str]) -> None:
    """Run ``argv`` once as a new process; its wall time, exit status and peak memory."""
    import resource
    import subprocess

    emit({"start": "command"})
    began = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    record: dict[str, Any] = {
        "name": "command",
        "seconds": seconds,
        "samples": [seconds],
        "peak_rss": int(peak if sys.platform == "darwin" else peak * 1024),
    }
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        record["error"] = f"exit {done.returncode}: {detail[-1] if detail else ''}"
    emit(record)


def main(argv: list[str] | None = None) -> int:
    """Run one task (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    sub = parser.add_subparsers(dest="task", required=True)
    for task in ("build", "reopen", "queries"):
        p = sub.add_parser(task)
        if task == "queries":
            p.add_argument("spec")
        p.add_argument("graph", type=Path)
        p.add_argument("store", type=Path)
        p.add_argument("--budget", type=float, default=20.0)
        p.add_argument("--skip", default="", help="questions not to ask (comma-separated)")
        p.add_argument("--default-graph", help="an endpoint's graph to ask (Virtuoso)")
    p = sub.add_parser("parse")
    p.add_argument("files", type=Path, nargs="+")
    p = sub.add_parser("command")
    p.add_argument("argv", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.task == "build":
        run_build(args.graph, args.store)
    elif args.task == "reopen":
        run_reopen(args.graph, args.store, args.budget)
    elif args.task == "queries":
        skip = frozenset(name for name in args.skip.split(",") if name)
        run_queries(args.spec, args.graph, args.store, args.budget, skip, args.default_graph)
    elif args.task == "command":
        run_command(args.argv[1:] if args.argv[:1] == ["--"] else args.argv)
    else:
        run_parse(args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
