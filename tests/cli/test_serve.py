"""``kazkg serve``: a real read-only server on loopback that prints its query URL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.endpoint import EndpointBackend
from kazkg.resources import Workspace
from kazkg.servers.oxigraph import free_port

pytestmark = pytest.mark.server


def test_serve_prints_its_query_url_and_answers_until_interrupted(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "kazkg.cli.main",
        "--store",
        str(workspace.store),
        "serve",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = f"http://127.0.0.1:{port}/query"
        assert line.strip() == f"SPARQL endpoint (read-only): {url}"
        assert EndpointBackend(url).triple_count() == compiled.manifest().triples
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
