"""``kazkg serve``: a real server on loopback that prints its addresses, answers only for itself,
and stops every query at its time limit or when its client goes away."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator

import psutil
import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.resources import Workspace
from kazkg.servers.oxigraph import free_port, serve
from tests.views.serving import Served, running, serve_command, stop

pytestmark = pytest.mark.server

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A query that would run for days on the real graph (and takes no memory)."""


def workers(server: Served) -> set[int]:
    """The process ids of the server's query workers."""
    return {child.pid for child in psutil.Process(server.process.pid).children(recursive=True)}


def busy_seconds(server: Served, window: float = 1.5) -> float:
    """CPU seconds the server and its workers use over ``window`` seconds."""

    def used() -> float:
        processes = [psutil.Process(server.process.pid)]
        processes += processes[0].children(recursive=True)
        total = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    before = used()
    time.sleep(window)
    return used() - before


def replaced(server: Served, old: set[int], deadline: float = 10.0) -> bool:
    """Whether a worker of ``old`` has been ended (and replaced) before ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if old - workers(server):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture()
def quick(workspace: Workspace, compiled: CompiledStore) -> Iterator[Served]:
    """``kazkg serve --query-timeout 2``."""
    with running(workspace, "--query-timeout", "2") as server:
        yield server


@pytest.fixture()
def patient(workspace: Workspace, compiled: CompiledStore) -> Iterator[Served]:
    """``kazkg serve`` with the default time limit (30 s)."""
    with running(workspace) as server:
        yield server


def test_serve_prints_its_addresses_and_answers_until_interrupted(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    port = free_port()
    process = subprocess.Popen(
        serve_command(workspace, "--port", str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = f"http://127.0.0.1:{port}/query"
        assert process.stdout.readline().strip() == f"SPARQL endpoint (read-only): {url}"
        assert process.stdout.readline().strip() == f"explorer: http://127.0.0.1:{port}/"
        assert EndpointBackend(url).triple_count() == compiled.manifest().triples
    finally:
        assert stop(process) == 0


def test_a_port_where_another_server_answers_is_an_error(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    with serve(writable=True) as other:  # a writable server that answers every probe
        port = int(other.base_url.rsplit(":", 1)[1])
        result = subprocess.run(
            serve_command(workspace, "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1
        assert "SPARQL endpoint" not in result.stdout
        assert f"127.0.0.1:{port}" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert EndpointBackend(other.query_url).triple_count() == 0


def test_a_port_held_by_a_silent_program_is_an_error(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            serve_command(workspace, "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1 and "SPARQL endpoint" not in result.stdout


def test_a_query_is_stopped_at_the_time_limit_and_its_core_freed(quick: Served) -> None:
    before = workers(quick)
    reply = quick.get("/query?query=" + urllib.parse.quote(CARTESIAN), timeout=120)
    assert reply.status == 503
    assert "time limit of 2 s" in reply.text
    assert replaced(quick, before)
    assert busy_seconds(quick) < 0.5
    assert quick.get("/query?query=ASK%7B%7D").status == 200


def test_a_client_that_goes_away_leaves_nothing_computing(patient: Served) -> None:
    before = workers(patient)
    host, port = patient.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as client:
        path = "/query?query=" + urllib.parse.quote(CARTESIAN)
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        time.sleep(1.0)  # the query is running now
    assert replaced(patient, before, deadline=10.0)  # long before the 30 s limit
    assert busy_seconds(patient) < 0.5
    assert patient.get("/query?query=ASK%7B%7D").status == 200


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "soon"])
def test_a_time_limit_must_be_a_positive_number_of_seconds(
    workspace: Workspace, value: str
) -> None:
    result = subprocess.run(
        serve_command(workspace, "--query-timeout", value), capture_output=True, text=True
    )
    assert result.returncode == 2 and "--query-timeout" in result.stderr


@pytest.mark.parametrize("value", ["99999", "-1", "http"])
def test_a_port_must_be_a_port_number(workspace: Workspace, value: str) -> None:
    result = subprocess.run(
        serve_command(workspace, "--port", value), capture_output=True, text=True
    )
    assert result.returncode == 2 and "--port" in result.stderr
    assert "internal error" not in result.stderr
