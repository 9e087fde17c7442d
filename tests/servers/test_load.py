"""Load held: 8 concurrent clients against a real ``kazkg serve``, a fixed number of requests
(a mix of every named query with its example), and every answer checked against the embedded
store's.  Bounded: 400 requests, each with a 30-second timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from benchmarks.load import Request, request_mix, run_load
from kazkg.build.store import CompiledStore
from kazkg.query import named as queries
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.resources import Workspace
from kazkg.servers.oxigraph import free_port

pytestmark = pytest.mark.server

CLIENTS = 8
REQUESTS = 400


@pytest.fixture(scope="module")
def kazkg_serve(workspace: Workspace, compiled: CompiledStore) -> Iterator[str]:
    """``kazkg serve`` on a free loopback port, over the session's compiled graph."""
    port = free_port()
    command = [sys.executable, "-m", "kazkg.cli.main", "--store", str(workspace.store)]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("SPARQL endpoint"), line
        yield line.split()[-1]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def mix(compiled: CompiledStore) -> list[Request]:
    """Every named query with its example, bound, and the embedded store's answer."""
    with OxigraphBackend.open(compiled) as reference:
        return request_mix(reference)


def test_the_mix_holds_every_named_select_query_with_answers(mix: list[Request]) -> None:
    named = {q.name for q in queries.catalogue() if q.form == "SELECT" and q.example}
    assert {r.name for r in mix} == named
    assert all(r.expected.rows for r in mix)


def test_eight_concurrent_clients_get_every_answer_right_and_none_fails(
    kazkg_serve: str, mix: list[Request]
) -> None:
    report = run_load(kazkg_serve, mix, clients=CLIENTS, requests=REQUESTS, timeout=30)
    assert report.failures == []
    assert report.wrong == []
    assert report.requests == REQUESTS


def test_a_wrong_answer_is_caught(kazkg_serve: str, mix: list[Request]) -> None:
    tampered = [
        Request(r.name, r.text, type(r.expected)(r.expected.variables, r.expected.rows[1:]))
        for r in mix[:2]
    ]
    report = run_load(kazkg_serve, tampered, clients=2, requests=4)
    assert sorted(report.wrong) == sorted([r.name for r in tampered] * 2)


def test_a_failing_server_is_reported_not_raised(mix: list[Request]) -> None:
    closed = f"http://127.0.0.1:{free_port()}/query"
    report = run_load(closed, mix[:1], clients=2, requests=4, timeout=5)
    assert len(report.failures) == 4
    assert not report.ok
