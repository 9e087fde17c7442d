"""Run ``kazkg serve`` as a user would (a separate process on loopback) and talk to it over HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message

from kazkg.resources import Workspace, default_sources_dir


@dataclass(frozen=True)
class Reply:
    """An HTTP answer."""

    status: int
    headers: Message
    """Looked up by name in any case."""
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    follow: bool = True,
    timeout: float = 60,
) -> Reply:
    """One HTTP request; an error status is a reply like any other."""
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


@dataclass
class Served:
    """A running ``kazkg serve``."""

    process: subprocess.Popen[str]
    base: str
    lines: list[str] = field(default_factory=list)

    @property
    def query_url(self) -> str:
        """Its SPARQL endpoint."""
        return f"{self.base}/query"

    def get(self, path: str, **kwargs: object) -> Reply:
        """``GET`` a path of the server."""
        return fetch(self.base + path, **kwargs)  # type: ignore[arg-type]


def serve_command(workspace: Workspace, *args: str) -> list[str]:
    """The command line of ``kazkg serve`` over ``workspace``'s store (with the sources, where
    they are)."""
    sources = workspace.sources or default_sources_dir()
    where = ["--graph-dir", str(workspace.graph), "--store", str(workspace.store)]
    if sources is not None:
        where += ["--sources", str(sources)]
    return [sys.executable, "-m", "kazkg.cli.main", *where, "serve", *args]


def stop(process: subprocess.Popen[str]) -> int:
    """Interrupt ``process`` as Ctrl-C does; its exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
    return process.wait()


@contextlib.contextmanager
def running(workspace: Workspace, *args: str) -> Iterator[Served]:
    """``kazkg serve --port 0 *args`` over ``workspace``'s store, until the block ends."""
    process = subprocess.Popen(
        serve_command(workspace, "--port", "0", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        if not first.startswith("SPARQL endpoint"):
            raise AssertionError(f"kazkg serve did not start: {first}{process.stderr.read()}")
        url = first.split()[-1]
        second = process.stdout.readline()
        yield Served(process, url.removesuffix("/query"), [first, second])
    finally:
        stop(process)
