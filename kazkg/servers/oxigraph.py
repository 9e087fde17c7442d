"""A real Oxigraph SPARQL server on loopback, loaded with a graph: for ``kazkg serve``, tests
and benchmarks.

:func:`serve` loads N-Triples into a fresh data folder with ``oxigraph load``, starts
``oxigraph serve-read-only`` (or the writable ``oxigraph serve``) bound to ``127.0.0.1``, waits
until it answers, and stops it (and deletes the folder) when the ``with`` block ends.

>>> from kazkg.build import ensure_built                       # doctest: +SKIP
>>> with serve(ensure_built().ntriples) as server:              # doctest: +SKIP
...     print(server.query_url)
http://127.0.0.1:39251/query
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kazkg.errors import KazkgError

HOST = "127.0.0.1"


class ServerError(KazkgError):
    """The Oxigraph server could not be found, loaded or started."""


def oxigraph_binary() -> Path:
    """The ``oxigraph`` command: beside this Python (its virtual environment), else on ``PATH``."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise ServerError("the 'oxigraph' server command is not installed (pip install oxigraph)")
    return Path(found)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class RunningServer:
    """A started server: its base URL, its process and its data folder."""

    base_url: str
    process: subprocess.Popen[bytes]
    location: Path
    writable: bool

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return f"{self.base_url}/query"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint (writable servers only)."""
        return f"{self.base_url}/store"

    @property
    def update_url(self) -> str:
        """The SPARQL 1.1 update endpoint (writable servers only)."""
        return f"{self.base_url}/update"


_QUIET = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}


def _reason(output: str, status: int | None) -> str:
    """The line of the server's output that says what went wrong."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error")]
    return (errors or lines or [f"exit status {status}"])[0]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=_QUIET)
    if result.returncode != 0:
        raise ServerError(
            f"{what} failed: {_reason(result.stderr or result.stdout, result.returncode)}"
        )


def _wait_until_ready(server: RunningServer, log: Path, timeout: float) -> None:
    probe = f"{server.query_url}?query=ASK%7B%7D"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            reason = _reason(
                log.read_text(encoding="utf-8", errors="replace"), server.process.returncode
            )
            raise ServerError(f"oxigraph server on {server.base_url} stopped: {reason}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise ServerError(f"oxigraph server on {server.base_url} did not answer within {timeout:g} s")


def stop_process(process: subprocess.Popen[Any], timeout: float = 10) -> None:
    """Terminate ``process`` (a server or a command), killing it if it does not stop in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def serve(
    ntriples: Path | None = None,
    *,
    port: int | None = None,
    writable: bool = False,
    timeout: float = 60.0,
) -> Iterator[RunningServer]:
    """Run an Oxigraph server on ``127.0.0.1:port`` (default: a free port) holding ``ntriples``.

    The server is read-only unless ``writable`` (then it also offers ``/store`` and ``/update``);
    ``ntriples`` may be ``None`` for an empty store.  The server is stopped and its data folder
    deleted when the block ends, whatever happens inside it.
    """
    binary = str(oxigraph_binary())
    with tempfile.TemporaryDirectory(prefix="kazkg-oxigraph-") as tmp:
        location = Path(tmp) / "data"
        location.mkdir()
        if ntriples is None and not writable:  # a read-only server needs an existing store
            ntriples = Path(tmp) / "empty.nt"
            ntriples.write_bytes(b"")
        if ntriples is not None:
            _run(
                [binary, "load", "--location", str(location), "--file", str(ntriples)],
                f"oxigraph load {ntriples}",
            )
        port = port or free_port()
        command = [binary, "serve" if writable else "serve-read-only", "--location", str(location)]
        log = Path(tmp) / "server.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [*command, "--bind", f"{HOST}:{port}"],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=_QUIET,
            )
        try:
            server = RunningServer(f"http://{HOST}:{port}", process, location, writable)
            _wait_until_ready(server, log, timeout)
            yield server
        finally:
            stop_process(process)
