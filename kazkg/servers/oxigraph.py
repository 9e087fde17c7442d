"""A real Oxigraph SPARQL server on loopback, loaded with a graph: for tests, benchmarks and
``kazkg push`` targets (``kazkg serve`` itself is the explorer, :mod:`kazkg.views.explorer`).

:func:`serve` loads N-Triples into a fresh data folder with ``oxigraph load``, starts
``oxigraph serve-read-only`` (or the writable ``oxigraph serve``) bound to ``127.0.0.1``, waits
until it answers (and checks that the answer comes from the process it started, not from another
program on the same port), and stops it (and deletes the folder) when the ``with`` block ends.

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


def _listening_sockets(port: int) -> set[str] | None:
    """The inodes of the TCP sockets listening on ``port`` (Linux), or ``None`` if this system
    does not say."""
    found: set[str] = set()
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].is_file():
        return None
    for table in tables:
        try:
            lines = table.read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if (
                len(fields) > 9
                and fields[3] == "0A"
                and int(fields[1].rsplit(":", 1)[1], 16) == port
            ):
                found.add(fields[9])
    return found


def answers_from(pid: int, port: int) -> bool | None:
    """Whether the socket listening on ``port`` belongs to process ``pid`` (``None``: this
    system cannot tell)."""
    sockets = _listening_sockets(port)
    if sockets is None:
        return None
    wanted = {f"socket:[{inode}]" for inode in sockets}
    try:
        return any(os.readlink(fd) in wanted for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return None


def _probe(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_ready(server: RunningServer, log: Path, timeout: float) -> None:
    """Wait until the server answers, and make sure the answer comes from its process: another
    program answering on the port (while ours fails to bind it) is not success."""
    probe = f"{server.query_url}?query=ASK%7B%7D"
    port = int(server.base_url.rsplit(":", 1)[1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            reason = _reason(
                log.read_text(encoding="utf-8", errors="replace"), server.process.returncode
            )
            raise ServerError(f"oxigraph server on {server.base_url} stopped: {reason}")
        if _probe(probe):
            ours = answers_from(server.process.pid, port)
            if ours or (ours is None and _still_running(server.process)):
                return
        time.sleep(0.05)
    raise ServerError(f"oxigraph server on {server.base_url} did not answer within {timeout:g} s")


def _still_running(process: subprocess.Popen[bytes], grace: float = 0.5) -> bool:
    """Whether ``process`` is still running after ``grace`` seconds (a server that could not
    bind its port ends at once)."""
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        return True
    return False


def check_free(port: int) -> None:
    """A :class:`ServerError` if some program listens on ``127.0.0.1:port`` already."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        if probe.connect_ex((HOST, port)) == 0:
            raise ServerError(f"{HOST}:{port} is in use by another program; choose another port")


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
    query_timeout: float | None = None,
) -> Iterator[RunningServer]:
    """Run an Oxigraph server on ``127.0.0.1:port`` (default: a free port) holding ``ntriples``
    (``query_timeout``: Oxigraph's own limit per query, in seconds).

    The server is read-only unless ``writable`` (then it also offers ``/store`` and ``/update``);
    ``ntriples`` may be ``None`` for an empty store.  The server is stopped and its data folder
    deleted when the block ends, whatever happens inside it.  A port another program listens on
    is a :class:`ServerError`, never a server that seems to answer.
    """
    if port:
        check_free(port)
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
        if query_timeout:
            command += ["--timeout-s", str(max(1, round(query_timeout)))]
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
